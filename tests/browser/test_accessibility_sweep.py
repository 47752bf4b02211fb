"""axe-core over every page each role can open: the centre's journey, moderation, results, the
outbox, centre information, a claim's History, verification and operations; and each of them
at 320 pixels wide, where nothing may widen the page.

The pages come from the access matrix (tests/test_access_matrix.py), itself generated from the
URL configuration: a new page is swept here as soon as the matrix says who may open it.
"""

from typing import Any

import pytest
from django.urls import reverse

from tests.test_access_matrix import ANON, CASES, POST_ONLY, ROLES, build_world

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

# Files, not pages: downloads and the evidence file itself.
DOWNLOADS = {
    "candidates:import-template",
    "certificates:claim-pdf",
    "certificates:pdf",
    "claims:claim-csv",
    "claims:claim-pdf",
    "claims:cover-sheets",
    "moderation:centre-moderator-report-pdf",
    "moderation:evidence-file",
    "results:download",
    "healthz",
}
# A link from an email whose token is made up here: the page it shows is the invalid-link one,
# swept all the same; signing out is a button (POST) on every page.
NOT_PAGES = {"accounts:sign-out"}
# Signed in, the sign-in page goes straight to the home page; without a device, the code page
# goes on (to set-up, or where the user was going); with no new recovery codes to show, their
# page goes to the account's two-factor page.
REDIRECTS = {"accounts:sign-in", "accounts:two-factor", "accounts:recovery-codes"}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_the_role_can_open_has_no_accessibility_violation(page: Any, role: str) -> None:
    world = build_world(load_demo=False)
    if role != ANON:
        sign_in(page, role)
        page.wait_for_load_state()
    visited: list[str] = []
    redirected: list[str] = []
    wide: dict[str, int] = {}
    for name, (kwargs, expected) in sorted(CASES.items()):
        if expected[role] != "ok" or name in POST_ONLY | DOWNLOADS | NOT_PAGES:
            continue
        url = reverse(name, kwargs=kwargs(world))
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        assert_accessible(page)
        visited.append(name)
        if not page.url.endswith(url):
            redirected.append(f"{name}: {url} -> {page.url}")
        # At 320 pixels nothing widens the page: a wide table scrolls in a region of its own,
        # which the keyboard can reach and which says what it holds.
        page.set_viewport_size({"width": 320, "height": 900})
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[name] = width
        for region in page.locator(".app-scroll-region").all():
            assert region.get_attribute("tabindex") == "0", name
            assert region.get_attribute("aria-label") or region.get_attribute("aria-labelledby")
    assert visited
    # Only pages that are a step on the way somewhere else move on by themselves.
    assert not [r for r in redirected if r.split(": ")[0] not in REDIRECTS], redirected
    assert wide == {}, f"pages wider than a 320 pixel screen: {wide}"


def test_the_api_documentation_page_has_no_accessibility_violation_and_keeps_the_policy(
    browser: Any, live_server: Any, page: Any
) -> None:
    """The documentation page is Swagger UI on a page of our own: checked with axe, and loaded
    once more with the Content Security Policy enforced, with nothing refused by it."""
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert_accessible(page)

    enforced = browser.new_context(base_url=live_server.url)
    try:
        strict = enforced.new_page()
        console: list[str] = []
        strict.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        strict.goto("/api/docs/")
        strict.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
        assert not [line for line in console if "Content Security Policy" in line], console
    finally:
        enforced.close()


def test_the_error_pages_have_no_accessibility_violation(page: Any, settings: Any) -> None:
    """Page not found (signed out and in), the server error, the bad request and the refused
    form: the pages a server without debug pages answers with."""
    settings.ROOT_URLCONF = "tests.error_pages_urls"
    titles = []

    def check(url: str | None, status: int) -> None:
        if url is not None:
            response = page.goto(url)
            assert response is not None and response.status == status, url
        assert_accessible(page)
        titles.append(page.title())

    check("/no-such-page/", 404)
    check("/test-errors/server-error/", 500)
    check("/test-errors/bad-request/", 400)
    # The sign-in form sent with a token that is not the session's.
    page.goto("/sign-in/")
    page.locator("input[name=csrfmiddlewaretoken]").evaluate(
        "input => { input.value = 'x'.repeat(64) }"
    )
    with page.expect_response(lambda r: r.request.method == "POST") as refused:
        page.get_by_role("button", name="Sign in").click()
    assert refused.value.status == 403
    page.wait_for_load_state()
    check(None, 403)
    sign_in(page, "admin@northfield.test")
    page.wait_for_load_state()
    check("/claims/999999/", 404)
    assert titles == [
        "Page not found \u2013 CertClaims",
        "Sorry, there is a problem with the service \u2013 CertClaims",
        "Sorry, there is a problem with that request \u2013 CertClaims",
        "Your form could not be sent \u2013 CertClaims",
        "Page not found \u2013 CertClaims",
    ]
