"""Telling the centre its results are published, with time travel: once, whether the claim was
processed from operations' page or by the job; and the send_reminders command."""

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from claims.models import Claim
from moderation import actions as moderation_actions
from moderation.tests.factories import demo_claim
from notifications.models import OutboxMessage, OutboxStatus
from results import reminders as results_reminders
from results.actions import process_claim, process_claims

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

SUBMITTED = timezone.make_aware(datetime(2026, 9, 1, 10, 0))


# Results published


def test_the_centre_is_told_once_when_the_results_are_published(
    moderator: User, ops: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.RESULTS_DELAY = timedelta(hours=48)
    claim = demo_claim()
    moderation_actions.save_feedback(claim_id=claim.pk, feedback="x", acting_user=moderator)
    moderation_actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    processed_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        process_claims(claim_ids=[claim.pk], acting_user=ops)
        assert not OutboxMessage.objects.filter(kind="results_published").exists()
        with time_machine.travel(processed_at + timedelta(hours=47), tick=False):
            results_reminders.send_due_notices()
        assert not OutboxMessage.objects.filter(kind="results_published").exists()
        with time_machine.travel(processed_at + timedelta(hours=48, minutes=1), tick=False):
            assert results_reminders.send_due_notices() == 1
            assert results_reminders.send_due_notices() == 0
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count(f"Results published for claim {claim.claim_number} (03991)") == 1


def test_results_published_long_ago_are_not_announced_when_the_check_first_runs() -> None:
    from conftest import EARLIER_CLAIM_NUMBER

    assert Claim.objects.filter(claim_number=EARLIER_CLAIM_NUMBER).exists()
    results_reminders.send_due_notices()
    assert not OutboxMessage.objects.exists()


def test_processing_by_the_job_is_announced_by_the_periodic_check(
    moderator: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.RESULTS_DELAY = timedelta(0)
    claim = demo_claim()
    moderation_actions.save_feedback(claim_id=claim.pk, feedback="x", acting_user=moderator)
    moderation_actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    process_claim(claim_id=claim.pk, acting_user=None)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert OutboxMessage.objects.filter(
        key=f"claim-results:{claim.pk}", status=OutboxStatus.SENT
    ).exists()


def test_the_command_runs_the_checks_once(capsys: pytest.CaptureFixture[str]) -> None:
    demo_claim(submitted_at=SUBMITTED)
    with time_machine.travel(SUBMITTED + timedelta(days=2), tick=False):
        call_command("send_reminders")
    assert "Claims with a new reminder or flag: 1" in capsys.readouterr().out
