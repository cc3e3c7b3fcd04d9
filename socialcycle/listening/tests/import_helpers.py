"""Helpers for import tests: write a file, import it, read the outcome."""

from pathlib import Path

from socialcycle.listening.imports import import_file
from socialcycle.listening.models import ImportRun, Post, Source

HEADER = "id,text,created_at,author\n"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run_import(source: Source, path: Path, **options) -> ImportRun:
    return import_file(source, path, **options)


def texts(source: Source) -> dict[str, str]:
    return dict(Post.objects.filter(source=source).values_list("external_id", "text"))


def problem_lines(run: ImportRun) -> list[str]:
    from socialcycle.listening.reports import sentence

    return [sentence(problem) for problem in run.problems]
