"""Reviews of moderation: asked for by the centre, assigned by operations, decided by a second
examiner-moderator through moderation's own outcome action, and completed, when the results of
a processed claim follow through results' own action.

Each action locks the claim's row (and the review's) in one transaction, checks the rules there,
writes the audit event and the emails beside the change.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, User
from accounts.permissions import require_claims_role, require_operations
from audit.actions import record
from claims import transitions
from claims.models import Claim, ClaimCandidate, ClaimedUnit, ClaimStatus
from common import wording
from common.errors import Conflict, DomainError, DomainErrors, FieldError, NotFound
from common.reasons import checked_reason
from moderation import actions as moderation
from results import actions as results

from . import messages, rules
from .models import ItemDecision, Review, ReviewItem, ReviewStatus
from .rules import reviewers_for
from .wording import item_line

UPHOLD = "uphold"
#: What the reviewer may decide for each item: uphold it, or one of moderation's outcomes.
DECISIONS = (
    UPHOLD,
    moderation.Outcome.ACCEPT,
    moderation.Outcome.AMEND,
    moderation.Outcome.WITHDRAW,
)


def _centre_claim(membership: Membership, claim_id: int) -> Claim:
    if not Claim.objects.for_centre(membership).filter(pk=claim_id).exists():
        raise NotFound("Claim not found", field="claim")
    return transitions.lock(claim_id)


def request_review(
    *,
    membership: Membership | None,
    acting_user: User,
    claim_id: int,
    claim_candidate_ids: Sequence[int] = (),
    claimed_unit_ids: Sequence[int] = (),
    reason: str,
) -> Review:
    """Ask for a review of the examiner-moderator's decisions on the named candidates (every
    unit of theirs on the claim) and units, within `REVIEW_WINDOW_DAYS` of the claim being
    finalised. One open review per claim."""
    require_claims_role(membership)
    assert membership is not None
    problems: list[FieldError] = []
    try:
        why = checked_reason(reason, what="for the review")
    except DomainError as error:
        problems.append(FieldError(error.message, field="reason"))
    with transaction.atomic():
        claim = _centre_claim(membership, claim_id)
        closes = rules.closes_at(claim)
        if claim.status not in (ClaimStatus.FINALISED, ClaimStatus.PROCESSED):
            raise Conflict(
                f"Claim {claim.claim_number} is {claim.get_status_display()}: a review can be "
                "asked for once it is Finalised or Processed",
                code="not_finalised",
            )
        if closes is None:
            raise Conflict(
                f"Claim {claim.claim_number} went to {_body()} with direct claim status: no "
                "examiner-moderator decided it, so there is nothing to review",
                code="not_moderated",
            )
        if timezone.now() > closes:
            raise Conflict(
                f"A review must be asked for within {wording.count(rules.window().days, 'day')} "
                f"of the claim being finalised: the time for claim {claim.claim_number} ended "
                f"on {timezone.localtime(closes):%d/%m/%Y}",
                code="window_passed",
            )
        if Review.objects.filter(claim=claim).exclude(status=ReviewStatus.COMPLETED).exists():
            raise Conflict(
                f"A review of claim {claim.claim_number} is already open: wait for its outcome",
                code="review_open",
            )
        units = _asked_units(claim, claim_candidate_ids, claimed_unit_ids, problems)
        if problems:
            raise DomainErrors(problems)
        review = Review.objects.create(
            claim=claim,
            centre_id=claim.centre_id,
            reason=why,
            requested_at=timezone.now(),
            requested_by=acting_user,
        )
        ReviewItem.objects.bulk_create(
            ReviewItem(
                review=review,
                claimed_unit=unit,
                state_before=unit.state,
                grade_before=unit.grade,
                reason_before=unit.outcome_reason,
            )
            for unit in units
        )
        record(
            actor=acting_user,
            centre=claim.centre,
            action="review.requested",
            obj=review,
            summary=f"Review of moderation asked for on claim {claim.claim_number}: "
            f"{wording.count(len(units), 'unit')}",
            changes={"reason": why, "units": [u.pk for u in units]},
        )
        messages.review_requested(review)
    return review


def _asked_units(
    claim: Claim,
    claim_candidate_ids: Sequence[int],
    claimed_unit_ids: Sequence[int],
    problems: list[FieldError],
) -> list[ClaimedUnit]:
    """The units the centre named, directly or through their candidate, each once."""
    if not claim_candidate_ids and not claimed_unit_ids:
        problems.append(
            FieldError("Choose the candidates or units to review", field="claimed_units")
        )
        return []
    on_claim = ClaimedUnit.objects.filter(claim_candidate__claim=claim)
    named_candidates = set(claim_candidate_ids)
    found_candidates = set(
        ClaimCandidate.objects.filter(
            claim=claim, pk__in=named_candidates, malpractice=False
        ).values_list("pk", flat=True)
    )
    if named_candidates - found_candidates:
        problems.append(
            FieldError(
                "Choose candidates on this claim whose results are not held for malpractice",
                field="candidates",
            )
        )
    named_units = set(claimed_unit_ids)
    found_units = set(
        on_claim.filter(rules.REVIEWABLE, pk__in=named_units).values_list("pk", flat=True)
    )
    if named_units - found_units:
        problems.append(
            FieldError(
                "Choose units on this claim decided by the examiner-moderator",
                field="claimed_units",
            )
        )
    return list(
        on_claim.filter(rules.REVIEWABLE)
        .filter(
            pk__in=found_units
            | set(
                on_claim.filter(claim_candidate_id__in=found_candidates).values_list(
                    "pk", flat=True
                )
            )
        )
        .select_related("unit")
        .order_by("claim_candidate__candidate__last_name", "claim_candidate_id", "unit__number")
    )


def _body() -> str:
    from notifications.notices import body_name

    return body_name()


def _locked_review(review_id: int) -> tuple[Claim, Review]:
    claim_id = Review.objects.filter(pk=review_id).values_list("claim_id", flat=True).first()
    if claim_id is None:
        raise NotFound("Review not found", field="review")
    claim = transitions.lock(claim_id)
    review = (
        Review.objects.select_for_update(of=("self",)).select_related("reviewer").get(pk=review_id)
    )
    review.claim = claim
    return claim, review


def assign_reviewer(*, acting_user: User, review_id: int, reviewer_id: int) -> Review:
    """Operations give a requested review (or one whose reviewer has not started) to an
    examiner-moderator other than the claim's first."""
    require_operations(acting_user)
    with transaction.atomic():
        claim, review = _locked_review(review_id)
        if not review.is_open:
            raise Conflict("This review is completed", code="review_completed")
        if review.items.exclude(decision=ItemDecision.UNDECIDED).exists():
            raise Conflict(
                "The reviewer has started deciding: the review stays with them",
                code="review_started",
            )
        if reviewer_id == claim.moderator_id:
            raise DomainError(
                "Choose an examiner-moderator other than the one who moderated the claim",
                field="reviewer",
            )
        reviewer = next((u for u in reviewers_for(claim) if u.pk == reviewer_id), None)
        if reviewer is None:
            raise DomainError("Choose an examiner-moderator from the list", field="reviewer")
        before = review.reviewer_id
        review.reviewer = reviewer
        review.status = ReviewStatus.ASSIGNED
        review.assigned_at = timezone.now()
        review.assigned_by = acting_user
        review.save(update_fields=["reviewer", "status", "assigned_at", "assigned_by"])
        record(
            actor=acting_user,
            centre=claim.centre,
            action="review.assigned",
            obj=review,
            summary=f"Review of claim {claim.claim_number} assigned to {reviewer}",
            changes={"reviewer": [before, reviewer.pk]},
        )
        messages.review_assigned(review)
    return review


