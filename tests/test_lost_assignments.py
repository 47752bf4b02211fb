"""A moderator or verifier whose last assignment is taken away still has their page: empty of
centres, saying so and whom to contact; someone who never held the role still gets 'not found'."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import assignments
from accounts.models import Approval, ModeratorAssignment, User, VerifierAssignment
from claims.tests.submit_data import amiras_claim, submit
from conftest import client_for
from verification import actions as verification_actions

pytestmark = pytest.mark.django_db

NONE_NOW = "You have no centres assigned now. Contact OCR operations"


def test_a_moderator_who_lost_their_last_assignment_sees_an_empty_queue(
    ops: User, tutor: User, moderator: User
) -> None:
    claim = submit(tutor, amiras_claim(tutor))
    client = client_for(moderator)
    assert NONE_NOW not in client.get(reverse("moderation:queue")).content.decode()
    User.objects.create_user("m2@awarding.test", "x-Long-enough-1", full_name="M Two")
    for held in ModeratorAssignment.objects.filter(moderator=moderator):
        approval = Approval.objects.get(centre=held.centre, qualification=held.qualification)
        assignments.assign_moderator(
            approval_id=approval.pk, email="m2@awarding.test", acting_user=ops
        )
    response = client.get(reverse("moderation:queue"))
    assert response.status_code == 200
    page = response.content.decode()
    assert NONE_NOW in page
    assert "No claims are waiting for you." in page
    assert f'href="{reverse("moderation:claim", args=[claim.pk])}"' not in page
    assert client_for(tutor).get(reverse("moderation:queue")).status_code == 404


def test_a_verifier_who_lost_their_last_assignment_sees_no_centres(
    ops: User, verifier: User, moderator: User
) -> None:
    client = client_for(verifier)
    assert NONE_NOW not in client.get(reverse("verification:index")).content.decode()
    assigned = VerifierAssignment.objects.filter(verifier=verifier)
    verification_actions.record_verifier_report(
        assignment_id=assigned.first().pk,  # type: ignore[union-attr]
        visit_date=timezone.localdate(),
        actions="a",
        recommendations="r",
        sanction_level="none",
        recommends_direct_claim_status=False,
        acting_user=verifier,
    )
    for assignment in list(assigned):
        assignments.remove_verifier(assignment_id=assignment.pk, acting_user=ops)
    response = client.get(reverse("verification:index"))
    assert response.status_code == 200
    assert NONE_NOW in response.content.decode()
    assert "Record a visit" not in response.content.decode()
    assert client_for(moderator).get(reverse("verification:index")).status_code == 404
