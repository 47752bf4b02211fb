"""Centre assessors of a qualification: set them up, list them, change one."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from accounts.permissions import centre_page
from common.forms import form_page

from .. import actions, selectors
from ..forms import AssessorForm
from ..models import CentreAssessor
from .access import membership_of, user_of


@centre_page()
@require_http_methods(["GET", "POST"])
def assessors(request: HttpRequest, code: str) -> HttpResponse:
    """Set up centre assessors for a qualification, and list them ("View centre assessors")."""
    membership = membership_of(request)
    qualification = selectors.get_claimable_qualification(membership=membership, code=code)

    def add(data: dict[str, Any]) -> CentreAssessor:
        return actions.add_centre_assessor(
            membership=membership,
            qualification=qualification,
            name=data["name"],
            initials=data["initials"],
            acting_user=user_of(request),
        )

    def added(assessor: CentreAssessor) -> HttpResponse:
        messages.success(request, f"Centre assessor {assessor} set up for {code}")
        return redirect("claims:assessors", code=qualification.code)

    return form_page(
        request,
        AssessorForm(request.POST or None),
        add,
        template="claims/assessors.html",
        context=lambda: {
            "qualification": qualification,
            "assessors": selectors.assessors_for(
                membership=membership, qualification=qualification
            ),
            "draft": selectors.draft_claim_for(membership=membership, qualification=qualification),
        },
        done=added,
    )


@centre_page()
@require_http_methods(["GET", "POST"])
def assessor_edit(request: HttpRequest, code: str, assessor_id: int) -> HttpResponse:
    membership = membership_of(request)
    qualification = selectors.get_claimable_qualification(membership=membership, code=code)
    assessor = selectors.get_assessor(
        membership=membership, qualification=qualification, assessor_id=assessor_id
    )
    form = AssessorForm(
        request.POST or None, initial={"name": assessor.name, "initials": assessor.initials}
    )

    def save(data: dict[str, Any]) -> CentreAssessor:
        return actions.update_centre_assessor(
            membership=membership,
            assessor_id=assessor.pk,
            name=data["name"],
            initials=data["initials"],
            acting_user=user_of(request),
        )

    def saved(changed: CentreAssessor) -> HttpResponse:
        messages.success(request, f"Centre assessor {changed} saved")
        return redirect("claims:assessors", code=qualification.code)

    return form_page(
        request,
        form,
        save,
        template="claims/assessor_edit.html",
        context={"qualification": qualification, "assessor": assessor},
        done=saved,
    )
