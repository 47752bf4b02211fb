"""The acceptance journey of moderation, through the pages, as each person walks it."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from candidates.models import AchievedUnit
from claims.models import Claim, ClaimStatus, UnitState
from conftest import client_for
from notifications.models import OutboxMessage

from .factories import claimed_unit, demo_claim, on_claim

pytestmark = pytest.mark.django_db


def test_moderator_samples_reviews_and_sends_a_claim_then_operations_process_it(
    moderator: User,
    tutor: User,
    ops: User,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    settings.EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"
    settings.RESULTS_DELAY = timedelta(0)
    claim = demo_claim()
    moderation = client_for(moderator)

    queue = moderation.get(reverse("moderation:queue"))
    assert queue.status_code == 200
    assert str(claim.claim_number) in queue.content.decode()

    # The proposed sample of a small claim is every candidate.
    sample_page = moderation.get(reverse("moderation:sample", args=[claim.pk]))
    assert sample_page.content.decode().count("checked") == 2
    amira, chloe = on_claim(claim, "11721896"), on_claim(claim, "11721832")
    with django_capture_on_commit_callbacks(execute=True):
        response = moderation.post(
            reverse("moderation:sample", args=[claim.pk]), {"candidates": [amira.pk, chloe.pk]}
        )
    assert response.status_code == 302

    # The centre sees which candidates' work is asked for.
    tutor_client = client_for(tutor)
    evidence = tutor_client.get(reverse("moderation:centre-evidence", args=[claim.pk]))
    assert "Amira Khan" in evidence.content.decode()
    assert "asked on" in evidence.content.decode()

    # Accept two units, withdraw one with a reason.
    for number in (1, 4):
        unit = claimed_unit(claim, "11721896", number)
        response = moderation.post(reverse("moderation:accept-unit", args=[claim.pk, unit.pk]))
        assert response.status_code == 302
    withdrawn = claimed_unit(claim, "11721832", 1)
    response = moderation.post(
        reverse("moderation:unit", args=[claim.pk, withdrawn.pk]),
        {"outcome": "withdraw", "reason": "No evidence of the practical task"},
    )
    assert response.status_code == 302

    response = moderation.post(
        reverse("moderation:feedback", args=[claim.pk]),
        {"feedback": "Well-organised portfolios; keep witness statements dated."},
    )
    assert response.status_code == 302

    confirm = moderation.get(reverse("moderation:send", args=[claim.pk]))
    assert "Yes, send to OCR" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = moderation.post(reverse("moderation:send", args=[claim.pk]))
    assert response.status_code == 302

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.FINALISED
    assert claim.reference == f"R{claim.claim_number}"
    assert claimed_unit(claim, "11721896", 4).state == UnitState.ACCEPTED
    assert claimed_unit(claim, "11721832", 1).state == UnitState.WITHDRAWN

    # The centre: the report and an email in the outbox.
    reports = tutor_client.get(reverse("moderation:centre-moderator-reports"))
    assert f"Report for claim {claim.claim_number}" in reports.content.decode()
    report = tutor_client.get(reverse("moderation:centre-moderator-report", args=[claim.pk]))
    text = report.content.decode()
    assert claim.reference in text
    assert "No evidence of the practical task" in text
    assert "Well-organised portfolios" in text
    pdf = tutor_client.get(reverse("moderation:centre-moderator-report-pdf", args=[claim.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    outbox = tutor_client.get(reverse("accounts:outbox")).content.decode()
    assert f"Claim {claim.claim_number} sent to OCR: reference {claim.reference}" in outbox
    assert OutboxMessage.objects.filter(key=f"claim-finalised:{claim.pk}").count() == 1

    # Operations process it: the accepted units become results, the withdrawn one does not.
    operations = client_for(ops)
    listed = operations.get(reverse("results:claims-to-process"))
    assert str(claim.claim_number) in listed.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = operations.post(reverse("results:process-claim", args=[claim.pk]))
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PROCESSED
    achieved = set(
        AchievedUnit.objects.filter(claim=claim).values_list("candidate__number", "unit__number")
    )
    assert achieved == {("11721896", 1), ("11721896", 4)}
    results = tutor_client.get(reverse("results:list"))
    assert results.status_code == 200
    assert "Amira Khan" in results.content.decode()
    # Results are published at once here (no delay), so the centre is told at once.
    subjects = [m.subject for m in OutboxMessage.objects.all()]
    assert f"Results published for claim {claim.claim_number} (03991)" in subjects
    assert not mail.outbox  # every email went to the outbox backend
