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
    moderator_reports = reverse("moderation:centre-moderator-reports")
    # The demo's earlier claim, moderated and processed, has its report already.
    before = tutor_client.get(moderator_reports).content.decode().count("Report for claim")
    _finalised(moderator)
    one = _queries_for(tutor_client, moderator_reports)
    for _ in range(5):
        _finalised(moderator)
    with django_assert_num_queries(one):
        page = tutor_client.get(moderator_reports)
    assert page.content.decode().count("Report for claim") == before + 6


def test_overdue_claims_come_a_page_at_a_time_with_their_moderator_in_the_same_queries(
    ops: User, moderator: User, monkeypatch: pytest.MonkeyPatch, django_assert_max_num_queries: Any
) -> None:
    import importlib

    monkeypatch.setattr(importlib.import_module("moderation.views.queue"), "OVERDUE_PAGE_SIZE", 2)
    submitted = timezone.make_aware(datetime(2026, 9, 1, 10, 0))
    claims = [demo_claim(submitted_at=submitted)]
    url = reverse("moderation:overdue")
    client = client_for(ops)
    with time_machine.travel(submitted + timedelta(days=40), tick=False):
        client.get(url)
        few = _queries_for(client, url)
        claims += [demo_claim(submitted_at=submitted + timedelta(hours=n)) for n in range(1, 5)]
        with django_assert_max_num_queries(few):
            first = client.get(url).content.decode()
        last = client.get(url, {"page": 3}).content.decode()
    numbers = [f">{claim.claim_number}<" for claim in claims]
    assert all(n in first for n in numbers[:2]) and not any(n in first for n in numbers[2:])
    assert numbers[4] in last and not any(n in last for n in numbers[:4])
    assert first.count(f">{moderator.email}<") == 2
    assert "Page 1 of 3" in first
