"""Everything on a centre user's page sits in a landmark (axe's "region" rule, a best practice
the WCAG sweep does not run): the current centre line is at the top of the main content."""

from typing import Any

from playwright.sync_api import expect

from .conftest import AXE, assert_accessible, sign_in


def _region_violations(page: Any) -> list[Any]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'rule', values: ['region']}})")
    return [n["target"] for v in result["violations"] for n in v["nodes"]]


def test_the_current_centre_line_is_inside_the_main_landmark(page: Any) -> None:
    sign_in(page, "tutor@northfield.test")
    for path in ("/", "/claims/", "/candidates/"):
        page.goto(path)
        line = page.locator("main .app-current-centre")
        expect(line).to_have_text("Centre 12345 Northfield College")
        assert _region_violations(page) == [], path
    assert_accessible(page)
