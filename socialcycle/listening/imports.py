"""Import a file into a source: read, map, store in atomic batches, report every problem."""

from __future__ import annotations

import hashlib
import itertools
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import Error, transaction
from django.db.models import Q
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User, Workspace
from socialcycle.lib.retry import database_problem, retry_when_busy
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
RUN_IMPORT_TASK = "listening.run_import"
# With a broker, a run still queued after this long is sent again (its message was lost).
QUEUE_PATIENCE = timedelta(minutes=2)

log = logging.getLogger(__name__)


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


class ImportTakenOverError(Exception):
    """Another worker resumed this run (this one was thought dead); this one stops."""


@dataclass
class _Intake:
    """Where a run's batches go, and the copy detector they share (rebuilt after a retry)."""

    source: Source
    detector: NearDuplicateDetector

    def forget_unstored(self) -> None:
        # A batch rolled back: the detector may remember posts that were never stored.
        self.detector = NearDuplicateDetector.for_workspace(self.source.workspace_id)


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
    after the last stored batch (those rows are skipped, not stored again). Rows seen
    before (same external id) are updated. A batch that meets a busy database is tried
    again (lib/retry.py). `run`, when given, must already be claimed (`claim_run`).
    """
    data = path.read_bytes()
    chosen = format or detect_format(path, data[:4096])
    importer = get_importer(chosen)
    mapping = replace(mapping or mapping_for(source, chosen), zone=source.workspace.zone())
    if date_format:
        mapping = replace(mapping, date_format=date_format)
    mapping, _ = dates_settled(source, mapping, importer, path, data)
    run = run or _start_or_resume(source, path, data, chosen, mapping, by=by)
    problem_file = ProblemFile(run)
    seen: set[str] = set()
    batch = _Batch(position=run.last_position)
    intake = _Intake(source, NearDuplicateDetector.for_workspace(source.workspace_id))
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
                _commit(run, intake, batch, progress)
                batch = _Batch(position=position)
        _commit(run, intake, batch, progress)
        _finish(run, ImportRun.Status.FINISHED)
    except UnreadableFileError as error:
        problem_file.write([error.problem])
        counted, problem = _counts(run), error.problem
        retry_when_busy(
            lambda: _keep_problems(run, [problem]),
            before_retry=lambda: _restore(run, counted),
        )
        _finish(run, ImportRun.Status.FAILED, failure=str(problem))
    except ImportTakenOverError:
        return run
    except BaseException as error:
        _finish_if_possible(run, ImportRun.Status.INTERRUPTED, stopped_because(error, run))
        raise
    finally:
        problem_file.close()
    return run


def new_worker_token() -> str:
    return uuid.uuid4().hex


def _start_or_resume(
    source: Source, path: Path, data: bytes, format: str, mapping: ColumnMapping, *, by: User | None
) -> ImportRun:
    """Resume the unfinished import of the same file with the same mapping, else start one.

    A run is unfinished when it was interrupted, or is still marked running or queued by
    a worker that stopped writing progress (IMPORT_STALE_SECONDS).
    """
    digest = hashlib.sha256(data).hexdigest()
    token = new_worker_token()

    def start() -> ImportRun:
        with transaction.atomic():
            unfinished = (
                ImportRun.objects.filter(source=source, file_sha256=digest)
                .filter(_claimable(timezone.now()))
                .exclude(status=ImportRun.Status.QUEUED)  # an upload waiting for its worker
                .order_by("-started_at")
                .first()
            )
            if unfinished is not None and unfinished.mapping == mapping.to_config():
                claimed = claim_run(unfinished.pk, token)
                if claimed is not None:
                    return claimed
            return ImportRun.objects.create(
                workspace_id=source.workspace_id,
                source=source,
                file_name=path.name,
                file_sha256=digest,
                format=format,
                mapping=mapping.to_config(),
                started_by=by,
                total_estimate=data.count(b"\n") + 1,
                worker=token,
                heartbeat_at=timezone.now(),
            )

    return retry_when_busy(start)


def _claimable(now: datetime) -> Q:
    """Runs a worker may take: queued or interrupted ones, and those whose worker went quiet."""
    quiet = now - timedelta(seconds=settings.IMPORT_STALE_SECONDS)
    return Q(status__in=[ImportRun.Status.QUEUED, ImportRun.Status.INTERRUPTED]) | Q(
        Q(heartbeat_at__lt=quiet) | Q(heartbeat_at__isnull=True, started_at__lt=quiet),
        status=ImportRun.Status.RUNNING,
    )


def claim_run(run_id: int, token: str) -> ImportRun | None:
    """Make `token`'s worker the one carrying out the run; None when it may not be taken.

    A conditional UPDATE, so of two workers (a re-delivered task, the sweep, the CLI)
    only one gets it. Taking an interrupted or abandoned run back counts as a resume,
    continuing from the stored position.
    """
    now = timezone.now()

    def claim() -> ImportRun | None:
        with transaction.atomic():
            run = ImportRun.objects.filter(_claimable(now), pk=run_id).first()
            if run is None:
                return None
            resuming = run.last_position > 0 or run.status != ImportRun.Status.QUEUED
            changes: dict[str, object] = {
                "status": ImportRun.Status.RUNNING,
                "worker": token,
                "heartbeat_at": now,
                "failure": "",
                "finished_at": None,
            }
            if resuming:
                changes |= {"resumes": run.resumes + 1, "resumed_from": run.last_position}
            taken = (
                ImportRun.objects.filter(_claimable(now), pk=run_id, status=run.status)
                .filter(worker=run.worker)
                .update(**changes)
            )
            if not taken:
                return None
        return ImportRun.objects.select_related("source", "started_by").get(pk=run_id)

    return retry_when_busy(claim)


def start_import(
    source: Source,
    path: Path,
    *,
    file_name: str,
    format: str,
    mapping: ColumnMapping,
    by: User | None = None,
) -> ImportRun:
    """Record an import of a stored upload and queue it; the run shows its progress.

    The import itself runs in the background (a worker, or `socialcycle scheduler` on the
    embedded default), never in the request that started it.
    """
    data = path.read_bytes()

    def record() -> ImportRun:
        with transaction.atomic():
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
                status=ImportRun.Status.QUEUED,
            )
            if by is not None:
                record_change(
                    source.workspace_id,
                    by,
                    AuditAction.START_IMPORT,
                    "import_run",
                    run.pk,
                    after={"source": source.name, "file": file_name, "format": format},
                )
            enqueue(RUN_IMPORT_TASK, run.pk)
        return run

    return retry_when_busy(record)


def resume_import(run: ImportRun, *, by: User) -> bool:
    """Queue an interrupted (or abandoned) upload's import again; False when it cannot be.

    The worker that takes it continues after the last stored row (`last_position`).
    """
    if not run.stored_path or not Path(run.stored_path).is_file():
        return False

    def queue() -> bool:
        with transaction.atomic():
            queued = (
                ImportRun.objects.filter(_claimable(timezone.now()), pk=run.pk)
                .exclude(status=ImportRun.Status.QUEUED)
                .update(status=ImportRun.Status.QUEUED, failure="", finished_at=None)
            )
            if not queued:
                return False
            record_change(
                run.workspace_id,
                by,
                AuditAction.RESUME_IMPORT,
                "import_run",
                run.pk,
                after={"from_row": run.last_position + 1},
            )
            enqueue(RUN_IMPORT_TASK, run.pk)
        return True

    return retry_when_busy(queue)


def is_quiet(run: ImportRun, now: datetime) -> bool:
    """Whether a running import has written no progress for IMPORT_STALE_SECONDS."""
    if run.status != ImportRun.Status.RUNNING:
        return False
    last = run.heartbeat_at or run.started_at
    return last < now - timedelta(seconds=settings.IMPORT_STALE_SECONDS)


def can_resume(run: ImportRun, now: datetime) -> bool:
    """Whether the page may offer to resume the run: it stopped and its upload is kept."""
    stopped = run.status == ImportRun.Status.INTERRUPTED or is_quiet(run, now)
    return stopped and bool(run.stored_path) and Path(run.stored_path).is_file()


def why_not_resumable(run: ImportRun) -> str:
    if run.status in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING):
        return "This import is still going; it needs no resuming."
    if run.status == ImportRun.Status.FINISHED:
        return "This import is done; there is nothing to resume."
    if not run.stored_path:
        return (
            "This import came from `socialcycle import`: run the same command again and it "
            "continues after the last stored row."
        )
    return "The uploaded file of this import is no longer on the server; upload it again."


def continue_import(run_id: int) -> ImportRun:
    """Carry out (or resume) a queued import of an upload, if no other worker has it.

    Whatever happens, the run ends finished, failed or interrupted with the reason.
    """
    run = claim_run(run_id, new_worker_token())
    if run is None:
        return ImportRun.objects.select_related("source").get(pk=run_id)
    path = Path(run.stored_path)
    if not path.is_file():
        _finish(
            run,
            ImportRun.Status.FAILED,
            failure="the uploaded file is no longer on the server; upload it again",
        )
        return run
    try:
        run = import_file(
            run.source,
            path,
            format=run.format,
            mapping=ColumnMapping.from_config(run.mapping),
            by=run.started_by,
            run=run,
        )
    except Exception:
        # import_file recorded why on the run; a worker has no one else to tell.
        log.exception("Import run %s stopped", run.pk)
        return run
    if run.status in DONE_WITH_FILE:
        # The report lives in the database; an interrupted run keeps its file to resume.
        discard_upload(path)
    return run


def watch_imports(now: datetime) -> int:
    """Mark runs whose worker went quiet as interrupted; start or re-send queued runs.

    Without a broker this sweep is the worker: it carries out queued imports itself (in
    `socialcycle scheduler`, never in a web request). With one, a run still queued after
    QUEUE_PATIENCE is sent again (its message was lost); the claim keeps it to one worker.
    Returns how many runs were marked interrupted.
    """
    quiet = now - timedelta(seconds=settings.IMPORT_STALE_SECONDS)
    stopped = sum(
        _mark_stopped(run, now)
        for run in ImportRun.objects.filter(status=ImportRun.Status.RUNNING).filter(
            Q(heartbeat_at__lt=quiet) | Q(heartbeat_at__isnull=True, started_at__lt=quiet)
        )
    )
    queued = ImportRun.objects.filter(status=ImportRun.Status.QUEUED).order_by("started_at")
    if settings.CELERY_TASK_ALWAYS_EAGER:
        for run_id in list(queued.values_list("pk", flat=True)):
            continue_import(run_id)
    else:
        waited = now - QUEUE_PATIENCE
        for run_id in queued.filter(started_at__lt=waited).values_list("pk", flat=True):
            # Once per QUEUE_PATIENCE: busy workers must not find the queue flooded.
            if cache.add(f"import-resent:{run_id}", 1, int(QUEUE_PATIENCE.total_seconds())):
                enqueue(RUN_IMPORT_TASK, run_id)
    return stopped


def _mark_stopped(run: ImportRun, now: datetime) -> int:
    """Interrupt a run whose worker went quiet, unless it wrote progress meanwhile."""
    why = (
        f"its worker stopped without finishing: no progress for "
        f"{_duration(settings.IMPORT_STALE_SECONDS)} after row {run.last_position:,}"
    )

    def mark() -> int:
        return ImportRun.objects.filter(
            pk=run.pk, status=ImportRun.Status.RUNNING, heartbeat_at=run.heartbeat_at
        ).update(status=ImportRun.Status.INTERRUPTED, failure=why, finished_at=now)

    return retry_when_busy(mark)


def stopped_because(error: BaseException, run: ImportRun) -> str:
    """Why an import stopped, as the end of "Failed: …"."""
    where = f"after row {run.last_position:,}" if run.last_position else "before its first row"
    if isinstance(error, KeyboardInterrupt):
        return f"it was stopped by hand {where}"
    problem = database_problem(error)
    if problem is not None:
        return f"it stopped {where} because {problem}"
    return f"it stopped {where} on an unexpected error ({type(error).__name__}: {error})"[:500]


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


COUNTED_FIELDS = ("created", "updated", "duplicates", "withheld", "rejected", "last_position")


def _counts(run: ImportRun) -> dict[str, object]:
    return {name: getattr(run, name) for name in (*COUNTED_FIELDS, "problems")}


def _restore(run: ImportRun, counts: dict[str, object]) -> None:
    for name, value in counts.items():
        setattr(run, name, value)


def _commit(run: ImportRun, intake: _Intake, batch: _Batch, progress: Progress | None) -> None:
    """Store a batch and move the run's position in the same transaction.

    The run's heartbeat is written with it, on the condition that this worker still holds
    the run: a worker thought dead and since replaced rolls its batch back and stops.
    """
    counted = _counts(run)

    def store() -> None:
        with transaction.atomic():
            result = record_posts(intake.source, batch.posts, detector=intake.detector)
            run.created += result.created
            run.updated += result.updated
            run.duplicates += batch.duplicates + result.repeated
            run.withheld += result.withheld
            run.last_position = batch.position
            _keep_problems(run, batch.problems)
            _beat(run)

    def undo() -> None:
        _restore(run, counted)
        intake.forget_unstored()

    try:
        retry_when_busy(store, before_retry=undo)
    except BaseException:
        _restore(run, counted)
        raise
    if progress is not None:
        progress(run)


def _beat(run: ImportRun) -> None:
    now = timezone.now()
    if not run.worker:
        return
    held = ImportRun.objects.filter(pk=run.pk, worker=run.worker).update(
        heartbeat_at=now, status=ImportRun.Status.RUNNING, failure="", finished_at=None
    )
    if not held:
        raise ImportTakenOverError(f"import run {run.pk} was taken over by another worker")
    run.heartbeat_at, run.status = now, ImportRun.Status.RUNNING


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


def _finish(run: ImportRun, status: str, failure: str = "") -> None:
    """End the run (only if this worker still holds it)."""
    run.status, run.failure, run.finished_at = status, failure[:500], timezone.now()
    retry_when_busy(
        lambda: ImportRun.objects.filter(pk=run.pk, worker=run.worker).update(
            status=run.status, failure=run.failure, finished_at=run.finished_at
        )
    )


def _finish_if_possible(run: ImportRun, status: str, failure: str) -> None:
    """End a run that is stopping on an error; when even that cannot be written (the
    database is gone), the sweep marks it interrupted once its heartbeat is old."""
    try:
        _finish(run, status, failure)
    except Error:
        log.warning("Could not mark import run %s as %s", run.pk, status)


def _duration(seconds: int) -> str:
    if seconds % 60 == 0 and seconds >= 60:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} seconds"


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
