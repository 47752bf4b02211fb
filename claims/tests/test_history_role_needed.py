"""A claim's History, opened by a centre user without a claims role, names the centre's
Centre Administrators as the other claims pages do."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.test_role_needed import administrators_listed
from conftest import client_for

from .helpers import start_claim

pytestmark = pytest.mark.django_db


def test_a_claims_history_page_names_them_too(staff: User, tutor: User) -> None:
    claim = start_claim(tutor)
    response = client_for(staff).get(reverse("claims:claim-history-log", args=[claim.pk]))
    assert response.status_code == 403
    assert "admin@northfield.test" in administrators_listed(response.content.decode())[0]
