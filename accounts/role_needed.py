"""The page a centre user without a certification claims role sees on a claims page: which roles
give access, and the Centre Administrators of their centre, who grant them.

Its own module, read by `accounts.permissions` (which `accounts.selectors` reads in turn), so the
page's one query sits beside the page rather than in a cycle of imports.
"""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Membership, Role, User


def centre_administrators(*, membership: Membership) -> QuerySet[User]:
    """The Centre Administrators of the membership's centre (and of no other), by name."""
    return User.objects.filter(
        is_active=True,
        memberships__centre_id=membership.centre_id,
        memberships__role=Role.CENTRE_ADMINISTRATOR,
    ).order_by("full_name", "email")


def claims_role_needed(request: HttpRequest, membership: Membership) -> HttpResponse:
    """403: the roles that give access and who at the centre grants them."""
    return render(
        request,
        "accounts/claims_role_needed.html",
        {
            "membership": membership,
            "administrators": list(centre_administrators(membership=membership)),
        },
        status=403,
    )
