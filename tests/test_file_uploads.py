"""File uploads use GOV.UK Frontend's file upload component: label, hint, the input, and a
problem with the file (none chosen, the wrong type) beside it and in the error summary."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from moderation.models import EvidenceFile
from moderation.tests.factories import demo_claim, on_claim

pytestmark = pytest.mark.django_db

INPUT = '<input class="govuk-file-upload'


def file_group(page: str) -> str:
    """The form group holding the file input."""
    found = re.search(
        r'<div class="govuk-form-group[^"]*">\s*<label class="govuk-label[^"]*" for="id_file">'
        r".*?>\s*</div>",
        page,
        re.S,
    )
    assert found is not None, "no file upload form group"
    return found.group(0)


def assert_component(page: str, *, label: str, hint: str, accept: str) -> None:
    group = file_group(page)
    assert f'for="id_file">{label}</label>' in group
    assert f'<div id="id_file-hint" class="govuk-hint">{hint}</div>' in group
    assert (
        f'<input class="govuk-file-upload" id="id_file" name="file" type="file" '
        f'accept="{accept}" aria-describedby="id_file-hint">'
    ) in group
    assert page.count('type="file"') == 1


def assert_error_beside(page: str, message: str) -> None:
    group = file_group(page)
    assert group.startswith('<div class="govuk-form-group govuk-form-group--error">')
    error = (
        '<p id="id_file-error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {message}</p>'
    )
    assert error in group
    # The message comes before the input, as the component puts it, and the input points at it.
    assert group.index(error) < group.index(INPUT)
    assert (
        'class="govuk-file-upload govuk-file-upload--error" id="id_file" name="file" type="file"'
    ) in group
    assert 'aria-describedby="id_file-hint id_file-error"' in group
    assert f'<li><a href="#id_file">{message}</a></li>' in page


EVIDENCE_TYPES = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.pptx,.zip"


def test_evidence_upload_renders_the_component_and_its_errors(tutor_client: Client) -> None:
    claim = demo_claim()
    url = reverse("moderation:centre-evidence", args=[claim.pk])
    page = tutor_client.get(url).content.decode()
    assert '<form method="post" enctype="multipart/form-data"' in page
    hint = "PDF, JPEG, PNG, DOCX, XLSX, PPTX or ZIP, up to 20 MB"
    assert_component(page, label="Upload a file", hint=hint, accept=EVIDENCE_TYPES)

    candidate = on_claim(claim, "11721896").pk
    response = tutor_client.post(url, {"form": "upload", "candidate": candidate})
    assert response.status_code == 400
    assert_error_beside(response.content.decode(), "Select a file")

    script = SimpleUploadedFile("work.pdf", b"#!/bin/sh\necho", content_type="application/pdf")
    response = tutor_client.post(url, {"form": "upload", "candidate": candidate, "file": script})
    assert response.status_code == 400
    assert_error_beside(
        response.content.decode(),
        "The selected file must be a PDF, JPEG, PNG, DOCX, XLSX, PPTX or ZIP",
    )
    assert not EvidenceFile.objects.exists()


def test_candidate_import_renders_the_component_and_its_errors(
    centre_admin_client: Client,
) -> None:
    url = reverse("candidates:import")
    page = centre_admin_client.get(url).content.decode()
    assert_component(
        page,
        label="Upload a CSV file",
        hint="UTF-8 CSV, at most 50,000 rows and 10 MB",
        accept=".csv,text/csv",
    )
    response = centre_admin_client.post(url, {"file": ""})
    assert response.status_code == 400
    assert_error_beside(response.content.decode(), "Select a CSV file")
    workbook = SimpleUploadedFile("candidates.xlsx", b"PK\x03\x04", content_type="text/csv")
    response = centre_admin_client.post(url, {"file": workbook})
    assert response.status_code == 400
    assert_error_beside(response.content.decode(), "The selected file must be a CSV file (.csv)")


def test_no_template_has_a_file_input_of_its_own() -> None:
    """Every file input is the component's: a new upload uses `govuk/file_upload.html` (or
    `govuk/field.html`, which includes it for a file field)."""
    root = Path(settings.BASE_DIR)
    own: list[Any] = [
        path.relative_to(root)
        for path in [*root.glob("templates/**/*.html"), *root.glob("*/templates/**/*.html")]
        if 'type="file"' in path.read_text() and path.name != "file_upload.html"
    ]
    assert own == []
