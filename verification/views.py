"""Pages of external verification: the verifier's visits and reports, the centre's External
verifier reports, and operations granting direct claim status on the verifiers' advice.

Thin: parse input, call a selector or an action, render. Selectors raise NotFound for anything
the user may not see, which the middleware turns into the 404 page.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts import actions as account_actions
from accounts.models import User
from accounts.permissions import awarding_body_page, centre_page, operations_page, verifier_page
from common.forms import form_page
from common.pages import bounded_page

from . import actions, selectors
from .forms import DirectClaimStatusForm, VerifierReportForm
from .models import VerifierReport

#: Approvals a page of Direct claim status: read a page at a time, never counted in full.
DIRECT_CLAIM_STATUS_PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# External verifiers


@awarding_body_page(selectors.verifier_now_or_before)
def verification(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.reports_by_verifier(user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "verification/verification.html",
        {"assignments": selectors.verifier_assignments(user), "page": page},
    )


@verifier_page
@require_http_methods(["GET", "POST"])
def verifier_report_new(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = _user(request)
    assignment = selectors.get_verifier_assignment(user=user, assignment_id=assignment_id)

    def saved(report: VerifierReport) -> HttpResponse:
        messages.success(
            request, f"Report saved. Centre {assignment.centre.number} has been emailed."
        )
        return redirect("verification:verifier-report", report_id=report.pk)

    return form_page(
        request,
        VerifierReportForm(request.POST or None),
        lambda data: actions.record_verifier_report(
            assignment_id=assignment.pk,
            visit_date=data["visit_date"],
            actions=data["actions"],
            recommendations=data["recommendations"],
            sanction_level=data["sanction_level"],
            recommends_direct_claim_status=data["recommends_direct_claim_status"] == "yes",
            acting_user=user,
        ),
        template="verification/verifier_report_form.html",
        context={"assignment": assignment},
        done=saved,
    )


@login_required
def verifier_report(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.get_verifier_report(user=_user(request), report_id=report_id)
    return render(request, "verification/verifier_report.html", {"report": report})


# The centre's side: Centre information, External verifier reports


@centre_page()
def centre_verifier_reports(request: HttpRequest) -> HttpResponse:
    reports = selectors.centre_verifier_reports(membership=request.membership)  # type: ignore[attr-defined]
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    return render(request, "verification/centre/verifier_reports.html", {"page": page})


@centre_page()
def centre_verifier_report(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.get_centre_verifier_report(
        membership=request.membership,  # type: ignore[attr-defined]
        report_id=report_id,
    )
    return render(
        request, "verification/verifier_report.html", {"report": report, "for_centre": True}
    )


# Operations: direct claim status


@operations_page
def direct_claim_status(request: HttpRequest) -> HttpResponse:
    approvals = selectors.approvals_for_operations(user=_user(request))
    page = bounded_page(approvals, DIRECT_CLAIM_STATUS_PAGE_SIZE, request.GET.get("page"))
    return render(request, "verification/operations/direct_claim_status.html", {"page": page})


@operations_page
@require_http_methods(["GET", "POST"])
def direct_claim_status_change(request: HttpRequest, approval_id: int) -> HttpResponse:
    user = _user(request)
    approval = selectors.get_approval(user=user, approval_id=approval_id)
    grant = not approval.direct_claim_status

    def changed(_: Any) -> HttpResponse:
        messages.success(
            request,
            f"Direct claim status {'granted to' if grant else 'removed from'} centre "
            f"{approval.centre.number} for {approval.qualification.code}",
        )
        return redirect("verification:direct-claim-status")

    return form_page(
        request,
        DirectClaimStatusForm(request.POST or None),
        lambda data: account_actions.set_direct_claim_status(
            approval_id=approval.pk, direct=grant, reason=data["reason"], acting_user=user
        ),
        template="verification/operations/direct_claim_status_change.html",
        context=lambda: {
            "approval": approval,
            "grant": grant,
            "reports": selectors.latest_reports_for(user=user, approval=approval),
        },
        done=changed,
    )
