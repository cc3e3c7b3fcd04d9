"""Batches are atomic with the run's position; an interrupted import resumes without loss."""

import pytest

from socialcycle.listening.models import ImportRun, Post
from socialcycle.listening.tests.import_helpers import HEADER, run_import, write
from socialcycle.testing.factories import make_source


def rows(count):
    return "".join(
        f"{n},post number {n},2026-05-01T10:00:00Z,user{n % 7}\n" for n in range(1, count + 1)
    )


def test_an_interrupted_import_leaves_whole_batches_and_resumes(cast, tmp_path):
    source = make_source(cast.workspace)
    path = write(tmp_path, "big.csv", HEADER + rows(10) + "11,bad date,someday,kim\n" + rows(0))

    def interrupt_after_first_batch(run):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_import(source, path, batch_size=4, progress=interrupt_after_first_batch)
    interrupted = ImportRun.objects.get(source=source)
    assert (interrupted.status, interrupted.created, interrupted.last_position) == (
        "interrupted",
        4,
        4,
    )
    assert Post.objects.filter(source=source).count() == 4

    resumed = run_import(source, path, batch_size=4)
    assert resumed.pk == interrupted.pk
    assert (resumed.status, resumed.created, resumed.updated, resumed.rejected) == (
        "finished",
        10,
        0,
        1,
    )
    assert Post.objects.filter(source=source).count() == 10


def test_importing_a_finished_file_again_updates_and_adds_nothing(cast, tmp_path):
    source = make_source(cast.workspace)
    path = write(tmp_path, "posts.csv", HEADER + rows(5))
    first = run_import(source, path)
    again = run_import(source, path)
    assert first.pk != again.pk
    assert (again.created, again.updated) == (0, 5)
    assert Post.objects.filter(source=source).count() == 5
