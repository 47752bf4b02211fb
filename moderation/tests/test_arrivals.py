"""Candidate work arrives per candidate: an upload counts for its candidate only, the moderator's
arrival of posted work names the candidates it covers, and the claim's work has arrived only when
every candidate asked for (the sample, or everyone) has theirs."""

import importlib
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from claims.models import Claim, ClaimCandidate
from common.errors import DomainError
from conftest import client_for
from moderation import actions, reminders, selectors
from moderation.models import EvidenceArrival, EvidenceFile, EvidenceSubmission
from notifications.models import OutboxMessage

from .factories import demo_claim, on_claim, submitted_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

SUBMITTED = timezone.make_aware(datetime(2026, 9, 1, 10, 0))
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SIX = ["11721896", "789012", "11721832", "11721897", "11808151", "123456"]


def six_candidates(submitted_at: datetime | None = None) -> Claim:
    return submitted_claim(
        candidates=[(number, [(1, "", "TA")]) for number in SIX], submitted_at=submitted_at
    )


def upload(tutor: User, claim: Claim, number: str) -> EvidenceFile:
    return actions.upload_evidence(
        membership=tutor.memberships.get(),
        claim_id=claim.pk,
        claim_candidate_id=on_claim(claim, number).pk,
        upload=SimpleUploadedFile(f"{number}.pdf", PDF, content_type="application/pdf"),
        acting_user=tutor,
    )


def sent_by_post(tutor: User, claim: Claim) -> EvidenceSubmission:
    return actions.record_evidence_sent(
        membership=tutor.memberships.get(),
        claim_id=claim.pk,
        method="postal",
        sent_on=timezone.localdate(),
        acting_user=tutor,
    )


def evidence_label(moderator: User) -> str:
    [row] = selectors.moderator_queue(user=moderator)
    return row.evidence.label


def test_one_pdf_for_one_of_six_candidates_does_not_mark_the_claims_work_arrived(
    tutor: User, moderator: User
) -> None:
    claim = six_candidates()
    upload(tutor, claim, "11721896")
    today = f"{timezone.localdate():%d/%m/%Y}"

    [row] = selectors.moderator_queue(user=moderator)
    assert (row.evidence.label, row.evidence.arrived) == ("1 of 6 arrived", False)
    queue = client_for(moderator).get(reverse("moderation:queue")).content.decode()
    assert "1 of 6 arrived" in queue and f"Arrived {today}" not in queue
    tutor_client = client_for(tutor)
    centre = tutor_client.get(reverse("moderation:centre-information")).content.decode()
    assert "1 of 6 arrived" in centre
    evidence = tutor_client.get(reverse("moderation:centre-evidence", args=[claim.pk]))
    assert "1 of 6 arrived" in evidence.content.decode()

    for number in SIX[1:]:
        upload(tutor, claim, number)
    [row] = selectors.moderator_queue(user=moderator)
    assert (row.evidence.label, row.evidence.arrived) == (f"Arrived {today}", True)


def test_a_second_file_for_the_same_candidate_is_not_a_second_candidates_work(
    tutor: User, moderator: User
) -> None:
    claim = demo_claim()
    upload(tutor, claim, "11721896")
    upload(tutor, claim, "11721896")
    assert evidence_label(moderator) == "1 of 2 arrived"
    assert EvidenceArrival.objects.filter(claim=claim).count() == 1


def test_with_a_sample_only_the_work_of_the_candidates_in_it_is_waited_for(
    tutor: User, moderator: User
) -> None:
    claim = six_candidates()
    sampled = [on_claim(claim, number).pk for number in SIX[:2]]
    actions.request_sample(claim_id=claim.pk, claim_candidate_ids=sampled, acting_user=moderator)
    upload(tutor, claim, SIX[5])  # outside the sample: not what was asked for
    assert evidence_label(moderator) == "Not sent"
    upload(tutor, claim, SIX[0])
    assert evidence_label(moderator) == "1 of 2 arrived"
    upload(tutor, claim, SIX[1])
    assert evidence_label(moderator).startswith("Arrived ")


