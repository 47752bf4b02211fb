"""A claim's History as its centre and its examiner-moderator read it: what happened, in words,
never where the server keeps a file nor the email address or name of the awarding body's staff.
The audit events themselves keep both: they are the awarding body's record."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from claims.models import Claim
from claims.tests.helpers import membership_of
from claims.tests.submit_data import AMIRA, amiras_claim, submit
from conftest import client_for
from moderation import actions as moderation_actions
from moderation.models import EvidenceFile
from moderation.tests.factories import claimed_unit, on_claim
from results import actions as results_actions

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def moderated_with_work_uploaded(tutor: User, moderator: User, ops: User) -> Claim:
    """Amira's claim submitted, her portfolio uploaded, a unit withdrawn and the rest accepted by
    the moderator, sent to the awarding body and processed by operations: every actor there is."""
    claim = submit(tutor, amiras_claim(tutor))
    moderation_actions.upload_evidence(
        membership=membership_of(tutor),
        claim_id=claim.pk,
        claim_candidate_id=on_claim(claim, AMIRA).pk,
        upload=SimpleUploadedFile("Amira portfolio.pdf", PDF),
        acting_user=tutor,
    )
    moderation_actions.record_unit_outcome(
        claim_id=claim.pk,
        claimed_unit_id=claimed_unit(claim, AMIRA, 4).pk,
        outcome=moderation_actions.Outcome.WITHDRAW,
        reason="No evidence for this unit",
        acting_user=moderator,
    )
    moderation_actions.accept_candidate_units(
        claim_id=claim.pk, claim_candidate_id=on_claim(claim, AMIRA).pk, acting_user=moderator
    )
    moderation_actions.save_feedback(
        claim_id=claim.pk, feedback="Well organised portfolios.", acting_user=moderator
    )
    moderation_actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    results_actions.process_claim(claim_id=claim.pk, acting_user=ops)
    return claim


def history_cells(user: User, claim: Claim) -> list[tuple[str, str, str]]:
    """Who, What and Details of every row of the History, as the page shows them."""
    response = client_for(user).get(reverse("claims:claim-history-log", args=[claim.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', body, flags=re.S)[1:]
    cells = [
        re.findall(r'<td class="govuk-table__cell">(.*?)</td>', row, flags=re.S) for row in rows
    ]
    return [(who, what, re.sub(r"<[^>]+>", " ", details)) for _, who, what, details in cells]


@pytest.mark.parametrize("reader", ["tutor", "moderator"])
def test_the_history_names_the_file_and_the_roles_not_the_storage_or_the_staff(
    reader: str, tutor: User, moderator: User, ops: User, request: pytest.FixtureRequest
) -> None:
    claim = moderated_with_work_uploaded(tutor, moderator, ops)
    stored = EvidenceFile.objects.get(claim=claim).file.name or ""
    # The awarding body's record keeps where the file is and who the moderator is.
    assert AuditEvent.objects.filter(changes__stored_as=stored).exists()
    assert AuditEvent.objects.filter(changes__moderator=moderator.email).exists()

    rows = history_cells(request.getfixturevalue(reader), claim)
    page = "\n".join(" | ".join(row) for row in rows)
    assert stored not in page and "Stored as" not in page and "evidence/" not in page
    for person in (moderator, ops):
        assert person.email not in page
        assert person.full_name not in page
    assert "@awarding.test" not in page

    uploaded = next(row for row in rows if row[1].startswith("Uploaded"))
    assert uploaded[0] == tutor.full_name
    assert "Amira portfolio.pdf" in uploaded[1]
    withdrawn = next(row for row in rows if row[1].startswith("Unit withdrawn"))
    assert withdrawn[0] == "Examiner-moderator"
    assert "Reason: No evidence for this unit" in withdrawn[2]
    details = next(row for row in rows if row[1].endswith("submission details"))
    assert details[0] == tutor.full_name
    assert "Examiner-moderator: assigned" in details[2]
    assert f"Submitter email: {tutor.email}" in details[2]  # the centre's own address stays
    processed = [row for row in rows if row[0] == "OCR"]
    assert processed, "operations' processing is shown as the awarding body's"
