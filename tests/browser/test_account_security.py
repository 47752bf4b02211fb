"""The account pages that keep sign-in safe, with axe-core and the keyboard alone: recovery
codes shown once at set-up, signing in with one, operations resetting a lost device, and
accepting an invitation to a centre."""

import re
from typing import Any

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Invitation, Membership, User
from accounts.tests.helpers import code_for, with_device
from audit.models import AuditEvent
from notifications.models import OutboxMessage

from .conftest import assert_accessible, sign_in
from .test_keyboard import go, tab_to

pytestmark = pytest.mark.browser


def test_set_up_shows_recovery_codes_once_and_a_code_signs_in(page: Any, settings: Any) -> None:
    settings.OTP_REQUIRED_FOR_AWARDING_BODY = True
    sign_in(page, "verifier@awarding.test")
    page.wait_for_url("**/two-factor/set-up/")
    device = TOTPDevice.objects.get(user__email="verifier@awarding.test")
    tab_to(page, "Verification code")
    page.keyboard.type(code_for(device))
    go(page, "Enter")
    page.wait_for_url("**/two-factor/recovery-codes/")
    assert page.locator("h1").inner_text() == "Save your recovery codes"
    codes = page.get_by_role("list", name="Your recovery codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)

    # Continuing without saying they are saved is an accessible error.
    tab_to(page, "Continue")
    go(page, "Enter")
    assert "Confirm that you have saved" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    tab_to(page, "I have saved my recovery codes")
    page.keyboard.press("Space")
    tab_to(page, "Continue")
    go(page, "Enter")
    assert page.locator("h1").inner_text() == "External verifier"

    # Next time, without the phone: a recovery code.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "verifier@awarding.test")
    page.wait_for_url("**/two-factor/?next=*")
    assert_accessible(page)
    tab_to(page, "Verification code")
    page.keyboard.type(codes[0])
    go(page, "Enter")
    assert page.locator("h1").inner_text() == "External verifier"
    assert "You have 9 left" in page.locator(".govuk-notification-banner").inner_text()
    assert StaticToken.objects.filter(device__user__email="verifier@awarding.test").count() == 9


def test_operations_find_a_user_and_reset_their_two_factor_with_the_keyboard(page: Any) -> None:
    with_device(User.objects.get(email="tutor@northfield.test"))
    sign_in(page, "ops@awarding.test")
    page.wait_for_url("**/")
    tab_to(page, "Users")
    go(page, "Enter")
    tab_to(page, "Email address")
    page.keyboard.type("tutor@")
    go(page, "Enter")
    assert "tutor@northfield.test" in page.get_by_role("table").inner_text()
    assert_accessible(page)
    tab_to(page, "Reset two-factor for tutor@northfield.test")
    go(page, "Enter")
    assert page.locator("h1").inner_text() == "Reset two-factor authentication"
    assert_accessible(page)
    tab_to(page, "Reset two-factor authentication")
    go(page, "Enter")
    summary = page.locator(".govuk-error-summary")
    assert "Enter the reason for resetting two-factor authentication" in summary.inner_text()
    assert_accessible(page)
    tab_to(page, "Reason")
    page.keyboard.type("Lost phone; identity checked by calling the centre")
    tab_to(page, "Reset two-factor authentication")
    go(page, "Enter")
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "Two-factor authentication has been reset for tutor@northfield.test" in banner
    assert_accessible(page)
    assert not TOTPDevice.objects.filter(user__email="tutor@northfield.test").exists()
    assert AuditEvent.objects.filter(action="two_factor.reset").count() == 1


def test_an_invited_person_accepts_with_the_keyboard(page: Any) -> None:
    sign_in(page, "admin@southbank.test")
    page.goto("/centre/users/add/")
    tab_to(page, "Full name")
    page.keyboard.type("P. Shah")
    tab_to(page, "Email address")
    page.keyboard.type("admin@northfield.test")
    # Tab stops once on the radio group; the arrow keys choose within it.
    tab_to(page, "Centre Administrator")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "tutor"
    tab_to(page, "Add user")
    go(page, "Enter")
    listed = page.locator("main").inner_text()
    assert "Invited" in listed and "P. Shah" in listed and "Priya Shah" not in listed
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    invitation = Invitation.objects.get()
    notice = OutboxMessage.objects.get(key=f"invitation:{invitation.pk}")
    path = re.search(r"(/invitations/[^\s]+/)", notice.body).group(1)  # type: ignore[union-attr]
    page.goto(path)
    page.wait_for_url(lambda url: "/sign-in/?next=" in url)
    page.get_by_label("Email address").fill("admin@northfield.test")
    page.get_by_label("Password").fill("claims-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{path}")
    assert page.locator("h1").inner_text() == "Invitation to join centre 67890"
    assert_accessible(page)
    tab_to(page, "Accept invitation")
    go(page, "Enter")
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "You now have the role Tutor/Teacher at centre 67890" in banner
    assert_accessible(page)
    assert Membership.objects.filter(user__email="admin@northfield.test").count() == 2
