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


def arrival_choices(reviews: list[selectors.CandidateReview]) -> list[tuple[int, str]]:
    return [
        (
            r.claim_candidate.pk,
            f"{r.candidate.name} ({r.candidate.number})"
            + (", in the sample" if r.in_sample else ""),
        )
        for r in reviews
    ]


def new_arrival_form(
    reviews: list[selectors.CandidateReview],
    submission_id: int,
    data: Any = None,
    sampled: bool = False,
) -> ArrivalForm:
    """One submission's "Record arrival" form, ticking the candidates asked for (the sample, or
    everyone) whose work has not arrived yet."""
    missing = [
        r.claim_candidate.pk for r in reviews if not r.arrivals and (r.in_sample or not sampled)
    ]
    return ArrivalForm(
        data,
        choices=arrival_choices(reviews),
        auto_id=f"arrived-{submission_id}-%s",
        initial={"arrived_on": timezone.localdate(), "candidates": missing},
    )


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
    submissions = list(selectors.evidence_submissions(claim))
    arrival_forms = [
        (
            s,
            arrival_form
            if arrival_form is not None and s.pk == arrival_for
            else new_arrival_form(reviews, s.pk, sampled=sample is not None),
        )
        for s in submissions
    ]
    return {
        "claim": claim,
        "row": selectors.summary_row(claim),
        "reviews": reviews,
        "sample": sample,
        "gaps": selectors.sample_gaps(reviews, sample),
        "submissions": submissions,
        "arrival_forms": arrival_forms,
        "outcomes": selectors.review_outcomes(claim)[:50],
        "report": selectors.feedback_report_of(claim),
        "is_open": selectors.under_review(claim),
        "assessor_form": assessor_form or assessor_grade_form(reviews),
        "arrival_for": arrival_for,
        "today": timezone.localdate(),
    }
