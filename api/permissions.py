"""Who may call the API: the same roles that may open the certification claims pages."""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from accounts.permissions import can_claim

ROLES_MESSAGE = (
    "You need either the 'Centre Administrator' or 'Tutor/Teacher' role at the centre; "
    "your Centre Administrator grants roles"
)


class HasClaimsRole(BasePermission):
    """A Centre Administrator or Tutor/Teacher at the acting centre."""

    message = ROLES_MESSAGE

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        return can_claim(getattr(request._request, "membership", None))
