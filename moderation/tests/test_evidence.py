"""Candidate work: uploads checked by size and content, safe names, who may open them, and
work sent by post or email with its arrival."""

import io
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import ModeratorAssignment, User
from catalogue.models import Qualification
from claims.models import Claim, ClaimCandidate
from common.errors import Conflict, DomainError, NotFound, PermissionRefused
from conftest import client_for
from moderation import actions, uploads
from moderation.models import EvidenceFile, EvidenceSubmission

from .factories import demo_claim, on_claim

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("portfolio/notes.txt", "notes")
    return buffer.getvalue()


# The checks themselves


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, uploads.PDF),
        (PNG, uploads.PNG),
        (JPEG, uploads.JPEG),
        (office("word/document.xml"), uploads.DOCX),
        (office("xl/workbook.xml"), uploads.XLSX),
        (office("ppt/presentation.xml"), uploads.PPTX),
        (plain_zip(), uploads.ZIP),
        (b"MZ\x90\x00 an executable", None),
        (b"<html><script>alert(1)</script>", None),
        (b"PK\x03\x04 but not really a zip", None),
    ],
)
def test_the_type_is_read_from_the_content(content: bytes, expected: uploads.FileType) -> None:
    assert uploads.sniff(io.BytesIO(content)) == expected


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
        ("/absolute/path/work.pdf", "work.pdf"),
        ("<script>alert(1)</script>.pdf", "script_.pdf"),
        ("<b onmouseover=x>.pdf", "_b onmouseover_x_.pdf"),
        ("report\x00.pdf", "report.pdf"),
        ("  .hidden.pdf ", "hidden.pdf"),
        ("....", "file"),
        ("Amira\u2019s portfolio.docx", "Amira's portfolio.docx"),
        ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
    ],
)
def test_names_are_cleaned_for_display(name: str, shown: str) -> None:
    assert uploads.display_name(name) == shown


def test_an_upload_over_the_size_limit_is_refused() -> None:
    with pytest.raises(DomainError, match="smaller than 20 MB"):
        uploads.check_upload(
            name="big.pdf", size=uploads.MAX_UPLOAD_BYTES + 1, stream=io.BytesIO(PDF)
        )


