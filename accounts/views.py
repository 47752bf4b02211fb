"""Sign-in, choosing a centre, each role's home page, and the centre's users."""

from typing import Any

from django import forms
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

from common.forms import form_page, form_status
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
from .models import Invitation, InvitationState, Membership, User
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
    return render(request, "accounts/choose_centre.html", {"form": form}, status=form_status(form))


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


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@centre_page(claims=False, admin=True)
@require_http_methods(["GET", "POST"])
def add_centre_user(request: HttpRequest) -> HttpResponse:
    def add(data: dict[str, Any]) -> Membership | Invitation:
        return actions.add_centre_user(
            membership=_membership(request), acting_user=_user(request), **data
        )

    def added(result: Membership | Invitation) -> HttpResponse:
        if isinstance(result, Membership):
            messages.success(
                request, f"{result.user.email} now has the role {result.get_role_display()}"
            )
        else:
            # Only what the administrator typed: nothing about the account it reaches.
            messages.success(
                request,
                f"We have sent an invitation to {result.email}. They will have the role "
                f"{result.get_role_display()} once they accept it",
            )
        return redirect("accounts:centre-users")

    return form_page(
        request,
        AddCentreUserForm(request.POST or None),
        add,
        template="accounts/add_centre_user.html",
        context={},
        done=added,
    )


@centre_page(claims=False, admin=True)
@require_http_methods(["GET", "POST"])
def change_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    target = selectors.get_centre_membership(
        membership=_membership(request), membership_id=membership_id
    )

    def change(data: dict[str, Any]) -> Membership:
        return actions.change_role(
            membership=_membership(request),
            membership_id=target.pk,
            role=data["role"],
            acting_user=_user(request),
        )

    def changed(_: Membership) -> HttpResponse:
        messages.success(request, f"Role changed for {target.user.email}")
        return redirect("accounts:centre-users")

    return form_page(
        request,
        ChangeRoleForm(request.POST or None, initial={"role": target.role}),
        change,
        template="accounts/change_role.html",
        context={"target": target},
        done=changed,
    )


@centre_page(claims=False, admin=True)
@require_http_methods(["GET", "POST"])
def withdraw_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    membership = _membership(request)
    invitation = selectors.get_centre_invitation(membership=membership, invitation_id=invitation_id)

    def withdraw(_: dict[str, Any]) -> Invitation:
        return invitations.withdraw_invitation(
            membership=membership, invitation_id=invitation.pk, acting_user=_user(request)
        )

    def withdrawn(_: Invitation) -> HttpResponse:
        messages.success(request, f"The invitation to {invitation.email} has been withdrawn")
        return redirect("accounts:centre-users")

    # A confirmation with nothing to fill in: a refusal shows at the top of the page.
    return form_page(
        request,
        forms.Form(request.POST if request.method == "POST" else None),
        withdraw,
        template="accounts/withdraw_invitation.html",
        context={"invitation": invitation},
        done=withdrawn,
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation's emailed link opens; only the invited address's account may act.

    Anyone else signed in is told the invitation is not theirs and learns nothing about it.
    """
    user = _user(request)
    found = selectors.invitation_by_token(token)
    if not invitations.is_invitee(found, user):
        return render(request, "accounts/invitation_not_yours.html", status=403)
    if found.is_open and found.state(timezone.now()) == InvitationState.EXPIRED:
        found = invitations.record_expiry(invitation_id=found.pk, acting_user=user)

    def respond(data: dict[str, Any]) -> bool:
        accept = data["decision"] == "accept"
        if accept:
            invitations.accept_invitation(invitation_id=found.pk, acting_user=user)
        else:
            invitations.decline_invitation(invitation_id=found.pk, acting_user=user)
        return accept

    def responded(accepted: bool) -> HttpResponse:
        centre = f"centre {found.centre.number} {found.centre.name}"
        if accepted:
            several = selectors.memberships_for(user).count() > 1
            messages.success(
                request,
                f"You now have the role {found.get_role_display()} at {centre}"
                + (". Choose it under Change centre to work for it" if several else ""),
            )
        else:
            messages.success(request, f"You have declined the invitation from {centre}")
        return redirect("home")

    def shown() -> dict[str, Any]:
        # After a refusal the invitation is read again: it may have been answered meanwhile.
        found.refresh_from_db()
        return {"invitation": found, "state": found.state(timezone.now())}

    return form_page(
        request,
        InvitationResponseForm(request.POST if request.method == "POST" else None),
        respond,
        template="accounts/invitation.html",
        context=shown,
        done=responded,
    )
