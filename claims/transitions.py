"""The only place a claim's status changes.

Each change locks the claim's row, checks that the move is allowed from the current status,
sets the timestamps that go with it and records an audit event, all in one transaction.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from audit.actions import record
from common.errors import Conflict

from .models import Claim, ClaimStatus

ALLOWED: dict[str, frozenset[str]] = {
    ClaimStatus.DRAFT: frozenset({ClaimStatus.SUBMITTED, ClaimStatus.FINALISED}),
    ClaimStatus.SUBMITTED: frozenset({ClaimStatus.FINALISED, ClaimStatus.WITHDRAWN}),
    ClaimStatus.FINALISED: frozenset({ClaimStatus.PROCESSED}),
    ClaimStatus.PROCESSED: frozenset(),
    ClaimStatus.WITHDRAWN: frozenset(),
}

TIMESTAMP_FIELD = {
    ClaimStatus.SUBMITTED: "submitted_at",
    ClaimStatus.FINALISED: "finalised_at",
    ClaimStatus.PROCESSED: "processed_at",
    ClaimStatus.WITHDRAWN: "withdrawn_at",
}


def _locking(*, skip_locked: bool = False) -> QuerySet[Claim]:
    return Claim.objects.locked(skip_locked=skip_locked)


def lock(claim_id: int) -> Claim:
    """The claim's row (and its centre's), locked until the surrounding transaction ends."""
    return _locking().get(pk=claim_id)


def lock_if_free(claim_id: int) -> Claim | None:
    """As `lock`, for workers sharing a list of claims: None at once, without waiting, when
    another transaction holds the claim or its centre (another worker is on it)."""
    return _locking(skip_locked=True).filter(pk=claim_id).first()


def _check(claim: Claim, to: ClaimStatus) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claims.transitions must run inside a transaction")
    if to not in ALLOWED[ClaimStatus(claim.status)]:
        raise Conflict(
            f"A claim that is {ClaimStatus(claim.status).label} cannot become {to.label}",
            code="invalid_transition",
        )


def reference_for(claim: Claim) -> str:
    """The reference a finalised claim is known by at the awarding body."""
    return f"R{claim.claim_number}"


def finalise(
    claim: Claim, *, acting_user: User | None, summary: str = "", at: datetime | None = None
) -> Claim:
    """Finalise a claim locked by `lock` and give it its reference, in one step: whether the
    moderator sends it on or a centre with direct claim status submits it, a finalised claim
    always has its reference."""
    _check(claim, ClaimStatus.FINALISED)
    claim.reference = reference_for(claim)
    try:
        with transaction.atomic():
            claim.save(update_fields=["reference"])
    except IntegrityError:
        raise Conflict(f"Reference {claim.reference} is already in use") from None
    return move(claim, to=ClaimStatus.FINALISED, acting_user=acting_user, summary=summary, at=at)


def move(
    claim: Claim,
    *,
    to: ClaimStatus,
    acting_user: User | None,
    summary: str = "",
    at: datetime | None = None,
) -> Claim:
    """Move a claim locked by `lock` to a new status. Must run inside transaction.atomic()."""
    _check(claim, to)
    before = claim.status
    claim.status = to
    setattr(claim, TIMESTAMP_FIELD[to], at or timezone.now())
    claim.save(update_fields=["status", TIMESTAMP_FIELD[to]])
    record(
        actor=acting_user,
        centre=claim.centre,
        action=f"claim.{to.value}",
        obj=claim,
        summary=summary or f"Claim became {to.label}",
        changes={"status": [before, to.value]},
    )
    return claim
