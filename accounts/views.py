"""Sign-in, choosing a centre, each role's home page, and the centre's users."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from common.errors import DomainError
from common.forms import add_domain_error
from notifications.forms import OutboxPasswordResetForm

from . import actions, invitations, selectors, two_factor
from .forms import (
    AddCentreUserForm,
    ChangeRoleForm,
    ChooseCentreForm,
    InvitationResponseForm,
    SignInForm,
)
from .middleware import SESSION_KEY
from .models import InvitationState, Membership
from .permissions import can_claim, centre_page

ANSWERED_TAGS = {
    InvitationState.ACCEPTED: "govuk-tag--green",
    InvitationState.DECLINED: "govuk-tag--red",
    InvitationState.WITHDRAWN: "govuk-tag--grey",
    InvitationState.EXPIRED: "govuk-tag--grey",
}


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """POST only (Django's default): signing out flushes the session on the server."""


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

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        # A new password ends every other session (Django checks the password's hash on each
        # request), so whoever kept the codes throttled with the old one can do so no longer.
        with transaction.atomic():
            response = super().form_valid(form)
            two_factor.lift_code_lockout(user=form.user)
        return response


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
        "can_claim": can_claim(membership),
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
    membership = request.membership  # type: ignore[attr-defined]
    now = timezone.now()
    context = {
        "people": selectors.centre_users(membership=membership),
        "invited": selectors.centre_invitations(membership=membership),
        "answered": [
            (invitation, state.label, ANSWERED_TAGS[state])
            for invitation in selectors.answered_invitations(membership=membership, now=now)
            for state in [invitation.state(now)]
        ],
        "now": now,
    }
    return render(request, "accounts/centre_users.html", context)


@centre_page(claims=False, admin=True)
@require_http_methods(["GET", "POST"])
def add_centre_user(request: HttpRequest) -> HttpResponse:
    form = AddCentreUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = actions.add_centre_user(
                acting=request.membership,  # type: ignore[attr-defined]
                acting_user=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if isinstance(added, Membership):
                messages.success(
                    request, f"{added.user.email} now has the role {added.get_role_display()}"
                )
            else:
                # Only what the administrator typed: nothing about the account it reaches.
                messages.success(
                    request,
                    f"We have sent an invitation to {added.email}. They will have the role "
                    f"{added.get_role_display()} once they accept it",
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


@centre_page(claims=False, admin=True)
@require_http_methods(["GET", "POST"])
def withdraw_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    invitation = selectors.get_centre_invitation(membership=membership, invitation_id=invitation_id)
    error = None
    if request.method == "POST":
        try:
            invitations.withdraw_invitation(
                acting=membership,
                invitation_id=invitation.pk,
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, f"The invitation to {invitation.email} has been withdrawn")
            return redirect("accounts:centre-users")
    return render(
        request,
        "accounts/withdraw_invitation.html",
        {"invitation": invitation, "error": error},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation's emailed link opens; only the invited address's account may act.

    Anyone else signed in is told the invitation is not theirs and learns nothing about it.
    """
    user = request.user
    found = selectors.invitation_by_token(token)
    if not invitations.is_invitee(found, user):  # type: ignore[arg-type]
        return render(request, "accounts/invitation_not_yours.html", status=403)
    if found.is_open and found.state(timezone.now()) == InvitationState.EXPIRED:
        found = invitations.record_expiry(invitation_id=found.pk, acting_user=user)  # type: ignore[arg-type]
    form = InvitationResponseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            if accept:
                invitations.accept_invitation(invitation_id=found.pk, acting_user=user)  # type: ignore[arg-type]
            else:
                invitations.decline_invitation(invitation_id=found.pk, acting_user=user)  # type: ignore[arg-type]
        except DomainError as error:
            add_domain_error(form, error)
            found.refresh_from_db()
        else:
            centre = f"centre {found.centre.number} {found.centre.name}"
            if accept:
                several = selectors.memberships_for(user).count() > 1  # type: ignore[arg-type]
                messages.success(
                    request,
                    f"You now have the role {found.get_role_display()} at {centre}"
                    + (". Choose it under Change centre to work for it" if several else ""),
                )
            else:
                messages.success(request, f"You have declined the invitation from {centre}")
            return redirect("home")
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": found, "state": found.state(timezone.now()), "form": form},
    )
