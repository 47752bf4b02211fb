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
from common.errors import Conflict, DomainError

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
