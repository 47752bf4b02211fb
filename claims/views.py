"""Certification claim pages of a centre. Thin: parse, call a selector or action, render."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Approval, Membership, User
from accounts.permissions import centre_page
from audit.changes import readable_changes
from candidates.models import Candidate
from candidates.selectors import get_candidate
from catalogue.selectors import approval_for
from common.errors import Conflict, DomainError, NotFound
from common.forms import add_domain_error

from . import actions, history_log, pdf, selectors
from .checks import claim_checks
from .contents import claim_contents
from .exports import claim_csv_response, claim_filename
from .forms import (
    AssessorForm,
    FindCandidateForm,
    OtherAwardingBodyUnitForm,
    SubmitClaimForm,
    UnitRowsForm,
)
from .grid import LEGEND, claim_grid
from .models import Claim, ClaimStatus, UnitState
from .progress import progress_for_candidate, progress_for_claim
from .progress_rows import progress_rows
from .unit_rows import unit_rows_html

SEARCH_PAGE_SIZE = 50


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _claim(request: HttpRequest, claim_id: int) -> Claim:
    # NotFound becomes the 404 page (common.middleware): another centre's claim is not found.
    return selectors.get_claim(membership=_membership(request), claim_id=claim_id)


def _candidate(request: HttpRequest, number: str) -> Candidate:
    return get_candidate(membership=_membership(request), number=number)


@centre_page()
def make_claim(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    rows = selectors.make_claim_rows(membership=_membership(request), query=query)
    return render(request, "claims/make_claim.html", {"rows": rows, "query": query})


@centre_page()
@require_POST
def create_claim(request: HttpRequest, code: str) -> HttpResponse:
    """ "Create": the claim in progress, after the centre assessors when there are none yet."""
    membership = _membership(request)
    qualification = selectors.get_claimable_qualification(membership=membership, code=code)
    if (
        selectors.draft_claim_for(membership=membership, qualification=qualification) is None
        and not selectors.assessors_for(membership=membership, qualification=qualification).exists()
    ):
        return redirect("claims:assessors", code=qualification.code)
    try:
        claim, _ = actions.create_claim(
            acting=membership,
            qualification=qualification,
            acting_user=request.user,  # type: ignore[arg-type]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("claims:assessors", code=qualification.code)
    return redirect("claims:edit-claim", claim_id=claim.pk)


@centre_page()
@require_http_methods(["GET", "POST"])
def assessors(request: HttpRequest, code: str) -> HttpResponse:
    """Set up centre assessors for a qualification, and list them ("View centre assessors")."""
    membership = _membership(request)
    qualification = selectors.get_claimable_qualification(membership=membership, code=code)
    form = AssessorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessor = actions.add_centre_assessor(
                acting=membership,
                qualification=qualification,
                name=form.cleaned_data["name"],
                initials=form.cleaned_data["initials"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Centre assessor {assessor} set up for {code}")
            return redirect("claims:assessors", code=qualification.code)
    return render(
        request,
        "claims/assessors.html",
        {
            "form": form,
            "qualification": qualification,
            "assessors": selectors.assessors_for(
                membership=membership, qualification=qualification
            ),
            "draft": selectors.draft_claim_for(membership=membership, qualification=qualification),
        },
    )


@centre_page()
@require_http_methods(["GET", "POST"])
def assessor_edit(request: HttpRequest, code: str, assessor_id: int) -> HttpResponse:
    membership = _membership(request)
    qualification = selectors.get_claimable_qualification(membership=membership, code=code)
    assessor = selectors.get_assessor(
        membership=membership, qualification=qualification, assessor_id=assessor_id
    )
    form = AssessorForm(
        request.POST or None, initial={"name": assessor.name, "initials": assessor.initials}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_centre_assessor(
                acting=membership,
                assessor=assessor,
                name=form.cleaned_data["name"],
                initials=form.cleaned_data["initials"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Centre assessor {assessor} saved")
            return redirect("claims:assessors", code=qualification.code)
    return render(
        request,
        "claims/assessor_edit.html",
        {"form": form, "qualification": qualification, "assessor": assessor},
    )


@centre_page()
def edit_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Edit claim: find a candidate to add, or edit one already on the claim."""
    membership = _membership(request)
    claim = _claim(request, claim_id)
    if not claim.is_draft:
        return redirect("claims:view-claim", claim_id=claim.pk)
    searched = "q" in request.GET
    form = FindCandidateForm(request.GET if searched else None)
    query: str | None = None
    entered = False
    if searched and form.is_valid():
        query = form.cleaned_data["q"].strip()
        entered = form.cleaned_data["entered"]
    candidates = selectors.claim_candidate_search(
        membership=membership, claim=claim, query=query, entered_only=entered
    )
    page = Paginator(candidates, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/edit_claim.html",
        {
            "claim": claim,
            "form": form,
            "page": page,
            "query": query,
            "searched": query is not None,
            # The pagination links keep the search (the template escapes the "&").
            "extra_query": ("q=&" if query == "" else "") + ("entered=on&" if entered else ""),
        },
    )


