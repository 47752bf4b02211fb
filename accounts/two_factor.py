"""Actions for two-factor authentication: an authenticator app (TOTP) and recovery codes.

The rules:
- a user sets up an authenticator app when they have no confirmed device, or in a session that
  has already passed the second factor; then the new app replaces the old one, once a code from
  the new one is confirmed. A password alone never adds a device;
- each set-up session gets a secret of its own (the pending device's id is kept in that session),
  and only that session can confirm it: whoever else knows the password never sees the secret
  of the app the user sets up. A pending device unconfirmed after PENDING_DEVICE_LIFETIME is
  deleted, and confirming one deletes every other pending device of the user;
- setting up (or replacing) issues new recovery codes, shown once; each code works once, and
  getting new codes replaces the old ones;
- a user who has lost their device and their codes is helped by operations, who reset their
  two-factor authentication with a reason (audited; the user is emailed).
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django_otp import user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.actions import record
from common.errors import Conflict, DomainError, NotFound, PermissionRefused

from . import messages
from .models import User
from .permissions import require_operations

RECOVERY_CODE_COUNT = 10
WRONG_CODE = "The code is not correct. Check your authenticator app and try again"
WRONG_SIGN_IN_CODE = (
    "The code is not correct. Enter the code your authenticator app shows now, or one of your "
    "recovery codes"
)
SECOND_FACTOR_FIRST = (
    "Enter a code from your authenticator app, or a recovery code, before you set up a new "
    "authenticator app"
)
SET_UP_EXPIRED = (
    "This set-up has expired. Scan the new QR code, or enter the new key, and enter the code "
    "your authenticator app shows"
)
MAX_REASON = 500
#: How long a secret shown on the set-up page can still be confirmed (reloading the page keeps
#: it until then).
PENDING_DEVICE_LIFETIME = timedelta(minutes=15)


def has_device(user: User) -> bool:
    """Whether the user has a confirmed device of any kind (an app or recovery codes)."""
    return user_has_device(user, confirmed=True)


def may_set_up(*, user: User, second_factor_passed: bool) -> bool:
    return second_factor_passed or not has_device(user)


def pending_device(*, user: User, second_factor_passed: bool, device_id: int | None) -> TOTPDevice:
    """The device this set-up session is confirming: the one it was given before (`device_id`,
    kept in the session) while it is fresh, or else a new one with a new secret."""
    if not may_set_up(user=user, second_factor_passed=second_factor_passed):
        raise PermissionRefused(SECOND_FACTOR_FIRST)
    # Secrets shown long ago and never confirmed are of no use to anyone but an onlooker.
    _pending(user).exclude(created_at__gte=_pending_cutoff()).delete()
    if device_id is not None:
        device = _fresh_pending(user).filter(pk=device_id).first()
        if device is not None:
            return device
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def _pending(user: User) -> QuerySet[TOTPDevice]:
    return TOTPDevice.objects.filter(user=user, confirmed=False)


def _pending_cutoff() -> datetime:
    return timezone.now() - PENDING_DEVICE_LIFETIME


def _fresh_pending(user: User) -> QuerySet[TOTPDevice]:
    return _pending(user).filter(created_at__gte=_pending_cutoff())


def _bump_stamp(user: User) -> None:
    """Tell every session of the user that its remembered answer about devices is out of date."""
    User.objects.filter(pk=user.pk).update(two_factor_stamp=F("two_factor_stamp") + 1)


@dataclass
class SetUp:
    """A confirmed authenticator app, the recovery codes issued with it (to show once), and
    whether it replaced an app the user had before."""

    device: TOTPDevice
    recovery_codes: list[str]
    replaced: bool


def confirm_device(
    *, user: User, code: str, second_factor_passed: bool, device_id: int | None
) -> SetUp:
    """Confirm this session's pending device (`device_id`) with a code from it.

    The user's row is locked so that two set-ups of one account happen one after the other,
    and the rule is checked again under the lock: a device confirmed in another session
    meanwhile means this session must pass the second factor first.
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if not may_set_up(user=user, second_factor_passed=second_factor_passed):
            raise PermissionRefused(SECOND_FACTOR_FIRST)
        device = None
        if device_id is not None:
            device = _fresh_pending(user).select_for_update().filter(pk=device_id).first()
        if device is None:
            raise DomainError(SET_UP_EXPIRED, field="code")
        # A wrong code is not throttled here: whoever is on this page can see the new secret.
        if not device.verify_token(code):
            raise DomainError(WRONG_CODE, field="code")
        return _confirm(user, device)


def _confirm(user: User, device: TOTPDevice) -> SetUp:
    others = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk)
    replaced = others.filter(confirmed=True).exists()
    # The old app, and the secrets other set-up sessions were shown, stop working.
    others.delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _replace_recovery_codes(user)
    _bump_stamp(user)
    record(
        actor=user,
        action="two_factor.replaced" if replaced else "two_factor.set_up",
        obj=user,
        summary=f"{user.email} replaced their authenticator app"
        if replaced
        else f"{user.email} set up two-factor authentication",
    )
    messages.two_factor_set_up(user, device_id=device.pk, replaced=replaced)
    return SetUp(device=device, recovery_codes=codes, replaced=replaced)


