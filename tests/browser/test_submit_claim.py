"""Viewing and submitting Amira Khan's claim in Chromium, with axe-core on every page."""

from pathlib import Path
from typing import Any

import pytest

from accounts.models import User
from claims.models import Claim, ClaimStatus
from claims.tests.submit_data import amiras_claim

from .conftest import assert_accessible, shoot, sign_in

pytestmark = pytest.mark.browser


def test_view_submit_and_find_the_claim_in_history(page: Any, shots: Path) -> None:
    # Building the claim is the claim-building journey's test; here it is done by the actions.
    claim = amiras_claim(User.objects.get(email="tutor@northfield.test"))
    sign_in(page, "tutor@northfield.test")
    page.wait_for_url("**/")
    page.goto(f"/claims/{claim.pk}/")
    assert page.locator("h1").inner_text() == "Make claim - view claim : Claim in progress"
    grid = page.get_by_role("table", name="Candidates and units claimed")
    assert grid.locator("thead th").all_inner_texts()[2:] == ["1", "4", "7"]
    assert grid.locator("tbody tr").first.locator("td").all_inner_texts() == [
        "11721896",
        "C",
        "C",
        "T",
    ]
    main = page.locator("main").inner_text()
    assert "Total number of claimed units: 3" in main
    assert "Total number of candidates: 1" in main
    assert_accessible(page)

    # Unticked declaration: an error at the checkbox, nothing submitted.
    page.get_by_role("button", name="Submit to assessor").click()
    summary = page.locator(".govuk-error-summary")
    assert "Confirm that you have printed a copy" in summary.inner_text()
    assert page.title().startswith("Error: View claim")
    assert_accessible(page)
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_declaration"

    page.get_by_label(
        "I confirm I have printed a copy of this claim to be included with the submitted work "
        "for moderation"
    ).check()
    page.get_by_role("button", name="Submit to assessor").click()
    assert page.locator("h1").inner_text() == "Are you sure you want to submit this claim?"
    assert_accessible(page)
    page.get_by_role("button", name="Yes").click()
    page.wait_for_url("**/submitted/")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert page.locator("h1").inner_text() == "Claim submitted"
    assert f"Claim number: {claim.claim_number}" in page.locator(".govuk-panel").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="View claim history").click()
    page.wait_for_url("**/claims/history/")
    first = page.locator("tbody tr").first
    assert first.locator("td").first.inner_text().startswith(str(claim.claim_number))
    assert "Submitted" in first.inner_text()
    # At 320 px the table scrolls in its own region, not the page.
    shoot(page, shots, "claim-history")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Sorting is a link: reachable and usable by keyboard.
    page.get_by_role("link", name="Claim number").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/claims/history/?sort=number&dir=asc")
    header = page.locator("th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    assert "Claim number" in header.inner_text()
    assert_accessible(page)

    first = page.locator("tbody tr").first
    first.get_by_role("link").click()
    page.wait_for_url("**/claims/*/")
    assert page.locator("h1").inner_text().startswith("Make claim - view claim : ")
    assert page.get_by_role("button", name="Submit to assessor").count() == 0
    assert_accessible(page)
    assert Claim.objects.filter(status=ClaimStatus.DRAFT).count() == 0