def _candidate_claim_page(
    request: HttpRequest,
    current: selectors.CandidateClaim,
    form: UnitRowsForm,
    *,
    stale: bool = False,
    status: int = 200,
) -> HttpResponse:
    claim = current.claim
    moderator = selectors.moderator_of(claim)
    # Progress is for the saved claim: the units on it now, not unsaved choices on the form.
    progress = progress_for_candidate(
        current.candidate,
        claim.qualification,
        [c for c in current.claimed_units if c.state in UnitState.counting()],
        claim=claim,
    )
    rows = form.rows()
    return render(
        request,
        "claims/candidate_claim.html",
        {
            "claim": claim,
            "current": current,
            "candidate": current.candidate,
            "form": form,
            "rows": rows,
            "rows_html": unit_rows_html(rows, readonly=not claim.is_draft),
            "moderator": moderator,
            "awarding_body": settings.AWARDING_BODY_NAME,
            "stale": stale,
            "readonly": not claim.is_draft,
            "progress": progress,
        },
        status=status,
    )


@centre_page()
@require_http_methods(["GET", "POST"])
def candidate_claim(request: HttpRequest, claim_id: int, number: str) -> HttpResponse:
    """A candidate's units on the claim: "Save claim" saves them all at once, or nothing."""
    membership = _membership(request)
    claim = _claim(request, claim_id)
    candidate = _candidate(request, number)
    current = selectors.candidate_claim(membership=membership, claim=claim, candidate=candidate)
    if request.method != "POST":
        return _candidate_claim_page(request, current, UnitRowsForm(current))
    form = UnitRowsForm(current, request.POST)
    try:
        saved = actions.save_candidate_claim(
            acting=membership,
            claim=claim,
            candidate=candidate,
            choices=form.choices,
            version=request.POST.get("version", ""),
            acting_user=request.user,  # type: ignore[arg-type]
        )
    except actions.StaleCandidate as error:
        # Show what is saved now, keep the user's choices, and let them save again over it.
        current = selectors.candidate_claim(membership=membership, claim=claim, candidate=candidate)
        form = UnitRowsForm(current, request.POST)
        form.add_error(error.message)
        return _candidate_claim_page(request, current, form, stale=True, status=409)
    except actions.UnitErrors as error:
        form.add_row_errors(error.errors)
        return _candidate_claim_page(request, current, form)
    except Conflict as error:
        claim.refresh_from_db()
        form.add_error(error.message)
        return _candidate_claim_page(request, current, form, status=409)
    if saved is None:
        messages.success(request, f"{candidate.name} was removed from the claim")
        return redirect("claims:edit-claim", claim_id=claim.pk)
    messages.success(request, f"Claim saved for {candidate.name}")
    return redirect("claims:candidate-claim", claim_id=claim.pk, number=candidate.number)


def _other_units_context(
    request: HttpRequest, claim: Claim, candidate: Candidate
) -> selectors.CandidateClaim:
    if not claim.qualification.allows_other_awarding_body_units:
        raise NotFound("Units from another awarding body do not count for this qualification")
    return selectors.candidate_claim(
        membership=_membership(request), claim=claim, candidate=candidate
    )


