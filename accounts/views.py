"""Sign-in, choosing a centre, each role's home page, and the centre's users."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from common.errors import DomainError
from common.forms import add_domain_error

from . import actions, selectors
from .forms import (
    AddCentreUserForm,
    ChangeRoleForm,
    ChooseCentreForm,
    SignInForm,
)
from .middleware import SESSION_KEY
from .permissions import centre_page


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """POST only (Django's default): signing out flushes the session on the server."""


class PasswordResetView(auth_views.PasswordResetView):
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
