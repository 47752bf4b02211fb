"""The emails of reviews of moderation: asked for (to operations), assigned (to the reviewer
and the centre), completed (to the centre, with each decision)."""

from collections.abc import Iterable

from accounts.messages import operations_addresses
from claims.messages import centre_addresses, quote
from notifications import notices
from notifications.notices import body_name, link

from .models import Review, ReviewItem


def review_requested(review: Review) -> None:
    claim = review.claim
    notices.create(
        key=f"review-requested:{review.pk}",
        kind="review_requested",
        to=operations_addresses(),
        about=claim,
        subject=f"Review of moderation asked for: claim {claim.claim_number} "
        f"({claim.qualification.code})",
        body=f"Centre {claim.centre.number} {claim.centre.name} has asked for a review of the "
        f"examiner-moderator's decisions on claim {claim.claim_number}.\n\n"
        f"Reason: {review.reason}\n\n{quote(claim)}\n"
        f"Assign a reviewer: {link('reviews:operations-review', review.pk)}\n",
    )


def review_assigned(review: Review) -> None:
    claim = review.claim
    assert review.reviewer is not None
    notices.create(
        key=f"review-assigned:{review.pk}:{review.reviewer_id}",
        kind="review_assigned",
        to=[review.reviewer.email],
        about=claim,
        subject=f"Review of moderation for you: claim {claim.claim_number} "
        f"({claim.qualification.code})",
        body=f"{body_name()} has asked you to review the examiner-moderator's decisions on "
        f"claim {claim.claim_number} of centre {claim.centre.number} {claim.centre.name}.\n\n"
        f"The centre's reason: {review.reason}\n\n{quote(claim)}\n"
        f"Open the review: {link('reviews:reviewer-review', review.pk)}\n",
    )
    notices.create(
        key=f"review-assigned-centre:{review.pk}:{review.reviewer_id}",
        kind="review_assigned",
        to=centre_addresses(claim),
        about=claim,
        subject=f"Your review of moderation of claim {claim.claim_number} has a reviewer",
        body=f"{body_name()} has given your review of claim {claim.claim_number} to an "
        f"examiner-moderator who did not moderate it. We will email you their decisions.\n\n"
        f"{quote(claim)}\nSee the claim: {link('claims:view-claim', claim.pk)}\n",
    )


def review_completed(review: Review, items: Iterable[tuple[ReviewItem, str]]) -> None:
    claim = review.claim
    lines = "\n".join(f"- {what}" for _, what in items) or "- None."
    notices.create(
        key=f"review-completed:{review.pk}",
        kind="review_completed",
        to=centre_addresses(claim),
        about=claim,
        subject=f"Review of moderation completed: claim {claim.claim_number}",
        body=f"The review of the examiner-moderator's decisions on claim {claim.claim_number} "
        f"is complete.\n\nDecisions:\n{lines}\n\n{quote(claim)}\n"
        f"See the claim: {link('claims:view-claim', claim.pk)}\n",
    )
