"""The moderator's decisions on the centre's pages in a real browser: View claim's grid, key and
totals, and the read-only candidate claim page with its "State" column; axe on both."""

from typing import Any

import pytest

from tests.test_outcomes_for_the_centre import AMIRA, DANIEL, JANE, _moderated, _withdrawn

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_the_centre_sees_the_outcomes_on_view_claim_and_the_candidate_claim_page(
    page: Any, live_server: Any
) -> None:
    claim = _moderated()
    withdrawn_code, withdrawn_label = _withdrawn()
    sign_in(page, "tutor@northfield.test")
    page.wait_for_url("**/")
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    grid = page.get_by_role("table", name="Candidates and units claimed")
    codes = {
        row.locator("td").first.inner_text(): row.locator("td").all_inner_texts()[1:]
        for row in grid.locator("tbody tr").all()
    }
    assert codes == {JANE: ["D", "M"], DANIEL: ["H", "H"], AMIRA: ["P", withdrawn_code]}
    main = page.locator("main").inner_text()
    assert "Total number of claimed units: 6" in main
    assert "Total number of accepted units: 3" in main
    assert "H: held: malpractice case open" in main
    assert "T: transferred" not in main
    assert_accessible(page)

    page.goto(f"{live_server.url}/claims/{claim.pk}/candidates/{JANE}/")
    table = page.locator("table", has=page.get_by_role("columnheader", name="State"))
    states = [row.locator("td").last.inner_text() for row in table.locator("tbody tr").all()]
    assert "Merit (amended from Distinction)" in states
    assert "Accepted" in states
    assert page.locator("input[type=radio]").count() == 0
    assert_accessible(page)

    page.goto(f"{live_server.url}/claims/{claim.pk}/candidates/{AMIRA}/")
    assert withdrawn_label in page.locator("main").inner_text()
    assert_accessible(page)
