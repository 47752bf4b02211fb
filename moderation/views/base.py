"""What the moderator's pages share: the claim found through the access layer, and the claim
page's context (also shown again, with its errors, by the claim page's own forms)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from accounts.models import User
from claims.models import Claim

from .. import selectors
from ..forms import ArrivalForm, AssessorGradeForm


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def moderated_claim(request: HttpRequest, claim_id: int) -> Claim:
    """The claim, if the signed-in user moderates it now; else the 404 page."""
    return selectors.get_moderated_claim(user=user_of(request), claim_id=claim_id)


def back_to_claim(claim_id: int) -> HttpResponse:
    return redirect("moderation:claim", claim_id=claim_id)


def back_to_candidate(claim_id: int, claim_candidate_id: int) -> HttpResponse:
    return redirect(
        "moderation:candidate", claim_id=claim_id, claim_candidate_id=claim_candidate_id
    )


def assessor_grade_form(
    reviews: list[selectors.CandidateReview], data: Any = None
) -> AssessorGradeForm:
    grades = selectors.assessor_grades(reviews)
    return AssessorGradeForm(data, choices=[(g.value, g.label) for g in grades])


def claim_context(
    claim: Claim,
    *,
    assessor_form: AssessorGradeForm | None = None,
    arrival_form: ArrivalForm | None = None,
    arrival_for: int | None = None,
) -> dict[str, Any]:
    """The claim page: its summary, sample, candidates, evidence, outcomes and report."""
    reviews = selectors.candidate_reviews(claim)
    sample = selectors.sample_of(claim)
    return {
        "claim": claim,
        "row": selectors.summary_row(claim),
        "reviews": reviews,
        "sample": sample,
        "gaps": selectors.sample_gaps(reviews, sample),
        "submissions": list(selectors.evidence_submissions(claim)),
        "outcomes": selectors.review_outcomes(claim)[:50],
        "report": selectors.feedback_report_of(claim),
        "is_open": selectors.under_review(claim),
        "assessor_form": assessor_form or assessor_grade_form(reviews),
        "arrival_form": arrival_form or ArrivalForm(),
        "arrival_for": arrival_for,
        "today": timezone.localdate(),
    }
