"""The centre's side of moderation in Centre information: its claims with the moderator and
the examiner-moderator reports issued to it (on the page and as a PDF)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import centre_page

from .. import selectors
from ..pdf import feedback_report_pdf


@centre_page()
def centre_information(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    return render(
        request,
        "moderation/centre/index.html",
        {"rows": selectors.centre_claims_awaiting_work(membership=membership)},
    )


@centre_page()
def centre_moderator_reports(request: HttpRequest) -> HttpResponse:
    reports = selectors.centre_feedback_reports(membership=request.membership)  # type: ignore[attr-defined]
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    return render(request, "moderation/centre/moderator_reports.html", {"page": page})


@centre_page()
def centre_moderator_report(request: HttpRequest, claim_id: int) -> HttpResponse:
    report = selectors.get_centre_feedback_report(
        membership=request.membership,  # type: ignore[attr-defined]
        claim_id=claim_id,
    )
    return render(
        request,
        "moderation/centre/moderator_report.html",
        {
            "report": report,
            "claim": report.claim,
            "adjustments": selectors.adjustments(report.claim, for_centre=True),
        },
    )


@centre_page()
def centre_moderator_report_pdf(request: HttpRequest, claim_id: int) -> HttpResponse:
    report = selectors.get_centre_feedback_report(
        membership=request.membership,  # type: ignore[attr-defined]
        claim_id=claim_id,
    )
    pdf = feedback_report_pdf(report, selectors.adjustments(report.claim, for_centre=True))
    claim = report.claim
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{claim.centre.number}-{claim.qualification.code}-'
        f'claim-{claim.claim_number}-report.pdf"'
    )
    return response