@centre_page()
@require_http_methods(["GET", "POST"])
def other_units(request: HttpRequest, claim_id: int, number: str) -> HttpResponse:
    """Add units from another awarding body (only where the qualification allows them)."""
    claim = _claim(request, claim_id)
    candidate = _candidate(request, number)
    current = _other_units_context(request, claim, candidate)
    form = OtherAwardingBodyUnitForm(
        request.POST or None, units=current.addable_units, assessors=current.assessors
    )
    if request.method == "POST" and form.is_valid():
        try:
            claimed = actions.add_other_awarding_body_unit(
                acting=_membership(request),
                claim=claim,
                candidate=candidate,
                unit_number=form.cleaned_data["unit"],
                assessor_id=form.cleaned_data["assessor"],
                awarding_body=form.cleaned_data["awarding_body"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, f"Unit {claimed.unit.number} from {claimed.awarding_body} added"
            )
            return redirect("claims:other-units", claim_id=claim.pk, number=candidate.number)
    return render(
        request,
        "claims/other_units.html",
        {
            "claim": claim,
            "candidate": candidate,
            "current": current,
            "form": form,
            "awarding_body": settings.AWARDING_BODY_NAME,
            "readonly": not claim.is_draft,
        },
    )


@centre_page()
@require_POST
def other_unit_remove(
    request: HttpRequest, claim_id: int, number: str, claimed_unit_id: int
) -> HttpResponse:
    claim = _claim(request, claim_id)
    candidate = _candidate(request, number)
    _other_units_context(request, claim, candidate)
    try:
        actions.remove_other_awarding_body_unit(
            acting=_membership(request),
            claim=claim,
            candidate=candidate,
            claimed_unit_id=claimed_unit_id,
            acting_user=request.user,  # type: ignore[arg-type]
        )
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Unit removed")
    return redirect(
        reverse("claims:other-units", kwargs={"claim_id": claim.pk, "number": candidate.number})
    )


BLOCKED_MESSAGE = (
    "This claim cannot be submitted until the problems under 'Checks before submitting' are "
    "put right"
)


def _submit_label(approval: Approval | None) -> str:
    """The button: to the awarding body with direct claim status (no moderation), else to the
    assessor."""
    if approval is not None and approval.direct_claim_status:
        return f"Submit to {settings.AWARDING_BODY_NAME}"
    return "Submit to assessor"


def _view_claim_context(
    request: HttpRequest, claim: Claim, form: SubmitClaimForm | None = None
) -> dict[str, Any]:
    approval = approval_for(claim.centre, claim.qualification)
    direct = bool(approval and approval.direct_claim_status)
    contents = claim_contents(claim)
    grid = claim_grid(claim, contents)
    context: dict[str, Any] = {
        "claim": claim,
        "label": claim.claim_number or ClaimStatus.DRAFT.label,
        "grid": grid,
        "legend": LEGEND,
        "awarding_body": settings.AWARDING_BODY_NAME,
        "moderator": claim.moderator if claim.moderator_id else selectors.moderator_of(claim),
        "direct": direct,
        "submit_label": _submit_label(approval),
        "progress_rows": progress_rows(contents, progress_for_claim(claim, contents)),
    }
    if claim.is_draft:
        context["checks"] = claim_checks(claim, contents)
        context["form"] = form or SubmitClaimForm(
            initial={"submitter_email": request.user.email},  # type: ignore[union-attr]
            declaration=actions.needs_declaration(claim, approval),
        )
    return context


@centre_page()
def view_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    """View claim: the grid, totals, checks before submitting and the submission details.

    With ?print=1, the same claim laid out for printing on its own ("Print page").
    """
    claim = _claim(request, claim_id)
    context = _view_claim_context(request, claim)
    if request.GET.get("print"):
        return render(request, "claims/view_claim_print.html", context)
    return render(request, "claims/view_claim.html", context)


@login_required
def claim_history_log(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The claim's History: every recorded change, for its centre and its examiner-moderator."""
    membership: Membership | None = request.membership  # type: ignore[attr-defined]
    user: User = request.user  # type: ignore[assignment]
    claim = history_log.claim_for_history(user=user, membership=membership, claim_id=claim_id)
    if not history_log.may_see_claim_history(user=user, membership=membership, claim=claim):
        # Someone at the claim's centre without a claims role: say which roles open it.
        return render(
            request, "accounts/claims_role_needed.html", {"membership": membership}, status=403
        )
    events = history_log.events_for_claim(user=user, membership=membership, claim=claim)
    page = Paginator(events, 25).get_page(request.GET.get("page"))
    rows = [(event, readable_changes(event.changes)) for event in page]
    as_moderator = claim.moderator_id == user.pk and not (
        membership is not None and membership.centre_id == claim.centre_id
    )
    return render(
        request,
        "claims/history_log.html",
        {"claim": claim, "page": page, "rows": rows, "as_moderator": as_moderator},
    )


# centre_page is typed for HttpResponse; a streamed download is its sibling StreamingHttpResponse.
@centre_page()  # type: ignore[arg-type]
def claim_csv(request: HttpRequest, claim_id: int) -> StreamingHttpResponse:
    """The claim's "Download claim as csv file"."""
    return claim_csv_response(_claim(request, claim_id))


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@centre_page()
def claim_pdf(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The claim's "Download claim as PDF": every claimed unit appears, however many."""
    claim = _claim(request, claim_id)
    return _pdf_response(pdf.claim_pdf(claim), claim_filename(claim, "pdf"))


@centre_page()
def cover_sheets(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The claim's "Download cover sheets (PDF)": a submission cover sheet per candidate."""
    claim = _claim(request, claim_id)
    if claim.is_draft:
        raise NotFound("Cover sheets are ready once the claim is submitted")
    label = claim_filename(claim, "pdf").replace("-claim-", "-cover-sheets-")
    return _pdf_response(pdf.cover_sheets_pdf(claim), label)


@centre_page()
@require_POST
def submit_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The "Submit to assessor" button: first the warning page; its "Yes" submits the claim."""
    membership = _membership(request)
    claim = _claim(request, claim_id)
    if not claim.is_draft:
        messages.info(request, f"Claim {claim.claim_number} has already been submitted")
        return redirect("claims:submitted", claim_id=claim.pk)
    approval = approval_for(claim.centre, claim.qualification)
    form = SubmitClaimForm(request.POST, declaration=actions.needs_declaration(claim, approval))
    form.is_valid()
    if claim_checks(claim).blocking:
        form.add_error(None, BLOCKED_MESSAGE)
    if form.errors:
        return render(request, "claims/view_claim.html", _view_claim_context(request, claim, form))
    if request.POST.get("confirmed") != "yes":
        return render(
            request,
            "claims/submit_confirm.html",
            {
                "claim": claim,
                "form": form,
                "submit_label": _submit_label(approval),
            },
        )
    try:
        actions.submit_claim(
            claim=claim,
            acting_user=request.user,  # type: ignore[arg-type]
            membership=membership,
            submitter_email=form.cleaned_data["submitter_email"],
            declaration=form.cleaned_data.get("declaration", False),
        )
    except actions.AlreadySubmitted:
        messages.info(request, "This claim had already been submitted")
        return redirect("claims:submitted", claim_id=claim.pk)
    except DomainError as error:
        add_domain_error(form, error)
        return render(
            request,
            "claims/view_claim.html",
            _view_claim_context(request, claim, form),
            status=409 if isinstance(error, Conflict) else 200,
        )
    return redirect("claims:submitted", claim_id=claim.pk)


@centre_page()
def claim_submitted(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The confirmation page: "Claim submitted" and its claim number."""
    claim = _claim(request, claim_id)
    if claim.is_draft:
        return redirect("claims:view-claim", claim_id=claim.pk)
    return render(
        request,
        "claims/submitted.html",
        {
            "claim": claim,
            "moderator": claim.moderator,
            "awarding_body": settings.AWARDING_BODY_NAME,
        },
    )


HISTORY_PAGE_SIZE = 25


@centre_page()
def claim_history(request: HttpRequest) -> HttpResponse:
    """View claim history: newest first, filtered by qualification, sorted by any column."""
    membership = _membership(request)
    qualifications = list(selectors.history_qualifications(membership=membership))
    code = request.GET.get("qualification", "")
    if code not in {q.code for q in qualifications}:
        code = ""
    sort = request.GET.get("sort", "")
    if sort not in {column.key for column in selectors.HISTORY_COLUMNS}:
        sort = ""
    descending = request.GET.get("dir", "desc" if not sort else "asc") != "asc"
    claims = selectors.claim_history_pages(
        membership=membership, qualification_code=code, sort=sort, descending=descending
    )
    page = Paginator(claims, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    filter_query = f"qualification={code}&" if code else ""
    columns = []
    for column in selectors.HISTORY_COLUMNS:
        active = column.key == (sort or "submitted")
        # A heading sorts ascending first; clicking the sorted heading again reverses it.
        next_dir = "asc" if not active or descending else "desc"
        columns.append(
            {
                "column": column,
                "aria_sort": ("descending" if descending else "ascending") if active else "",
                "href": f"?{filter_query}sort={column.key}&dir={next_dir}",
            }
        )
    return render(
        request,
        "claims/history.html",
        {
            "page": page,
            "columns": columns,
            "qualifications": qualifications,
            "code": code,
            "extra_query": filter_query
            + (f"sort={sort}&dir={'desc' if descending else 'asc'}&" if sort else ""),
        },
    )
