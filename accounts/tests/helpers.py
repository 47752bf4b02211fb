"""Signing in through the pages, and authenticator codes, for the two-factor tests."""

from typing import Any

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User
from conftest import PASSWORD


def sign_in(client: Client, email: str, password: str = PASSWORD) -> Any:
    """The password step only, through the sign-in page."""
    return client.post(reverse("accounts:sign-in"), {"username": email, "password": password})


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    """The code the authenticator app shows now (or `offset` steps away)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:06d}"


def with_device(user: User) -> tuple[TOTPDevice, list[str]]:
    """Set up an authenticator app for the user with the real actions: the app and its codes."""
    device = two_factor.pending_device(user=user, second_factor_passed=False, device_id=None)
    set_up = two_factor.confirm_device(
        user=user, code=code_for(device), second_factor_passed=False, device_id=device.pk
    )
    return set_up.device, set_up.recovery_codes


def fully_signed_in(email: str, device: TOTPDevice) -> Client:
    """A session that has passed both the password and the authenticator code."""
    client = Client()
    sign_in(client, email)
    response = client.post(reverse("accounts:two-factor"), {"code": code_for(device, 1)})
    assert response.status_code == 302, response.content.decode()
    return client
