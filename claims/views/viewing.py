"""View claim, submitting it, and its downloads (CSV, PDF, cover sheets)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.messages import operations_contact
from accounts.permissions import can_claim, centre_page
from common.errors import NotFound
from common.forms import form_page

from .. import actions, pdf, sections, selectors
from ..contents import claim_contents
from ..exports import claim_csv_response, claim_filename
from ..forms import SubmitClaimForm
from ..grid import CANDIDATE_NUMBER, claim_grid
from ..models import Claim, ClaimStatus
from ..progress import progress_for_claim
from ..progress_rows import progress_rows
from .access import claim_of, membership_of, user_of


def _candidate_href(request: HttpRequest, claim: Claim) -> str:
    """Where each name on the grid links while the claim can be changed: the candidate's
    claim page; nowhere once it is submitted."""
    if not (claim.is_draft and can_claim(membership_of(request))):
        return ""
    return reverse("claims:candidate-claim", args=[claim.pk, CANDIDATE_NUMBER])


def _view_claim_context(
    request: HttpRequest,
    claim: Claim,
    submission: selectors.Submission | None = None,
    *,
    links: bool = True,
) -> dict[str, Any]:
    contents = claim_contents(claim)
    progress = progress_for_claim(claim, contents)
    submission = submission or selectors.submission_for(claim=claim, contents=contents)
    grid = claim_grid(
        claim, contents, candidate_href=_candidate_href(request, claim) if links else ""
    )
    context: dict[str, Any] = {
        "claim": claim,
        "label": claim.claim_number or ClaimStatus.DRAFT.label,
        "grid": grid,
        "parts": grid.print_parts(),
        "legend": grid.legend,
        "awarding_body": settings.AWARDING_BODY_NAME,
        "assessor": submission.assessor,
        "submit_label": submission.submit_label,
        "checks": submission.checks,
        "progress_rows": progress_rows(contents, progress),
        # A graded qualification's progress says each candidate's grade too: a longer column.
        "progress_graded": any(p.course is not None for p in progress.values()),
        "held": [] if claim.is_draft else selectors.held_candidates(claim),
        "sections": sections.rendered(request, claim) if links else [],
    }
    if selectors.overdue(claim):
        context.update(overdue=True, overdue_contact=operations_contact())
    if claim.is_draft:
        context["form"] = SubmitClaimForm(
            initial={"submitter_email": user_of(request).email},
            declaration=submission.declaration_needed,
        )
    return context


@centre_page()
def view_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    """View claim: the grid, totals, checks before submitting and the submission details.

    Printed from the browser, the page prints the grid in parts, as "Print page" does.
    """
    claim = claim_of(request, claim_id)
    return render(request, "claims/view_claim.html", _view_claim_context(request, claim))


@centre_page()
def view_claim_print(request: HttpRequest, claim_id: int) -> HttpResponse:
    """ "Print page": the claim alone, its grid in parts of as many unit columns as fit across
    the paper, each repeating the candidates' names and numbers, then the totals and the
    submission details."""
    claim = claim_of(request, claim_id)
    return render(
        request,
        "claims/view_claim_print.html",
        _view_claim_context(request, claim, links=False),
    )


@centre_page()
@require_POST
def submit_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The "Submit to assessor" button: first the warning page ("Are you sure?"), once the
    action finds nothing that stops the claim; its "Yes" submits the claim."""
    claim = claim_of(request, claim_id)
    if not claim.is_draft:
        messages.info(request, f"Claim {claim.claim_number} has already been submitted")
        return redirect("claims:submitted", claim_id=claim.pk)
    submission = selectors.submission_for(claim=claim)
    form = SubmitClaimForm(request.POST, declaration=submission.declaration_needed)
    confirmed = request.POST.get("confirmed") == "yes"

    def submit(data: dict[str, Any]) -> Claim:
        return actions.submit_claim(
            membership=membership_of(request),
            claim_id=claim.pk,
            submitter_email=data["submitter_email"],
            declaration=data.get("declaration", False),
            acting_user=user_of(request),
            check_only=not confirmed,
        )

    def done(submitted: Claim) -> HttpResponse:
        if not confirmed:
            return render(
                request,
                "claims/submit_confirm.html",
                {"claim": claim, "form": form, "submit_label": submission.submit_label},
            )
        return redirect("claims:submitted", claim_id=submitted.pk)

    return form_page(
        request,
        form,
        submit,
        template="claims/view_claim.html",
        context=lambda: _view_claim_context(request, claim, submission),
        done=done,
    )


@centre_page()
def claim_submitted(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The confirmation page: "Claim submitted" and its claim number."""
    claim = claim_of(request, claim_id)
    if claim.is_draft:
        return redirect("claims:view-claim", claim_id=claim.pk)
    return render(
        request,
        "claims/submitted.html",
        {
            "claim": claim,
            "assessor": selectors.claim_assessor(claim),
            "awarding_body": settings.AWARDING_BODY_NAME,
        },
    )


# centre_page is typed for HttpResponse; a streamed download is its sibling StreamingHttpResponse.
@centre_page()  # type: ignore[arg-type]
def claim_csv(request: HttpRequest, claim_id: int) -> StreamingHttpResponse:
    """The claim's "Download claim as csv file"."""
    return claim_csv_response(claim_of(request, claim_id))


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@centre_page()
def claim_pdf(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The claim's "Download claim as PDF": every claimed unit appears, however many."""
    claim = claim_of(request, claim_id)
    return _pdf_response(pdf.claim_pdf(claim), claim_filename(claim, "pdf"))


@centre_page()
def cover_sheets(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The claim's "Download cover sheets (PDF)": a submission cover sheet per candidate."""
    claim = claim_of(request, claim_id)
    if claim.is_draft:
        raise NotFound("Cover sheets are ready once the claim is submitted")
    label = claim_filename(claim, "pdf").replace("-claim-", "-cover-sheets-")
    return _pdf_response(pdf.cover_sheets_pdf(claim), label)
