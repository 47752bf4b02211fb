"""Reading the audit trail: one claim's history, for the centre and the claim's moderator."""

from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from accounts.models import Membership, User
from accounts.permissions import can_claim
from claims.models import Claim, ClaimCandidate, ClaimedUnit
from common.errors import NotFound
from moderation.models import EvidenceFile, EvidenceSubmission, FeedbackReport

from .models import AuditEvent

BY_CLAIM_IN_CHANGES = ["results.units_achieved", "award.issued", "moderation.evidence_removed"]


def _ids_of(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The primary keys as text, as AuditEvent.object_id holds them, for an IN subquery."""
    return queryset.annotate(key=Cast("pk", output_field=CharField())).values("key")


def may_see_claim_history(*, user: User, membership: Membership | None, claim: Claim) -> bool:
    """The claims roles of the claim's centre, and the examiner-moderator the claim went to."""
    if membership is not None and can_claim(membership) and membership.centre_id == claim.centre_id:
        return True
    return claim.moderator_id is not None and claim.moderator_id == user.pk


def claim_for_history(*, user: User, membership: Membership | None, claim_id: int) -> Claim:
    """A claim of the user's current centre, or one sent to them as examiner-moderator, for its
    History page; any other claim is not found."""
    theirs = Q(moderator_id=user.pk)
    if membership is not None:
        theirs |= Q(centre_id=membership.centre_id)
    claim = (
        Claim.objects.select_related("centre", "qualification").filter(theirs, pk=claim_id).first()
    )
    if claim is None:
        raise NotFound("Claim not found", field="claim")
    return claim


def events_for_claim(
    *, user: User, membership: Membership | None, claim: Claim
) -> QuerySet[AuditEvent]:
    """Every change to the claim, its candidates and claimed units, the moderator's outcomes and
    report, and the candidate work sent: newest first, in one query whatever the claim's size."""
    if not may_see_claim_history(user=user, membership=membership, claim=claim):
        raise NotFound("Claim not found", field="claim")
    related = {
        "claims.claimcandidate": _ids_of(ClaimCandidate.objects.filter(claim=claim)),
        "claims.claimedunit": _ids_of(ClaimedUnit.objects.filter(claim_candidate__claim=claim)),
        "moderation.feedbackreport": _ids_of(FeedbackReport.objects.filter(claim=claim)),
        "moderation.evidencesubmission": _ids_of(EvidenceSubmission.objects.filter(claim=claim)),
        "moderation.evidencefile": _ids_of(EvidenceFile.objects.filter(claim=claim)),
    }
    where = Q(object_type="claims.claim", object_id=str(claim.pk))
    for object_type, ids in related.items():
        where |= Q(object_type=object_type, object_id__in=ids)
    # Results and awards, and files since removed, name the claim in their changes.
    where |= Q(centre_id=claim.centre_id, action__in=BY_CLAIM_IN_CHANGES, changes__claim=claim.pk)
    return AuditEvent.objects.filter(where).select_related("actor").order_by("-created_at", "-id")


@dataclass(frozen=True)
class Change:
    """One field of an event's changes, in words."""

    field: str
    text: str


def _words(value: Any) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_words(v) for v in value) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')} {_words(v)}" for k, v in value.items())
    if isinstance(value, str):
        return value.replace("_", " ")
    return str(value)


#: Changes recorded as lists of unit or candidate numbers, never as a [before, after] pair.
LISTED = frozenset({"units", "candidates", "added", "removed", "changed"})


def readable_changes(changes: dict[str, Any]) -> list[Change]:
    """{"status": ["draft", "submitted"]} reads "Status: from draft to submitted";
    {"added": [1, 4]} reads "Added: 1, 4"."""
    rows = []
    for key, value in changes.items():
        label = key.replace("_", " ").capitalize()
        if isinstance(value, list) and len(value) == 2 and key not in LISTED:
            if value[0] == value[1]:
                continue  # recorded alongside a change of another field
            text = f"from {_words(value[0])} to {_words(value[1])}"
        else:
            text = _words(value)
        rows.append(Change(field=label, text=text))
    return rows
