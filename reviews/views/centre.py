"""The centre's "Ask for a review of moderation" on a Finalised or Processed claim."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.models import Membership, User
from accounts.permissions import centre_page
from claims.selectors import get_claim
from common.forms import form_page
from common.wording import count

from .. import actions, selectors
from ..forms import RequestForm
from ..models import Review
from ..wording import state_words


@centre_page()
@require_http_methods(["GET", "POST"])
def request_review(request: HttpRequest, claim_id: int) -> HttpResponse:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    user: User = request.user  # type: ignore[assignment]
    claim = get_claim(membership=membership, claim_id=claim_id)
    window = selectors.review_window(claim, selectors.latest_review(claim))
    units = selectors.changed_units(claim)
    candidates = selectors.reviewable_candidates(claim)
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        candidates=[(cc.pk, f"{cc.candidate.name} ({cc.candidate.number})") for cc in candidates],
        units=[
            (
                u.pk,
                f"{u.claim_candidate.candidate.name}, unit {u.unit.number} {u.unit.title}: "
                f"{state_words(u.state, u.grade)}",
            )
            for u in units
        ],
    )

    def ask(data: dict[str, object]) -> Review:
        return actions.request_review(
            membership=membership,
            acting_user=user,
            claim_id=claim.pk,
            claim_candidate_ids=data["candidates"],  # type: ignore[arg-type]
            claimed_unit_ids=data.get("claimed_units", []),  # type: ignore[arg-type]
            reason=str(data["reason"]),
        )

    def done(review: Review) -> HttpResponse:
        messages.success(
            request,
            f"Review of moderation asked for on claim {claim.claim_number}. "
            f"{count(review.items.count(), 'decision')} to review: we will email you when a "
            "reviewer is given it and when it is complete.",
        )
        return redirect(f"{reverse('claims:view-claim', args=[claim.pk])}#review")

    return form_page(
        request,
        form,
        ask,
        template="reviews/request.html",
        context={"claim": claim, "window": window},
        done=done,
    )
