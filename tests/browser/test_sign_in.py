"""Every demo account signs in and lands on its own home page, which is accessible."""

from typing import Any

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

LANDING = [
    ("admin@northfield.test", "Northfield College", "Centre users"),
    ("tutor@northfield.test", "Northfield College", "Candidates"),
    ("staff@northfield.test", "Northfield College", "Certification claims"),
    ("admin@southbank.test", "Southbank Training", "Centre users"),
    ("moderator@awarding.test", "Examiner-moderator", "Home"),
    ("verifier@awarding.test", "External verifier", "Home"),
    ("ops@awarding.test", "Awarding body operations", "Administration"),
]


def test_sign_in_page_is_accessible(page: Any) -> None:
    page.goto("/sign-in/")
    assert page.title() == "Sign in \u2013 CertClaims"
    assert_accessible(page)


def test_wrong_password_shows_an_accessible_error(page: Any) -> None:
    sign_in(page, "tutor@northfield.test", "wrong-password")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct email address and password" in summary.inner_text()
    assert page.title() == "Error: Sign in \u2013 CertClaims"
    assert_accessible(page)


@pytest.mark.parametrize(("email", "heading", "nav_item"), LANDING)
def test_each_account_lands_on_its_home_page(
    page: Any, email: str, heading: str, nav_item: str
) -> None:
    sign_in(page, email)
    page.wait_for_url("**/")
    assert page.locator("h1").inner_text() == heading
    assert page.get_by_role("navigation", name="Menu").get_by_role("link", name=nav_item).count()
    assert_accessible(page)


def test_staff_without_a_claims_role_is_told_which_roles_give_access(page: Any) -> None:
    sign_in(page, "staff@northfield.test")
    page.get_by_role("link", name="Certification claims").first.click()
    text = page.locator("main").inner_text()
    assert "'Centre Administrator' or 'Tutor/Teacher' role" in text
    assert "Centre Administrator grants roles" in text
    administrators = page.locator("#centre-administrators")
    assert administrators.inner_text() == "Priya Shah (admin@northfield.test)"
    assert administrators.get_by_role("link").get_attribute("href") == (
        "mailto:admin@northfield.test"
    )
    assert page.title() == "Certification claims \u2013 centre 12345 \u2013 CertClaims"
    assert_accessible(page)


def test_keyboard_user_can_sign_in_without_a_mouse(page: Any) -> None:
    page.goto("/sign-in/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The first field after the skip link's target.
    for _ in range(5):
        if page.evaluate("document.activeElement.id") == "id_username":
            break
        page.keyboard.press("Tab")
    page.keyboard.type("tutor@northfield.test")
    page.keyboard.press("Tab")
    page.keyboard.type("claims-demo-2026")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/sign-in/" not in url)
    assert page.locator("h1").inner_text() == "Northfield College"


def test_two_factor_set_up_and_lockout_pages_are_accessible(page: Any, settings: Any) -> None:
    settings.OTP_REQUIRED_FOR_AWARDING_BODY = True
    sign_in(page, "ops@awarding.test")
    page.wait_for_url("**/two-factor/set-up/")
    assert page.locator("svg").count() == 1
    page.get_by_label("Verification code").fill("123456")
    page.get_by_role("button", name="Confirm").click()
    assert "The code is not correct" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        sign_in(page, "verifier@awarding.test", "wrong-password")
    assert page.locator("h1").inner_text() == "Sign-in is paused"
    assert_accessible(page)


def test_pages_break_no_content_security_policy_rule(
    page: Any, browser: Any, live_server: Any
) -> None:
    # A context of its own that enforces the policy (the shared one bypasses it for axe-core).
    context = browser.new_context(base_url=live_server.url)
    strict = context.new_page()
    violations: list[str] = []
    strict.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(strict, "admin@northfield.test")
    for path in ["/", "/claims/", "/candidates/", "/entries/", "/centre/users/"]:
        strict.goto(path)
    # The policy is enforced here: an inline script is refused and reported.
    strict.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = 1'; document.body.appendChild(s); }"
    )
    assert strict.evaluate("window.ran") is None
    reported = [v for v in violations if "inline" in v]
    assert reported, "the browser did not enforce the policy"
    assert [v for v in violations if v not in reported] == []
    context.close()
