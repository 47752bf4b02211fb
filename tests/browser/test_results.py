"""The centre's Results page in a real browser: a processed claim's results, filters, axe."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings

from results.tests import factories

from .conftest import assert_accessible, shoot, sign_in

pytestmark = pytest.mark.browser


def test_tutor_reads_published_results_and_filters_them(page: Any, shots: Any) -> None:
    with override_settings(RESULTS_DELAY=timedelta(0)):
        factories.processed({"11721896": [1, 4, 7], "789012": [10]})
    sign_in(page, "tutor@northfield.test")
    page.wait_for_url("**/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Results").click()
    page.wait_for_url("**/results/")
    assert page.locator("h1").inner_text() == "Results"
    amira = page.locator("section", has=page.get_by_role("heading", name="Amira Khan"))
    table = amira.get_by_role(
        "table", name="Units achieved: 03991 Level 1 Award in IT User Skills (ITQ)"
    )
    assert table.locator("tbody tr td:first-child").all_inner_texts() == ["1", "4", "7"]
    assert "Full award" in amira.inner_text()
    assert page.get_by_role("link", name="Download results as csv file").count() == 1
    assert_accessible(page)
    shoot(page, shots, "results")
    # At 320 pixels the units table scrolls in its region; its title wraps on the screen.
    title = amira.get_by_role(
        "heading", name="Units achieved: 03991 Level 1 Award in IT User Skills (ITQ)"
    )
    page.set_viewport_size({"width": 320, "height": 900})
    box = title.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Enter name, part name or OCR candidate number").fill("doe")
    page.get_by_role("button", name="Show results").click()
    page.wait_for_url("**/results/?*q=doe*")
    assert page.get_by_role("heading", name="Jane Doe").count() == 1
    assert page.get_by_role("heading", name="Amira Khan").count() == 0
    assert_accessible(page)

    page.get_by_label("Qualification").select_option("05203")
    page.get_by_label("Enter name, part name or OCR candidate number").fill("")
    page.get_by_role("button", name="Show results").click()
    assert "No published results match your search." in page.locator("main").inner_text()
    assert_accessible(page)
