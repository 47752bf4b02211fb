"""The reviewer's pages: the reviews given to them, one review, a decision on one item, and
completing the review."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.permissions import moderator_page
from common.forms import form_page, run_action

from .. import actions, selectors
from ..forms import DecisionForm
from ..models import Review, ReviewItem
from ..wording import item_line, what_it_is, what_it_was

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@moderator_page
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.reviewer_reviews(_user(request)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "reviews/reviewer/list.html", {"page": page})


def _review_page(request: HttpRequest, found: Review, status: int = 200) -> HttpResponse:
    items = selectors.items_of(found)
    rows = [
        {
            "item": item,
            "unit": item.claimed_unit,
            "before": what_it_was(item),
            "now": what_it_is(item, item.claimed_unit),
        }
        for item in items
    ]
    return render(
        request,
        "reviews/reviewer/review.html",
        {
            "review": found,
            "rows": rows,
            "undecided": sum(not item.is_decided for item in items),
        },
        status=status,
    )


@moderator_page
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    # The review is looked up first: another's review is not found, whatever the method.
    found = selectors.get_reviewer_review(_user(request), review_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _review_page(request, found)


@moderator_page
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, review_id: int, item_id: int) -> HttpResponse:
    user = _user(request)
    found = selectors.get_reviewer_review(user, review_id)
    item = selectors.get_reviewer_item(found, item_id)
    unit = item.claimed_unit
    form = DecisionForm(request.POST if request.method == "POST" else None, unit=unit.unit)

    def decide_item(data: dict[str, str]) -> ReviewItem:
        return actions.decide_item(
            acting_user=user,
            review_id=found.pk,
            item_id=item.pk,
            decision=data["decision"],
            grade=data.get("grade", ""),
            reason=data["reason"],
        )

    def done(decided: ReviewItem) -> HttpResponse:
        messages.success(request, f"Decision saved: {item_line(decided, decided.claimed_unit)}")
        return redirect("reviews:reviewer-review", review_id=found.pk)

    return form_page(
        request,
        form,
        decide_item,
        template="reviews/reviewer/decide.html",
        context={
            "review": found,
            "item": item,
            "unit": unit,
            "before": what_it_was(item),
            "claimed": (unit.original_grade or unit.grade) if unit.unit.is_graded else "Pass",
        },
        done=done,
    )


@moderator_page
@require_POST
def complete(request: HttpRequest, review_id: int) -> HttpResponse:
    user = _user(request)
    found = selectors.get_reviewer_review(user, review_id)
    done = run_action(
        lambda: actions.complete_review(acting_user=user, review_id=found.pk), request=request
    )
    if done:
        messages.success(
            request,
            f"Review of claim {found.claim.claim_number} completed. The centre has been emailed "
            "the decisions.",
        )
        return redirect("reviews:reviewer-review", review_id=found.pk)
    return _review_page(request, selectors.get_reviewer_review(user, review_id), status=done.status)
