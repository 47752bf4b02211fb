"""Operations' Reviews: the reviews by status, and one review, where its reviewer is chosen."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.permissions import operations_page
from common.forms import form_page

from .. import actions, selectors
from ..forms import AssignForm
from ..models import Review, ReviewStatus
from ..wording import item_line

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@operations_page
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status", "")
    if status not in ReviewStatus.values:
        status = ReviewStatus.REQUESTED
    page = Paginator(selectors.operations_reviews(user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = selectors.operations_counts(user)
    tabs = [(value, label, counts[value]) for value, label in ReviewStatus.choices]
    return render(
        request,
        "reviews/operations/list.html",
        {
            "page": page,
            "status": status,
            "status_label": ReviewStatus(status).label,
            "tabs": tabs,
            "extra_query": f"status={status}&",
            "section": "reviews",
        },
    )


@operations_page
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    user = _user(request)
    found = selectors.get_operations_review(user, review_id)
    reviewers = selectors.reviewer_choices(user, found)
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        reviewers=[(r.pk, f"{r.full_name} ({r.email})") for r in reviewers],
        initial={"reviewer": found.reviewer_id},
    )

    def assign(data: dict[str, int]) -> Review:
        return actions.assign_reviewer(
            acting_user=user, review_id=found.pk, reviewer_id=data["reviewer"]
        )

    def done(assigned: Review) -> HttpResponse:
        name = assigned.reviewer.full_name if assigned.reviewer else ""
        messages.success(
            request,
            f"Review of claim {found.claim.claim_number} given to {name}. "
            "They and the centre have been emailed.",
        )
        return redirect("reviews:operations-review", review_id=found.pk)

    def context() -> dict[str, object]:
        items = selectors.items_of(found)
        return {
            "review": found,
            "lines": [item_line(item, item.claimed_unit) for item in items],
            "can_assign": found.is_open and not any(item.is_decided for item in items),
            "section": "reviews",
        }

    return form_page(
        request,
        form,
        assign,
        template="reviews/operations/review.html",
        context=context,
        done=done,
    )
