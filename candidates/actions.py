"""Changes to candidates, named entries and unnamed-entry purchases, and bulk import."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Membership, User
from accounts.permissions import require_administrator
from audit.actions import record
from audit.models import AuditEvent
from catalogue.models import Qualification, Unit
from catalogue.selectors import approved_qualifications
from common.errors import Conflict, DomainError, NotFound

from . import importing
from .models import Candidate, EntryType, ImportJob, NamedEntry, UnnamedEntryMovement

MAX_UNNAMED_PURCHASE = 10_000


def _validated(candidate: Candidate) -> None:
    try:
        candidate.full_clean(exclude=["centre"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=field) from None


def create_candidate(
    *,
    acting: Membership,
    number: str,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    uln: str = "",
    acting_user: User,
) -> Candidate:
    require_administrator(acting)
    candidate = Candidate(
        centre=acting.centre,
        number=number.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        uln=uln.strip(),
    )
    _validated(candidate)
    try:
        with transaction.atomic():
            candidate.save()
            record(
                actor=acting_user,
                centre=acting.centre,
                action="candidate.created",
                obj=candidate,
                summary=f"Added candidate {candidate.number} {candidate.name}",
            )
    except IntegrityError:
        # Another centre, or a second request at the same moment, holds the number or ULN.
        raise Conflict(
            "A candidate with this candidate number or ULN already exists", field="number"
        ) from None
    return candidate


def _details(candidate: Candidate) -> dict[str, str]:
    return {
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "date_of_birth": candidate.date_of_birth.isoformat(),
        "uln": candidate.uln,
    }


def update_candidate(
    *,
    acting: Membership,
    candidate: Candidate,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    uln: str = "",
    acting_user: User,
) -> Candidate:
    """Change a candidate's details. The candidate number never changes once given."""
    require_administrator(acting)
    if candidate.centre_id != acting.centre_id:
        raise Conflict("That candidate is not at your centre")
    before = _details(candidate)
    candidate.first_name = first_name.strip()
    candidate.last_name = last_name.strip()
    candidate.date_of_birth = date_of_birth
    candidate.uln = uln.strip()
    _validated(candidate)
    after = _details(candidate)
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    try:
        with transaction.atomic():
            candidate.save()
            record(
                actor=acting_user,
                centre=acting.centre,
                action="candidate.updated",
                obj=candidate,
                summary=f"Changed candidate {candidate.number}",
                changes=changes,
            )
    except IntegrityError:
        raise Conflict("Another candidate already has this ULN", field="uln") from None
    return candidate


def make_named_entry(
    *,
    acting: Membership,
    candidate: Candidate,
    qualification: Qualification,
    entry_type: str,
    units: Iterable[Unit] = (),
    acting_user: User,
) -> NamedEntry:
    require_administrator(acting)
    if candidate.centre_id != acting.centre_id:
        raise Conflict("That candidate is not at your centre")
    if not approved_qualifications(acting.centre).filter(pk=qualification.pk).exists():
        raise DomainError(
            "Your centre is not approved for this qualification", field="qualification"
        )
    unit_list = list(units)
    if entry_type == EntryType.UNITS and not unit_list:
        raise DomainError("Select at least one unit for unit entries", field="units")
    if entry_type == EntryType.FULL_AWARD:
        unit_list = []
    if any(u.qualification_id != qualification.pk for u in unit_list):
        raise DomainError("Select units of this qualification only", field="units")
    try:
        with transaction.atomic():
            entry = NamedEntry.objects.create(
                candidate=candidate,
                qualification=qualification,
                entry_type=entry_type,
                created_by=acting_user,
            )
            entry.units.set(unit_list)
            record(
                actor=acting_user,
                centre=acting.centre,
                action="entry.created",
                obj=entry,
                summary=f"Entered {candidate.number} for {qualification.code} "
                f"({entry.get_entry_type_display()})",
                changes={"units": sorted(u.number for u in unit_list)},
            )
    except IntegrityError:
        raise Conflict(
            f"{candidate.name} already has an entry for {qualification.code}",
            field="qualification",
        ) from None
    return entry


def buy_unnamed_entries(
    *, acting: Membership, qualification: Qualification, quantity: int, acting_user: User
) -> UnnamedEntryMovement:
    require_administrator(acting)
    if not approved_qualifications(acting.centre).filter(pk=qualification.pk).exists():
        raise DomainError(
            "Your centre is not approved for this qualification", field="qualification"
        )
    if quantity < 1 or quantity > MAX_UNNAMED_PURCHASE:
        raise DomainError(
            f"Enter a number of unit entries from 1 to {MAX_UNNAMED_PURCHASE:,}", field="quantity"
        )
    with transaction.atomic():
        movement = UnnamedEntryMovement.objects.create(
            centre=acting.centre,
            qualification=qualification,
            kind=UnnamedEntryMovement.Kind.PURCHASE,
            quantity=quantity,
            created_by=acting_user,
        )
        record(
            actor=acting_user,
            centre=acting.centre,
            action="unnamed.purchased",
            obj=movement,
            summary=f"Bought {quantity} unnamed unit entries for {qualification.code}",
        )
    return movement