def _reviewers_review(acting_user: User, review_id: int) -> tuple[Claim, Review]:
    claim, review = _locked_review(review_id)
    if review.reviewer_id != acting_user.pk:
        raise NotFound("Review not found", field="review")
    if not review.is_open:
        raise Conflict("This review is completed", code="review_completed")
    return claim, review


def decide_item(
    *,
    acting_user: User,
    review_id: int,
    item_id: int,
    decision: str,
    grade: str = "",
    reason: str = "",
) -> ReviewItem:
    """The reviewer upholds one decision asked about, or changes it through moderation's own
    outcome action. Only the items of the review can be decided: nothing else on the claim."""
    if decision not in DECISIONS:
        raise DomainError("Choose uphold, accept, amend the grade or withdraw", field="decision")
    with transaction.atomic():
        claim, review = _reviewers_review(acting_user, review_id)
        item = (
            ReviewItem.objects.select_for_update()
            .filter(pk=item_id, review=review)
            .select_related("claimed_unit__unit", "claimed_unit__claim_candidate__candidate")
            .first()
        )
        if item is None:
            raise NotFound("Not part of this review", field="item")
        if item.is_decided:
            raise Conflict("This decision has been reviewed already", code="decided")
        unit = item.claimed_unit
        if decision == UPHOLD:
            item.reason = checked_reason(reason, required=False)
            item.decision = ItemDecision.UPHELD
        else:
            if _same_as_before(item, decision, grade):
                raise DomainError(
                    "That is the decision under review: choose Uphold to keep it",
                    field="decision",
                )
            unit, outcome = moderation.apply_unit_outcome(
                claim=claim,
                claimed_unit_id=unit.pk,
                outcome=decision,
                grade=grade,
                reason=reason,
                acting_user=acting_user,
                reinstate_candidate=True,
            )
            item.outcome = outcome
            item.reason = outcome.reason
            item.decision = ItemDecision.CHANGED
        item.decided_at = timezone.now()
        item.decided_by = acting_user
        item.save(update_fields=["decision", "reason", "outcome", "decided_at", "decided_by"])
        item.claimed_unit = unit
        record(
            actor=acting_user,
            centre=claim.centre,
            action=f"review.{item.decision}",
            obj=review,
            summary=f"Review of claim {claim.claim_number}: {item_line(item, unit)}"[:300],
            changes={"item": item.pk, "claimed_unit": unit.pk, "decision": item.decision},
        )
    return item


