"""A newcomer builds a claim in Chromium, with axe-core on every page visited."""

from typing import Any

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _row(page: Any, number: int) -> Any:
    return page.locator(f"tr#unit-{number}")


def test_a_newcomer_builds_a_claim(page: Any) -> None:
    sign_in(page, "tutor@northfield.test")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Certification claims").first.click()
    assert page.locator("h1").inner_text() == "Make claim"
    assert_accessible(page)

    page.get_by_label("Enter assessment code, title or part title").fill("IT User")
    page.get_by_role("button", name="Find assessment").click()
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "No claim created" in rows.first.inner_text()
    assert_accessible(page)

    # The first claim for the qualification asks for the centre assessors first.
    page.get_by_role("button", name="Create claim for 03991").click()
    page.wait_for_url("**/claims/assessors/03991/")
    assert page.locator("h1").inner_text() == "Centre assessors"
    assert_accessible(page)
    # Every problem at once, each beside its field.
    page.get_by_label("Initials").fill("T1")
    page.get_by_role("button", name="Add centre assessor").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("link").all_inner_texts() == [
        "Enter the centre assessor's full name",
        "Initials must only include letters a to z",
    ]
    assert page.locator(".govuk-error-message").count() == 2
    assert_accessible(page)
    page.get_by_label("Name").fill("Test Assessor")
    page.get_by_label("Initials").fill("TA")
    page.get_by_role("button", name="Add centre assessor").click()
    assert "Test Assessor" in page.get_by_role("table").inner_text()
    assert_accessible(page)

    page.get_by_label("Name").fill("Tom Allen")
    page.get_by_label("Initials").fill("ta")
    page.get_by_role("button", name="Add centre assessor").click()
    summary = page.locator(".govuk-error-summary")
    assert "Initials TA are already used by Test Assessor" in summary.inner_text()
    assert page.title() == "Error: Centre assessors \u2013 03991 \u2013 CertClaims"
    assert page.get_by_label("Initials").input_value() == "ta"
    assert_accessible(page)
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_initials"

    page.get_by_role("button", name="Continue to claim").click()
    page.wait_for_url("**/edit/")
    assert page.locator("h1").inner_text() == "Edit claim"
    assert "03991: Level 1 Award in IT User Skills (ITQ)" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_label("Enter name, part name or OCR candidate number").fill("Khan")
    page.get_by_role("button", name="Find candidate").click()
    assert "Amira Khan" in page.get_by_role("table").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Create new claim for Amira Khan").click()
    assert "Amira Khan" in page.locator("dl").first.inner_text()
    assert "Morgan Hale" in page.locator("dl").first.inner_text()
    assert_accessible(page)
    page.get_by_label(
        "Claiming unit 1 Improving productivity using IT [Level 1]", exact=True
    ).check()
    page.get_by_label("Claiming unit 4 Audio software [Level 1]", exact=True).check()
    page.get_by_role("button", name="Save claim").first.click()
    assert "Claim saved for Amira Khan" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Add units from another awarding body").click()
    assert "certificate or results slip" in page.locator(".govuk-inset-text").inner_text()
    assert_accessible(page)
    page.get_by_label("Unit", exact=True).select_option(label="7 Bespoke software [Level 1]")
    assert page.get_by_label("Centre assessor").input_value() != ""
    page.get_by_label("Awarding body", exact=True).fill("AQA")
    page.get_by_role("button", name="Add", exact=True).click()
    table = page.get_by_role("table").inner_text()
    assert "Bespoke software [Level 1]" in table and "AQA" in table
    assert_accessible(page)

    page.get_by_role("link", name="Done").click()
    for number in (1, 4, 7):
        assert _row(page, number).locator('input[value="claiming"]').is_checked(), number
    assert "Another AB" in _row(page, 7).inner_text()
    assert page.locator('input[value="claiming"]:checked').count() == 3
    assert_accessible(page)


def test_achieved_units_errors_and_the_unsaved_changes_warning(page: Any) -> None:
    sign_in(page, "tutor@northfield.test")
    page.wait_for_url("**/")
    page.goto("/claims/")
    page.get_by_role("button", name="Create claim for 03991").click()
    page.get_by_label("Name").fill("Test Assessor")
    page.get_by_label("Initials").fill("TA")
    page.get_by_role("button", name="Add centre assessor").click()
    page.get_by_label("Name").fill("Bob Brown")
    page.get_by_label("Initials").fill("BB")
    page.get_by_role("button", name="Add centre assessor").click()
    page.get_by_role("button", name="Continue to claim").click()
    page.wait_for_url("**/edit/")

    page.get_by_label("Enter name, part name or OCR candidate number").fill("Carter")
    page.get_by_role("button", name="Find candidate").click()
    page.get_by_role("link", name="Create new claim for Ben Carter").click()
    achieved = _row(page, 1)
    assert "Achieved" in achieved.inner_text() and achieved.locator("input").count() == 0

    # With two assessors none is chosen for the user: claiming without one is an error.
    page.get_by_label(
        "Claiming unit 2 Improving productivity using IT [Level 2]", exact=True
    ).check()
    page.get_by_role("button", name="Save claim").last.click()
    summary = page.locator(".govuk-error-summary")
    assert "Select the centre assessor for unit 2" in summary.inner_text()
    assert "Select the centre assessor for unit 2" in _row(page, 2).inner_text()
    assert _row(page, 2).locator('input[value="claiming"]').is_checked()
    assert_accessible(page)
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "unit-2-assessor"

    # Leaving with unsaved changes asks first.
    page.get_by_label(
        "Centre assessor for unit 2 Improving productivity using IT [Level 2]"
    ).select_option(label="Bob Brown (BB)")
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("link", name="View centre assessors").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert "/candidates/10050901/" in page.url
