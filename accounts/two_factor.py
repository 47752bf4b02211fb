"""Actions for two-factor authentication (TOTP): setting up a device and checking a code."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.actions import record
from common.errors import DomainError

from .models import User

WRONG_CODE = "The code is not correct. Check your authenticator app and try again"


def pending_device(*, user: User) -> TOTPDevice:
    """The device being set up: one unconfirmed device per user, reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def confirm_device(*, user: User, code: str) -> TOTPDevice:
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None or not device.verify_token(code):
            raise DomainError(WRONG_CODE, field="code")
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(
            actor=user,
            action="two_factor.set_up",
            obj=user,
            summary=f"{user.email} set up two-factor authentication",
        )
    return device


def check_code(*, user: User, code: str) -> TOTPDevice:
    """The user's confirmed device that accepts the code; devices throttle repeated failures."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    raise DomainError(WRONG_CODE, field="code")
