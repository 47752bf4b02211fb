"""The Django admin is for superusers only: operations, staff or not, work on the product's own
pages, and the menu offers the admin only to a superuser."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.admin_site import SecondFactorAdminSite
from accounts.models import User
from conftest import client_for

pytestmark = pytest.mark.django_db


def _operations(**flags: bool) -> User:
    return User.objects.create_user(
        "team@awarding.test", "x" * 12, full_name="Team", is_operations=True, **flags
    )


def test_the_admin_refuses_staff_operations_users_who_are_not_superusers(demo: None) -> None:
    staff = _operations(is_staff=True)
    request = RequestFactory().get("/admin/")
    staff.is_verified = lambda: True  # type: ignore[attr-defined]
    request.user = staff
    assert not SecondFactorAdminSite().has_permission(request)
    client = client_for(staff)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert "The administration pages are for the awarding body's superusers" in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert client.get(reverse("admin:accounts_centre_changelist"), follow=True).status_code == 403


def test_the_admin_admits_a_superuser(ops: User) -> None:
    assert ops.is_superuser
    request = RequestFactory().get("/admin/")
    ops.is_verified = lambda: True  # type: ignore[attr-defined]
    request.user = ops
    assert SecondFactorAdminSite().has_permission(request)
    client = client_for(ops)
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    assert client.get(reverse("admin:accounts_centre_changelist")).status_code == 200
    # A superuser who is no longer active is refused like anyone else.
    ops.is_active = False
    assert not SecondFactorAdminSite().has_permission(request)


def test_operations_use_their_own_pages_and_only_a_superuser_is_offered_the_admin(
    ops: User,
) -> None:
    team = client_for(_operations())
    home = team.get(reverse("home")).content.decode()
    assert reverse("accounts:operations-centres") in home
    assert reverse("admin:index") not in home
    for name in ("accounts:operations-centres", "accounts:operations-moderators"):
        assert team.get(reverse(name)).status_code == 200
    assert reverse("admin:index") in client_for(ops).get(reverse("home")).content.decode()
