"""Request sample: the proposed candidates ticked, the moderator changes them and asks."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from accounts.permissions import moderator_page
from common import wording
from common.forms import form_page

from .. import actions, selectors
from ..forms import SampleForm
from .base import back_to_claim, moderated_claim, user_of


@moderator_page
@require_http_methods(["GET", "POST"])
def sample(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = moderated_claim(request, claim_id)
    proposal = selectors.sample_proposal(claim)
    form = SampleForm(
        request.POST or None, choices=proposal.choices, initial={"candidates": proposal.chosen}
    )

    def requested(_: Any) -> HttpResponse:
        count = wording.count(len(form.cleaned_data["candidates"]), "candidate")
        messages.success(request, f"Sample of {count} requested from centre {claim.centre.number}")
        return back_to_claim(claim.pk)

    return form_page(
        request,
        form,
        lambda data: actions.request_sample(
            claim_id=claim.pk,
            claim_candidate_ids=data["candidates"],
            acting_user=user_of(request),
        ),
        template="moderation/sample.html",
        context=lambda: {
            "claim": claim,
            "proposal": proposal,
            "rows": list(zip(proposal.rows, form["candidates"], strict=True)),
        },
        done=requested,
    )
