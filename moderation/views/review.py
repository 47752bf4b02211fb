"""Reviewing the claim's candidates and units: outcomes for a unit, a candidate's units, a
centre assessor's grade; withdrawing a candidate; flagging malpractice."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import moderator_page
from common import wording
from common.forms import form_page, run_action

from .. import actions, selectors
from ..forms import ReasonForm, UnitOutcomeForm
from .base import (
    assessor_grade_form,
    back_to_candidate,
    back_to_claim,
    claim_context,
    moderated_claim,
    user_of,
)


def _candidate_forms() -> dict[str, ReasonForm]:
    return {
        "withdraw_form": ReasonForm(prefix="withdraw"),
        "malpractice_form": ReasonForm(prefix="malpractice"),
    }


@moderator_page
def candidate_review(request: HttpRequest, claim_id: int, claim_candidate_id: int) -> HttpResponse:
    claim = moderated_claim(request, claim_id)
    review = selectors.get_candidate_review(claim=claim, claim_candidate_id=claim_candidate_id)
    return render(
        request,
        "moderation/candidate.html",
        {
            "claim": claim,
            "review": review,
            "is_open": selectors.under_review(claim),
            **_candidate_forms(),
        },
    )


@moderator_page
@require_http_methods(["GET", "POST"])
def unit_review(request: HttpRequest, claim_id: int, claimed_unit_id: int) -> HttpResponse:
    claim = moderated_claim(request, claim_id)
    unit = selectors.get_claimed_unit(claim=claim, claimed_unit_id=claimed_unit_id)
    form = UnitOutcomeForm(
        request.POST or None, unit=unit.unit, initial=selectors.recorded_outcome(unit)
    )

    def recorded(_: Any) -> HttpResponse:
        outcome = dict(form.fields["outcome"].choices)[form.cleaned_data["outcome"]]  # type: ignore[attr-defined]
        messages.success(
            request,
            f"Unit {unit.unit.number} for {unit.claim_candidate.candidate.name}: {outcome.lower()}",
        )
        return back_to_candidate(claim.pk, unit.claim_candidate_id)

    return form_page(
        request,
        form,
        lambda data: actions.record_unit_outcome(
            claim_id=claim.pk,
            claimed_unit_id=unit.pk,
            outcome=data["outcome"],
            grade=data.get("grade", ""),
            reason=data["reason"],
            acting_user=user_of(request),
        ),
        template="moderation/unit.html",
        context=lambda: {"claim": claim, "unit": unit, "is_open": selectors.under_review(claim)},
        done=recorded,
    )


@moderator_page
@require_POST
def accept_unit(request: HttpRequest, claim_id: int, claimed_unit_id: int) -> HttpResponse:
    claim = moderated_claim(request, claim_id)
    unit = selectors.get_claimed_unit(claim=claim, claimed_unit_id=claimed_unit_id)
    if run_action(
        lambda: actions.record_unit_outcome(
            claim_id=claim.pk,
            claimed_unit_id=unit.pk,
            outcome=actions.Outcome.ACCEPT,
            acting_user=user_of(request),
        ),
        request=request,
    ):
        messages.success(request, f"Unit {unit.unit.number} accepted")
    return back_to_candidate(claim.pk, unit.claim_candidate_id)


@moderator_page
@require_POST
def accept_candidate(request: HttpRequest, claim_id: int, claim_candidate_id: int) -> HttpResponse:
    claim = moderated_claim(request, claim_id)
    if run_action(
        lambda: actions.accept_candidate_units(
            claim_id=claim.pk, claim_candidate_id=claim_candidate_id, acting_user=user_of(request)
        ),
        request=request,
    ):
        messages.success(request, "Every unit without an outcome accepted")
    return back_to_candidate(claim.pk, claim_candidate_id)


def _candidate_reason_action(
    request: HttpRequest,
    claim_id: int,
    claim_candidate_id: int,
    *,
    prefix: str,
    act: Callable[..., Any],
    success: str,
) -> HttpResponse:
    """A candidate's decision that needs a reason: on bad input or a refusal the candidate's
    page again, the reason kept beside its own form."""
    claim = moderated_claim(request, claim_id)
    review = selectors.get_candidate_review(claim=claim, claim_candidate_id=claim_candidate_id)
    form = ReasonForm(request.POST, prefix=prefix)

    def decided(_: Any) -> HttpResponse:
        messages.success(request, success.format(name=review.candidate.name))
        return back_to_candidate(claim.pk, claim_candidate_id)

    return form_page(
        request,
        form,
        lambda data: act(
            claim_id=claim.pk,
            claim_candidate_id=claim_candidate_id,
            reason=data["reason"],
            acting_user=user_of(request),
        ),
        template="moderation/candidate.html",
        context=lambda: {
            "claim": claim,
            "review": review,
            "is_open": selectors.under_review(claim),
            **_candidate_forms(),
            f"{prefix}_form": form,
        },
        done=decided,
    )


@moderator_page
@require_POST
def withdraw_candidate(
    request: HttpRequest, claim_id: int, claim_candidate_id: int
) -> HttpResponse:
    return _candidate_reason_action(
        request,
        claim_id,
        claim_candidate_id,
        prefix="withdraw",
        act=actions.withdraw_candidate,
        success="{name} withdrawn from the claim",
    )


@moderator_page
@require_POST
def flag_malpractice(request: HttpRequest, claim_id: int, claim_candidate_id: int) -> HttpResponse:
    return _candidate_reason_action(
        request,
        claim_id,
        claim_candidate_id,
        prefix="malpractice",
        act=actions.flag_malpractice,
        success="Malpractice flagged for {name}",
    )


@moderator_page
@require_POST
def withdraw_assessor_grade(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = moderated_claim(request, claim_id)
    form = assessor_grade_form(selectors.candidate_reviews(claim), request.POST)

    def withdrawn(count: int) -> HttpResponse:
        messages.success(request, f"{wording.count(count, 'unit')} withdrawn")
        return back_to_claim(claim.pk)

    def withdraw(data: dict[str, Any]) -> int:
        assessor_id, _, grade = data["assessor_grade"].partition(":")
        return actions.withdraw_assessor_grade(
            claim_id=claim.pk,
            assessor_id=int(assessor_id),
            grade=grade,
            reason=data["reason"],
            acting_user=user_of(request),
        )

    return form_page(
        request,
        form,
        withdraw,
        template="moderation/claim.html",
        context=lambda: claim_context(claim, assessor_form=form),
        done=withdrawn,
    )