def _replace_recovery_codes(user: User) -> list[str]:
    """New recovery codes in the user's one recovery-codes device; the old codes stop working.

    The device itself is kept, so a session that signed in with a recovery code stays signed in.
    """
    devices = list(StaticDevice.objects.select_for_update().filter(user=user).order_by("pk"))
    if devices:
        device, extra = devices[0], devices[1:]
        StaticDevice.objects.filter(pk__in=[d.pk for d in extra]).delete()
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        device.token_set.all().delete()
    else:
        device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        token = StaticToken.random_token()
        if token not in codes:
            codes.append(token)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in codes)
    return codes


def regenerate_recovery_codes(*, user: User, second_factor_passed: bool) -> list[str]:
    """New recovery codes for a session that has passed the second factor."""
    if not second_factor_passed:
        raise PermissionRefused(SECOND_FACTOR_FIRST)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise Conflict("Set up an authenticator app before you get recovery codes")
        codes = _replace_recovery_codes(user)
        _bump_stamp(user)
        record(
            actor=user,
            action="two_factor.recovery_codes_replaced",
            obj=user,
            summary=f"{user.email} got new recovery codes",
        )
    return codes


def normalise_code(code: str) -> str:
    """Codes as people type them: spaces and hyphens left out, any case."""
    return "".join(code.split()).replace("-", "").lower()


def check_code(*, user: User, code: str) -> Device:
    """The user's confirmed device that accepts the code: a 6-digit code from the authenticator
    app, or a recovery code, which is used up.

    The devices are locked while checking, so one code cannot be used by two requests at once;
    a wrong code counts towards the device's throttle (committed before the error is raised).
    While the throttle holds (django-otp's: 1, 2, 4, 8 … seconds after each wrong code in a
    row), a code is not checked at all and the error says how long to wait; a right code
    afterwards starts the count again from nothing.
    """
    typed = normalise_code(code)
    is_app_code = typed.isascii() and typed.isdigit() and len(typed) == 6
    model: type[Device] = TOTPDevice if is_app_code else StaticDevice
    matched: Device | None = None
    checked = False
    locked_until: datetime | None = None
    with transaction.atomic():
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            allowed, details = device.verify_is_allowed()
            if not allowed:
                until = (details or {}).get("locked_until")
                if until is not None and (locked_until is None or until > locked_until):
                    locked_until = until
                continue
            checked = True
            if device.verify_token(typed):
                matched = device
                break
        if isinstance(matched, StaticDevice):
            left = StaticToken.objects.filter(device=matched).count()
            record(
                actor=user,
                action="two_factor.recovery_code_used",
                obj=user,
                summary=f"{user.email} signed in with a recovery code ({left} left)",
                changes={"recovery_codes_left": left},
            )
    if matched is None and not checked and locked_until is not None:
        raise DomainError(too_many_wrong_codes(locked_until), field="code", code="throttled")
    if matched is None:
        raise DomainError(WRONG_SIGN_IN_CODE, field="code")
    return matched


def too_many_wrong_codes(locked_until: datetime) -> str:
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    if seconds < 120:
        wait = f"{seconds} second{'' if seconds == 1 else 's'}"
    elif seconds < 2 * 3600:
        wait = f"{math.ceil(seconds / 60)} minutes"
    else:
        wait = f"{math.ceil(seconds / 3600)} hours"
    return f"Too many wrong codes: wait {wait} and try again"


def lift_code_lockout(*, user: User) -> None:
    """Start the wrong-code count again, once the user has set a new password.

    Someone who has only the password can keep the codes throttled for ever by typing wrong
    ones; setting a new password through the emailed link ends their session and their
    guesses, and this ends the wait they caused.
    """
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user, throttling_failure_count__gt=0).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def reset_two_factor(*, user_id: int, reason: str, acting_user: User) -> User:
    """Operations remove a user's authenticator app and recovery codes, for a user who has lost
    them. The user is emailed; their next sign-in asks them to set up again if their role needs
    it, and any session that passed the second factor with the old device must pass it again.
    """
    require_operations(acting_user)
    why = (reason or "").strip()
    if not why:
        raise DomainError(
            "Enter the reason for resetting two-factor authentication", field="reason"
        )
    if len(why) > MAX_REASON:
        raise DomainError(f"The reason must be {MAX_REASON} characters or fewer", field="reason")
    with transaction.atomic():
        target = User.objects.select_for_update().filter(pk=user_id).first()
        if target is None:
            raise NotFound("User not found")
        if target.pk == acting_user.pk:
            raise PermissionRefused(
                "You cannot reset your own two-factor authentication: ask another member of "
                "the operations team"
            )
        if not has_device(target):
            raise Conflict(f"{target.email} has not set up two-factor authentication")
        TOTPDevice.objects.filter(user=target).delete()
        StaticDevice.objects.filter(user=target).delete()
        _bump_stamp(target)
        event = record(
            actor=acting_user,
            action="two_factor.reset",
            obj=target,
            summary=f"Reset two-factor authentication for {target.email}: {why}",
            changes={"reason": why},
        )
        messages.two_factor_reset(target, event_id=event.pk)
    return target
