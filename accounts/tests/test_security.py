import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def sign_in(client: Client, email: str, password: str = PASSWORD) -> Any:
    return client.post(reverse("accounts:sign-in"), {"username": email, "password": password})


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:06d}"


def test_repeated_failures_pause_sign_in_without_revealing_the_account(demo: None) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "tutor@northfield.test", "wrong")
    locked = sign_in(client, "tutor@northfield.test")
    assert locked.status_code == 429
    assert "Sign-in is paused" in locked.content.decode()
    # The right password does not get through while paused.
    assert "_auth_user_id" not in client.session
    # An address with no account pauses exactly the same way.
    other = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(other, "nobody@northfield.test", "wrong")
    assert sign_in(other, "nobody@northfield.test", "wrong").status_code == 429


def test_the_pause_ends_after_the_cool_off(demo: None) -> None:
    client = Client()
    with time_machine.travel("2026-11-23 09:00", tick=False) as traveller:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "tutor@northfield.test", "wrong")
        assert sign_in(client, "tutor@northfield.test").status_code == 429
        traveller.shift(timedelta(minutes=31))
        response = sign_in(client, "tutor@northfield.test")
        assert response.status_code == 302


def test_sessions_end_when_idle_and_after_an_absolute_limit(tutor: User) -> None:
    # Not saved on every request: SessionLimitsMiddleware renews an active session instead.
    assert not settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    client = Client()
    with time_machine.travel("2026-11-23 09:00", tick=False) as traveller:
        sign_in(client, "tutor@northfield.test")
        assert client.get(reverse("home")).status_code == 200
        # Active all day, a request every 20 minutes…
        for _ in range(int(settings.SESSION_ABSOLUTE_SECONDS / 1200)):
            traveller.shift(timedelta(minutes=20))
            assert client.get(reverse("home")).status_code == 200
        traveller.shift(timedelta(minutes=20))
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_idle_session_expires(tutor: User) -> None:
    client = Client()
    with time_machine.travel("2026-11-23 09:00", tick=False) as traveller:
        sign_in(client, "tutor@northfield.test")
        traveller.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
        assert client.get(reverse("home")).status_code == 302


def session_expiry(client: Client) -> datetime:
    return Session.objects.get(pk=client.session.session_key).expire_date


def test_an_active_session_is_renewed_at_most_once_a_minute(tutor: User) -> None:
    client = Client()
    with time_machine.travel("2026-11-23 09:00", tick=False) as traveller:
        sign_in(client, "tutor@northfield.test")
        client.get(reverse("home"))
        expiry = session_expiry(client)
        assert expiry == timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
        # Within the minute: neither the session nor its cookie is written again.
        traveller.shift(timedelta(seconds=59))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("home"))
        assert response.status_code == 200
        assert settings.SESSION_COOKIE_NAME not in response.cookies
        assert session_expiry(client) == expiry
        assert not [q for q in queries.captured_queries if "UPDATE" in q["sql"]]
        # A minute after the last renewal, both expiries move forward.
        traveller.shift(timedelta(seconds=1))
        response = client.get(reverse("home"))
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert cookie["max-age"] == settings.SESSION_COOKIE_AGE
        assert session_expiry(client) == expiry + timedelta(seconds=60)


def test_an_idle_session_ends_within_a_minute_of_the_idle_timeout(tutor: User) -> None:
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel("2026-11-23 09:00", tick=False) as traveller:
        client = Client()
        sign_in(client, "tutor@northfield.test")
        client.get(reverse("home"))  # renews the session
        renewed = timezone.now()
        traveller.shift(timedelta(seconds=50))
        assert client.get(reverse("home")).status_code == 200  # too soon to renew it again
        # Idle from here on: the session ends the idle timeout after its last renewal, which is
        # less than a minute before the last request.
        assert session_expiry(client) == renewed + idle
        traveller.shift(idle - timedelta(seconds=49))
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


@override_settings(OTP_REQUIRED_FOR_AWARDING_BODY=True)
def test_awarding_body_users_must_set_up_and_use_a_second_factor(moderator: User) -> None:
    client = Client()
    sign_in(client, "moderator@awarding.test")
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two-factor-set-up")
    page = client.get(reverse("accounts:two-factor-set-up")).content.decode()
    assert "Set up two-factor authentication" in page and "<svg" in page
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)
    wrong = client.post(reverse("accounts:two-factor-set-up"), {"code": "000000"})
    assert "The code is not correct" in wrong.content.decode()
    confirmed = client.post(reverse("accounts:two-factor-set-up"), {"code": code_for(device)})
    assert confirmed["Location"] == reverse("accounts:recovery-codes")
    client.post(reverse("accounts:recovery-codes"), {"saved": "on"})
    assert client.get(reverse("home")).status_code == 200

    # Next sign-in: the code is asked for before any page.
    again = Client()
    sign_in(again, "moderator@awarding.test")
    response = again.get(reverse("home"))
    assert response["Location"].startswith(reverse("accounts:two-factor"))
    device.refresh_from_db()
    assert "not correct" in again.post(
        reverse("accounts:two-factor"), {"code": "12ab56"}
    ).content.decode().replace("Enter the code as 6 digits", "not correct")
    with time_machine.travel(timedelta(seconds=60)):
        again.post(reverse("accounts:two-factor"), {"code": code_for(device)})
        assert again.get(reverse("home")).status_code == 200


@override_settings(OTP_REQUIRED_FOR_AWARDING_BODY=True)
def test_centre_users_are_not_made_to_use_a_second_factor(tutor: User) -> None:
    client = Client()
    sign_in(client, "tutor@northfield.test")
    assert client.get(reverse("home")).status_code == 200


def test_centre_users_who_set_up_a_second_factor_must_use_it(tutor: User) -> None:
    client = Client()
    sign_in(client, "tutor@northfield.test")
    client.get(reverse("accounts:two-factor-set-up"))
    device = TOTPDevice.objects.get(user=tutor)
    client.post(reverse("accounts:two-factor-set-up"), {"code": code_for(device)})
    again = Client()
    sign_in(again, "tutor@northfield.test")
    assert again.get(reverse("candidates:list"))["Location"].startswith(
        reverse("accounts:two-factor")
    )


def test_pages_carry_a_strict_content_security_policy(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:sign-in"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()


def test_production_settings_pass_the_deployment_checks() -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 24 + "-a-long-random-production-secret-value-" + "y" * 24,
        "ALLOWED_HOSTS": "claims.example.org",
        "DATABASE_URL": "sqlite:////tmp/certclaims-deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_cookies_are_secure() -> None:
    from config.settings import base

    assert base.SESSION_COOKIE_HTTPONLY
    env_backup = os.environ.get("SECRET_KEY")
    os.environ["SECRET_KEY"] = "z" * 60
    try:
        import importlib

        production = importlib.import_module("config.settings.production")
        assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
        assert production.SECURE_HSTS_SECONDS >= 31536000
        assert production.DEBUG is False
    finally:
        if env_backup is None:
            os.environ.pop("SECRET_KEY")
        else:
            os.environ["SECRET_KEY"] = env_backup
