"""Import a file into a source: read, map, store in atomic batches, report every problem."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.models import User, Workspace
from socialcycle.lib.tasks import enqueue
from socialcycle.listening.dedup import NearDuplicateDetector
from socialcycle.listening.importers import (
    Importer,
    ImportProblem,
    RawRecord,
    UnreadableFileError,
    dates,
    detect_format,
    get_importer,
)
from socialcycle.listening.importers.mapping import (
    ColumnMapping,
    map_record,
    needs_detection,
    settle_date_format,
)
from socialcycle.listening.importers.presets import FORMAT_MAPPINGS, GENERIC, preset
from socialcycle.listening.incoming import IncomingPost
from socialcycle.listening.models import Channel, ImportRun, Source
from socialcycle.listening.reports import ProblemFile, sweep_problem_files
from socialcycle.listening.services import create_source, record_posts
from socialcycle.listening.uploads import discard_upload, sweep_uploads

IMPORT_BATCH_SIZE = 1000
KEPT_PROBLEMS = 1000
FLAT_FORMATS = ("csv",)
DONE_WITH_FILE = (ImportRun.Status.FINISHED, ImportRun.Status.FAILED)

Progress = Callable[[ImportRun], None]


def mapping_for(source: Source, format: str = "") -> ColumnMapping:
    """The source's saved column mapping, else the format's own, else the generic one."""
    saved = source.config.get("mapping")
    if saved:
        return ColumnMapping.from_config(saved)
    return FORMAT_MAPPINGS.get(format, GENERIC)


def dates_settled(
    source: Source, mapping: ColumnMapping, importer: Importer, path: Path, data: bytes
) -> tuple[ColumnMapping, dates.Detection | None]:
    """The mapping with its date format (its own, else the source's, else detected), and
    the detection when one ran."""
    saved = source.config.get("date_format", "")
    if not needs_detection(mapping, saved):
        return settle_date_format(mapping, [], saved)
    try:
        head = list(itertools.islice(importer.read(path, data), dates.DETECTION_SAMPLE))
    except UnreadableFileError:
        head = []  # the import itself says why
    records = [item for item in head if isinstance(item, RawRecord)]
    return settle_date_format(mapping, records, saved)


def how_dates_are_read(
    source: Source,
    path: Path,
    *,
    format: str | None = None,
    mapping: ColumnMapping | None = None,
    date_format: str = "",
) -> str:
    """A sentence saying how an import of `path` will read its dates (for the command line)."""
    data = path.read_bytes()
    chosen = format or detect_format(path, data[:4096])
    mapping = mapping or mapping_for(source, chosen)
    if date_format:
        mapping = replace(mapping, date_format=date_format)
    settled, detection = dates_settled(source, mapping, get_importer(chosen), path, data)
    if detection is not None:
        return detection.explanation()
    try:
        fmt = dates.date_format(settled.date_format)
    except ValueError as error:  # a pattern saved before patterns were checked
        return f"No date can be read: {error}."
    return f"Dates are read as {fmt.describe()}, as asked." if fmt else ""


def remember_date_format(source: Source, spec: str) -> None:
    """Keep `spec` as the source's date format ("" or `auto`: detect it for each file)."""
    spec = "" if dates.date_format(spec) is None else spec.strip()
    config = {**source.config, "date_format": spec}
    if "mapping" in config:
        config["mapping"] = {**config["mapping"], "date_format": spec}
    source.config = config
    source.save(update_fields=["config"])


def remember_mapping(source: Source, mapping: ColumnMapping) -> None:
    """Keep the mapping, its date format included, for the source's next imports."""
    spec = "" if dates.date_format(mapping.date_format) is None else mapping.date_format
    source.config = {
        **source.config,
        "mapping": {**mapping.to_config(), "date_format": spec},
        "date_format": spec,
    }
    source.save(update_fields=["config"])


@dataclass
class _Batch:
    posts: list[IncomingPost] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    duplicates: int = 0
    position: int = 0


def import_file(
    source: Source,
    path: Path,
    *,
    format: str | None = None,
    mapping: ColumnMapping | None = None,
    by: User | None = None,
    batch_size: int = IMPORT_BATCH_SIZE,
    progress: Progress | None = None,
    run: ImportRun | None = None,
    date_format: str = "",
) -> ImportRun:
    """Import `path` into `source` and return the run with its counts and problems.

    Dates are read in `date_format`, else the mapping's, else the source's saved one, else
    the one detected from the first rows. Every problem goes to the run's problems file.

    Rows are stored in atomic batches together with the run's position, so a crash or an
    interruption leaves whole batches only, and importing the same file again resumes
    after the last stored batch. Rows seen before (same external id) are updated.
    """
    data = path.read_bytes()
    chosen = format or detect_format(path, data[:4096])
    importer = get_importer(chosen)
    mapping = mapping or mapping_for(source, chosen)
    if date_format:
        mapping = replace(mapping, date_format=date_format)
    mapping, _ = dates_settled(source, mapping, importer, path, data)
    run = run or _start_or_resume(source, path, data, chosen, mapping, by)
    problem_file = ProblemFile(run)
    seen: set[str] = set()
    batch = _Batch(position=run.last_position)
    detector = NearDuplicateDetector.for_workspace(source.workspace_id)
    try:
        for position, item in enumerate(importer.read(path, data), start=1):
            if position == 1 and chosen in FLAT_FORMATS and isinstance(item, RawRecord):
                _check_columns(path, item, mapping)
            outcome = (
                item if isinstance(item, ImportProblem) else map_record(item, mapping, path.name)
            )
            if isinstance(outcome, ImportProblem):
                problem_file.write([outcome])
            if position <= run.last_position:
                if isinstance(outcome, IncomingPost):
                    seen.add(outcome.external_id)
                continue
            _sort(outcome, batch, seen)
            batch.position = position
            if len(batch.posts) >= batch_size:
                _commit(run, source, batch, detector, progress)
                batch = _Batch(position=position)
        _commit(run, source, batch, detector, progress)
        _finish(run, ImportRun.Status.FINISHED)
    except UnreadableFileError as error:
        problem_file.write([error.problem])
        _keep_problems(run, [error.problem])
        _finish(run, ImportRun.Status.FAILED)
    except BaseException:
        _finish(run, ImportRun.Status.INTERRUPTED)
        raise
    finally:
        problem_file.close()
    return run


def _start_or_resume(
    source: Source, path: Path, data: bytes, format: str, mapping: ColumnMapping, by: User | None
) -> ImportRun:
    digest = hashlib.sha256(data).hexdigest()
    unfinished = (
        ImportRun.objects.filter(
            source=source,
            file_sha256=digest,
            status__in=[ImportRun.Status.INTERRUPTED, ImportRun.Status.RUNNING],
        )
        .order_by("-started_at")
        .first()
    )
    if unfinished is not None and unfinished.mapping == mapping.to_config():
        unfinished.status = ImportRun.Status.RUNNING
        unfinished.save(update_fields=["status"])
        return unfinished
    return ImportRun.objects.create(
        workspace_id=source.workspace_id,
        source=source,
        file_name=path.name,
        file_sha256=digest,
        format=format,
        mapping=mapping.to_config(),
        started_by=by,
        total_estimate=data.count(b"\n") + 1,
    )


def start_import(
    source: Source,
    path: Path,
    *,
    file_name: str,
    format: str,
    mapping: ColumnMapping,
    by: User | None = None,
) -> ImportRun:
    """Record an import of a stored upload and queue it; the run shows its progress."""
    data = path.read_bytes()
    run = ImportRun.objects.create(
        workspace_id=source.workspace_id,
        source=source,
        file_name=file_name,
        file_sha256=hashlib.sha256(data).hexdigest(),
        format=format,
        mapping=mapping.to_config(),
        started_by=by,
        total_estimate=data.count(b"\n") + 1,
        stored_path=str(path),
    )
    if by is not None:
        record_change(
            source.workspace_id,
            by,
            "start import",
            "import_run",
            run.pk,
            after={"source": source.name, "file": file_name, "format": format},
        )
    enqueue("listening.run_import", run.pk)
    return run


def continue_import(run_id: int) -> ImportRun:
    """Carry out (or resume) a queued import of an upload."""
    run = ImportRun.objects.select_related("source", "started_by").get(pk=run_id)
    if run.status == ImportRun.Status.FINISHED:
        return run
    path = Path(run.stored_path)
    run = import_file(
        run.source,
        path,
        format=run.format,
        mapping=ColumnMapping.from_config(run.mapping),
        by=run.started_by,
        run=run,
    )
    if run.status in DONE_WITH_FILE:
        # The report lives in the database; an interrupted run keeps its file to resume.
        discard_upload(path)
    return run


def sweep_abandoned_uploads(now: datetime) -> int:
    """Delete uploads nobody imported; files of unfinished imports stay for resuming."""
    waiting = ImportRun.objects.exclude(status__in=DONE_WITH_FILE).exclude(stored_path="")
    keep = {Path(path) for path in waiting.values_list("stored_path", flat=True)}
    sweep_problem_files(set(ImportRun.objects.values_list("pk", flat=True)))
    return sweep_uploads(now, keep)


def _check_columns(path: Path, first: RawRecord, mapping: ColumnMapping) -> None:
    missing = mapping.missing_required(list(first.fields))
    if missing:
        wanted = "; ".join(
            f"{target} (one of: {', '.join(mapping.columns.get(target, ()))})" for target in missing
        )
        raise UnreadableFileError(
            ImportProblem(path.name, "row 1", missing[0], f"the header has no column for {wanted}")
        )


def _sort(outcome: IncomingPost | ImportProblem, batch: _Batch, seen: set[str]) -> None:
    if isinstance(outcome, ImportProblem):
        batch.problems.append(outcome)
    elif outcome.external_id in seen:
        batch.duplicates += 1
    else:
        seen.add(outcome.external_id)
        batch.posts.append(outcome)


def _commit(
    run: ImportRun,
    source: Source,
    batch: _Batch,
    detector: NearDuplicateDetector,
    progress: Progress | None,
) -> None:
    """Store a batch and move the run's position in the same transaction."""
    with transaction.atomic():
        result = record_posts(source, batch.posts, detector=detector)
        run.created += result.created
        run.updated += result.updated
        run.duplicates += batch.duplicates + result.repeated
        run.withheld += result.withheld
        run.last_position = batch.position
        _keep_problems(run, batch.problems)
    if progress is not None:
        progress(run)


def _keep_problems(run: ImportRun, problems: list[ImportProblem]) -> None:
    # The run keeps the first problems for its page; all of them are in its problems file.
    run.rejected += len(problems)
    room = KEPT_PROBLEMS - len(run.problems)
    run.problems = [*run.problems, *(problem.as_row() for problem in problems[:room])]
    run.save(
        update_fields=[
            "created",
            "updated",
            "duplicates",
            "withheld",
            "rejected",
            "problems",
            "last_position",
        ]
    )


def _finish(run: ImportRun, status: str) -> None:
    run.status = status
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])


