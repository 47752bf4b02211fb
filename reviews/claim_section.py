"""The review of moderation on the centre's View claim: its status and each decision."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from claims.models import Claim

from . import selectors
from .wording import item_line


def review_on_claim(request: HttpRequest, claim: Claim) -> SafeString | str:
    review = selectors.latest_review(claim)
    if review is None:
        return ""
    lines = [item_line(item, item.claimed_unit) for item in selectors.items_of(review)]
    return render_to_string(
        "reviews/_on_claim.html", {"review": review, "lines": lines}, request=request
    )
