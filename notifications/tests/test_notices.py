"""Emails go exactly once: decided under a unique key, delivered after commit, marked sent under
a lock; and the periodic checks (24 hours, 35 days, results published) with time travel."""

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus

from accounts.models import User
from claims.models import Claim
from moderation import actions
from moderation.models import EvidenceSubmission
from moderation.tests.factories import demo_claim
from notifications import delivery, notices, reminders, tasks
from notifications.delivery import OUTBOX_KEY_HEADER
from notifications.models import OutboxMessage, OutboxStatus
from results.actions import process_claim, process_claims

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

SUBMITTED = timezone.make_aware(datetime(2026, 9, 1, 10, 0))


def _email(key: str | None = "test:1") -> OutboxMessage | None:
    return notices.create(
        key=key, kind="test", to=["Someone@Example.test", "", None], subject="Hello", body="Body"
    )


def test_an_email_is_delivered_after_commit_and_only_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = _email()
        assert not mail.outbox  # nothing before the decision commits
        assert message is not None
        assert OutboxMessage.objects.get().status == OutboxStatus.WAITING
    assert [m.to for m in mail.outbox] == [["someone@example.test"]]
    assert mail.outbox[0].extra_headers[OUTBOX_KEY_HEADER] == "test:1"
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.sent_at is not None and message.attempts == 1
    # The task retried, or run twice by two workers: nothing more is sent.
    assert tasks.deliver_email.call(message.pk) == "not due"
    tasks.deliver_email.enqueue(message.pk)
    assert len(mail.outbox) == 1


def test_a_second_decision_about_the_same_event_creates_nothing(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert _email("claim-35-day:7") is not None
        assert _email("claim-35-day:7") is None
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_emails_without_a_key_are_each_kept() -> None:
    assert _email(None) is not None and _email(None) is not None
    assert OutboxMessage.objects.count() == 2


def test_an_email_decided_in_a_transaction_that_rolls_back_is_never_sent(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _email()
        raise RuntimeError("the action failed")
    assert not OutboxMessage.objects.exists()
    assert not mail.outbox


def test_an_email_whose_task_never_ran_is_sent_by_the_periodic_sweep_once() -> None:
    # No on-commit callbacks run here: as if the worker died before sending.
    message = _email()
    assert message is not None
    assert delivery.send_due() == 0  # too recent: its own task may still be coming
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert delivery.send_due() == 1
        assert delivery.send_due() == 0
        # The task that was queued before the crash finally runs: it sends nothing.
        assert tasks.deliver_email.call(message.pk) == "not due"
    assert len(mail.outbox) == 1


@override_settings(EMAIL_BACKEND="notifications.backends.OutboxEmailBackend")
def test_the_outbox_backend_delivers_nowhere_and_the_message_counts_as_sent(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = _email()
    assert message is not None
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert not mail.outbox
    assert list(message.recipients.values_list("email", flat=True)) == ["someone@example.test"]


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
    assert OutboxMessage.objects.get().key == f"claim-evidence-reminder:{claim.pk}"


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
    assert not OutboxMessage.objects.exists()


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
        f"claim-35-day:{claim.pk}",
        f"claim-35-day-operations:{claim.pk}",
    }


def test_a_claim_finalised_before_35_days_is_never_flagged(moderator: User) -> None:
    claim = demo_claim(submitted_at=SUBMITTED)
    actions.save_feedback(claim_id=claim.pk, feedback="x", acting_user=moderator)
    actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    with time_machine.travel(SUBMITTED + timedelta(days=50), tick=False):
        reminders.send_due_reminders()
    assert not OutboxMessage.objects.filter(kind__startswith="overdue").exists()


# Results published


def test_the_centre_is_told_once_when_the_results_are_published(
    moderator: User, ops: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.RESULTS_DELAY = timedelta(hours=48)
    claim = demo_claim()
    actions.save_feedback(claim_id=claim.pk, feedback="x", acting_user=moderator)
    actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    processed_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        process_claims(claim_ids=[claim.pk], acting_user=ops)
        assert not OutboxMessage.objects.filter(kind="results_published").exists()
        with time_machine.travel(processed_at + timedelta(hours=47), tick=False):
            reminders.send_due_reminders()
        assert not OutboxMessage.objects.filter(kind="results_published").exists()
        with time_machine.travel(processed_at + timedelta(hours=48, minutes=1), tick=False):
            assert reminders.send_due_reminders() == 1
            assert reminders.send_due_reminders() == 0
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count(f"Results published for claim {claim.claim_number} (03991)") == 1


def test_results_published_long_ago_are_not_announced_when_the_check_first_runs() -> None:
    from common.demo import EARLIER_CLAIM_NUMBER

    assert Claim.objects.filter(claim_number=EARLIER_CLAIM_NUMBER).exists()
    reminders.send_due_reminders()
    assert not OutboxMessage.objects.exists()


def test_processing_by_the_job_is_announced_by_the_periodic_check(
    moderator: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.RESULTS_DELAY = timedelta(0)
    claim = demo_claim()
    actions.save_feedback(claim_id=claim.pk, feedback="x", acting_user=moderator)
    actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    process_claim(claim_id=claim.pk, acting_user=None)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert OutboxMessage.objects.filter(
        key=f"claim-results:{claim.pk}", status=OutboxStatus.SENT
    ).exists()


# Keeping the periodic check going


def test_the_immediate_backend_is_never_asked_to_defer() -> None:
    assert tasks.schedule_jobs() is False


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_one_tick_is_queued_and_each_tick_queues_the_jobs_and_the_next_tick() -> None:
    from django_tasks_db.models import DBTaskResult

    assert tasks.schedule_jobs() is True
    assert tasks.schedule_jobs() is False  # one is waiting already
    tick = DBTaskResult.objects.get()
    assert tick.task_path == "notifications.tasks.run_scheduled_jobs"
    assert tick.status == TaskResultStatus.READY

    # The worker takes it: while it runs it is no longer waiting, so it queues the next.
    tick.status = TaskResultStatus.RUNNING
    tick.save()
    before = timezone.now()
    tasks.run_scheduled_jobs.call()
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert sorted(waiting.values_list("task_path", flat=True)) == [
        "notifications.tasks.run_scheduled_jobs",
        "notifications.tasks.send_due_emails",
        "notifications.tasks.send_due_reminders",
        "results.tasks.process_finalised_claims",
    ]
    following = waiting.get(task_path="notifications.tasks.run_scheduled_jobs")
    assert following.run_after >= before + tasks.check_interval() - timedelta(seconds=1)


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}},
    PROCESS_FINALISED_CLAIMS_AUTOMATICALLY=False,
)
def test_automatic_processing_can_be_switched_off() -> None:
    from django_tasks_db.models import DBTaskResult

    tasks.run_scheduled_jobs.call()
    assert not DBTaskResult.objects.filter(
        task_path="results.tasks.process_finalised_claims"
    ).exists()


def test_the_command_runs_the_checks_once(capsys: pytest.CaptureFixture[str]) -> None:
    demo_claim(submitted_at=SUBMITTED)
    with time_machine.travel(SUBMITTED + timedelta(days=2), tick=False):
        call_command("send_reminders")
    assert "Claims with a new reminder or flag: 1" in capsys.readouterr().out
