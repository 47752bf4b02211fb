"""Emails go exactly once: decided under a unique key, delivered after commit, marked sent under
a lock."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from notifications import delivery, notices, tasks
from notifications.delivery import OUTBOX_KEY_HEADER
from notifications.models import OutboxMessage, OutboxStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


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
