"""A claim's History: every recorded change to the claim and to what hangs off it, newest first.

The audit trail names each changed object by its model's label and id. A claim's History
gathers the events on the claim itself, on its candidates and claimed units, and on every row of
any app that points at the claim (the moderator's report, the evidence sent and uploaded, …),
found through the relations Django knows of, so this module needs no knowledge of the apps that
record them. Events whose object is gone (a file since removed) or is not tied to the claim (a
candidate's results, an award) name the claim in their changes instead.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    ForeignObjectRel,
    Lookup,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast

from accounts.models import Membership, ModeratorAssignment, User, VerifierAssignment
from accounts.permissions import can_claim
from audit.models import BY_CLAIM_IN_CHANGES, AuditEvent
from common.errors import NotFound

from .models import Claim, ClaimedUnit


def _ids_of(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The primary keys as text, as AuditEvent.object_id holds them, for an IN subquery."""
    return (
        queryset.order_by()
        .annotate(audit_object_id=Cast("pk", output_field=CharField()))
        .values("audit_object_id")
    )


class _AnyOf(Lookup):
    """`column IN (subquery)`; on PostgreSQL `column = ANY(ARRAY(subquery))`, which the planner
    reads as a list of values known before the scan, so it looks each one up in the index
    rather than testing every row of the object type against the subquery."""

    lookup_name = "any_of"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def _rows_pointing_at(claim: Claim) -> dict[str, QuerySet[Any]]:
    """Per model label, the rows of every model with a foreign key (or one-to-one) to Claim."""
    relations = [
        field
        for field in Claim._meta.get_fields(include_hidden=True)
        if isinstance(field, ForeignObjectRel) and (field.one_to_many or field.one_to_one)
    ]
    return {
        relation.related_model._meta.label_lower: relation.related_model._default_manager.filter(
            **{relation.field.name: claim}
        )
        for relation in relations
    }


@dataclass(frozen=True)
class ClaimHistory:
    """A claim's History as its reader may see it; `as_moderator` when they read it as the
    claim's examiner-moderator rather than at its centre (the way back is the moderator's)."""

    claim: Claim
    events: QuerySet[AuditEvent]
    as_moderator: bool


def _acted_as(claim: Claim) -> Case:
    """What the History's "Who" says of an event's actor: the awarding body's staff by the role
    they acted in ("moderator", "awarding_body"), never by name or email address, for the centre
    and the moderator alike; the centre's own staff ("") by their name."""
    moderator = Q(actor_id=claim.moderator_id) | Q(
        Exists(ModeratorAssignment.objects.filter(moderator=OuterRef("actor_id")))
    )
    awarding_body = (
        Q(actor__is_operations=True)
        | Q(actor__is_staff=True)
        | Q(Exists(VerifierAssignment.objects.filter(verifier=OuterRef("actor_id"))))
    )
    return Case(
        When(actor__isnull=True, then=Value("automatic")),
        When(moderator, then=Value("moderator")),
        When(awarding_body, then=Value("awarding_body")),
        default=Value(""),
        output_field=CharField(),
    )


def claim_history(
    *, user: User, membership: Membership | None, claim_id: int
) -> ClaimHistory | None:
    """The History of a claim of the user's current centre (for the claims roles), or of a
    claim they are assigned to moderate now; any other claim is not found.

    None for someone at a centre without a claims role, whichever claim they ask for (as on
    every claims page): they are told which roles open it.
    """
    claim = (
        Claim.objects.visible_to(user, membership)
        .select_related("centre", "qualification")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        if membership is not None and not can_claim(membership):
            return None
        raise NotFound("Claim not found", field="claim")
    at_centre = can_claim(membership) and getattr(membership, "centre_id", None) == claim.centre_id
    return ClaimHistory(claim=claim, events=_events(claim), as_moderator=not at_centre)


def _event_ids(claim: Claim) -> QuerySet[Any]:
    """The ids of the claim's events, one indexed look-up per kind of record, joined by
    UNION ALL: an OR of the kinds would leave the database nothing but every event to test."""
    related = {
        **_rows_pointing_at(claim),
        ClaimedUnit._meta.label_lower: ClaimedUnit.objects.filter(claim_candidate__claim=claim),
    }
    events = AuditEvent.objects.order_by()
    own = events.filter(object_type=Claim._meta.label_lower, object_id=str(claim.pk))
    parts = [
        events.filter(Q(object_type=object_type), _AnyOf(F("object_id"), Subquery(_ids_of(rows))))
        for object_type, rows in related.items()
    ]
    # Results and awards, and files since removed, name the claim in their changes (an index of
    # its own: audit_by_claim_in_changes).
    parts.append(
        events.filter(
            centre_id=claim.centre_id, action__in=BY_CLAIM_IN_CHANGES, changes__claim=claim.pk
        )
    )
    return own.values("id").union(*(part.values("id") for part in parts), all=True)


def _events(claim: Claim) -> QuerySet[AuditEvent]:
    """Every change to the claim, its candidates and claimed units, the moderator's outcomes and
    report, and the candidate work sent: newest first, in one query whatever the claim's size.
    Each event's `acted_as` says how the page names its actor (`_acted_as`)."""
    return (
        AuditEvent.objects.filter(pk__in=_event_ids(claim))
        .select_related("actor")
        .annotate(acted_as=_acted_as(claim))
        .order_by("-created_at", "-id")
    )
