"""The candidate claim page with the ITQ's 81 units, in Chromium: claiming by keyboard, the
filter, the groups, the headings that stay in view, Save claim above the table, and the error
summary's links."""

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import User
from claims.models import Claim, ClaimedUnit
from claims.tests.helpers import (
    candidate,
    candidate_url,
    membership_of,
    save_units,
    set_up_assessor,
    start_claim,
)

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

#: Where to keep screenshots of the page, when set (e.g. SCREENSHOTS=/tmp/shots).
SHOTS = os.environ.get("SCREENSHOTS", "")
TUTOR = "tutor@northfield.test"
#: The five units a tutor claims in the keyboard test: the first five rows, under "Level 1".
FIVE = [1, 4, 7, 10, 13]
KEY_LIMIT = 40

FOCUSED_ID = "document.activeElement && document.activeElement.id"


def _claim_with_two_assessors() -> tuple[User, Claim]:
    tutor = User.objects.get(email=TUTOR)
    claim = start_claim(tutor)
    set_up_assessor(tutor, name="Bob Brown", initials="BB")
    return tutor, claim


def _open(page: Any, claim: Claim, number: str, query: str = "") -> None:
    sign_in(page, TUTOR)
    page.wait_for_url("**/")
    page.goto(candidate_url(claim, number) + query)


