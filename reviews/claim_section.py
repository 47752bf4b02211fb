"""The review of moderation on the centre's View claim: its status and each decision, and the
way to ask for one while the claim's centre may."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from accounts.permissions import can_claim
from claims.models import Claim

from . import selectors
from .wording import item_line


def review_on_claim(request: HttpRequest, claim: Claim) -> SafeString | str:
    review = selectors.latest_review(claim)
    window = selectors.review_window(claim, review)
    centre = can_claim(getattr(request, "membership", None))
    can_ask = window.can_ask and centre
    closed = centre and window.closes_at is not None and not window.can_ask
    if review is None and not can_ask and not closed:
        return ""
    lines = (
        [item_line(item, item.claimed_unit) for item in selectors.items_of(review)]
        if review is not None
        else []
    )
    return render_to_string(
        "reviews/_on_claim.html",
        {
            "claim": claim,
            "review": review,
            "lines": lines,
            "window": window,
            "can_ask": can_ask,
            "closed": closed and not window.open_review,
        },
        request=request,
    )
