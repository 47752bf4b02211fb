"""Who is admitted where: the role decorators of every page and the role checks of actions.

Pages answer "not found" to anyone outside the role they serve, as for anything else that is
not theirs; centre pages tell a centre user without a claims role which roles give access.
Actions refuse with PermissionRefused and one message per rule.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from common.errors import NotFound, PermissionRefused

from .models import CLAIM_ROLES, Membership, ModeratorAssignment, Role, User, VerifierAssignment
from .role_needed import claims_role_needed

View = Callable[..., HttpResponse]

OPERATIONS_ONLY = "Only the awarding body's operations team can do this"


def can_claim(membership: Membership | None) -> bool:
    """Whether the membership has a certification claims role (Centre Administrator or
    Tutor/Teacher)."""
    return membership is not None and membership.role in CLAIM_ROLES


def is_operations(user: User) -> bool:
    """The one operations check: a signed-in member of the awarding body's operations team."""
    return bool(user.is_authenticated and user.is_operations)


def require_operations(user: User) -> None:
    """For actions: only the awarding body's operations team."""
    if not is_operations(user):
        raise PermissionRefused(OPERATIONS_ONLY)


def require_claims_role(membership: Membership | None) -> Membership:
    """For actions: the acting membership must have a certification claims role."""
    if membership is None or not can_claim(membership):
        raise PermissionRefused(
            "You need either the 'Centre Administrator' or 'Tutor/Teacher' role"
        )
    return membership


def require_administrator(membership: Membership | None) -> Membership:
    """For actions: only a Centre Administrator may do this."""
    if membership is None or membership.role != Role.CENTRE_ADMINISTRATOR:
        raise PermissionRefused("Only a Centre Administrator can do this")
    return membership


def centre_page(*, claims: bool = True, admin: bool = False) -> Callable[[View], View]:
    """Admit users with a role at their current centre.

    claims: the page needs the 'Centre Administrator' or 'Tutor/Teacher' role; other centre
    users are told which roles give access. admin: only a Centre Administrator.
    People with no role at any centre get "not found", as for anything else not theirs.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = request.membership  # type: ignore[attr-defined]
            if membership is None:
                if request.roles.memberships:  # type: ignore[attr-defined]
                    return redirect("accounts:choose-centre")
                raise Http404
            if claims and not can_claim(membership):
                return claims_role_needed(request, membership)
            if admin and membership.role != Role.CENTRE_ADMINISTRATOR:
                return render(
                    request,
                    "403.html",
                    {"reason": "Only a Centre Administrator can do this."},
                    status=403,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _awarding_body_page(admits: Callable[[User], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not admits(request.user):  # type: ignore[arg-type]
                raise NotFound()
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _moderates(user: User) -> bool:
    return ModeratorAssignment.objects.filter(moderator_id=user.pk).exists()


def _verifies(user: User) -> bool:
    return VerifierAssignment.objects.filter(verifier_id=user.pk).exists()


#: Signed-in examiner-moderators only; to everyone else these pages do not exist.
moderator_page = _awarding_body_page(_moderates)
#: Signed-in external verifiers only; to everyone else these pages do not exist.
verifier_page = _awarding_body_page(_verifies)
#: The awarding body's operations team only; to everyone else these pages do not exist.
operations_page = _awarding_body_page(is_operations)
#: Signed-in awarding body people whom `admits` lets in (a role held now or before); to
#: everyone else these pages do not exist.
awarding_body_page = _awarding_body_page


def moderates(user: User) -> bool:
    """Examiner-moderator of at least one centre and qualification now."""
    return _moderates(user)


def verifies(user: User) -> bool:
    """External verifier of at least one centre and qualification now."""
    return _verifies(user)
