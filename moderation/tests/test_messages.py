"""The emails around moderation, as outbox rows written in the action's own transaction: the
submitter's confirmation, the moderator told of work uploaded or sent, the 35-day flag to the
moderator, and timing words taken from the settings."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from conftest import client_for
from moderation import actions, reminders
from notifications.models import OutboxMessage

from .factories import demo_claim, on_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

SUBMITTED = timezone.make_aware(datetime(2026, 9, 1, 10, 0))
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def to(message: OutboxMessage) -> set[str]:
    return set(message.recipients.values_list("email", flat=True))


# The submitter's confirmation


def test_the_submitter_is_sent_a_confirmation_with_the_claim_number_and_what_to_send() -> None:
    claim = demo_claim()
    message = OutboxMessage.objects.get(kind="claim_submitted_confirmation")
    assert to(message) == {"tutor@northfield.test"}
    assert message.subject == (
        f"Claim {claim.claim_number} submitted: send the candidates' work within 24 hours"
    )
    assert f"You submitted claim {claim.claim_number} for 03991" in message.body
    assert f"Claim number: {claim.claim_number}" in message.body
    assert "Within 24 hours, send the candidates' work to your OCR Assessor by" in message.body
    assert "a submission cover sheet for each candidate" in message.body
    assert reverse("moderation:centre-evidence", args=[claim.pk]) in message.body


@override_settings(EVIDENCE_DUE_AFTER=timedelta(hours=48))
def test_the_confirmation_and_the_moderators_email_take_the_deadline_from_the_settings() -> None:
    demo_claim()
    confirmation = OutboxMessage.objects.get(kind="claim_submitted_confirmation")
    assert "within 48 hours" in confirmation.subject
    assert "Within 48 hours" in confirmation.body and "24 hours" not in confirmation.body
    to_moderator = OutboxMessage.objects.get(kind="claim_submitted")
    assert "within 48 hours of submitting" in to_moderator.body


# The moderator told of work uploaded or sent


def test_the_moderator_is_told_when_the_centre_uploads_work(tutor: User) -> None:
    claim = demo_claim()
    amira = on_claim(claim, "11721896")
    evidence = actions.upload_evidence(
        membership=tutor.memberships.get(),
        claim_id=claim.pk,
        claim_candidate_id=amira.pk,
        upload=SimpleUploadedFile("amira.pdf", PDF, content_type="application/pdf"),
        acting_user=tutor,
    )
    message = OutboxMessage.objects.get(kind="evidence_uploaded")
    assert message.key == f"evidence-uploaded:{evidence.pk}"
    assert to(message) == {"moderator@awarding.test"}
    assert message.subject == (
        f"Work uploaded for claim {claim.claim_number}: Amira Khan (11721896)"
    )
    assert "has uploaded amira.pdf for Amira Khan (11721896)" in message.body
    assert reverse("moderation:claim", args=[claim.pk]) in message.body


def test_the_moderator_is_told_when_the_centre_records_work_sent_by_post(tutor: User) -> None:
    claim = demo_claim()
    today = timezone.localdate()
    actions.record_evidence_sent(
        membership=tutor.memberships.get(),
        claim_id=claim.pk,
        method="postal",
        sent_on=today,
        acting_user=tutor,
    )
    message = OutboxMessage.objects.get(kind="evidence_sent")
    assert to(message) == {"moderator@awarding.test"}
    assert message.subject == f"Work sent for claim {claim.claim_number} by postal submission"
    assert f"by postal submission on {today:%d/%m/%Y}" in message.body
    assert "naming the candidates it covers" in message.body


def test_the_email_is_written_in_the_actions_transaction_and_goes_with_it(tutor: User) -> None:
    claim = demo_claim()

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        actions.record_evidence_sent(
            membership=tutor.memberships.get(),
            claim_id=claim.pk,
            method="postal",
            sent_on=timezone.localdate(),
            acting_user=tutor,
        )
        assert OutboxMessage.objects.filter(kind="evidence_sent").exists()
        raise Undone
    assert not OutboxMessage.objects.filter(kind="evidence_sent").exists()


# The 35-day flag


def test_the_35_day_flag_goes_to_the_moderator_too_and_shows_on_both_claim_pages(
    tutor: User, moderator: User
) -> None:
    claim = demo_claim(submitted_at=SUBMITTED)
    view_claim = reverse("claims:view-claim", args=[claim.pk])
    moderation = reverse("moderation:claim", args=[claim.pk])
    warning = "Overdue: this claim has been with the examiner-moderator for more than 35 days"
    with time_machine.travel(SUBMITTED + timedelta(days=34), tick=False):
        assert warning not in client_for(tutor).get(view_claim).content.decode()
        assert "Overdue: this claim" not in client_for(moderator).get(moderation).content.decode()
    with time_machine.travel(SUBMITTED + timedelta(days=35, minutes=1), tick=False):
        reminders.send_due_reminders()
        centre_page = client_for(tutor).get(view_claim).content.decode()
        moderator_page = client_for(moderator).get(moderation).content.decode()
    assert warning in centre_page
    assert "contact OCR Operations at ops@awarding.test" in centre_page
    assert "Overdue: this claim has been with you for more than 35 days" in moderator_page
    message = OutboxMessage.objects.get(kind="overdue_moderator")
    assert to(message) == {"moderator@awarding.test"}
    assert message.subject == (
        f"Claim {claim.claim_number} has been with you for more than 35 days"
    )
    assert "submitted on 01/09/2026" in message.body
    assert reverse("moderation:claim", args=[claim.pk]) in message.body
    operations = OutboxMessage.objects.get(kind="overdue_operations")
    assert "Examiner-moderator: moderator@awarding.test" in operations.body


@override_settings(OVERDUE_AFTER=timedelta(days=30), EVIDENCE_DUE_AFTER=timedelta(hours=12))
def test_the_deadlines_on_pages_and_in_emails_come_from_the_settings(
    tutor: User, moderator: User
) -> None:
    claim = demo_claim(submitted_at=SUBMITTED)
    with time_machine.travel(SUBMITTED + timedelta(days=30, minutes=1), tick=False):
        assert reminders.send_due_reminders() == 2
        queue = client_for(moderator).get(reverse("moderation:queue")).content.decode()
        centre = client_for(tutor).get(reverse("moderation:centre-information")).content.decode()
        view_claim = client_for(tutor).get(reverse("claims:view-claim", args=[claim.pk]))
    assert "more than 30 days" in queue and "12 hours after submission" in queue
    assert "35 days" not in queue and "24 hours" not in queue
    assert "Within 12 hours of submitting" in centre and "Over 30 days" in centre
    assert "more than 30 days" in view_claim.content.decode()
    reminder = OutboxMessage.objects.get(kind="evidence_reminder")
    assert "more than 12 hours ago" in reminder.body
    for kind in ("overdue_centre", "overdue_moderator", "overdue_operations"):
        message = OutboxMessage.objects.get(kind=kind)
        assert "30 days" in message.subject + message.body
        assert "35 days" not in message.subject + message.body


# "Sent to OCR": when results appear


@pytest.mark.parametrize(
    ("delay", "words"),
    [
        (timedelta(0), "Results should appear as soon as the claim is processed."),
        (timedelta(hours=48), "Results should appear 48 hours after the claim is processed."),
    ],
)
def test_the_sent_to_ocr_email_says_when_results_appear_from_the_delay_setting(
    moderator: User, delay: timedelta, words: str
) -> None:
    claim = demo_claim()
    with override_settings(RESULTS_DELAY=delay):
        actions.save_feedback(claim_id=claim.pk, feedback="Well run.", acting_user=moderator)
        actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    message = OutboxMessage.objects.get(kind="claim_finalised")
    assert to(message) == {"tutor@northfield.test", "exams@northfield.test"}
    assert words in message.body
    if not delay:
        assert "48 hours" not in message.body
