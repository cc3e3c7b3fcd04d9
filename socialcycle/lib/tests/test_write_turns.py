"""Batches of posts take turns at SQLite's write lock through a file lock: a second writer
waits until the first is done, a nested one does not wait for itself, and inside a
transaction (which may hold SQLite's lock already) nobody waits at all."""

import threading
import time

import pytest
from django.db import connection, transaction

from socialcycle.lib.write_turns import write_turn


@pytest.mark.django_db(transaction=True)
def test_a_second_writer_waits_for_the_first_and_nesting_does_not_wait():
    events: list[str] = []

    def second() -> None:
        with write_turn():
            events.append("second in")

    with write_turn():
        with write_turn():  # nested in one thread: no wait for itself
            events.append("first in")
        other = threading.Thread(target=second)
        other.start()
        time.sleep(0.3)
        events.append("first out")
    other.join(timeout=10)

    expected = ["first in", "first out", "second in"]
    if connection.vendor != "sqlite":  # PostgreSQL needs no turns: nobody waited
        expected = ["first in", "second in", "first out"]
    assert events == expected


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_no_turn_is_taken():
    events: list[str] = []
    with write_turn():

        def inside() -> None:
            with transaction.atomic(), write_turn():
                events.append("inside")

        other = threading.Thread(target=inside)
        other.start()
        other.join(timeout=5)
        events.append("after")
    assert events == ["inside", "after"]
