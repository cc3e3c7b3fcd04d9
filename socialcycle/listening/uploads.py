"""Files uploaded through the web page: kept under DATA_DIR/uploads, previewed, imported.

In a deployment with workers on several machines DATA_DIR must be shared storage, since
the worker that runs the import reads the file the web process stored.
"""

from __future__ import annotations

import itertools
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from socialcycle.listening.importers import (
    ImportProblem,
    RawRecord,
    UnreadableFileError,
    detect_format,
    get_importer,
)
from socialcycle.listening.importers.dates import DETECTION_SAMPLE, Detection, detect_date_format
from socialcycle.listening.importers.mapping import (
    ColumnMapping,
    date_values,
    map_record,
    parse_datetime,
    settle_date_format,
)
from socialcycle.listening.incoming import IncomingPost

PREVIEW_ROWS = 10
DATE_SAMPLES = 5
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
# An upload nobody imported (previewed, then abandoned) is deleted after this long.
ABANDONED_UPLOAD_AGE = timedelta(hours=24)


def uploads_dir(workspace_id: int) -> Path:
    directory = Path(settings.DATA_DIR) / "uploads" / str(workspace_id)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def store_upload(workspace_id: int, upload: UploadedFile[bytes]) -> Path:
    """Save an upload in a folder of its own with a random name; the file keeps its name."""
    original = Path(upload.name or "upload").name or "upload"
    folder = uploads_dir(workspace_id) / uuid.uuid4().hex
    folder.mkdir()
    path = folder / original
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


def upload_token(path: Path) -> str:
    return path.parent.name


def original_name(path: Path) -> str:
    return path.name


def find_upload(workspace_id: int, token: str) -> Path | None:
    """The stored upload named by `token` (its random part), only inside this workspace."""
    if not token.isalnum():
        return None
    folder = uploads_dir(workspace_id) / token
    matches = sorted(folder.iterdir()) if folder.is_dir() else []
    return matches[0] if matches else None


def discard_upload(path: Path) -> None:
    """Delete a stored upload and its folder; only paths inside DATA_DIR/uploads are touched."""
    root = (Path(settings.DATA_DIR) / "uploads").resolve()
    folder = path.resolve().parent
    if folder.parent.parent == root and folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)


def sweep_uploads(now: datetime, keep: set[Path]) -> int:
    """Delete uploads older than ABANDONED_UPLOAD_AGE except those in `keep`; returns how many."""
    root = Path(settings.DATA_DIR) / "uploads"
    kept_folders = {path.resolve().parent for path in keep}
    oldest = (now - ABANDONED_UPLOAD_AGE).timestamp()
    removed = 0
    for folder in root.glob("*/*"):
        if not folder.is_dir() or folder.resolve() in kept_folders:
            continue
        if folder.stat().st_mtime < oldest:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


@dataclass(frozen=True)
class PreviewRow:
    where: str
    fields: dict[str, str]
    post: IncomingPost | None
    problem: ImportProblem | None


@dataclass(frozen=True)
class DateSample:
    """One date as written in the file, and as it will be read (or why it cannot be)."""

    written: str
    read: datetime | None
    problem: str = ""


@dataclass(frozen=True)
class Preview:
    format: str
    columns: list[str]
    rows: list[PreviewRow]
    file_problem: ImportProblem | None = None
    # The first records read, enough to detect the dates' format; the first few are shown.
    items: tuple[RawRecord | ImportProblem, ...] = ()
    # The format the rows are read in: the mapping's, else the source's, else detected.
    date_format: str = ""
    detection: Detection | None = None
    date_samples: tuple[DateSample, ...] = ()

    def remapped(self, mapping: ColumnMapping, file_name: str, saved_dates: str = "") -> Preview:
        """The same first rows shown through another mapping, without reading the file again."""
        return _preview(self.format, list(self.items), mapping, file_name, saved_dates)


def head_of(path: Path, size: int = 4096) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


def preview_upload(
    path: Path, format: str | None, mapping: ColumnMapping, saved_dates: str = ""
) -> Preview:
    """The first rows as read and as they would be stored, with their problems.

    `saved_dates` is the source's date format, used when the mapping names none.
    """
    data = path.read_bytes()
    chosen = format or detect_format(path, data[:4096])
    importer = get_importer(chosen)
    try:
        items = list(itertools.islice(importer.read(path, data), DETECTION_SAMPLE))
    except UnreadableFileError as error:
        return Preview(chosen, [], [], error.problem)
    return _preview(chosen, items, mapping, original_name(path), saved_dates)


def _preview(
    format: str,
    items: list[RawRecord | ImportProblem],
    mapping: ColumnMapping,
    file_name: str,
    saved_dates: str,
) -> Preview:
    records = [item for item in items if isinstance(item, RawRecord)]
    settled, _ = settle_date_format(mapping, records, saved_dates)
    written = [value for value in date_values(records, mapping) if value not in (None, "")]
    return Preview(
        format,
        column_names(records[:PREVIEW_ROWS]),
        [_preview_row(item, settled, file_name) for item in items[:PREVIEW_ROWS]],
        items=tuple(items),
        date_format=settled.date_format,
        detection=detect_date_format(written),
        date_samples=tuple(_date_sample(value, settled) for value in written[:DATE_SAMPLES]),
    )


def _date_sample(value: Any, mapping: ColumnMapping) -> DateSample:
    try:
        return DateSample(str(value), parse_datetime(value, mapping.date_format, mapping.zone))
    except ValueError as error:
        return DateSample(str(value), None, str(error))


def column_names(records: list[RawRecord]) -> list[str]:
    """Every column of the first records; nested JSON objects as dotted names (user.name)."""
    seen: dict[str, None] = {}
    for record in records:
        seen.update(dict.fromkeys(_flat_keys(record.fields)))
    return list(seen)


def _flat_keys(fields: dict[str, Any], prefix: str = "", depth: int = 0) -> list[str]:
    keys = []
    for key, value in fields.items():
        if isinstance(value, dict) and depth < 2:
            keys.extend(_flat_keys(value, f"{prefix}{key}.", depth + 1))
        else:
            keys.append(f"{prefix}{key}")
    return keys


def _preview_row(
    item: RawRecord | ImportProblem, mapping: ColumnMapping, file_name: str
) -> PreviewRow:
    if isinstance(item, ImportProblem):
        return PreviewRow(item.where, {}, None, item)
    outcome = map_record(item, mapping, file_name)
    fields = {key: str(value)[:200] for key, value in item.fields.items()}
    if isinstance(outcome, ImportProblem):
        return PreviewRow(item.where, fields, None, outcome)
    return PreviewRow(item.where, fields, outcome, None)
