"""The rate limit counts the last window, not the clock's: its edge gives no fresh start."""

import pytest
from django.core.cache import cache

from socialcycle.lib.ratelimit import allow

WINDOW = 60
START = 1_800_000_000 // WINDOW * WINDOW  # the start of a clock window


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def hits(key, count, at):
    return [allow(key, 10, WINDOW, at=at) for _ in range(count)]


def test_the_limit_holds_within_a_window():
    assert hits("a", 10, START + 5) == [True] * 10
    assert hits("a", 1, START + 6) == [False]


def test_a_burst_at_a_windows_end_still_counts_just_after_its_edge():
    assert hits("b", 10, START + 59) == [True] * 10
    # One second into the next window, 59/60 of the burst is still within the last minute.
    assert hits("b", 1, START + WINDOW + 1) == [False]


def test_the_previous_window_weighs_less_as_it_slides_out():
    hits("c", 10, START + 59)
    # Halfway through the next window half the burst still counts: five more get through.
    assert hits("c", 6, START + WINDOW + 30) == [True] * 5 + [False]
    # Refused hits count too; two windows on, nothing of either is left.
    assert hits("c", 10, START + 3 * WINDOW + 1) == [True] * 10


def test_keys_are_counted_apart():
    hits("d", 10, START + 1)
    assert hits("e", 1, START + 1) == [True]
