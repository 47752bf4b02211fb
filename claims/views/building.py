"""Building a claim: Make claim, Create, Edit claim, a candidate's units, and units from
another awarding body."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import centre_page
from common.errors import NotFound
from common.forms import attempt, form_page, form_status, run_action

from .. import actions, selectors
from ..forms import (
    ASSESSOR_FOR_CLAIMED,
    ASSESSOR_FOR_CLAIMED_HINT,
    ASSESSOR_FOR_CLAIMED_LABEL,
    FindCandidateForm,
    OtherAwardingBodyUnitForm,
    UnitRowsForm,
    resolved_choices,
)
from ..models import ClaimedUnit, UnitState
from ..progress import progress_for_candidate
from ..unit_rows import COLUMNS, unit_groups_html
from .access import candidate_of, claim_of, membership_of, user_of

SEARCH_PAGE_SIZE = 50
#: "Show only units being claimed" on the candidate claim page: ?show=claimed.
SHOW = "show"
SHOW_CLAIMED = "claimed"


@centre_page()
def make_claim(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    rows = selectors.make_claim_rows(membership=membership_of(request), query=query)
    return render(request, "claims/make_claim.html", {"rows": rows, "query": query})


@centre_page()
@require_POST
def create_claim(request: HttpRequest, code: str) -> HttpResponse:
    """ "Create": the claim in progress; the centre assessors first when there are none yet
    (the action says so, above their page)."""
    membership = membership_of(request)
    qualification = selectors.get_claimable_qualification(membership=membership, code=code)
    done = run_action(
        lambda: actions.create_claim(
            membership=membership, qualification=qualification, acting_user=user_of(request)
        ),
        request=request,
    )
    if not done or done.value is None:
        return redirect("claims:assessors", code=qualification.code)
    claim, _ = done.value
    return redirect("claims:edit-claim", claim_id=claim.pk)


@centre_page()
def edit_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Edit claim: find a candidate to add, or edit one already on the claim."""
    membership = membership_of(request)
    claim = claim_of(request, claim_id)
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
        status=form_status(form),
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
    # Progress is for the saved claim: the units on it now, not unsaved choices on the form.
    progress = progress_for_candidate(
        current.candidate,
        claim.qualification,
        [c for c in current.claimed_units if c.state in UnitState.counting()],
        claim=claim,
        achieved_units=current.achieved_units,
        units=[row.unit for row in current.rows],
    )
    groups = form.groups()
    return render(
        request,
        "claims/candidate_claim.html",
        {
            "claim": claim,
            "current": current,
            "candidate": current.candidate,
            "form": form,
            "groups": groups,
            "rows_html": unit_groups_html(groups, readonly=not claim.is_draft),
            "columns": COLUMNS,
            "assessor": selectors.claim_assessor(claim),
            "awarding_body": settings.AWARDING_BODY_NAME,
            "stale": stale,
            "readonly": not claim.is_draft,
            "progress": progress,
            # The seed's button: "Add to claim" for a candidate from unnamed entries.
            "save_label": "Add to claim" if current.unnamed else "Save claim",
            "only_claimed": form.only_claimed,
            "show_claimed": f"?{SHOW}={SHOW_CLAIMED}",
            "assessor_for_claimed": ASSESSOR_FOR_CLAIMED,
            "assessor_for_claimed_label": ASSESSOR_FOR_CLAIMED_LABEL,
            "assessor_for_claimed_hint": ASSESSOR_FOR_CLAIMED_HINT,
        },
        status=status,
    )


