"""Operations' Claims to process: processing one claim or all of them, from the page."""

from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from claims.models import Claim, ClaimStatus
from common.errors import Conflict, PermissionRefused
from conftest import client_for
from moderation import actions as moderation_actions
from moderation.tests.factories import demo_claim, on_claim
from results import actions
from results.actions import process_claim

pytestmark = pytest.mark.django_db


def _finalised(moderator: User) -> Claim:
    claim = demo_claim()
    moderation_actions.save_feedback(claim_id=claim.pk, feedback="x", acting_user=moderator)
    return moderation_actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)


def test_process_all_processes_every_finalised_claim(moderator: User, ops: User) -> None:
    first, second = _finalised(moderator), _finalised(moderator)
    response = client_for(ops).post(reverse("results:process-all"), follow=True)
    assert f"Processed: claim {first.claim_number}, {second.claim_number}" in (
        response.content.decode()
    )
    assert set(
        Claim.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    ) == {ClaimStatus.PROCESSED}


def test_only_operations_process_claims(moderator: User, tutor: User) -> None:
    claim = _finalised(moderator)
    for user in (moderator, tutor):
        with pytest.raises(PermissionRefused):
            actions.process_claims(claim_ids=[claim.pk], acting_user=user)
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.FINALISED


def test_a_claim_processed_meanwhile_is_reported_not_processed_twice(
    moderator: User, ops: User
) -> None:
    claim = _finalised(moderator)
    assert actions.process_claims(claim_ids=[claim.pk], acting_user=ops).processed == [claim]
    again = actions.process_claims(claim_ids=[claim.pk], acting_user=ops)
    assert again.processed == [] and again.refused[0][0] == claim


def test_the_claims_to_process_list_costs_the_same_for_one_claim_or_many(
    moderator: User, ops: User, django_assert_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(ops)
    _finalised(moderator)
    client.get(reverse("results:claims-to-process"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("results:claims-to-process"))
    for _ in range(6):
        _finalised(moderator)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("results:claims-to-process"))


def test_a_claim_with_every_unit_withdrawn_is_finalised_and_stays_finalised(
    moderator: User, ops: User
) -> None:
    claim = demo_claim()
    for number in ("11721896", "11721832"):
        moderation_actions.withdraw_candidate(
            claim_id=claim.pk,
            claim_candidate_id=on_claim(claim, number).pk,
            reason="Not ready",
            acting_user=moderator,
        )
    moderation_actions.save_feedback(
        claim_id=claim.pk, feedback="Resubmit later.", acting_user=moderator
    )
    moderation_actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    with pytest.raises(Conflict):
        process_claim(claim_id=claim.pk, acting_user=ops)
    client = client_for(ops)
    page = client.get(reverse("results:claims-to-process")).content.decode()
    assert "Every unit withdrawn: stays Finalised" in page
    client.post(reverse("results:process-all"))
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.FINALISED


def test_processing_a_claim_twice_from_its_page_shows_why_the_second_time(
    moderator: User, ops: User
) -> None:
    claim = _finalised(moderator)
    client = client_for(ops)
    url = reverse("results:process-claim", args=[claim.pk])
    first = client.post(url, follow=True).content.decode()
    assert f"Processed: claim {claim.claim_number}" in first
    again = client.post(url, follow=True)
    assert again.redirect_chain[-1][1] == 302
    assert "cannot become Processed" in again.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PROCESSED
    assert client.post(reverse("results:process-claim", args=[10**9])).status_code == 404
