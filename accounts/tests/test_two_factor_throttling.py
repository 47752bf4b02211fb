"""Wrong codes in a row make the next one wait (django-otp's throttle): the page says how long,
a right code afterwards starts the count again, and a new password ends a wait that someone
with only the old password caused."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

from .helpers import code_for, sign_in, with_device

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime(2026, 11, 2, 9, 0))


def _post_code(client: Client, code: str) -> str:
    response = client.post(reverse("accounts:two-factor"), {"code": code})
    return "" if response.status_code == 302 else response.content.decode()


def _wrong_codes(client: Client, device: TOTPDevice, count: int) -> datetime:
    """`count` wrong codes, each typed as soon as the throttle allows; the time of the last."""
    at = START
    for attempt in range(count):
        with time_machine.travel(at, tick=False):
            wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
            assert "The code is not correct" in _post_code(client, wrong)
        at += timedelta(seconds=2**attempt)
    return at - timedelta(seconds=2 ** (count - 1))


def test_after_wrong_codes_the_page_says_how_long_to_wait_then_a_right_code_resets(
    tutor: User,
) -> None:
    with time_machine.travel(START - timedelta(minutes=5), tick=False):
        device, _ = with_device(tutor)
    client = Client()
    sign_in(client, "tutor@northfield.test")
    last = _wrong_codes(client, device, 4)
    # Four wrong codes in a row: the next is not checked for 8 seconds, even the right one.
    with time_machine.travel(last + timedelta(seconds=3), tick=False):
        page = _post_code(client, code_for(device))
        assert "Too many wrong codes: wait 5 seconds and try again" in page
        assert "govuk-error-summary" in page
        assert "The code is not correct" not in page
    with time_machine.travel(last + timedelta(seconds=8), tick=False):
        assert _post_code(client, code_for(device)) == ""
        assert client.get(reverse("candidates:list")).status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_new_password_ends_the_wait_that_wrong_codes_with_the_old_one_caused(
    tutor: User,
) -> None:
    with time_machine.travel(START - timedelta(minutes=5), tick=False):
        device, _ = with_device(tutor)
    attacker = Client()
    sign_in(attacker, "tutor@northfield.test")
    last = _wrong_codes(attacker, device, 12)  # the next would wait 2048 seconds
    soon = last + timedelta(seconds=30)
    with time_machine.travel(soon, tick=False):
        owner = Client()
        sign_in(owner, "tutor@northfield.test")
        assert "wait 34 minutes" in _post_code(owner, code_for(device))
        owner.post(reverse("accounts:sign-out"))

        # The owner sets a new password through the emailed link.
        tutor.refresh_from_db()  # the token is made from the account as it is now
        uid = urlsafe_base64_encode(force_bytes(tutor.pk))
        token = default_token_generator.make_token(tutor)
        form = owner.get(reverse("accounts:set-password", args=[uid, token]), follow=True)
        new = {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"}
        assert owner.post(form.redirect_chain[-1][0], new).status_code == 302
        device.refresh_from_db()
        assert device.throttling_failure_count == 0

        # The other session has ended with the old password; the owner gets in at once.
        assert attacker.get(reverse("home"))["Location"].startswith(reverse("accounts:sign-in"))
        sign_in(owner, "tutor@northfield.test", password="a-long-new-passphrase")
        assert _post_code(owner, code_for(device)) == ""
