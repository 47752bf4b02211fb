"""Bulk import of candidates and named entries from a CSV file: the dry run, queueing, the
import itself, and trying again an import whose worker kept stopping.

The file's format and rules are in `candidates.importing`. An import saves every candidate and
entry it adds in one transaction, or nothing. It runs under the job's lease (`jobs.leases`):
the lease is renewed while the file is checked and saved, so the page shows the progress, and
the final write is fenced by it, so a worker that stalled and was taken over saves nothing.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Membership, User
from accounts.permissions import require_administrator
from audit.actions import record
from audit.models import AuditEvent
from common.errors import Conflict, DomainError, NotFound
from common.wording import count
from jobs import leases
from jobs.sweep import JobKind, enqueue

from . import importing
from .models import Candidate, EntryType, ImportJob, NamedEntry

IMPORT_BATCH = 1_000

# Progress is written every this many rows at most, so a large file costs few extra writes.
PROGRESS_STEP = 1_000

WAITING = "Waiting to start"

IMPORT_JOBS = JobKind(
    model=ImportJob,
    task_path="candidates.tasks.run_candidate_import",
    gave_up="The import was interrupted {attempts} times before it could finish, so nothing was "
    "imported. This was a problem with the service, not with your file: try again.",
    requeued={"stage": WAITING, "rows_done": 0},
    failed={"stage": "Not imported"},
)


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    candidates: int
    entries: int
    unchanged: int


def check_candidate_import(
    *,
    membership: Membership,
    data: bytes,
    filename: str,
    acting_user: User,
    progress: importing.Progress | None = None,
) -> ImportJob:
    """The dry run: check the file and keep every row's outcome and every error on a new job.

    Nothing else is written. The file is kept on the job only when it can be imported.
    """
    require_administrator(membership)
    result = importing.check(data, centre=membership.centre, progress=progress)
    return ImportJob.objects.create(
        centre=membership.centre,
        created_by=acting_user,
        filename=filename[:255],
        content=data if result.ok else b"",
        total_rows=result.rows,
        outcomes=[outcome.as_list() for outcome in result.outcomes],
        errors=[error.as_dict() for error in result.errors],
        summary=result.counts,
    )


def _job_of(membership: Membership, job_id: int, *, locked: bool = False) -> ImportJob:
    """The centre's import (locked for the change, if asked); another centre's is not found."""
    jobs = ImportJob.objects.filter(centre_id=membership.centre_id)
    job = (jobs.select_for_update() if locked else jobs).filter(pk=job_id).first()
    if job is None:
        raise NotFound("Import not found", field="job")
    return job


def queue_candidate_import(*, membership: Membership, job_id: int, acting_user: User) -> ImportJob:
    """Start importing a checked file in the background (candidates.tasks)."""
    require_administrator(membership)
    with transaction.atomic():
        locked = _job_of(membership, job_id, locked=True)
        if locked.status != ImportJob.Status.CHECKED:
            # Pressing the button twice imports once.
            return locked
        if not locked.is_ready:
            raise Conflict("This file has errors: correct them and upload it again", field="file")
        locked.status = ImportJob.Status.QUEUED
        locked.stage = WAITING
        locked.save(update_fields=["status", "stage"])
        transaction.on_commit(lambda: enqueue(IMPORT_JOBS, locked.pk))
    return locked


def retry_candidate_import(*, membership: Membership, job_id: int, acting_user: User) -> ImportJob:
    """Queue again an import that failed because its worker kept stopping ("Try again")."""
    require_administrator(membership)
    with transaction.atomic():
        locked = _job_of(membership, job_id, locked=True)
        if locked.in_progress:
            # Pressing the button twice runs the import once.
            return locked
        if not locked.can_try_again or not locked.content:
            raise Conflict(
                "This import cannot be tried again: upload the file again",
                field="file",
                code="import_not_retryable",
            )
        failure = locked.failure_message
        locked.status = ImportJob.Status.QUEUED
        locked.stage = WAITING
        locked.rows_done = 0
        locked.attempts = 0
        locked.failure_message = ""
        locked.started_at = locked.finished_at = None
        locked.save(
            update_fields=[
                "status",
                "stage",
                "rows_done",
                "attempts",
                "failure_message",
                "started_at",
                "finished_at",
            ]
        )
        record(
            actor=acting_user,
            centre=membership.centre,
            action="candidates.import_retried",
            obj=locked,
            summary=f"Started the import of {locked.filename} again",
            changes={"failure": failure},
        )
        transaction.on_commit(lambda: enqueue(IMPORT_JOBS, locked.pk))
    return locked


def take_import(job_id: int, *, checked_too: bool = False) -> leases.Lease | None:
    """Take the lease of a queued import (or, for a direct import, a checked one) and mark it
    running. None when it is not waiting or another worker holds it."""
    statuses = [ImportJob.Status.QUEUED]
    if checked_too:
        statuses.append(ImportJob.Status.CHECKED)
    return leases.take(
        ImportJob,
        job_id,
        when=Q(status__in=statuses),
        status=ImportJob.Status.RUNNING,
        stage="Checking",
        rows_done=0,
        started_at=timezone.now(),
        finished_at=None,
    )


def refuse_import(lease: leases.Lease, message: str) -> None:
    """End a running import without importing anything, with one error for the whole file."""
    _fail(lease, [{"row": None, "column": None, "message": message}])


def _fail(lease: leases.Lease, errors: list[dict[str, object]]) -> None:
    """End the job without importing anything, keeping why; the file's contents are dropped."""
    lease.finish(
        status=ImportJob.Status.FAILED,
        stage="Not imported",
        errors=errors,
        content=b"",
        finished_at=timezone.now(),
    )