# Bulk import from a CSV file (the file's format and rules: candidates.importing)

IMPORT_BATCH = 1_000


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    candidates: int
    entries: int
    unchanged: int


def check_candidate_import(
    *,
    acting: Membership,
    data: bytes,
    filename: str,
    acting_user: User,
    progress: importing.Progress | None = None,
) -> ImportJob:
    """The dry run: check the file and keep every row's outcome and every error on a new job.

    Nothing else is written. The file is kept on the job only when it can be imported.
    """
    require_administrator(acting)
    result = importing.check(data, centre=acting.centre, progress=progress)
    return ImportJob.objects.create(
        centre=acting.centre,
        created_by=acting_user,
        filename=filename[:255],
        content=data if result.ok else b"",
        total_rows=result.rows,
        outcomes=[outcome.as_list() for outcome in result.outcomes],
        errors=[error.as_dict() for error in result.errors],
        summary=result.counts,
    )


def _job_of(acting: Membership, job: ImportJob) -> ImportJob:
    if job.centre_id != acting.centre_id:
        raise NotFound("Import not found", field="job")
    return job


def queue_candidate_import(*, acting: Membership, job: ImportJob, acting_user: User) -> ImportJob:
    """Start importing a checked file in the background (candidates.tasks)."""
    from .tasks import run_candidate_import

    require_administrator(acting)
    with transaction.atomic():
        locked = _job_of(acting, ImportJob.objects.select_for_update().get(pk=job.pk))
        if locked.status != ImportJob.Status.CHECKED:
            # Pressing the button twice imports once.
            return locked
        if not locked.is_ready:
            raise Conflict("This file has errors: correct them and upload it again", field="file")
        locked.status = ImportJob.Status.QUEUED
        locked.stage = "Waiting to start"
        locked.save(update_fields=["status", "stage"])
        transaction.on_commit(lambda: run_candidate_import.enqueue(job_id=locked.pk))
    return locked


def _note_progress(job: ImportJob, **fields: object) -> None:
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def import_candidates(
    *,
    acting: Membership,
    job: ImportJob,
    acting_user: User,
    progress: importing.Progress | None = None,
) -> ImportSummary:
    """Import a checked file: every candidate and entry it adds, or nothing at all.

    The file is checked again first, so it is never imported with an error, whatever changed
    since the dry run; `importing.ImportRefused` then carries every error. The job records the
    outcome either way.
    """
    require_administrator(acting)
    _job_of(acting, job)
    _note_progress(
        job, status=ImportJob.Status.RUNNING, stage="Checking", started_at=timezone.now()
    )
    try:
        result = importing.check(bytes(job.content), centre=acting.centre, progress=progress)
        if not result.ok:
            raise importing.ImportRefused(result)
        if progress:
            progress("Saving", 0, result.rows)
        with transaction.atomic():
            _save_import(result, acting=acting, job=job, acting_user=acting_user, progress=progress)
            summary = ImportSummary(
                rows=result.rows,
                candidates=len(result.new_candidates),
                entries=len(result.new_entries),
                unchanged=result.counts["unchanged"],
            )
            job.status = ImportJob.Status.DONE
            job.stage = "Imported"
            job.rows_done = result.rows
            job.summary = {**result.counts, "errors": 0}
            job.outcomes = [outcome.as_list() for outcome in result.outcomes]
            job.content = b""
            job.finished_at = timezone.now()
            job.save()
    except importing.ImportRefused as refused:
        mark_import_failed(job, [error.as_dict() for error in refused.result.errors])
        raise
    except IntegrityError:
        message = (
            "Someone added one of the file's candidate numbers, ULNs or entries while it was "
            "being imported: nothing was imported. Check the file again."
        )
        mark_import_failed(job, [{"row": None, "column": None, "message": message}])
        raise Conflict(message, field="file", code="import_conflict") from None
    return summary


def mark_import_failed(job: ImportJob, errors: list[dict[str, object]]) -> None:
    """End a job without importing anything, keeping why; the file's contents are dropped."""
    job.status = ImportJob.Status.FAILED
    job.stage = "Not imported"
    job.errors = errors
    job.content = b""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "stage", "errors", "content", "finished_at"])


def _save_import(
    result: importing.CheckResult,
    *,
    acting: Membership,
    job: ImportJob,
    acting_user: User,
    progress: importing.Progress | None,
) -> None:
    """Bulk inserts in batches; an audit event per candidate and entry, and one for the file."""
    centre = acting.centre
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
        summary=f"Imported {len(candidates)} candidates and {len(entries)} entries from "
        f"{job.filename}",
        changes=result.counts,
    )
    if progress:
        progress("Saving", total, total)