def test_the_moderators_arrival_of_posted_work_names_the_candidates_it_covers(
    tutor: User, moderator: User
) -> None:
    claim = six_candidates()
    submission = sent_by_post(tutor, claim)
    covered = [on_claim(claim, number).pk for number in SIX[:3]]
    today = timezone.localdate()
    actions.record_arrival(
        claim_id=claim.pk,
        submission_id=submission.pk,
        arrived_on=today,
        claim_candidate_ids=covered,
        acting_user=moderator,
    )
    assert evidence_label(moderator) == "3 of 6 arrived"
    assert sorted(
        EvidenceArrival.objects.filter(claim=claim).values_list("claim_candidate_id", flat=True)
    ) == sorted(covered)
    event = AuditEvent.objects.filter(action="moderation.evidence_arrived").get()
    # Named in the claim's order (by surname): Davies, Doe, Khan.
    assert event.summary.endswith(": 11721832, 789012, 11721896")
    assert event.actor == moderator

    # The rest of the parcel, recorded for everyone: those already arrived keep their date.
    actions.record_arrival(
        claim_id=claim.pk, submission_id=submission.pk, arrived_on=today, acting_user=moderator
    )
    assert evidence_label(moderator) == f"Arrived {today:%d/%m/%Y}"
    assert EvidenceArrival.objects.filter(claim=claim).count() == 6


def test_an_arrival_cannot_name_no_candidate_or_another_claims(
    tutor: User, moderator: User
) -> None:
    claim = demo_claim()
    other = six_candidates()
    submission = sent_by_post(tutor, claim)
    for ids in ([], [on_claim(other, SIX[0]).pk]):
        with pytest.raises(DomainError) as refused:
            actions.record_arrival(
                claim_id=claim.pk,
                submission_id=submission.pk,
                arrived_on=timezone.localdate(),
                claim_candidate_ids=ids,
                acting_user=moderator,
            )
        assert refused.value.field == "candidates"
    assert not EvidenceArrival.objects.exists()
    submission.refresh_from_db()
    assert submission.arrived_on is None


def test_the_arrival_form_asks_whose_work_arrived_and_keeps_the_answer(
    tutor: User, moderator: User
) -> None:
    claim = demo_claim()
    submission = sent_by_post(tutor, claim)
    client = client_for(moderator)
    page = client.get(reverse("moderation:claim", args=[claim.pk])).content.decode()
    assert "Whose work arrived" in page
    amira = on_claim(claim, "11721896").pk
    # Everyone asked for (no sample: every candidate) is ticked to start with.
    assert f'id="arrived-{submission.pk}-candidates_0" name="candidates" type="checkbox" ' in page
    assert page.count('name="candidates" type="checkbox" value=') == 2
    assert page.count("checked>") >= 2

    url = reverse("moderation:arrival", args=[claim.pk, submission.pk])
    today = f"{timezone.localdate():%d/%m/%Y}"
    response = client.post(url, {"arrived_on": today})
    assert response.status_code == 400
    assert "Select the candidates whose work arrived" in response.content.decode()
    assert not EvidenceArrival.objects.exists()

    response = client.post(url, {"arrived_on": today, "candidates": [amira]})
    assert response.status_code == 302
    assert list(EvidenceArrival.objects.values_list("claim_candidate_id", "method")) == [
        (amira, "postal")
    ]
    page = client.get(reverse("moderation:claim", args=[claim.pk])).content.decode()
    assert "1 of 2 arrived" in page
    assert f"{today}, Postal submission" in page


