"""Navigation for the signed-in user's roles, shown on every page, and the words of the
settings every page may quote (the awarding body's name, the deadlines)."""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from common.wording import duration

from .models import Centre, Membership
from .permissions import can_claim
from .selectors import Roles, roles_of


@dataclass
class NavItem:
    label: str
    url: str
    active: bool = False


class Navigation:
    """The menu and current centre of a page, worked out only when the page shows them.

    Responses that render no menu (a fragment, a download) then cost no query for it.
    """

    def __init__(self, request: HttpRequest, roles: Roles | None) -> None:
        self.request = request
        self.roles = roles
        self.membership: Membership | None = getattr(request, "membership", None)

    @property
    def awarding_body(self) -> str:
        return str(settings.AWARDING_BODY_NAME)

    @property
    def evidence_due(self) -> str:
        """How soon after submitting the centre sends the work, in words: "24 hours"."""
        return duration(settings.EVIDENCE_DUE_AFTER)

    @property
    def overdue_after(self) -> str:
        """How long a claim may stay with the moderator before it is flagged: "35 days"."""
        return duration(settings.OVERDUE_AFTER)

    @property
    def current_centre(self) -> Centre | None:
        return self.membership.centre if self.membership else None

    @cached_property
    def items(self) -> list[NavItem]:
        roles, membership = self.roles, self.membership
        if roles is None:
            return []
        items = [NavItem("Home", reverse("home"))]
        if membership is not None:
            items.append(NavItem("Certification claims", reverse("claims:make-claim")))
            if can_claim(membership):
                items.append(NavItem("Candidates", reverse("candidates:list")))
                items.append(NavItem("Entries", reverse("candidates:entries")))
                items.append(NavItem("Results", reverse("results:list")))
                items.append(
                    NavItem("Centre information", reverse("moderation:centre-information"))
                )
            if membership.is_administrator:
                items.append(NavItem("Centre users", reverse("accounts:centre-users")))
        if roles.is_moderator:
            items.append(NavItem("Moderation", reverse("moderation:queue")))
            items.append(NavItem("Reviews", reverse("reviews:reviewer-list")))
        if roles.is_verifier:
            items.append(NavItem("Verification", reverse("verification:index")))
        if roles.is_operations:
            items.append(NavItem("Claims to process", reverse("results:claims-to-process")))
            items.append(NavItem("Overdue claims", reverse("moderation:overdue")))
            items.append(NavItem("Reviews", reverse("reviews:operations-list")))
            items.append(NavItem("Centres", reverse("accounts:operations-centres")))
            items.append(NavItem("Qualifications", reverse("catalogue:qualifications")))
            items.append(NavItem("Users", reverse("accounts:operations-users")))
        if roles.user is not None and roles.user.is_superuser:
            items.append(NavItem("Administration", reverse("admin:index")))
        items.append(NavItem("Outbox", reverse("accounts:outbox")))
        if len(roles.memberships) > 1:
            items.append(NavItem("Change centre", reverse("accounts:choose-centre")))
        path = self.request.path
        # The longest matching prefix is the page's section; Home only matches itself.
        best = max(
            (i for i in items if path == i.url or (i.url != "/" and path.startswith(i.url))),
            key=lambda i: len(i.url),
            default=None,
        )
        if best is not None:
            best.active = True
        return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": Navigation(request, None)}
    # CurrentCentreMiddleware has read the memberships for this request; for a user who signed in
    # during it, or a request that did not pass through it, they are read here.
    roles: Roles | None = getattr(request, "roles", None)
    if roles is None or roles.user is None:
        roles = roles_of(user)
        request.roles = roles  # type: ignore[attr-defined]
    return {"nav": Navigation(request, roles)}
