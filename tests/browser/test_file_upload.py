"""The file upload component in a real browser: a labelled file input with its hint, the error
beside it and in the error summary; axe finds nothing."""

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("SCREENSHOTS_DIR")


def shoot(page: Any, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_import_upload_is_the_enhanced_component(page: Any) -> None:
    sign_in(page, "admin@northfield.test")
    page.goto("/candidates/import/")
    upload = page.get_by_label("Upload a CSV file")
    expect(upload).to_be_visible()
    assert_accessible(page)
    shoot(page, "import")
    page.get_by_role("button", name="Check file").click()
    expect(page).to_have_title("Error: Import candidates \u2013 CertClaims")
    group = page.locator(".govuk-form-group--error", has=page.locator("#id_file"))
    expect(page.locator("#id_file.govuk-file-upload--error")).to_be_visible()
    expect(group.locator(".govuk-error-message")).to_have_text("Error: Select a CSV file")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a CSV file")
    assert_accessible(page)
    shoot(page, "import-error")
    page.locator("#id_file").set_input_files(
        {"name": "candidates.xlsx", "mimeType": "text/csv", "buffer": b"PK\x03\x04"}
    )
    page.get_by_role("button", name="Check file").click()
    expect(group.locator(".govuk-error-message")).to_have_text(
        "Error: The selected file must be a CSV file (.csv)"
    )


def test_the_evidence_upload_is_the_enhanced_component(page: Any) -> None:
    from moderation.tests.factories import demo_claim

    claim = demo_claim()
    sign_in(page, "tutor@northfield.test")
    page.goto(f"/centre-information/claims/{claim.pk}/evidence/")
    expect(page.get_by_label("Upload a file")).to_be_visible()
    assert_accessible(page)
    shoot(page, "evidence")
    page.get_by_role("button", name="Upload file").click()
    group = page.locator(".govuk-form-group--error", has=page.locator("#id_file"))
    expect(group).to_contain_text("Select a file")
    assert_accessible(page)
    shoot(page, "evidence-error")