def import_candidates(
    *,
    membership: Membership,
    job_id: int,
    acting_user: User,
    progress: importing.Progress | None = None,
    lease: leases.Lease | None = None,
) -> ImportSummary:
    """Import a checked file: every candidate and entry it adds, or nothing at all.

    The file is checked again first, so it is never imported with an error, whatever changed
    since the dry run; the `DomainErrors` refusal then lists every error, with the dry run as
    its `detail` (`importing.refusal`). The job records the
    outcome either way. The background task passes the lease it took; a direct caller (the
    command) has the lease taken here. If anything else stops the import, the lease is left to
    the sweep, which runs the import again or, after too many tries, fails it.
    """
    require_administrator(membership)
    job = _job_of(membership, job_id)
    if lease is None:
        lease = take_import(job.pk, checked_too=True)
        if lease is None:
            raise Conflict(
                "This file is being imported or has been imported already",
                field="file",
                code="import_started",
            )
    try:
        with lease.kept() as keeper:
            return _import(
                membership=membership,
                job=job,
                acting_user=acting_user,
                lease=lease,
                report=_reporter(keeper, progress),
            )
    except (DomainError, leases.LeaseLost):
        raise
    except Exception:
        lease.expire()
        raise


def _reporter(keeper: leases.Keeper, progress: importing.Progress | None) -> importing.Progress:
    def report(stage: str, done: int, total: int) -> None:
        if done in (0, total) or done % PROGRESS_STEP == 0:
            keeper.report(stage=stage, rows_done=done)
        if progress:
            progress(stage, done, total)

    return report


def _import(
    *,
    membership: Membership,
    job: ImportJob,
    acting_user: User,
    lease: leases.Lease,
    report: importing.Progress,
) -> ImportSummary:
    result = importing.check(bytes(job.content), centre=membership.centre, progress=report)
    if not result.ok:
        _fail(lease, [error.as_dict() for error in result.errors])
        raise importing.refusal(result)
    try:
        report("Saving", 0, result.rows)
        with transaction.atomic():
            _save_import(
                result,
                membership=membership,
                job=job,
                acting_user=acting_user,
                progress=report,
            )
            lease.finish(
                status=ImportJob.Status.DONE,
                stage="Imported",
                rows_done=result.rows,
                summary={**result.counts, "errors": 0},
                outcomes=[outcome.as_list() for outcome in result.outcomes],
                content=b"",
                finished_at=timezone.now(),
            )
    except IntegrityError:
        message = (
            "Someone added one of the file's candidate numbers, ULNs or entries while it was "
            "being imported: nothing was imported. Check the file again."
        )
        refuse_import(lease, message)
        raise Conflict(message, field="file", code="import_conflict") from None
    return ImportSummary(
        rows=result.rows,
        candidates=len(result.new_candidates),
        entries=len(result.new_entries),
        unchanged=result.counts["unchanged"],
    )


