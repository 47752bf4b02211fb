"""What operations do with moderated claims: process them, see those overdue after 35 days; and
the centre's list of examiner-moderator reports."""

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from claims.models import Claim, ClaimStatus
from common.errors import PermissionRefused
from conftest import client_for
from moderation import actions

from .factories import demo_claim

pytestmark = pytest.mark.django_db


# Processing and overdue claims


def _finalised(moderator: User) -> Claim:
    claim = demo_claim()
    actions.save_feedback(claim_id=claim.pk, feedback="x", acting_user=moderator)
    return actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)


def test_process_all_processes_every_finalised_claim(moderator: User, ops: User) -> None:
    first, second = _finalised(moderator), _finalised(moderator)
    response = client_for(ops).post(reverse("moderation:process-all"), follow=True)
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
    client.get(reverse("moderation:claims-to-process"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("moderation:claims-to-process"))
    for _ in range(6):
        _finalised(moderator)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("moderation:claims-to-process"))


def test_operations_see_claims_overdue_after_35_days(ops: User) -> None:
    submitted = timezone.make_aware(datetime(2026, 9, 1, 10, 0))
    late = demo_claim(submitted_at=submitted)
    recent = demo_claim(submitted_at=submitted + timedelta(days=20))
    with time_machine.travel(submitted + timedelta(days=36), tick=False):
        page = client_for(ops).get(reverse("moderation:overdue")).content.decode()
    assert f">{late.claim_number}<" in page
    assert f">{recent.claim_number}<" not in page


# Report lists stay cheap however many reports there are


def _queries_for(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_centres_moderator_report_list_costs_the_same_for_one_report_or_many(
    moderator: User, tutor_client: Any, django_assert_num_queries: Any
) -> None:
    _finalised(moderator)
    moderator_reports = reverse("moderation:centre-moderator-reports")
    one = _queries_for(tutor_client, moderator_reports)
    for _ in range(5):
        _finalised(moderator)
    with django_assert_num_queries(one):
        page = tutor_client.get(moderator_reports)
    assert page.content.decode().count("Report for claim") == 6
