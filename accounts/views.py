"""Sign-in, choosing a centre, each role's home page, and the centre's users."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from common.errors import DomainError
from common.forms import add_domain_error
from notifications.forms import OutboxPasswordResetForm

from . import actions, selectors, two_factor
from .forms import (
    AddCentreUserForm,
    ChangeRoleForm,
    ChooseCentreForm,
    SecondFactorForm,
    SignInForm,
)
from .middleware import SESSION_KEY
from .permissions import centre_page
from .security import base32_secret, qr_code_svg


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """POST only (Django's default): signing out flushes the session on the server."""


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.check_code(user=request.user, code=form.cleaned_data["code"])  # type: ignore[arg-type]
        except DomainError as error:
            add_domain_error(form, error)
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(request, "accounts/two_factor.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_set_up(request: HttpRequest) -> HttpResponse:
    device = two_factor.pending_device(user=request.user)  # type: ignore[arg-type]
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.confirm_device(
                user=request.user,  # type: ignore[arg-type]
                code=form.cleaned_data["code"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            otp_login(request, device)
            messages.success(request, "Two-factor authentication is set up")
            return redirect("home")
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {
            "form": form,
            "qr_svg": qr_code_svg(device.config_url),
            "secret": base32_secret(device.bin_key),
        },
    )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/emails/set_password.txt"
    subject_template_name = "accounts/emails/set_password_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:password-set")


class PasswordSetView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_set.html"


@login_required
@require_http_methods(["GET", "POST"])
def choose_centre(request: HttpRequest) -> HttpResponse:
    roles: selectors.Roles = request.roles  # type: ignore[attr-defined]
    memberships = roles.memberships
    choices = [(m.centre_id, f"{m.centre.number} {m.centre.name}") for m in memberships]
    form = ChooseCentreForm(request.POST or None, centres=choices)
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_KEY] = form.cleaned_data["centre"]
        return redirect("home")
    return render(request, "accounts/choose_centre.html", {"form": form})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles: selectors.Roles = request.roles  # type: ignore[attr-defined]
    membership = request.membership  # type: ignore[attr-defined]
    if membership is None and len(roles.memberships) > 1 and not roles.is_awarding_body:
        return redirect("accounts:choose-centre")
    context = {
        "roles": roles,
        "membership": membership,
        "can_claim": selectors.can_claim(membership),
        "moderator_assignments": selectors.moderator_assignments(request.user)  # type: ignore[arg-type]
        if roles.is_moderator
        else [],
        "verifier_assignments": selectors.verifier_assignments(request.user)  # type: ignore[arg-type]
        if roles.is_verifier
        else [],
    }
    return render(request, "accounts/home.html", context)


@centre_page(claims=False, admin=True)
def centre_users(request: HttpRequest) -> HttpResponse:
    people = selectors.centre_users(membership=request.membership)  # type: ignore[attr-defined]
    return render(request, "accounts/centre_users.html", {"people": people})


@centre_page(claims=False, admin=True)
@require_http_methods(["GET", "POST"])
def add_centre_user(request: HttpRequest) -> HttpResponse:
    form = AddCentreUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = actions.add_centre_user(
                acting=request.membership,  # type: ignore[attr-defined]
                acting_user=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, f"{membership.user.email} now has the role {membership.get_role_display()}"
            )
            return redirect("accounts:centre-users")
    return render(request, "accounts/add_centre_user.html", {"form": form})


@centre_page(claims=False, admin=True)
@require_http_methods(["GET", "POST"])
def change_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    target = selectors.get_centre_membership(
        membership=request.membership,  # type: ignore[attr-defined]
        membership_id=membership_id,
    )
    form = ChangeRoleForm(request.POST or None, initial={"role": target.role})
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_role(
                acting=request.membership,  # type: ignore[attr-defined]
                target=target,
                role=form.cleaned_data["role"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Role changed for {target.user.email}")
            return redirect("accounts:centre-users")
    return render(request, "accounts/change_role.html", {"form": form, "target": target})