def test_removing_a_candidates_last_file_takes_back_their_arrival(
    tutor: User, moderator: User
) -> None:
    claim = demo_claim()
    first = upload(tutor, claim, "11721896")
    second = upload(tutor, claim, "11721896")
    membership = tutor.memberships.get()
    actions.remove_evidence_file(
        membership=membership, claim_id=claim.pk, file_id=first.pk, acting_user=tutor
    )
    assert evidence_label(moderator) == "1 of 2 arrived"
    actions.remove_evidence_file(
        membership=membership, claim_id=claim.pk, file_id=second.pk, acting_user=tutor
    )
    assert evidence_label(moderator) == "Not sent"
    assert not EvidenceArrival.objects.exists()


def test_the_queue_costs_the_same_queries_with_arrivals_and_samples(
    tutor: User, moderator: User, django_assert_num_queries: Any
) -> None:
    client = client_for(moderator)
    demo_claim()
    client.get(reverse("moderation:queue"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("moderation:queue"))
    for _ in range(3):
        claim = six_candidates()
        upload(tutor, claim, SIX[0])
        sampled = [on_claim(claim, number).pk for number in SIX[:3]]
        actions.request_sample(
            claim_id=claim.pk, claim_candidate_ids=sampled, acting_user=moderator
        )
        actions.record_arrival(
            claim_id=claim.pk,
            submission_id=sent_by_post(tutor, claim).pk,
            arrived_on=timezone.localdate(),
            claim_candidate_ids=sampled[1:2],
            acting_user=moderator,
        )
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("moderation:queue")).content.decode()
    assert page.count("2 of 3 arrived") == 3


# The 24-hour reminder names the candidates whose work is missing


def test_the_24_hour_reminder_names_the_candidates_whose_work_is_missing(tutor: User) -> None:
    claim = demo_claim(submitted_at=SUBMITTED)
    with time_machine.travel(SUBMITTED + timedelta(hours=1), tick=False):
        upload(tutor, claim, "11721896")
    with time_machine.travel(SUBMITTED + timedelta(hours=25), tick=False):
        assert reminders.send_due_reminders() == 1
    reminder = OutboxMessage.objects.get(kind="evidence_reminder")
    assert set(reminder.recipients.values_list("email", flat=True)) == {
        "tutor@northfield.test",
        "exams@northfield.test",
    }
    assert "more than 24 hours ago" in reminder.body
    assert "- Chloe Davies (11721832)" in reminder.body
    assert "Amira" not in reminder.body


def test_no_reminder_once_every_candidates_work_has_arrived(tutor: User) -> None:
    claim = demo_claim(submitted_at=SUBMITTED)
    with time_machine.travel(SUBMITTED + timedelta(hours=1), tick=False):
        upload(tutor, claim, "11721896")
        upload(tutor, claim, "11721832")
    with time_machine.travel(SUBMITTED + timedelta(hours=25), tick=False):
        assert reminders.send_due_reminders() == 0
    assert not OutboxMessage.objects.filter(kind="evidence_reminder").exists()


# Arrivals recorded before they were kept per candidate


def test_the_data_migration_turns_earlier_arrivals_into_arrivals_per_candidate(
    tutor: User, moderator: User
) -> None:
    claim = demo_claim()
    submission = sent_by_post(tutor, claim)
    upload(tutor, claim, "11721896")
    EvidenceArrival.objects.all().delete()
    EvidenceSubmission.objects.filter(pk=submission.pk).update(
        arrived_on=timezone.localdate(), arrival_recorded_by=moderator
    )
    migration = importlib.import_module(
        "moderation.migrations.0008_arrivals_from_existing_evidence"
    )
    migration.arrivals_from_existing_evidence(apps, None)
    everyone = set(ClaimCandidate.objects.filter(claim=claim).values_list("pk", flat=True))
    assert (
        set(
            EvidenceArrival.objects.filter(method="postal").values_list(
                "claim_candidate_id", flat=True
            )
        )
        == everyone
    )
    assert list(
        EvidenceArrival.objects.filter(method="eportfolio").values_list(
            "claim_candidate_id", flat=True
        )
    ) == [on_claim(claim, "11721896").pk]
    assert evidence_label(moderator).startswith("Arrived ")