def find_or_create_source(workspace_slug: str | None, name: str, channel: str) -> Source:
    """The source `name` of the workspace, created with `channel` when new."""
    workspaces = Workspace.objects.all()
    if workspace_slug:
        workspaces = workspaces.filter(slug=workspace_slug)
    found = list(workspaces[:2])
    if not found:
        raise ValueError(
            f"there is no workspace {workspace_slug!r}."
            if workspace_slug
            else "there is no workspace yet; run `socialcycle init` (or `socialcycle demo`)."
        )
    if len(found) > 1:
        raise ValueError("there are several workspaces; say which with --workspace SLUG.")
    if channel not in Channel.values:
        raise ValueError(
            f"{channel!r} is not a channel; choose one of {', '.join(Channel.values)}."
        )
    return create_source(found[0], name=name, channel=channel)


def named_mapping(name: str) -> ColumnMapping:
    try:
        return preset(name)
    except KeyError as error:
        raise ValueError(str(error.args[0]) + ".") from None


def checked_format(name: str) -> str:
    try:
        return get_importer(name).name
    except KeyError as error:
        raise ValueError(str(error.args[0]) + ".") from None


def checked_date_format(spec: str) -> str:
    try:
        dates.date_format(spec)
    except ValueError as error:
        raise ValueError(f"{error}.") from None
    return spec.strip()


def count_records(path: Path) -> int | None:
    """A quick upper bound of the records in a file, for the progress bar (None if unknown)."""
    try:
        with path.open("rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return None
