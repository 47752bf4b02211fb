"""The moderator's queue: what it lists, in what order, its flags, and its cost in queries."""

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from conftest import client_for
from moderation import actions, selectors
from moderation.models import EvidenceSubmission

from .factories import demo_claim, submitted_claim

pytestmark = pytest.mark.django_db

SUBMITTED = timezone.make_aware(datetime(2026, 9, 1, 10, 0))


def test_the_queue_lists_submitted_claims_of_the_moderators_centres_oldest_first(
    moderator: User,
) -> None:
    newer = demo_claim(submitted_at=SUBMITTED + timedelta(days=2))
    older = submitted_claim(
        centre_number="67890",
        candidates=[("20000001", [(1, "", "FA"), (2, "", "FA"), (5, "", "GB")])],
        by="admin@southbank.test",
        submitted_at=SUBMITTED,
    )
    with time_machine.travel(SUBMITTED + timedelta(days=3), tick=False):
        rows = selectors.moderator_queue(user=moderator)
        page = client_for(moderator).get(reverse("moderation:queue")).content.decode()
    assert [r.claim.pk for r in rows] == [older.pk, newer.pk]
    first = rows[0]
    assert (first.candidates, first.units, first.days) == (1, 3, 3)
    assert (rows[1].candidates, rows[1].units, rows[1].days) == (2, 3, 1)
    assert page.index(f">{older.claim_number}<") < page.index(f">{newer.claim_number}<")
    assert "67890 Southbank Training" in page


def test_claims_that_have_left_the_queue_are_listed_apart(moderator: User) -> None:
    claim = demo_claim()
    from moderation import actions

    actions.save_feedback(claim_id=claim.pk, feedback="x", acting_user=moderator)
    sent = actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    assert selectors.moderator_queue(user=moderator) == []
    page = client_for(moderator).get(reverse("moderation:queue")).content.decode()
    assert "No claims are waiting for you." in page
    assert f">{sent.reference}<" in page


@pytest.mark.parametrize(
    ("after", "flagged"),
    [(timedelta(days=35) - timedelta(minutes=1), False), (timedelta(days=35, minutes=1), True)],
)
def test_a_claim_is_flagged_overdue_past_35_days(
    moderator: User, after: timedelta, flagged: bool
) -> None:
    demo_claim(submitted_at=SUBMITTED)
    with time_machine.travel(SUBMITTED + after, tick=False):
        [row] = selectors.moderator_queue(user=moderator)
        page = client_for(moderator).get(reverse("moderation:queue")).content.decode()
    assert row.overdue is flagged
    assert ("Overdue</strong>" in page) is flagged


@pytest.mark.parametrize(
    ("after", "flagged"),
    [(timedelta(hours=23, minutes=59), False), (timedelta(hours=24, minutes=1), True)],
)
def test_work_not_arrived_24_hours_after_submission_is_flagged(
    moderator: User, after: timedelta, flagged: bool
) -> None:
    demo_claim(submitted_at=SUBMITTED)
    with time_machine.travel(SUBMITTED + after, tick=False):
        [row] = selectors.moderator_queue(user=moderator)
        page = client_for(moderator).get(reverse("moderation:queue")).content.decode()
    assert row.evidence.label == "Not sent"
    assert row.evidence.late is flagged
    assert ("Not arrived</strong>" in page) is flagged


def test_work_sent_but_not_arrived_stays_flagged_until_its_arrival_is_recorded(
    moderator: User, tutor: User
) -> None:
    claim = demo_claim(submitted_at=SUBMITTED)
    submission = EvidenceSubmission.objects.create(
        claim=claim,
        method="postal",
        sent_on=SUBMITTED.date(),
        recorded_at=SUBMITTED,
        recorded_by=tutor,
    )
    later = SUBMITTED + timedelta(days=3)
    with time_machine.travel(later, tick=False):
        [row] = selectors.moderator_queue(user=moderator)
        assert (row.evidence.label, row.evidence.late) == ("Sent 01/09/2026", True)
        actions.record_arrival(
            claim_id=claim.pk,
            submission_id=submission.pk,
            arrived_on=later.date(),
            acting_user=moderator,
        )
        [row] = selectors.moderator_queue(user=moderator)
        assert (row.evidence.label, row.evidence.late) == ("Arrived 04/09/2026", False)


def _claims(n: int) -> None:
    for _ in range(n):
        demo_claim()


def test_the_queue_costs_the_same_queries_for_one_claim_or_many(
    moderator: User, django_assert_num_queries: Any
) -> None:
    client = client_for(moderator)
    _claims(1)
    client.get(reverse("moderation:queue"))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("moderation:queue")).status_code == 200
    _claims(12)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("moderation:queue"))
    # 13 in the queue, and the demo's earlier processed claim among those moderated.
    assert page.content.decode().count('href="/moderation/claims/') == 14


def test_the_claim_page_costs_the_same_queries_for_few_or_many_candidates(
    moderator: User, django_assert_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = submitted_claim(candidates=[("11721896", [(1, "", "TA")])])
    large = submitted_claim(
        candidates=[
            (number, [(1, "", "TA"), (4, "", "JB"), (7, "", "TA")])
            for number in ["11721896", "10050901", "11721832", "11721897", "11808151", "123456"]
        ]
    )
    client = client_for(moderator)
    client.get(reverse("moderation:claim", args=[small.pk]))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("moderation:claim", args=[small.pk]))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("moderation:claim", args=[large.pk]))
