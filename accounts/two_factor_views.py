"""The two-factor pages: entering a code, setting up an app, recovery codes, and the account's
two-factor page. TwoFactorMiddleware decides which of them a password-only session may open."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice

from common.errors import PermissionRefused
from common.forms import form_page, form_status, run_action

from . import two_factor
from .forms import RecoveryCodesSavedForm, SecondFactorForm, SignInCodeForm
from .middleware import NEW_RECOVERY_CODES
from .models import User
from .security import base32_secret, qr_code_svg, second_factor_required

NEXT = "two_factor_next"
PENDING_DEVICE = "two_factor_pending_device"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _verified(request: HttpRequest) -> bool:
    return bool(request.user.is_verified())  # type: ignore[union-attr]


def _next_url(request: HttpRequest, target: str | None = None) -> str:
    target = request.GET.get("next", "") if target is None else target
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def _show_new_codes(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    request.session[NEW_RECOVERY_CODES] = codes
    request.session[NEXT] = next_url
    return redirect("accounts:recovery-codes")


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if _verified(request):
        return redirect(_next_url(request))
    if not two_factor.has_device(user):
        return redirect(
            "accounts:two-factor-set-up" if second_factor_required(user) else _next_url(request)
        )

    def check(data: dict[str, Any]) -> Device:
        return two_factor.check_code(user=user, code=data["code"])

    def passed(device: Device) -> HttpResponse:
        otp_login(request, device)
        if isinstance(device, StaticDevice):
            left = two_factor.recovery_codes_left(user)
            messages.info(
                request,
                f"You signed in with a recovery code. You have {left} left. If you have "
                f"lost your authenticator app, set up a new one on the Two-factor "
                f"authentication page.",
            )
        return redirect(_next_url(request))

    return form_page(
        request,
        SignInCodeForm(request.POST or None),
        check,
        template="accounts/two_factor.html",
        context={},
        done=passed,
    )


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_set_up(request: HttpRequest) -> HttpResponse:
    user, passed = _user(request), _verified(request)
    if not two_factor.may_set_up(user=user, second_factor_passed=passed):
        # A password alone never adds a device: the session gives its second factor first.
        return redirect("accounts:two-factor")
    # The secret shown belongs to this session alone: its pending device's id is kept here.
    pending_id = request.session.get(PENDING_DEVICE)
    form = SecondFactorForm(request.POST or None)
    done = None
    if request.method == "POST" and form.is_valid():
        done = run_action(
            lambda: two_factor.confirm_device(
                user=user,
                code=form.cleaned_data["code"],
                second_factor_passed=passed,
                device_id=pending_id,
            ),
            form=form,
        )
        if isinstance(done.error, PermissionRefused):
            # A device was confirmed in another session meanwhile.
            return redirect("accounts:two-factor")
        if done.value is not None:
            set_up = done.value
            request.session.pop(PENDING_DEVICE, None)
            otp_login(request, set_up.device)
            messages.success(
                request,
                "Your new authenticator app is set up"
                if set_up.replaced
                else "Two-factor authentication is set up",
            )
            return _show_new_codes(request, set_up.recovery_codes, "/")
    device = two_factor.pending_device(user=user, second_factor_passed=passed, device_id=pending_id)
    request.session[PENDING_DEVICE] = device.pk
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {
            "form": form,
            "replacing": passed and two_factor.has_device(user),
            "qr_svg": qr_code_svg(device.config_url),
            "secret": base32_secret(device.bin_key),
        },
        status=form_status(form, done),
    )


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once: they stay in the session only until the user says they
    have saved them."""
    codes = request.session.get(NEW_RECOVERY_CODES)
    if not codes:
        return redirect("accounts:two-factor-account")
    # Bound on every POST: an unticked box sends nothing, which must still be an error.
    form = RecoveryCodesSavedForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        del request.session[NEW_RECOVERY_CODES]
        return redirect(_next_url(request, request.session.pop(NEXT, "/")))
    return render(
        request,
        "accounts/recovery_codes.html",
        {"form": form, "codes": codes},
        status=form_status(form),
    )


@login_required
def two_factor_account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "has_device": two_factor.has_device(user),
        "verified": _verified(request),
        "codes_left": two_factor.recovery_codes_left(user),
    }
    return render(request, "accounts/two_factor_account.html", context)


@login_required
@require_POST
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    done = run_action(
        lambda: two_factor.regenerate_recovery_codes(
            user=_user(request), second_factor_passed=_verified(request)
        ),
        request=request,
    )
    if not done or done.value is None:
        return redirect("accounts:two-factor-account")
    messages.success(request, "You have new recovery codes. The old ones no longer work.")
    return _show_new_codes(request, done.value, reverse("accounts:two-factor-account"))
