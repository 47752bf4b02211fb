"""Certificates: issued with results, downloaded by the centre, replaced or withdrawn by
operations (an upheld malpractice case too), and checked by anyone on /verify/."""

from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from audit.models import AuditEvent
from candidates.models import Candidate
from certificates import actions, numbers
from certificates.models import Certificate, CertificateKind, CertificateStatus
from claims.models import ClaimCandidate
from conftest import client_for
from moderation.models import MalpracticeCase
from notifications.models import OutboxMessage
from results import actions as results_actions
from results.tests import factories as f

pytestmark = pytest.mark.django_db

AMIRA = "11721896"  # born 02/08/1990
CHLOE = "11721832"


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


@pytest.fixture
def processed(demo: None, settings: Any) -> dict[str, Certificate]:
    settings.RESULTS_DELAY = timedelta(0)
    f.processed({AMIRA: [1, 4, 7], CHLOE: [1]})
    made = Certificate.objects.select_related("candidate").exclude(candidate__number="10050901")
    return {c.candidate.number: c for c in made}


def _look_up(client: Any, number: str, surname: str, born: str) -> Any:
    day, month, year = born.split("/")
    return client.post(
        reverse("certificates:verify"),
        {
            "number": number,
            "surname": surname,
            "dob_day": day,
            "dob_month": month,
            "dob_year": year,
        },
    )


def test_numbers_carry_a_check_character_that_catches_typing_mistakes() -> None:
    number = numbers.new_number()
    assert numbers.is_valid(number) and len(number) == 12
    swapped = number[1] + number[0] + number[2:]
    wrong = ("0" if number[3] != "0" else "1").join([number[:3], number[4:]])
    assert number[0] == number[1] or not numbers.is_valid(swapped)
    assert not numbers.is_valid(wrong)
    assert numbers.normalise(numbers.formatted(number).lower()) == number
    assert numbers.normalise("o1-il") == "0111"


def test_processing_issues_a_certificate_per_award_and_a_unit_certificate_otherwise(
    processed: dict[str, Certificate],
) -> None:
    amira, chloe = processed[AMIRA], processed[CHLOE]
    assert amira.kind == CertificateKind.AWARD and amira.award_id is not None
    assert [u["number"] for u in amira.unit_rows] == [1, 4, 7]
    assert amira.grade
    assert chloe.kind == CertificateKind.UNITS and chloe.award_id is None
    assert [u["number"] for u in chloe.unit_rows] == [1]
    assert numbers.is_valid(amira.number) and amira.number != chloe.number
    issued = AuditEvent.objects.filter(action="certificate.issued", changes__claim=amira.claim_id)
    assert issued.count() == 2


