"""Reads of reviews for the person asking: the centre's claims roles see their centre's,
operations every one, a reviewer those given to them. Anything else is "not found"."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet
from django.utils import timezone

from accounts.models import Membership, User
from accounts.permissions import can_claim, is_operations
from claims.models import Claim, ClaimCandidate, ClaimedUnit, UnitState
from common.errors import NotFound

from . import rules
from .models import Review, ReviewItem, ReviewStatus
from .wording import what_it_is, what_it_was

_ITEM_RELATED = (
    "claimed_unit__unit",
    "claimed_unit__claim_candidate__candidate",
    "decided_by",
)


def centre_reviews(membership: Membership | None) -> QuerySet[Review]:
    """The centre's reviews, newest first (an empty list for a role without claims)."""
    if not can_claim(membership):
        return Review.objects.none()
    assert membership is not None
    return (
        Review.objects.filter(centre_id=membership.centre_id)
        .select_related("claim__qualification", "reviewer")
        .order_by("-requested_at", "-id")
    )


def get_centre_review(membership: Membership | None, review_id: int) -> Review:
    review = centre_reviews(membership).filter(pk=review_id).first()
    if review is None:
        raise NotFound("Review not found", field="review")
    return review


def items_of(review: Review) -> list[ReviewItem]:
    return list(
        review.items.select_related(*_ITEM_RELATED).order_by(
            "claimed_unit__claim_candidate__candidate__last_name",
            "claimed_unit__claim_candidate_id",
            "claimed_unit__unit__number",
        )
    )


def items_by_review(reviews: list[Review]) -> dict[int, list[ReviewItem]]:
    """Every item of a page of reviews, in one query."""
    found: dict[int, list[ReviewItem]] = {r.pk: [] for r in reviews}
    for item in (
        ReviewItem.objects.filter(review__in=[r.pk for r in reviews])
        .select_related(*_ITEM_RELATED)
        .order_by("review_id", "claimed_unit__unit__number", "id")
    ):
        found[item.review_id].append(item)
    return found


def latest_review(claim: Claim) -> Review | None:
    """The claim's open review, or its last one."""
    return (
        Review.objects.filter(claim=claim)
        .select_related("reviewer")
        .order_by("-requested_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class ReviewWindow:
    """Whether the centre may ask for a review of a claim now, and until when."""

    closes_at: datetime | None
    open_review: bool

    @property
    def can_ask(self) -> bool:
        return (
            self.closes_at is not None and timezone.now() <= self.closes_at and not self.open_review
        )


def review_window(claim: Claim, latest: Review | None) -> ReviewWindow:
    return ReviewWindow(rules.closes_at(claim), latest is not None and latest.is_open)


def changed_units(claim: Claim) -> list[ClaimedUnit]:
    """The units of the claim the examiner-moderator amended or withdrew, which a review can
    look at, by candidate and number: the page offers these one by one (every other unit
    through its candidate), so a claim of thousands of units accepted as claimed is not a page
    of thousands of boxes."""
    return list(
        ClaimedUnit.objects.filter(
            claim_candidate__claim=claim, state__in=[UnitState.AMENDED, UnitState.WITHDRAWN]
        )
        .filter(rules.REVIEWABLE)
        .select_related("unit", "claim_candidate__candidate")
        .order_by(
            "claim_candidate__candidate__last_name",
            "claim_candidate__candidate__first_name",
            "claim_candidate_id",
            "unit__number",
        )
    )


def operations_reviews(user: User, *, status: str = "") -> QuerySet[Review]:
    """Every review for operations, oldest first: those waiting for a reviewer by default."""
    if not is_operations(user):
        return Review.objects.none()
    reviews = Review.objects.filter(status=status or ReviewStatus.REQUESTED)
    return reviews.select_related(
        "claim__centre", "claim__qualification", "claim__moderator", "reviewer"
    ).order_by("requested_at", "id")


def get_operations_review(user: User, review_id: int) -> Review:
    review = (
        Review.objects.filter(pk=review_id)
        .select_related("claim__centre", "claim__qualification", "claim__moderator", "reviewer")
        .first()
        if is_operations(user)
        else None
    )
    if review is None:
        raise NotFound("Review not found", field="review")
    return review


def reviewer_reviews(user: User) -> QuerySet[Review]:
    """The reviews given to the examiner-moderator, open ones first."""
    return (
        Review.objects.filter(reviewer_id=user.pk)
        .select_related("claim__centre", "claim__qualification")
        .order_by("completed_at", "-assigned_at", "-id")
    )


def get_reviewer_review(user: User, review_id: int) -> Review:
    review = reviewer_reviews(user).filter(pk=review_id).first()
    if review is None:
        raise NotFound("Review not found", field="review")
    return review


def get_reviewer_item(review: Review, item_id: int) -> ReviewItem:
    item = review.items.filter(pk=item_id).select_related(*_ITEM_RELATED).first()
    if item is None:
        raise NotFound("Not part of this review", field="item")
    return item


def operations_counts(user: User) -> dict[str, int]:
    """How many reviews operations have in each status (one query on the status index)."""
    counts = dict.fromkeys(ReviewStatus.values, 0)
    if not is_operations(user):
        return counts
    for status, n in (
        Review.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    ):
        counts[status] = n
    return counts


def reviewable_candidates(claim: Claim) -> list[ClaimCandidate]:
    """The candidates of the claim a review can name (not held for malpractice), by name."""
    return list(
        ClaimCandidate.objects.filter(claim=claim, malpractice=False)
        .select_related("candidate")
        .order_by("candidate__last_name", "candidate__first_name", "id")
    )


def reviewer_choices(user: User, review: Review) -> list[User]:
    """The examiner-moderators operations may give the review to."""
    if not is_operations(user):
        raise NotFound("Review not found", field="review")
    return rules.reviewers_for(review.claim)


@dataclass(frozen=True)
class DecisionAskedAbout:
    """One decision of a review as the centre reads it."""

    candidate: str
    name: str
    unit: int
    title: str
    decided: str
    review: str
    outcome: str
    reason: str


def decisions_asked_about(items: list[ReviewItem]) -> list[DecisionAskedAbout]:
    return [
        DecisionAskedAbout(
            candidate=item.claimed_unit.claim_candidate.candidate.number,
            name=item.claimed_unit.claim_candidate.candidate.name,
            unit=item.claimed_unit.unit.number,
            title=item.claimed_unit.unit.title,
            decided=what_it_was(item),
            review=item.decision,
            outcome=what_it_is(item, item.claimed_unit),
            reason=item.reason,
        )
        for item in items
    ]