def test_an_upload_at_the_size_limit_is_accepted() -> None:
    found = uploads.check_upload(
        name="big.pdf", size=uploads.MAX_UPLOAD_BYTES, stream=io.BytesIO(PDF)
    )
    assert found == uploads.PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("work.pdf", b"this is plain text", "must be a PDF"),
        ("work.pdf", PNG, "named as a PDF file but its contents are not"),
        ("work.docx", plain_zip(), "named as a Word"),
        ("photo.exe", PNG, "name must end in its type"),
        ("noextension", PDF, "name must end in its type"),
    ],
)
def test_wrong_types_are_refused_by_content(name: str, content: bytes, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        uploads.check_upload(name=name, size=len(content), stream=io.BytesIO(content))


def test_an_office_file_may_be_sent_as_a_zip() -> None:
    content = office("word/document.xml")
    assert (
        uploads.check_upload(name="work.zip", size=len(content), stream=io.BytesIO(content))
        == uploads.ZIP
    )


# Uploading through the centre's page


def _upload(client: Any, claim: Claim, candidate_id: int, name: str, content: bytes) -> Any:
    return client.post(
        reverse("moderation:centre-evidence", args=[claim.pk]),
        {
            "form": "upload",
            "candidate": candidate_id,
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


def test_the_centre_uploads_work_stored_under_a_name_the_server_makes(
    tutor_client: Any, moderator: User
) -> None:
    claim = demo_claim()
    amira = on_claim(claim, "11721896")
    response = _upload(tutor_client, claim, amira.pk, "../../etc/passwd.pdf", PDF)
    assert response.status_code == 302
    stored = EvidenceFile.objects.get()
    assert stored.original_name == "passwd.pdf"
    assert stored.claim_candidate == amira
    assert stored.content_type == "application/pdf"
    stored_name = stored.file.name or ""
    folder, _, name = stored_name.rpartition("/")
    assert folder == f"evidence/{claim.pk}"
    assert len(name) == len("0" * 32 + ".pdf") and name.endswith(".pdf")
    assert "passwd" not in stored_name and ".." not in stored_name
    assert default_storage.open(stored_name).read() == PDF

    page = client_for(moderator).get(reverse("moderation:claim", args=[claim.pk]))
    assert "passwd.pdf" in page.content.decode()
    # Amira's work only: Chloe's has not arrived yet.
    assert "1 of 2 arrived" in page.content.decode()


def test_an_oversize_upload_is_refused_on_the_page_and_nothing_is_stored(
    tutor_client: Any,
) -> None:
    claim = demo_claim()
    big = PDF + b"0" * (uploads.MAX_UPLOAD_BYTES + 1 - len(PDF))
    response = _upload(tutor_client, claim, on_claim(claim, "11721896").pk, "big.pdf", big)
    assert response.status_code == 400
    assert "The selected file must be smaller than 20 MB" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_file_whose_content_is_not_its_type_is_refused(tutor_client: Any) -> None:
    claim = demo_claim()
    response = _upload(
        tutor_client, claim, on_claim(claim, "11721896").pk, "work.pdf", b"#!/bin/sh\nrm -rf /"
    )
    assert response.status_code == 400
    assert "The selected file must be a PDF, JPEG, PNG, DOCX, XLSX, PPTX or ZIP" in (
        response.content.decode()
    )
    assert not EvidenceFile.objects.exists()


def test_a_qualification_without_e_portfolio_takes_no_uploads(tutor: User) -> None:
    Qualification.objects.filter(code="03991").update(evidence_methods=["postal"])
    claim = demo_claim()
    with pytest.raises(DomainError, match="does not take e-portfolio"):
        actions.upload_evidence(
            membership=tutor.memberships.get(),
            claim_id=claim.pk,
            claim_candidate_id=on_claim(claim, "11721896").pk,
            upload=SimpleUploadedFile("work.pdf", PDF),
            acting_user=tutor,
        )


def test_a_candidate_of_another_claim_cannot_be_named(tutor: User) -> None:
    claim = demo_claim()
    other = demo_claim()
    with pytest.raises(DomainError, match="Choose a candidate on this claim"):
        actions.upload_evidence(
            membership=tutor.memberships.get(),
            claim_id=claim.pk,
            claim_candidate_id=on_claim(other, "11721896").pk,
            upload=SimpleUploadedFile("work.pdf", PDF),
            acting_user=tutor,
        )


def test_staff_without_a_claims_role_cannot_upload(staff: User) -> None:
    claim = demo_claim()
    with pytest.raises(PermissionRefused):
        actions.upload_evidence(
            membership=staff.memberships.get(),
            claim_id=claim.pk,
            claim_candidate_id=on_claim(claim, "11721896").pk,
            upload=SimpleUploadedFile("work.pdf", PDF),
            acting_user=staff,
        )


# Opening files


def _stored(tutor: User, claim: Claim, name: str, content: bytes) -> EvidenceFile:
    return actions.upload_evidence(
        membership=tutor.memberships.get(),
        claim_id=claim.pk,
        claim_candidate_id=on_claim(claim, "11721896").pk,
        upload=SimpleUploadedFile(name, content),
        acting_user=tutor,
    )


def test_the_moderator_opens_a_pdf_in_the_browser(tutor: User, moderator: User) -> None:
    claim = demo_claim()
    stored = _stored(tutor, claim, "Amira portfolio.pdf", PDF)
    response = client_for(moderator).get(reverse("moderation:evidence-file", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert response["Content-Disposition"].startswith("inline")
    assert 'filename="Amira portfolio.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]


def test_office_files_are_downloaded_not_shown(tutor: User, moderator: User) -> None:
    claim = demo_claim()
    stored = _stored(tutor, claim, "work.docx", office("word/document.xml"))
    response = client_for(moderator).get(reverse("moderation:evidence-file", args=[stored.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == uploads.DOCX.content_type


def test_files_are_not_served_from_the_media_url(tutor: User, moderator: User) -> None:
    claim = demo_claim()
    stored = _stored(tutor, claim, "work.pdf", PDF)
    response = client_for(moderator).get(f"/media/{stored.file.name}")
    assert response.status_code == 404


def test_only_the_claims_moderator_and_its_centre_open_its_files(
    tutor: User,
    moderator: User,
    southbank_admin: User,
    staff: User,
    verifier: User,
    tutor_client: Any,
) -> None:
    claim = demo_claim()
    stored = _stored(tutor, claim, "work.pdf", PDF)
    url = reverse("moderation:evidence-file", args=[stored.pk])
    assert tutor_client.get(url).status_code == 200
    for outsider in (southbank_admin, staff, verifier):
        assert client_for(outsider).get(url).status_code == 404
    other = User.objects.create_user("other-moderator@awarding.test", "x" * 12, full_name="O")
    ModeratorAssignment.objects.filter(centre__number="12345").update(moderator=other)
    assert client_for(moderator).get(url).status_code == 404
    assert client_for(other).get(url).status_code == 200


def test_the_centre_removes_a_file_while_the_claim_is_with_the_moderator(
    tutor: User, tutor_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    claim = demo_claim()
    stored = _stored(tutor, claim, "wrong.pdf", PDF)
    with django_capture_on_commit_callbacks(execute=True):
        response = tutor_client.post(
            reverse("moderation:centre-evidence-remove", args=[claim.pk, stored.pk])
        )
    assert response.status_code == 302
    assert not EvidenceFile.objects.exists()
    assert not default_storage.exists(stored.file.name or "")


# Post and email


def test_the_centre_records_work_sent_by_post_and_the_moderator_its_arrival(
    tutor_client: Any, moderator: User
) -> None:
    claim = demo_claim()
    today = timezone.localdate()
    response = tutor_client.post(
        reverse("moderation:centre-evidence", args=[claim.pk]),
        {"form": "sent", "method": "postal", "sent_on": today.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302
    submission = EvidenceSubmission.objects.get()
    assert submission.method == "postal" and submission.sent_on == today

    moderation = client_for(moderator)
    assert f"Sent {today:%d/%m/%Y}" in moderation.get(reverse("moderation:queue")).content.decode()
    everyone = list(ClaimCandidate.objects.filter(claim=claim).values_list("pk", flat=True))
    response = moderation.post(
        reverse("moderation:arrival", args=[claim.pk, submission.pk]),
        {"arrived_on": today.strftime("%d/%m/%Y"), "candidates": everyone},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.arrived_on == today and submission.arrival_recorded_by == moderator
    assert (
        f"Arrived {today:%d/%m/%Y}" in moderation.get(reverse("moderation:queue")).content.decode()
    )


def test_the_sent_form_keeps_what_was_typed_and_names_the_field(tutor_client: Any) -> None:
    claim = demo_claim()
    response = tutor_client.post(
        reverse("moderation:centre-evidence", args=[claim.pk]),
        {"form": "sent", "method": "postal", "sent_on": "31/02/2026"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter the date sent as day/month/year" in text
    assert 'value="31/02/2026"' in text


def test_evidence_cannot_be_sent_in_the_future_or_by_a_method_not_taken(tutor: User) -> None:
    claim = demo_claim()
    membership = tutor.memberships.get()
    with pytest.raises(DomainError, match="today or in the past"):
        actions.record_evidence_sent(
            membership=membership,
            claim_id=claim.pk,
            method="postal",
            sent_on=timezone.localdate() + timedelta(days=1),
            acting_user=tutor,
        )
    with pytest.raises(DomainError, match="Choose how the work was sent"):
        actions.record_evidence_sent(
            membership=membership,
            claim_id=claim.pk,
            method="eportfolio",
            sent_on=timezone.localdate(),
            acting_user=tutor,
        )


def test_another_centre_cannot_see_or_send_evidence_for_the_claim(
    southbank_client: Any, southbank_admin: User
) -> None:
    claim = demo_claim()
    url = reverse("moderation:centre-evidence", args=[claim.pk])
    assert southbank_client.get(url).status_code == 404
    with pytest.raises(NotFound):
        actions.record_evidence_sent(
            membership=southbank_admin.memberships.get(),
            claim_id=claim.pk,
            method="postal",
            sent_on=timezone.localdate(),
            acting_user=southbank_admin,
        )


def test_a_finalised_claim_takes_no_more_evidence(tutor: User, moderator: User) -> None:
    claim = demo_claim()
    actions.save_feedback(claim_id=claim.pk, feedback="Fine.", acting_user=moderator)
    actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    with pytest.raises(Conflict, match="Finalised"):
        actions.record_evidence_sent(
            membership=tutor.memberships.get(),
            claim_id=claim.pk,
            method="postal",
            sent_on=timezone.localdate(),
            acting_user=tutor,
        )


def test_a_wrong_arrival_date_is_shown_beside_its_field_and_kept(
    tutor: User, moderator: User
) -> None:
    claim = demo_claim()
    today = timezone.localdate()
    submission = actions.record_evidence_sent(
        membership=tutor.memberships.get(),
        claim_id=claim.pk,
        method="postal",
        sent_on=today,
        acting_user=tutor,
    )
    url = reverse("moderation:arrival", args=[claim.pk, submission.pk])
    client = client_for(moderator)
    amira = on_claim(claim, "11721896").pk
    response = client.post(url, {"arrived_on": "31/02/2026", "candidates": [amira]})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter the date it arrived as day/month/year" in text
    assert f'href="#arrived-{submission.pk}-arrived_on"' in text
    assert 'value="31/02/2026"' in text
    tomorrow = f"{today + timedelta(days=1):%d/%m/%Y}"
    response = client.post(url, {"arrived_on": tomorrow, "candidates": [amira]})
    assert response.status_code == 400
    assert "The date it arrived must be today or in the past" in response.content.decode()
    submission.refresh_from_db()
    assert submission.arrived_on is None
