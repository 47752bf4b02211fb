"""Changes to candidates, named entries and unnamed-entry purchases.

Bulk import from a CSV file is in `import_actions`.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Membership, User
from accounts.permissions import require_administrator
from audit.actions import record
from catalogue.models import Qualification, Unit
from catalogue.selectors import approved_qualifications
from common.errors import Conflict, DomainError, NotFound

from .models import Candidate, EntryType, NamedEntry, UnnamedEntryMovement

MAX_UNNAMED_PURCHASE = 10_000


def _validated(candidate: Candidate) -> None:
    try:
        candidate.full_clean(exclude=["centre"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=field) from None


def create_candidate(
    *,
    membership: Membership,
    number: str,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    uln: str = "",
    acting_user: User,
) -> Candidate:
    require_administrator(membership)
    candidate = Candidate(
        centre=membership.centre,
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
                centre=membership.centre,
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


def _centre_candidate(membership: Membership, candidate_id: int) -> Candidate:
    """The candidate, locked, when at the acting centre; another centre's is not found.

    FOR NO KEY UPDATE: the candidate's details change, never their key, so a claim locked
    meanwhile can still add the candidate (its foreign key check shares the row)."""
    candidate = (
        Candidate.objects.select_for_update(no_key=True)
        .filter(centre_id=membership.centre_id, pk=candidate_id)
        .first()
    )
    if candidate is None:
        raise NotFound("Candidate not found", field="candidate")
    return candidate


def _approved(membership: Membership, qualification_id: int) -> Qualification:
    qualification = approved_qualifications(membership.centre).filter(pk=qualification_id).first()
    if qualification is None:
        raise DomainError(
            "Your centre is not approved for this qualification", field="qualification"
        )
    return qualification


def update_candidate(
    *,
    membership: Membership,
    candidate_id: int,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    uln: str = "",
    acting_user: User,
) -> Candidate:
    """Change a candidate's details. The candidate number never changes once given."""
    require_administrator(membership)
    try:
        with transaction.atomic():
            candidate = _centre_candidate(membership, candidate_id)
            before = _details(candidate)
            candidate.first_name = first_name.strip()
            candidate.last_name = last_name.strip()
            candidate.date_of_birth = date_of_birth
            candidate.uln = uln.strip()
            _validated(candidate)
            after = _details(candidate)
            candidate.save()
            record(
                actor=acting_user,
                centre=membership.centre,
                action="candidate.updated",
                obj=candidate,
                summary=f"Changed candidate {candidate.number}",
                changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
            )
    except IntegrityError:
        raise Conflict("Another candidate already has this ULN", field="uln") from None
    return candidate


def make_named_entry(
    *,
    membership: Membership,
    candidate_id: int,
    qualification_id: int,
    entry_type: str,
    unit_ids: Iterable[int] = (),
    acting_user: User,
) -> NamedEntry:
    require_administrator(membership)
    qualification = _approved(membership, qualification_id)
    wanted = set(unit_ids)
    if entry_type == EntryType.UNITS and not wanted:
        raise DomainError("Select at least one unit for unit entries", field="units")
    if entry_type == EntryType.FULL_AWARD:
        wanted = set()
    unit_list = list(Unit.objects.filter(qualification=qualification, pk__in=wanted))
    if len(unit_list) != len(wanted):
        raise DomainError("Select units of this qualification only", field="units")
    try:
        with transaction.atomic():
            candidate = _centre_candidate(membership, candidate_id)
            entry = NamedEntry.objects.create(
                candidate=candidate,
                qualification=qualification,
                entry_type=entry_type,
                created_by=acting_user,
            )
            entry.units.set(unit_list)
            record(
                actor=acting_user,
                centre=membership.centre,
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
    *, membership: Membership, qualification_id: int, quantity: int, acting_user: User
) -> UnnamedEntryMovement:
    require_administrator(membership)
    qualification = _approved(membership, qualification_id)
    if quantity < 1 or quantity > MAX_UNNAMED_PURCHASE:
        raise DomainError(
            f"Enter a number of unit entries from 1 to {MAX_UNNAMED_PURCHASE:,}", field="quantity"
        )
    with transaction.atomic():
        movement = UnnamedEntryMovement.objects.create(
            centre=membership.centre,
            qualification=qualification,
            kind=UnnamedEntryMovement.Kind.PURCHASE,
            quantity=quantity,
            created_by=acting_user,
        )
        record(
            actor=acting_user,
            centre=membership.centre,
            action="unnamed.purchased",
            obj=movement,
            summary=f"Bought {quantity} unnamed unit entries for {qualification.code}",
        )
    return movement
