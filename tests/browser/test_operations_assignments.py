"""Operations in a real browser, each page checked with axe-core: add a centre, approve it for
03991, see it marked as having no examiner-moderator, assign one, reassign to another, and the
mark is gone; the pages fit a 320-pixel-wide screen."""

from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import ModeratorAssignment, User

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _fits(page: Any) -> None:
    """Nothing but a table's own scrolling region is wider than the screen."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


def test_operations_approve_a_centre_assign_and_reassign_its_moderator(page: Any) -> None:
    User.objects.create_user("m3@awarding.test", "x" * 12, full_name="Morgan Three")
    sign_in(page, "ops@awarding.test")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Centres").click()
    expect(page).to_have_title("Centres \u2013 CertClaims")
    assert_accessible(page)

    page.get_by_role("link", name="Add a centre").click()
    page.get_by_label("Centre number").fill("2468")
    page.get_by_role("button", name="Add centre").click()
    expect(page).to_have_title("Error: Add a centre \u2013 CertClaims")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the centre number as 5 digits"
    )
    assert_accessible(page)
    page.get_by_label("Centre number").fill("24680")
    page.get_by_label("Centre name").fill("Eastgate Academy")
    page.get_by_role("button", name="Add centre").click()
    expect(page).to_have_title("Centre 24680 \u2013 CertClaims")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Centre 24680 Eastgate Academy added"
    )

    page.get_by_role("link", name="Approve for a qualification").click()
    page.get_by_label("Qualification entry code").fill("99999")
    page.get_by_role("button", name="Approve centre").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "There is no qualification with the entry code 99999"
    )
    assert_accessible(page)
    page.get_by_label("Qualification entry code").fill("03991")
    page.get_by_role("button", name="Approve centre").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Centre 24680 approved for 03991"
    )
    expect(page.locator("main")).to_contain_text("No examiner-moderator")
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Centres").click()
    page.get_by_role("link", name="Examiner-moderators").click()
    expect(page).to_have_title("Examiner-moderators \u2013 CertClaims")
    expect(page.locator("main")).to_contain_text("1 approval has no examiner-moderator")
    page.get_by_label("Only those with no examiner-moderator").check()
    page.get_by_role("button", name="Show examiner-moderators").click()
    row = page.get_by_role("row").filter(has_text="24680 Eastgate Academy")
    expect(row).to_contain_text("No examiner-moderator")
    assert_accessible(page)

    row.get_by_role("link", name="Assign").click()
    expect(page).to_have_title(
        "Assign the examiner-moderator \u2013 24680 \u2013 03991 \u2013 CertClaims"
    )
    assert_accessible(page)
    page.get_by_label("Email address").fill("moderator@awarding.test")
    page.get_by_role("button", name="Assign examiner-moderator").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "moderator@awarding.test is now the examiner-moderator for 03991 at centre 24680"
    )
    expect(page.locator("main")).not_to_contain_text("has no examiner-moderator")
    expect(page.locator("main")).not_to_contain_text("No examiner-moderator")
    assert_accessible(page)

    row = page.get_by_role("row").filter(has_text="24680 Eastgate Academy")
    row.get_by_role("link", name="Change").click()
    expect(page).to_have_title(
        "Change the examiner-moderator \u2013 24680 \u2013 03991 \u2013 CertClaims"
    )
    page.get_by_label("Email address").fill("tutor@northfield.test")
    page.get_by_role("button", name="Reassign examiner-moderator").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("a centre user cannot be")
    assert_accessible(page)
    page.get_by_label("Email address").fill("m3@awarding.test")
    page.get_by_role("button", name="Reassign examiner-moderator").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "m3@awarding.test is now the examiner-moderator for 03991 at centre 24680"
    )
    row = page.get_by_role("row").filter(has_text="24680 Eastgate Academy")
    expect(row).to_contain_text("m3@awarding.test")
    assert ModeratorAssignment.objects.get(centre__number="24680").moderator.email == (
        "m3@awarding.test"
    )

    page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/operations/centres/", "/operations/centres/moderators/"):
        page.goto(path)
        _fits(page)
        assert_accessible(page)
