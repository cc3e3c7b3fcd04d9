"""`socialcycle serve` collects static files only when their sources changed: a restart
with nothing new skips the collection (and its compression, most of a start's time)."""

import os
import time
from pathlib import Path

from socialcycle.commands import serve


def test_static_files_are_collected_once_and_again_only_after_a_change(settings, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "app.css").write_text("body { color: black; }")
    settings.STATICFILES_DIRS = [sources]
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if "admin" not in app]
    settings.STATIC_ROOT = tmp_path / "static"
    # Plain copies: what is under test is the skipping, not whitenoise's compression.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    assert serve.collect_static() is True
    assert (Path(settings.STATIC_ROOT) / "app.css").is_file()
    assert serve.collect_static() is False  # nothing changed: skipped

    (sources / "app.css").write_text("body { color: navy; }")
    later = time.time() + 5  # collectstatic compares whole seconds
    os.utime(sources / "app.css", (later, later))
    assert serve.collect_static() is True
    assert "navy" in (Path(settings.STATIC_ROOT) / "app.css").read_text()
