"""A centre user without a certification claims role is told who their centre's Centre
Administrators are, to ask them for a role; or, when the centre has none, what to do."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Centre, Membership, Role, User
from conftest import client_for

pytestmark = pytest.mark.django_db

QUERIES = 5


def administrators_listed(page: str) -> list[str]:
    found = re.search(r'<ul class="govuk-list" id="centre-administrators">(.*?)</ul>', page, re.S)
    if found is None:
        return []
    return [" ".join(item.split()) for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


def role_needed_page(client: Client) -> str:
    response = client.get(reverse("claims:make-claim"))
    assert response.status_code == 403
    return response.content.decode()


def test_the_page_names_the_centres_administrators_only(
    staff: User, southbank_admin: User, django_assert_max_num_queries: Any
) -> None:
    northfield = Centre.objects.get(number="12345")
    second = User.objects.create_user(email="bea@northfield.test", full_name="Bea Adams")
    Membership.objects.create(user=second, centre=northfield, role=Role.CENTRE_ADMINISTRATOR)
    # An administrator elsewhere who is only staff here is not one of this centre's.
    Membership.objects.create(user=southbank_admin, centre=northfield, role=Role.STAFF)
    gone = User.objects.create_user(
        email="gone@northfield.test", full_name="Gone Away", is_active=False
    )
    Membership.objects.create(user=gone, centre=northfield, role=Role.CENTRE_ADMINISTRATOR)
    admin = User.objects.get(email="admin@northfield.test")

    client = client_for(staff)
    role_needed_page(client)
    # However many administrators: the page's one query for them, beside the session's.
    with django_assert_max_num_queries(QUERIES):
        page = role_needed_page(client)
    assert administrators_listed(page) == [
        f'{name} (<a class="govuk-link" href="mailto:{email}">{email}</a>)'
        for name, email in sorted(
            [(admin.full_name, admin.email), ("Bea Adams", "bea@northfield.test")]
        )
    ]
    assert "Your Centre Administrators" in page
    assert "ask one of them to give you one of these roles" in page
    assert "admin@southbank.test" not in page and "gone@northfield.test" not in page


def test_one_administrator_is_named_alone(staff: User) -> None:
    admin = User.objects.get(email="admin@northfield.test")
    page = role_needed_page(client_for(staff))
    assert administrators_listed(page) == [
        f'{admin.full_name} (<a class="govuk-link" href="mailto:{admin.email}">{admin.email}</a>)'
    ]
    assert "Your Centre Administrator</h2>" in page
    assert "ask them to give you one of these roles" in page


def test_a_centre_without_an_administrator_says_so_and_what_to_do(staff: User) -> None:
    Membership.objects.filter(centre__number="12345", role=Role.CENTRE_ADMINISTRATOR).update(
        role=Role.TUTOR
    )
    page = role_needed_page(client_for(staff))
    assert administrators_listed(page) == []
    assert "centre 12345 has no Centre Administrator at the moment" in page
    assert "support team to set up a Centre Administrator for the centre" in page
