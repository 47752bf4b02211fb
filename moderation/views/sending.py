"""Ending moderation: the feedback report, "Send to OCR" after its confirmation, and
withdrawing the whole claim."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from accounts.permissions import moderator_page
from claims.models import Claim
from common.forms import form_page

from .. import actions, selectors
from ..forms import FeedbackForm, ReasonForm, SendForm
from .base import back_to_claim, moderated_claim, user_of


@moderator_page
@require_http_methods(["GET", "POST"])
def withdraw_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = moderated_claim(request, claim_id)

    def withdrawn(_: Any) -> HttpResponse:
        messages.success(
            request,
            f"Claim {claim.claim_number} withdrawn. The centre has been emailed the report.",
        )
        return back_to_claim(claim.pk)

    return form_page(
        request,
        ReasonForm(request.POST or None),
        lambda data: actions.withdraw_claim(
            claim_id=claim.pk, reason=data["reason"], acting_user=user_of(request)
        ),
        template="moderation/withdraw_claim.html",
        context={"claim": claim},
        done=withdrawn,
    )


@moderator_page
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = moderated_claim(request, claim_id)
    report = selectors.feedback_report_of(claim)
    form = FeedbackForm(
        request.POST or None, initial={"feedback": report.feedback if report else ""}
    )

    def saved(_: Any) -> HttpResponse:
        messages.success(request, "Feedback report saved")
        return back_to_claim(claim.pk)

    return form_page(
        request,
        form,
        lambda data: actions.save_feedback(
            claim_id=claim.pk, feedback=data["feedback"], acting_user=user_of(request)
        ),
        template="moderation/feedback.html",
        context=lambda: {
            "claim": claim,
            "adjustments": selectors.adjustments(claim, for_centre=False),
            "is_open": selectors.under_review(claim),
        },
        done=saved,
    )


@moderator_page
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, claim_id: int) -> HttpResponse:
    """ "Send to OCR", after a confirmation page."""
    claim = moderated_claim(request, claim_id)

    def sent(claim: Claim) -> HttpResponse:
        messages.success(
            request,
            f"Claim {claim.claim_number} sent to {settings.AWARDING_BODY_NAME} with "
            f"reference {claim.reference}",
        )
        return back_to_claim(claim.pk)

    return form_page(
        request,
        SendForm(request.POST if request.method == "POST" else None),
        lambda _: actions.send_to_awarding_body(claim_id=claim.pk, acting_user=user_of(request)),
        template="moderation/send.html",
        context=lambda: {
            "claim": claim,
            "counts": selectors.outcome_counts(selectors.candidate_reviews(claim)),
            "has_feedback": selectors.has_feedback(selectors.feedback_report_of(claim)),
            "is_open": selectors.under_review(claim),
        },
        done=sent,
    )
