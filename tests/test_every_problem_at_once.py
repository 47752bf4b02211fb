"""One submit shows every problem: Add a centre (a number already taken with the other fields'
problems), the e-portfolio upload (the file's and the candidate's), and an assignment's email
address (its format before whether an account has it, the address shown as typed)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import assignments, centres
from accounts.models import Approval, Centre, User
from common.errors import DomainError, DomainErrors
from conftest import client_for
from moderation.models import EvidenceFile
from moderation.tests.factories import demo_claim

pytestmark = pytest.mark.django_db

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


def test_a_taken_centre_number_is_named_with_the_other_problems(ops: User) -> None:
    with pytest.raises(DomainErrors) as refused:
        centres.add_centre(number="12345", name=" ", contact_email="x", acting_user=ops)
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("number", "Centre 12345 already exists"),
        ("name", "Enter the centre's name"),
        ("contact_email", EMAIL_FORMAT),
    ]
    response = client_for(ops).post(
        reverse("accounts:operations-centre-add"),
        {"number": "12345", "name": "", "contact_email": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("Centre 12345 already exists") == 2  # summary and field
    assert page.count("Enter the centre&#x27;s name") == 2
    assert Centre.objects.count() == 2


def test_an_upload_names_the_bad_file_and_the_missing_candidate_together(
    tutor: User,
) -> None:
    claim = demo_claim()
    response = client_for(tutor).post(
        reverse("moderation:centre-evidence", args=[claim.pk]),
        {
            "form": "upload",
            "candidate": "",
            "file": SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 60),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("Choose the candidate") == 2
    assert page.count("The selected file must be a PDF, JPEG, PNG, DOCX, XLSX, PPTX or ZIP") == 2
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize("name", ["moderator", "verifier-add"])
def test_an_assignment_email_in_a_bad_format_is_told_so_as_typed(ops: User, name: str) -> None:
    approval = Approval.objects.get(centre__number="12345", qualification__code="05203")
    with pytest.raises(DomainError) as refused:
        assignments.assign_moderator(approval_id=approval.pk, email="NOT AN EMAIL", acting_user=ops)
    assert (refused.value.field, refused.value.message) == ("email", EMAIL_FORMAT)
    with pytest.raises(DomainError, match="no account with the email address Nobody@Awarding"):
        assignments.assign_moderator(
            approval_id=approval.pk, email=" Nobody@Awarding.test ", acting_user=ops
        )
    response = client_for(ops).post(
        reverse(f"accounts:operations-{name}", args=[approval.pk]), {"email": "NOT AN EMAIL"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("like name@example.com") == 2
    assert "no account" not in page
    assert 'value="NOT AN EMAIL"' in page
