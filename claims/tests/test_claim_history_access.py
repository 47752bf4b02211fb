"""Who may read a claim's History: its centre's claims roles, and the examiner-moderator
assigned to the claim's centre and qualification now (not the one it was sent to)."""

import pytest
from django.urls import reverse

from accounts.models import ModeratorAssignment, User
from conftest import client_for

from .submit_data import amiras_claim, submit

pytestmark = pytest.mark.django_db


def test_a_reassigned_moderator_loses_the_history_at_once_and_the_new_one_reads_it(
    tutor: User, moderator: User
) -> None:
    claim = submit(tutor, amiras_claim(tutor))
    assert claim.moderator == moderator
    url = reverse("claims:claim-history-log", args=[claim.pk])
    assert client_for(moderator).get(url).status_code == 200
    successor = User.objects.create_user(
        email="new.moderator@awarding.test", password="x" * 20, full_name="New Moderator"
    )
    assignment = ModeratorAssignment.objects.get(
        centre=claim.centre, qualification=claim.qualification
    )
    assignment.moderator = successor
    assignment.save()
    assert client_for(moderator).get(url).status_code == 404
    page = client_for(successor).get(url)
    assert page.status_code == 200
    assert f"History of claim {claim.claim_number}" in page.content.decode()
    # Reading it as the moderator, the way back is to the moderator's page of the claim.
    assert reverse("moderation:claim", args=[claim.pk]) in page.content.decode()


def test_someone_at_the_centre_without_a_claims_role_is_told_which_roles_open_it(
    tutor: User, staff: User
) -> None:
    claim = amiras_claim(tutor)
    response = client_for(staff).get(reverse("claims:claim-history-log", args=[claim.pk]))
    assert response.status_code == 403
    assert "You need either the 'Centre Administrator' or 'Tutor/Teacher' role" in (
        response.content.decode()
    )