def _shot(page: Any, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


class Keys:
    """Every key pressed, counted."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0

    def press(self, key: str) -> None:
        self.count += 1
        self.page.keyboard.press(key)

    def focused(self) -> str:
        return str(self.page.evaluate(FOCUSED_ID))

    def back_to(self, element_id: str, *, limit: int = 30) -> None:
        for _ in range(limit):
            if self.focused() == element_id:
                return
            self.press("Shift+Tab")
        raise AssertionError(f"Shift+Tab never reached {element_id}")


def test_five_units_with_their_assessor_in_at_most_40_key_presses(page: Any) -> None:
    _, claim = _claim_with_two_assessors()
    _open(page, claim, "11721896")
    expect(page).to_have_title("Candidate claim \u2013 Amira Khan \u2013 03991 \u2013 CertClaims")
    # Focus starts on the first unit's first control, after the skip link and the heading.
    page.locator("#unit-1-assessor").focus()
    keys = Keys(page)
    for index, number in enumerate(FIVE):
        keys.press("Tab")
        if index:
            assert keys.focused() == f"unit-{number}-assessor"
            keys.press("Tab")
        # Neither radio is chosen: Tab stops on "Claiming" and Space claims the unit.
        assert keys.focused() == f"unit-{number}-claiming"
        keys.press("Space")
        assert page.locator(f"#unit-{number}-claiming").is_checked()
    # Back up to the assessor for the units claimed, above the table, and choose Bob Brown.
    keys.back_to("assessor-for-claimed")
    keys.press("b")
    assert page.locator("#assessor-for-claimed").input_value() == str(
        claim.centre.assessors.get(initials="BB").pk
    )
    keys.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Save claim"
    with page.expect_navigation():
        keys.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Claim saved for Amira Khan")
    assert keys.count <= KEY_LIMIT, keys.count
    saved = ClaimedUnit.objects.filter(claim_candidate__claim=claim).order_by("unit__number")
    assert [(c.unit.number, c.assessor.initials) for c in saved] == [(n, "BB") for n in FIVE]


def test_save_claim_above_the_table_and_the_headings_stay_in_view(page: Any) -> None:
    _, claim = _claim_with_two_assessors()
    _open(page, claim, "11721896")
    buttons = page.get_by_role("button", name="Save claim")
    assert buttons.count() == 2
    table = page.locator("#units")
    assert buttons.first.bounding_box()["y"] < table.bounding_box()["y"]
    # The page uses the window's width, not the 960 px column.
    assert page.locator("main").bounding_box()["width"] > 1100
    headings = [t.strip() for t in page.locator("#units thead th").all_inner_texts()]
    assert headings[:4] == ["Unit no", "Unit", "Level", "Credits"]
    row = page.locator("tr#unit-4")
    assert row.locator("td").nth(2).inner_text() == "1"
    assert row.locator("td").nth(3).inner_text() == "3"
    assert_accessible(page)
    _shot(page, "candidate-claim-1280")
    page.locator(".app-units-actions").scroll_into_view_if_needed()
    _shot(page, "candidate-claim-1280-table")

    page.locator("tr#unit-60").scroll_into_view_if_needed()
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(200)
    assert page.evaluate("window.scrollY") > 2000
    head = page.locator("#units thead th").first.bounding_box()
    assert head is not None and abs(head["y"]) < 2, head
    _shot(page, "candidate-claim-1280-scrolled")

    page.locator("#unit-60-assessor").select_option(label="Test Assessor (TA)")
    page.locator("#unit-60-claiming").check()
    page.locator("#unit-61-claiming").check()
    page.locator("#assessor-for-claimed").select_option(label="Bob Brown (BB)")
    buttons.first.click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Claim saved for Amira Khan")
    saved = ClaimedUnit.objects.filter(claim_candidate__claim=claim).order_by("unit__number")
    # Unit 60 keeps its own assessor; unit 61 has the one chosen above the table.
    assert [(c.unit.number, c.assessor.initials) for c in saved] == [(60, "TA"), (61, "BB")]


def test_the_units_grouped_by_level(page: Any) -> None:
    _, claim = _claim_with_two_assessors()
    _open(page, claim, "11721896")
    groups = page.locator("#units tbody")
    assert groups.count() == 3
    for index, level in enumerate((1, 2, 3)):
        group = groups.nth(index)
        assert group.locator("th").first.inner_text() == f"Level {level}"
        rows = group.locator("tr[id^=unit-]")
        assert rows.count() == 27
        assert rows.first.get_attribute("id") == f"unit-{level}"


def test_show_only_units_being_claimed_keeps_the_others(page: Any) -> None:
    tutor, claim = _claim_with_two_assessors()
    ta = claim.centre.assessors.get(initials="TA").pk
    save_units(
        membership_of(tutor),
        claim,
        candidate("11721896"),
        {1: (ta, ""), 4: (ta, ""), 7: (ta, "")},
        acting_user=tutor,
    )
    _open(page, claim, "11721896")
    page.get_by_role("link", name="Show only units being claimed").click()
    page.wait_for_url("**?show=claimed")
    ids = page.locator("#units tr[id^=unit-]").evaluate_all("rows => rows.map(r => r.id)")
    assert ids == ["unit-1", "unit-4", "unit-7"]
    assert_accessible(page)
    page.get_by_label("Not claiming unit 4 Audio software [Level 1]", exact=True).check()
    page.get_by_role("button", name="Save claim").first.click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Claim saved for Amira Khan")
    assert page.url.endswith("?show=claimed")
    ids = page.locator("#units tr[id^=unit-]").evaluate_all("rows => rows.map(r => r.id)")
    assert ids == ["unit-1", "unit-7"]
    saved = ClaimedUnit.objects.filter(claim_candidate__claim=claim).order_by("unit__number")
    assert [(c.unit.number, c.assessor.initials) for c in saved] == [(1, "TA"), (7, "TA")]
    page.get_by_role("link", name="Show all units").click()
    expect(page.locator("#units tr[id^=unit-]")).to_have_count(81)


def test_the_error_summary_takes_the_user_to_the_units_row(page: Any) -> None:
    _, claim = _claim_with_two_assessors()
    _open(page, claim, "10050901")
    page.locator("#unit-62-claiming").check()
    page.locator("#unit-5-claiming").check()
    page.get_by_role("button", name="Save claim").last.click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    # In the order of the page: unit 5 (Level 2) before unit 62 (Level 3).
    links = summary.get_by_role("link")
    assert links.all_inner_texts() == [
        "Select the centre assessor for unit 5",
        "Select the centre assessor for unit 62",
    ]
    assert_accessible(page)
    _shot(page, "candidate-claim-1280-error")
    links.last.click()
    assert page.evaluate(FOCUSED_ID) == "unit-62-assessor"
    row = page.locator("tr#unit-62")
    assert "Select the centre assessor for unit 62" in row.inner_text()
    box = page.locator("#unit-62-assessor").bounding_box()
    head = page.locator("#units thead th").first.bounding_box()
    # In view, below the headings that stay at the top.
    assert box is not None and head is not None
    assert head["y"] + head["height"] <= box["y"] < 900


def test_the_page_on_a_narrow_screen(page: Any) -> None:
    _, claim = _claim_with_two_assessors()
    page.set_viewport_size({"width": 320, "height": 800})
    _open(page, claim, "11721897")
    buttons = page.get_by_role("button", name="Add to claim")
    assert buttons.count() == 2
    assert page.get_by_role("button", name="Save claim").count() == 0
    # The table scrolls sideways inside its box; the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    _shot(page, "candidate-claim-320")
    page.locator("tr#unit-4").scroll_into_view_if_needed()
    _shot(page, "candidate-claim-320-table")
