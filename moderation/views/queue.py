"""The moderator's queue and claim page, and operations' overdue claims."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import awarding_body_page, moderates, moderator_page, operations_page

from .. import selectors
from .base import claim_context, moderated_claim, user_of

OVERDUE_PAGE_SIZE = 50


@awarding_body_page(selectors.moderator_now_or_before)
def queue(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    rows = selectors.moderator_queue(user=user)
    history = Paginator(selectors.moderated_history(user=user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "moderation/queue.html",
        {"rows": rows, "history": history, "assigned": moderates(user)},
    )


@moderator_page
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = moderated_claim(request, claim_id)
    return render(request, "moderation/claim.html", claim_context(claim))


@operations_page
def overdue(request: HttpRequest) -> HttpResponse:
    claims = selectors.overdue_claims(user=user_of(request))
    page = Paginator(claims, OVERDUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.summary_rows(page)
    return render(request, "moderation/operations/overdue.html", {"page": page, "rows": rows})
