"""Operations' Malpractice cases: the list (open or closed) and a case's page, where its
outcome is recorded. Thin: the selectors read, `actions.close_case` decides."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.permissions import operations_page
from common.forms import form_page

from . import actions, selectors
from .forms import CaseFilterForm, CaseOutcomeForm


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@operations_page
@require_GET
def malpractice_cases(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    shown = form.cleaned_data["shown"] if form.is_valid() and form.cleaned_data["shown"] else "open"
    cases = selectors.malpractice_cases(user=_user(request), shown=shown)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "results/operations/malpractice_cases.html",
        {"page": page, "shown": shown},
    )


@operations_page
@require_http_methods(["GET", "POST"])
def malpractice_case(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = selectors.malpractice_case(user=user, case_id=case_id)

    def closed(result: actions.ClosedCase) -> HttpResponse:
        candidate = result.case.claim_candidate.candidate
        messages.success(
            request,
            f"Case closed: {result.case.get_status_display().lower()} for {candidate.name}. "
            "The centre has been emailed.",
        )
        return redirect("results:malpractice-case", case_id=case_id)

    return form_page(
        request,
        CaseOutcomeForm(request.POST or None),
        lambda data: actions.close_case(
            case_id=case.pk,
            outcome=data["outcome"],
            sanction=data["sanction"],
            notes=data["notes"],
            acting_user=user,
        ),
        template="results/operations/malpractice_case.html",
        context={"case": case},
        done=closed,
    )
