"""The embedded default's file cache: expired entries make room before live ones do, and
the folder is looked at only every so many writes."""

from socialcycle.lib.file_cache import SharedFileCache


def file_cache(folder, max_entries, cull_every):
    options = {"MAX_ENTRIES": max_entries, "CULL_EVERY": cull_every}
    return SharedFileCache(str(folder), {"OPTIONS": options})


def entries(folder):
    return len(list(folder.glob("*.djcache")))


def test_a_full_folder_drops_the_expired_entries_and_keeps_the_live_ones(tmp_path):
    cache = file_cache(tmp_path, max_entries=10, cull_every=1)
    live = [f"lockout:failures:user{n}" for n in range(6)]
    for key in live:
        cache.set(key, 3, timeout=900)
    for n in range(12):
        cache.set(f"ratelimit:old-window:{n}", 1, timeout=0)  # already expired
    cache.set("one-more", 1, timeout=900)
    assert all(cache.get(key) == 3 for key in live)
    assert entries(tmp_path) < 10


def test_the_folder_is_culled_only_every_so_many_writes(tmp_path):
    cache = file_cache(tmp_path, max_entries=10, cull_every=50)
    for n in range(49):
        cache.set(f"key{n}", n, timeout=900)
    assert entries(tmp_path) == 49  # over the limit, but not looked at yet
    cache.set("key49", 49, timeout=900)  # the 50th write culls a third at random
    assert entries(tmp_path) < 49


def test_expired_entries_can_be_swept_on_demand(tmp_path):
    cache = file_cache(tmp_path, max_entries=1000, cull_every=1000)
    cache.set("gone", 1, timeout=0)
    cache.set("kept", 1, timeout=900)
    cache.remove_expired()
    assert entries(tmp_path) == 1
    assert cache.get("kept") == 1
