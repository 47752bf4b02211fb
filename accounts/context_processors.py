"""Navigation for the signed-in user's roles, shown on every page."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from .selectors import can_claim, roles_of


@dataclass
class NavItem:
    label: str
    url: str
    active: bool = False


def navigation(request: HttpRequest) -> dict[str, Any]:
    nav: dict[str, Any] = {"awarding_body": settings.AWARDING_BODY_NAME, "items": []}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": nav}
    membership = getattr(request, "membership", None)
    roles = roles_of(user)
    request.roles = roles  # type: ignore[attr-defined]
    items = [NavItem("Home", reverse("home"))]
    if membership is not None:
        items.append(NavItem("Certification claims", reverse("claims:make-claim")))
        if can_claim(membership):
            items.append(NavItem("Candidates", reverse("candidates:list")))
            items.append(NavItem("Entries", reverse("candidates:entries")))
            items.append(NavItem("Results", reverse("results:list")))
            items.append(NavItem("Centre information", reverse("moderation:centre-information")))
        if membership.is_administrator:
            items.append(NavItem("Centre users", reverse("accounts:centre-users")))
    if roles.is_moderator:
        items.append(NavItem("Moderation", reverse("moderation:queue")))
    if roles.is_verifier:
        items.append(NavItem("Verification", reverse("moderation:verification")))
    if roles.is_operations:
        items.append(NavItem("Claims to process", reverse("moderation:claims-to-process")))
        items.append(NavItem("Overdue claims", reverse("moderation:overdue")))
        items.append(NavItem("Administration", reverse("admin:index")))
    items.append(NavItem("Outbox", reverse("notifications:outbox")))
    if len(roles.memberships) > 1:
        items.append(NavItem("Change centre", reverse("accounts:choose-centre")))
    path = request.path
    # The longest matching prefix is the page's section; Home only matches itself.
    best = max(
        (i for i in items if path == i.url or (i.url != "/" and path.startswith(i.url))),
        key=lambda i: len(i.url),
        default=None,
    )
    if best is not None:
        best.active = True
    nav["items"] = items
    nav["current_centre"] = membership.centre if membership else None
    nav["roles"] = roles
    return {"nav": nav}
