"""Sign-in protection: lockout keys, session limits and who needs a second factor."""

import base64
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import HttpRequest

from .models import User
from .selectors import Roles, awarding_body_assignments


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The key django-axes counts failures under: the email address as typed, lower-cased."""
    if credentials and credentials.get("username"):
        return str(credentials["username"]).strip().lower()
    return str(request.POST.get("username", "")).strip().lower()


def is_awarding_body_user(user: User) -> bool:
    return user.is_operations or any(awarding_body_assignments(user))


def second_factor_required(user: User, roles: Roles | None = None) -> bool:
    """Awarding-body users, and anyone who can open the Django admin, must use two-factor
    authentication when OTP_REQUIRED_FOR_AWARDING_BODY is on (as in production).

    `roles`, the request's, answers from the assignments it has read (or will read) for the
    menu, so asking on every request costs no query of its own.
    """
    if not settings.OTP_REQUIRED_FOR_AWARDING_BODY:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return roles.is_awarding_body if roles is not None else is_awarding_body_user(user)


def second_factor_passed(request: HttpRequest) -> bool:
    """Whether this session may open pages: it has given the second factor, or its user has no
    device and needs none."""
    from .two_factor import has_device

    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_verified():  # type: ignore[attr-defined]
        return True
    return not second_factor_required(user) and not has_device(user)


def qr_code_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code, drawn here: nothing is fetched from elsewhere."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def base32_secret(bin_key: bytes) -> str:
    return base64.b32encode(bin_key).decode().rstrip("=")