def test_the_centre_downloads_a_certificate_and_the_claims_file_others_get_404(
    processed: dict[str, Certificate], tutor: Any, southbank_admin: Any
) -> None:
    amira = processed[AMIRA]
    client = client_for(tutor)
    response = client.get(reverse("certificates:pdf", args=[amira.number]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert amira.display_number in text and "Amira Khan" in text and "/verify/" in text
    whole = client.get(reverse("certificates:claim-pdf", args=[amira.claim_id]))
    assert len(PdfReader(BytesIO(whole.content)).pages) == 2
    listed = client.get(reverse("certificates:claim", args=[amira.claim_id]))
    assert amira.display_number in listed.content.decode()
    other = client_for(southbank_admin)
    assert other.get(reverse("certificates:pdf", args=[amira.number])).status_code == 404
    assert other.get(reverse("certificates:claim", args=[amira.claim_id])).status_code == 404
    assert other.get(reverse("certificates:claim-pdf", args=[amira.claim_id])).status_code == 404


def test_verify_confirms_a_valid_certificate(
    processed: dict[str, Certificate], client: Any
) -> None:
    amira = processed[AMIRA]
    response = _look_up(client, amira.display_number.lower(), "khan", "02/08/1990")
    page = response.content.decode()
    assert response.status_code == 200 and "Certificate valid" in page
    assert "03991" in page and amira.grade in page
    event = AuditEvent.objects.get(action="certificate.verified")
    assert event.changes["answer"] == "valid" and event.object_id == str(amira.pk)
    assert "Khan" not in str(event.changes) and "1990" not in str(event.changes)


def test_verify_answers_the_same_not_found_whichever_field_is_wrong(
    processed: dict[str, Certificate], client
) -> None:
    amira = processed[AMIRA]
    other = numbers.new_number()
    answers = [
        _look_up(client, other, "Khan", "02/08/1990"),
        _look_up(client, amira.number, "Kahn", "02/08/1990"),
        _look_up(client, amira.number, "Khan", "03/08/1990"),
    ]
    assert {r.status_code for r in answers} == {200}
    assert (
        len({r.content.decode().replace(other, "").replace(amira.number, "") for r in answers}) == 1
    )
    assert all("Certificate not found" in r.content.decode() for r in answers)
    assert (
        AuditEvent.objects.filter(
            action="certificate.verified", changes__answer="not_found"
        ).count()
        == 3
    )


def test_verify_refuses_bad_input_beside_each_field(client: Any, db: None) -> None:
    response = client.post(
        reverse("certificates:verify"),
        {"number": "ABC", "dob_day": "31", "dob_month": "2", "dob_year": "1990"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the certificate number as printed" in page
    assert "Enter the holder&#x27;s surname" in page
    assert "Date of birth must be a real date" in page
    assert not AuditEvent.objects.filter(action="certificate.verified").exists()


def test_verify_is_limited_per_address(
    processed: dict[str, Certificate], client: Any, settings: Any
) -> None:
    settings.VERIFY_RATE_LIMITS = ["3/min"]
    amira = processed[AMIRA]
    for _ in range(3):
        assert _look_up(client, amira.number, "Khan", "02/08/1990").status_code == 200
    refused = _look_up(client, amira.number, "Khan", "02/08/1990")
    assert refused.status_code == 429 and "too many certificates" in refused.content.decode()
    assert AuditEvent.objects.filter(action="certificate.verified").count() == 3


def test_replacing_then_the_old_number_verifies_as_replaced(
    processed: dict[str, Certificate], ops: Any, client
) -> None:
    amira = processed[AMIRA]
    new = actions.replace_certificate(
        certificate_id=amira.pk, reason="Name corrected", acting_user=ops
    )
    amira.refresh_from_db()
    assert amira.status == CertificateStatus.REPLACED and amira.replaced_by == new
    assert new.is_valid and new.number != amira.number
    assert (
        "Certificate replaced"
        in _look_up(client, amira.number, "Khan", "02/08/1990").content.decode()
    )
    assert (
        "Certificate valid" in _look_up(client, new.number, "Khan", "02/08/1990").content.decode()
    )
    assert OutboxMessage.objects.filter(kind="certificate_replaced").exists()
    assert AuditEvent.objects.filter(
        action="certificate.replaced", object_id=str(amira.pk)
    ).exists()


def test_operations_withdraw_through_the_page_with_a_reason(
    processed: dict[str, Certificate], ops: Any, client
) -> None:
    chloe = processed[CHLOE]
    ops_client = client_for(ops)
    url = reverse("certificates:withdraw", args=[chloe.number])
    assert ops_client.post(url, {"reason": ""}).status_code == 400
    assert ops_client.post(url, {"reason": "Issued in error"}).status_code == 302
    chloe.refresh_from_db()
    assert chloe.status == CertificateStatus.WITHDRAWN and chloe.reason == "Issued in error"
    page = _look_up(client, chloe.number, "Davies", "20/11/1994").content.decode()
    assert "Certificate withdrawn" in page
    assert OutboxMessage.objects.filter(kind="certificate_withdrawn").exists()
    again = ops_client.post(reverse("certificates:replace", args=[chloe.number]), {"reason": "x"})
    assert again.status_code == 409


def test_an_upheld_malpractice_case_withdraws_the_claims_certificates(
    processed: dict[str, Certificate], ops: Any
) -> None:
    amira = processed[AMIRA]
    on_claim = ClaimCandidate.objects.get(claim_id=amira.claim_id, candidate__number=AMIRA)
    ClaimCandidate.objects.filter(pk=on_claim.pk).update(malpractice=True)
    case = MalpracticeCase.objects.create(
        claim_id=amira.claim_id,
        claim_candidate=on_claim,
        reason="Copied",
        opened_at=timezone.now(),
        opened_by=f.moderator(),
    )
    closed = results_actions.close_case(
        case_id=case.pk,
        outcome=results_actions.UPHELD,
        sanction="Banned",
        acting_user=ops,
    )
    amira.refresh_from_db()
    assert amira.status == CertificateStatus.WITHDRAWN
    assert closed.certificates_withdrawn == (amira.display_number,)
    assert processed[CHLOE].status == CertificateStatus.VALID
    assert (
        amira.display_number in OutboxMessage.objects.get(key=f"malpractice-closed:{case.pk}").body
    )
    assert Candidate.objects.get(number=AMIRA).certificates.valid().count() == 0
