"""Operations' Claims to process: Finalised claims, processed one at a time or all at once.

Thin: the selector lists the claims, the action processes them and reports what it did.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import operations_page
from common.forms import run_action

from . import actions, selectors


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@operations_page
def claims_to_process(request: HttpRequest) -> HttpResponse:
    claims = selectors.claims_to_process(user=_user(request))
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    rows = selectors.to_process_rows(page)
    return render(request, "results/operations/to_process.html", {"page": page, "rows": rows})


def _report_processing(request: HttpRequest, report: actions.ProcessingReport) -> None:
    """The processing run's report as banners: what was processed, and each claim the run
    passed over with why (the run itself succeeded)."""
    if report.processed:
        numbers = ", ".join(str(c.claim_number) for c in report.processed)
        messages.success(request, f"Processed: claim {numbers}")
    for claim, reason in report.refused:
        messages.warning(request, f"Claim {claim.claim_number} not processed: {reason}")
    if not report.processed and not report.refused:
        messages.info(request, "There were no finalised claims to process")


@operations_page
@require_POST
def process_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    done = run_action(
        lambda: actions.process_one_claim(claim_id=claim_id, acting_user=_user(request)),
        request=request,
    )
    if done.value is not None:
        messages.success(request, f"Processed: claim {done.value.claim_number}")
    return redirect("results:claims-to-process")


@operations_page
@require_POST
def process_all(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    ids = selectors.processable_claim_ids(user=user)
    _report_processing(request, actions.process_claims(claim_ids=ids, acting_user=user))
    return redirect("results:claims-to-process")