def _same_as_before(item: ReviewItem, decision: str, grade: str) -> bool:
    from claims.models import UnitState

    if decision == moderation.Outcome.WITHDRAW:
        return item.state_before == UnitState.WITHDRAWN
    if decision == moderation.Outcome.ACCEPT:
        return item.state_before in {UnitState.ACCEPTED, *UnitState.undecided()}
    return item.state_before == UnitState.AMENDED and item.grade_before == grade


def complete_review(*, acting_user: User, review_id: int) -> Review:
    """The reviewer completes the review once every item is decided. For a Processed claim
    the results of the candidates whose units changed follow at once (results' own action);
    for a claim not processed yet, processing takes the outcomes as they now are."""
    with transaction.atomic():
        claim, review = _reviewers_review(acting_user, review_id)
        items = list(
            review.items.select_related(
                "claimed_unit__unit", "claimed_unit__claim_candidate__candidate"
            ).order_by("id")
        )
        if any(not item.is_decided for item in items):
            raise Conflict(
                "Uphold or change every decision asked about before completing the review",
                code="undecided",
            )
        review.status = ReviewStatus.COMPLETED
        review.completed_at = timezone.now()
        review.save(update_fields=["status", "completed_at"])
        changed = sorted(
            {
                item.claimed_unit.claim_candidate.candidate_id
                for item in items
                if item.decision == ItemDecision.CHANGED
            }
        )
        revised = None
        if changed and claim.status == ClaimStatus.PROCESSED:
            revised = results.revise_results(
                claim_id=claim.pk,
                candidate_ids=changed,
                acting_user=acting_user,
                why=f"review of moderation of claim {claim.claim_number}",
            )
        record(
            actor=acting_user,
            centre=claim.centre,
            action="review.completed",
            obj=review,
            summary=f"Review of claim {claim.claim_number} completed: "
            f"{wording.count(len(changed), 'candidate')} with changed decisions",
            changes={
                "upheld": sum(i.decision == ItemDecision.UPHELD for i in items),
                "changed": sum(i.decision == ItemDecision.CHANGED for i in items),
                "units_removed": revised.removed if revised else 0,
                "units_added": len(revised.recorded.achieved)
                if revised and revised.recorded
                else 0,
                "awards_withdrawn": len(revised.awards_withdrawn) if revised else 0,
                "awards_issued": len(revised.recorded.awards)
                if revised and revised.recorded
                else 0,
            },
        )
        messages.review_completed(
            review, [(item, item_line(item, item.claimed_unit)) for item in items]
        )
    return review
