"""Operations edit the catalogue in a real browser: a rule edited into an unsound state shows
the rules engine's message beside the field, fixed it reads in words; the rules tried; a
qualification file uploaded and previewed. Every page is checked with axe-core and captured at
1,280 and 320 pixels wide."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import shoot, sign_in

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def test_operations_fix_a_rule_try_the_rules_and_preview_a_file(page: Any, shots: Path) -> None:
    sign_in(page, "ops@awarding.test")
    page.get_by_role("link", name="Qualifications").first.click()
    expect(page).to_have_title("Qualifications \u2013 CertClaims")
    shoot(page, shots, "qualifications")
    page.get_by_role("link", name="05203").click()
    expect(page).to_have_title("Details of 05203 \u2013 CertClaims")
    shoot(page, shots, "details")
    page.get_by_role("link", name="Units", exact=True).click()
    shoot(page, shots, "units")

    page.get_by_role("link", name="Rules of combination").click()
    expect(page).to_have_title("Rules of combination of 05203 \u2013 CertClaims")
    shoot(page, shots, "rules")
    page.get_by_role("link", name="Change rule 2").click()
    # At least 16 credits becomes a minimum with no value: the engine refuses it.
    page.get_by_label("Value").fill("")
    page.get_by_role("button", name="Check rules").click()
    expect(page).to_have_title("Error: Change rule 2 \u2013 05203 \u2013 CertClaims")
    error = page.locator("#id_value-error")
    expect(error).to_contain_text("Enter the minimum number of credits")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the minimum number of credits"
    )
    shoot(page, shots, "rule-invalid")
    page.get_by_role("button", name="Save rule").click()
    expect(page.locator("#id_value-error")).to_be_visible()
    page.get_by_label("Value").fill("20")
    page.get_by_role("button", name="Check rules").click()
    expect(page.get_by_text("The rules engine found no problems")).to_be_visible()
    page.get_by_role("button", name="Save rule").click()
    expect(page).to_have_title("Rules of combination of 05203 \u2013 CertClaims")
    expect(page.locator("main")).to_contain_text("At least 20 credits")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(shots / "rules-editor.png"))
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Try the rules").click()
    page.get_by_label("1 Principles of customer service").check()
    page.get_by_label("3 Resolve customer service problems").check()
    page.get_by_role("button", name="Try the rules").click()
    expect(page.locator("#verdict")).to_have_text("Full award not met")
    expect(page.locator("main")).to_contain_text("Unit 2 is mandatory")
    shoot(page, shots, "try-rules")

    page.get_by_role("link", name="Qualifications").first.click()
    page.get_by_role("button", name="Upload a qualification file").click()
    shoot(page, shots, "upload")
    page.get_by_label("Upload a qualification file").set_input_files(
        str(ROOT / "catalogue" / "examples" / "05203-distinction-star.json")
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_title("What loading the file changes \u2013 CertClaims")
    expect(page.locator("main")).to_contain_text("Rules of combination replaced")
    expect(page.locator("main")).to_contain_text("Grading replaced")
    shoot(page, shots, "upload-preview")
    page.get_by_role("button", name="Load this file").click()
    expect(page).to_have_title("Details of 05203 \u2013 CertClaims")
    expect(page.locator("main")).to_contain_text("Merit from 120 points")
    # Back to the preview, and Load again: the preview is spent, and the page says so.
    page.go_back()
    page.get_by_role("button", name="Load this file").click()
    expect(page).to_have_title("Error: Upload a qualification file \u2013 CertClaims")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Another file was loaded after this preview, or the preview has expired"
    )
    shoot(page, shots, "upload-stale")
    page.goto(page.url)
    expect(page).to_have_title("This page cannot be opened directly \u2013 CertClaims")
    shoot(page, shots, "not-allowed")


def test_a_unit_title_of_one_long_word_breaks_rather_than_scroll(page: Any, shots: Path) -> None:
    from catalogue.models import Unit
    from catalogue.structure_cache import structure_changed

    unit = Unit.objects.get(qualification__code="03991", number=3)
    Unit.objects.filter(pk=unit.pk).update(title="X" * 200)
    structure_changed(unit.qualification_id)
    sign_in(page, "ops@awarding.test")
    site = "/".join(page.url.split("/", 3)[:3])
    page.goto(f"{site}/operations/qualifications/03991/rules/new/")
    expect(page).to_have_title("Add a rule \u2013 03991 \u2013 CertClaims")
    shoot(page, shots, "rule-new-long-title")
    page.goto(page.url.replace("/rules/new/", "/try/") + "?units=3&try=yes")
    expect(page).to_have_title("Try the rules \u2013 03991 \u2013 CertClaims")
    shoot(page, shots, "try-long-title")