def _save_import(
    result: importing.CheckResult,
    *,
    membership: Membership,
    job: ImportJob,
    acting_user: User,
    progress: importing.Progress | None,
) -> None:
    """Bulk inserts in batches; an audit event per candidate and entry, and one for the file."""
    centre = membership.centre
    total = result.rows
    candidates = [
        Candidate(
            centre_id=centre.pk,
            number=new.number,
            first_name=new.first_name,
            last_name=new.last_name,
            date_of_birth=new.date_of_birth,
            uln=new.uln,
        )
        for new in result.new_candidates
    ]
    events: list[AuditEvent] = []
    for start in range(0, len(candidates), IMPORT_BATCH):
        Candidate.objects.bulk_create(candidates[start : start + IMPORT_BATCH])
        if progress:
            progress("Saving", min(total, start + IMPORT_BATCH), total)
    # Every row is written; entries, the audit trail and the commit can take a while yet.
    if progress:
        progress(importing.FINISHING, total, total)
    ids = {c.number: c.pk for c in candidates if c.pk is not None}
    wanted = sorted({e.number for e in result.new_entries} - ids.keys())
    for start in range(0, len(wanted), importing.LOOKUP_CHUNK):
        ids.update(
            Candidate.objects.filter(
                centre=centre, number__in=wanted[start : start + importing.LOOKUP_CHUNK]
            ).values_list("number", "pk")
        )
    entries = [
        NamedEntry(
            candidate_id=ids[new.number],
            qualification_id=new.qualification_id,
            entry_type=new.entry_type,
            created_by_id=acting_user.pk,
        )
        for new in result.new_entries
    ]
    NamedEntry.objects.bulk_create(entries, batch_size=IMPORT_BATCH)
    if any(entry.pk is None for entry in entries):
        # A database that cannot return ids from a bulk insert: read them back.
        saved = {
            (candidate_id, qualification_id): pk
            for pk, candidate_id, qualification_id in NamedEntry.objects.filter(
                candidate__centre=centre
            ).values_list("pk", "candidate_id", "qualification_id")
        }
        for entry in entries:
            entry.pk = saved[(entry.candidate_id, entry.qualification_id)]
    Through = NamedEntry.units.through
    Through.objects.bulk_create(
        [
            Through(namedentry_id=entry.pk, unit_id=unit_id)
            for entry, new in zip(entries, result.new_entries, strict=True)
            for unit_id in new.unit_ids
        ],
        batch_size=IMPORT_BATCH * 5,
    )
    # One event per candidate added (with the entries made for them) and one per entry made
    # for a candidate already at the centre: each record's history shows the import.
    source = {"import": job.pk, "file": job.filename}
    entered: dict[str, list[str]] = {}
    for new in result.new_entries:
        entered.setdefault(new.number, []).append(new.code)
    added = {c.number for c in candidates}
    events += [
        AuditEvent(
            actor_id=acting_user.pk,
            centre_id=centre.pk,
            action="candidate.created",
            object_type=Candidate._meta.label_lower,
            object_id=str(c.pk),
            summary=f"Added candidate {c.number} {c.name} by import",
            changes={**source, "entries": entered.get(c.number, [])},
        )
        for c in candidates
    ]
    events += [
        AuditEvent(
            actor_id=acting_user.pk,
            centre_id=centre.pk,
            action="entry.created",
            object_type=NamedEntry._meta.label_lower,
            object_id=str(entry.pk),
            summary=f"Entered {new.number} for {new.code} "
            f"({EntryType(new.entry_type).label}) by import",
            changes={**source, "units": len(new.unit_ids)},
        )
        for entry, new in zip(entries, result.new_entries, strict=True)
        if new.number not in added
    ]
    # One insert per batch rather than per row: a 10,000-row file makes 10,000 events.
    AuditEvent.objects.bulk_create(events, batch_size=IMPORT_BATCH)
    record(
        actor=acting_user,
        centre=centre,
        action="candidates.imported",
        obj=job,
        summary=f"Imported {count(len(candidates), 'candidate')} and "
        f"{count(len(entries), 'entry', 'entries')} from {job.filename}",
        changes=result.counts,
    )