@centre_page()
@require_http_methods(["GET", "POST"])
def candidate_claim(request: HttpRequest, claim_id: int, number: str) -> HttpResponse:
    """A candidate's units on the claim: "Save claim" saves them all at once, or nothing.

    With ?show=claimed only the units claimed now are shown (and sent); the others keep what
    is saved."""
    membership = membership_of(request)
    candidate = candidate_of(request, number)
    only_claimed = request.GET.get(SHOW) == SHOW_CLAIMED
    if request.method != "POST":
        current = selectors.candidate_claim(
            membership=membership, claim_id=claim_id, candidate=candidate
        )
        return _candidate_claim_page(
            request, current, UnitRowsForm(current, only_claimed=only_claimed)
        )
    # The action reads the candidate's units once, locked, and makes the choices from them.
    done = attempt(
        lambda: actions.save_candidate_claim(
            membership=membership,
            claim_id=claim_id,
            candidate_id=candidate.pk,
            choices=lambda locked: resolved_choices(locked, request.POST),
            version=request.POST.get("version", ""),
            acting_user=user_of(request),
        )
    )
    if done.error is not None:
        # The page again, as saved now (by someone else, or on a claim no longer in progress)
        # with the user's choices kept, and every problem beside its row.
        current = selectors.candidate_claim(
            membership=membership, claim_id=claim_id, candidate=candidate
        )
        form = UnitRowsForm(current, request.POST, only_claimed=only_claimed)
        form.refused(done.error)
        stale = isinstance(done.error, actions.StaleCandidate)
        return _candidate_claim_page(request, current, form, stale=stale, status=done.status)
    if done.value is None:
        messages.success(request, f"{candidate.name} was removed from the claim")
        return redirect("claims:edit-claim", claim_id=claim_id)
    messages.success(request, f"Claim saved for {candidate.name}")
    url = reverse("claims:candidate-claim", args=[claim_id, candidate.number])
    return redirect(f"{url}?{SHOW}={SHOW_CLAIMED}" if only_claimed else url)


def _other_units(request: HttpRequest, claim_id: int, number: str) -> selectors.CandidateClaim:
    current = selectors.candidate_claim(
        membership=membership_of(request),
        claim_id=claim_id,
        candidate=candidate_of(request, number),
    )
    if not current.claim.qualification.allows_other_awarding_body_units:
        raise NotFound("Units from another awarding body do not count for this qualification")
    return current


@centre_page()
@require_http_methods(["GET", "POST"])
def other_units(request: HttpRequest, claim_id: int, number: str) -> HttpResponse:
    """Add units from another awarding body (only where the qualification allows them)."""
    current = _other_units(request, claim_id, number)
    claim, candidate = current.claim, current.candidate
    form = OtherAwardingBodyUnitForm(
        request.POST or None, units=current.addable_units, assessors=current.assessors
    )

    def add(data: dict[str, Any]) -> ClaimedUnit:
        return actions.add_other_awarding_body_unit(
            membership=membership_of(request),
            claim_id=claim.pk,
            candidate_id=candidate.pk,
            unit_number=data["unit"],
            assessor_id=data["assessor"],
            awarding_body=data["awarding_body"],
            acting_user=user_of(request),
        )

    def added(claimed: ClaimedUnit) -> HttpResponse:
        messages.success(request, f"Unit {claimed.unit.number} from {claimed.awarding_body} added")
        return redirect("claims:other-units", claim_id=claim.pk, number=candidate.number)

    return form_page(
        request,
        form,
        add,
        template="claims/other_units.html",
        context={
            "claim": claim,
            "candidate": candidate,
            "current": current,
            "awarding_body": settings.AWARDING_BODY_NAME,
            "readonly": not claim.is_draft,
        },
        done=added,
    )


@centre_page()
@require_POST
def other_unit_remove(
    request: HttpRequest, claim_id: int, number: str, claimed_unit_id: int
) -> HttpResponse:
    current = _other_units(request, claim_id, number)
    done = run_action(
        lambda: actions.remove_other_awarding_body_unit(
            membership=membership_of(request),
            claim_id=claim_id,
            candidate_id=current.candidate.pk,
            claimed_unit_id=claimed_unit_id,
            acting_user=user_of(request),
        ),
        request=request,
    )
    if done:
        messages.success(request, "Unit removed")
    return redirect("claims:other-units", claim_id=claim_id, number=current.candidate.number)
