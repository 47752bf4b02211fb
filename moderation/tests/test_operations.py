"""Operations see the claims overdue after 35 days; the centre's list of examiner-moderator
reports stays cheap."""

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from claims.models import Claim
from conftest import client_for
from moderation import actions
from moderation.models import FeedbackReport

from .factories import demo_claim

pytestmark = pytest.mark.django_db


# Overdue claims


def _finalised(moderator: User) -> Claim:
    claim = demo_claim()
    actions.save_feedback(claim_id=claim.pk, feedback="x", acting_user=moderator)
    return actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)


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
    # The demo's centre has a report already, on its earlier claim.
    earlier = FeedbackReport.objects.exclude(issued_at=None).count()
    _finalised(moderator)
    moderator_reports = reverse("moderation:centre-moderator-reports")
    one = _queries_for(tutor_client, moderator_reports)
    for _ in range(5):
        _finalised(moderator)
    with django_assert_num_queries(one):
        page = tutor_client.get(moderator_reports)
    assert page.content.decode().count("Report for claim") == earlier + 6
