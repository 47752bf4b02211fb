"""A claim's History as moderation leaves it: every recorded change, the moderator's outcomes too,
newest first, for the claim's centre and its moderator."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import ModeratorAssignment, User
from audit.models import AuditEvent
from catalogue.models import Qualification
from claims.models import Claim
from claims.tests.claim_data import draft, fill
from claims.tests.submit_data import AMIRA
from conftest import client_for
from moderation import actions as moderation_actions
from moderation.tests.factories import claimed_unit, demo_claim, on_claim

pytestmark = pytest.mark.django_db


def history(claim: Claim) -> str:
    return reverse("claims:claim-history-log", args=[claim.pk])


def moderated(moderator: User) -> Claim:
    claim = demo_claim()
    moderation_actions.record_unit_outcome(
        claim_id=claim.pk,
        claimed_unit_id=claimed_unit(claim, AMIRA, 4).pk,
        outcome=moderation_actions.Outcome.WITHDRAW,
        reason="No evidence for this unit",
        acting_user=moderator,
    )
    moderation_actions.accept_candidate_units(
        claim_id=claim.pk, claim_candidate_id=on_claim(claim, AMIRA).pk, acting_user=moderator
    )
    return claim


def test_the_centre_reads_who_did_what_and_when_newest_first(
    tutor_client: Client, moderator: User
) -> None:
    claim = moderated(moderator)
    response = tutor_client.get(history(claim))
    assert response.status_code == 200
    page = response.content.decode()
    for column in ("Date and time", "Who", "What", "Details"):
        assert f">{column}</th>" in page
    assert f"History of claim {claim.claim_number}" in page
    assert "Status: from draft to submitted" in page
    assert "State: from claimed to withdrawn" in page
    assert "Reason: No evidence for this unit" in page
    # The awarding body's staff are named by their role, not by name or email address.
    assert '<td class="govuk-table__cell">Examiner-moderator</td>' in page
    assert moderator.full_name not in page and moderator.email not in page
    assert "Grade: from none to none" not in page  # unchanged beside the state
    submitted = f"Submitted claim {claim.claim_number} to the assessor"
    order = [m.start() for m in re.finditer(f"{submitted}|Unit withdrawn", page)]
    assert len(order) == 2
    assert page.index("Unit withdrawn") < page.index(submitted)


def test_the_claims_moderator_reads_it_and_nobody_else_outside_the_centre(
    moderator: User, southbank_client: Client, staff: User
) -> None:
    claim = moderated(moderator)
    response = client_for(moderator).get(history(claim))
    assert response.status_code == 200
    assert reverse("moderation:claim", args=[claim.pk]) in response.content.decode()
    other = User.objects.create_user(email="other.moderator@awarding.test", password="x" * 20)
    # The centre's moderator for another qualification.
    ModeratorAssignment.objects.create(
        moderator=other,
        centre=claim.centre,
        qualification=Qualification.objects.exclude(pk=claim.qualification_id)[0],
    )
    assert client_for(other).get(history(claim)).status_code == 404
    assert southbank_client.get(history(claim)).status_code == 404
    assert client_for(staff).get(history(claim)).status_code == 403


def test_view_claim_and_the_moderators_claim_page_link_to_it(
    tutor_client: Client, moderator: User
) -> None:
    claim = moderated(moderator)
    viewed = tutor_client.get(reverse("claims:view-claim", args=[claim.pk]))
    assert history(claim) in viewed.content.decode()
    moderating = client_for(moderator).get(reverse("moderation:claim", args=[claim.pk]))
    assert history(claim) in moderating.content.decode()


def test_the_history_takes_the_same_queries_however_big_the_claim(
    tutor: User, tutor_client: Client, moderator: User
) -> None:
    def queries(claim: Claim) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert tutor_client.get(history(claim)).status_code == 200
        return len(captured)

    small = moderated(moderator)
    big = draft(small.centre, small.qualification)  # its "claim.created" is the first change
    fill(big, 1, 1)
    queries(big)  # the session's first request notes the sign-in time
    few = queries(big)
    fill(big, 40, 6, start=91000000)
    # The bulk claim's rows come without the actions' events: 29 more make two pages of changes.
    for unit_id in big.candidates.values_list("units__id", flat=True)[:29]:
        AuditEvent.objects.create(
            actor=tutor,
            centre=big.centre,
            action="claim.candidate_saved",
            object_type="claims.claimedunit",
            object_id=str(unit_id),
            summary="Saved",
            changes={"units": [1, 2]},
        )
    assert queries(big) == few
    response = tutor_client.get(history(big))
    assert "Changes (30)" in response.content.decode()
    assert "Page 1 of 2" in response.content.decode()
