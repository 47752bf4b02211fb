"""The Django admin behind the product's own sign-in and second factor.

The admin is for the awarding body's superusers only: operations work on the product's own
pages (centres, approvals, assignments, the catalogue), so being staff or operations does not
open it. It has no sign-in form of its own: its login page sends people to the product's sign-in,
which asks for the second factor. It admits a session only once that session has passed the
second factor (or needs none), so a password alone never opens it.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


class SecondFactorAdminSite(admin.AdminSite):
    """The admin site, open to active superusers whose session has passed the second factor."""

    def has_permission(self, request: HttpRequest) -> bool:
        from .security import second_factor_passed

        user = request.user
        return bool(user.is_active and user.is_superuser) and second_factor_passed(request)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if request.user.is_authenticated:
            # Signed in, but not someone the admin admits: sending them to sign in again
            # would only bring them back here.
            return render(
                request,
                "403.html",
                {"reason": "The administration pages are for the awarding body's superusers."},
                status=403,
            )
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
