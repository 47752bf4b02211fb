"""The periodic checks of moderation, with time travel: the 24-hour evidence reminder and the
35-day flag, each told once."""

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import User
from jobs import leases
from jobs.models import NamedLease
from moderation import actions, reminders, tasks
from moderation.models import EvidenceSubmission
from notifications.models import OutboxMessage

from .factories import demo_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

SUBMITTED = timezone.make_aware(datetime(2026, 9, 1, 10, 0))


# The 24-hour evidence reminder


def test_the_centre_is_reminded_once_when_no_work_is_recorded_24_hours_after_submission(
    django_capture_on_commit_callbacks: Any,
) -> None:
    claim = demo_claim(submitted_at=SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(SUBMITTED + timedelta(hours=23, minutes=59), tick=False):
            assert reminders.send_due_reminders() == 0
        with time_machine.travel(SUBMITTED + timedelta(hours=24, minutes=1), tick=False):
            assert reminders.send_due_reminders() == 1
            assert reminders.send_due_reminders() == 0
    [email] = mail.outbox
    assert email.subject == f"Send the candidate work for claim {claim.claim_number} (03991)"
    assert set(email.to) == {"tutor@northfield.test", "exams@northfield.test"}
    assert "Centre number: 12345" in email.body and str(claim.claim_number) in email.body
    assert {n.key for n in OutboxMessage.objects.all()} == {
        f"claim-submitted:{claim.pk}",
        f"claim-submitted-confirmation:{claim.pk}",
        f"claim-evidence-reminder:{claim.pk}",
    }


def test_no_reminder_when_the_work_was_recorded_in_time(tutor: User) -> None:
    claim = demo_claim(submitted_at=SUBMITTED)
    EvidenceSubmission.objects.create(
        claim=claim,
        method="postal",
        sent_on=SUBMITTED.date(),
        recorded_at=SUBMITTED,
        recorded_by=tutor,
    )
    with time_machine.travel(SUBMITTED + timedelta(days=2), tick=False):
        assert reminders.send_due_reminders() == 0
    assert {n.key for n in OutboxMessage.objects.all()} == {
        f"claim-submitted:{claim.pk}",
        f"claim-submitted-confirmation:{claim.pk}",
    }


# The 35-day flag


def test_a_claim_still_submitted_after_35_days_is_flagged_once_to_centre_and_operations(
    django_capture_on_commit_callbacks: Any,
) -> None:
    claim = demo_claim(submitted_at=SUBMITTED)
    EvidenceSubmission.objects.create(
        claim=claim,
        method="postal",
        sent_on=SUBMITTED.date(),
        recorded_at=SUBMITTED,
        recorded_by=User.objects.get(email="tutor@northfield.test"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(SUBMITTED + timedelta(days=35) - timedelta(minutes=1), tick=False):
            assert reminders.send_due_reminders() == 0
        with time_machine.travel(SUBMITTED + timedelta(days=35, minutes=1), tick=False):
            assert reminders.send_due_reminders() == 1
        with time_machine.travel(SUBMITTED + timedelta(days=40), tick=False):
            assert reminders.send_due_reminders() == 0
    by_to = {tuple(sorted(m.to)): m for m in mail.outbox}
    assert set(by_to) == {
        ("exams@northfield.test", "tutor@northfield.test"),
        ("moderator@awarding.test",),
        ("ops@awarding.test",),
    }
    centre = by_to[("exams@northfield.test", "tutor@northfield.test")]
    for quoted in (
        "Centre number: 12345",
        "Qualification: 03991",
        f"Claim number: {claim.claim_number}",
    ):
        assert quoted in centre.body
    assert "contact OCR Operations at ops@awarding.test" in centre.body
    operations = by_to[("ops@awarding.test",)]
    assert operations.subject == f"Overdue claim {claim.claim_number}: centre 12345, 03991"
    assert {n.key for n in OutboxMessage.objects.all()} == {
        f"claim-submitted:{claim.pk}",
        f"claim-submitted-confirmation:{claim.pk}",
        f"claim-35-day:{claim.pk}",
        f"claim-35-day-moderator:{claim.pk}",
        f"claim-35-day-operations:{claim.pk}",
    }


def test_a_claim_finalised_before_35_days_is_never_flagged(moderator: User) -> None:
    claim = demo_claim(submitted_at=SUBMITTED)
    actions.save_feedback(claim_id=claim.pk, feedback="x", acting_user=moderator)
    actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    with time_machine.travel(SUBMITTED + timedelta(days=50), tick=False):
        reminders.send_due_reminders()
    assert not OutboxMessage.objects.filter(kind__startswith="overdue").exists()


def _reminded(claim_id: int) -> int:
    return OutboxMessage.objects.filter(
        about_type="claims.claim", about_id=claim_id, kind="evidence_reminder"
    ).count()


def test_reminders_wait_for_the_run_holding_the_lease_and_take_over_a_dead_one() -> None:
    claim = demo_claim(submitted_at=SUBMITTED)
    row = NamedLease.objects.create(name=tasks.REMINDER_CHECKS)
    with time_machine.travel(SUBMITTED + timedelta(days=2), tick=False):
        assert leases.take(NamedLease, row.pk) is not None
        assert tasks.send_due_reminders.enqueue().return_value == 0
        assert not _reminded(claim.pk)
    with time_machine.travel(SUBMITTED + timedelta(days=2, minutes=5), tick=False):
        assert tasks.send_due_reminders.enqueue().return_value == 1
    assert _reminded(claim.pk) == 1
