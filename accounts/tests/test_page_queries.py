"""What every signed-in page reads from the database before its own work, and no more."""

from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, ModeratorAssignment, User
from conftest import client_for

pytestmark = pytest.mark.django_db


def tables(queries: list[dict[str, Any]]) -> list[str]:
    """The table each query reads (its outermost FROM, the last one in these queries)."""
    return [q["sql"].rsplit(" FROM ", 1)[1].split()[0].strip('"') for q in queries]


def test_a_signed_in_page_reads_the_session_user_memberships_and_assignments_once(
    tutor: User,
) -> None:
    # Time stands still, so the session is not due for renewal between the requests.
    with time_machine.travel(timezone.now(), tick=False):
        client = client_for(tutor)
        # The first page checks the second factor and renews the session (both kept in it).
        assert client.get(reverse("home")).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Certification claims" in response.content.decode()
    # Home and the menu share the request's roles: the assignments come with the memberships.
    assert tables(queries.captured_queries) == [
        "django_session",
        "accounts_user",
        "accounts_membership",
    ]
    assert "EXISTS" in queries.captured_queries[-1]["sql"]


def test_make_claim_takes_two_queries_of_its_own(
    tutor: User, django_assert_num_queries: Any
) -> None:
    with time_machine.travel(timezone.now(), tick=False):
        client = client_for(tutor)
        client.get(reverse("claims:make-claim"))
        # 3 for every signed-in page, then the claims in progress and the qualifications.
        with django_assert_num_queries(5):
            assert client.get(reverse("claims:make-claim")).status_code == 200


def test_a_removed_role_takes_effect_on_the_next_request(tutor: User, moderator: User) -> None:
    centre_user, examiner = client_for(tutor), client_for(moderator)
    assert centre_user.get(reverse("claims:make-claim")).status_code == 200
    assert ">Moderation<" in examiner.get(reverse("home")).content.decode()
    Membership.objects.filter(user=tutor).delete()
    ModeratorAssignment.objects.filter(moderator=moderator).delete()
    assert centre_user.get(reverse("claims:make-claim")).status_code == 404
    assert ">Moderation<" not in examiner.get(reverse("home")).content.decode()


def test_a_centre_user_who_also_moderates_gets_the_moderation_menu_in_the_same_queries(
    tutor: User, moderator: User
) -> None:
    from accounts.models import Centre, VerifierAssignment

    elsewhere = Centre.objects.exclude(memberships__user=tutor).first()
    assigned = ModeratorAssignment.objects.filter(moderator=moderator).first()
    assert elsewhere is not None and assigned is not None
    qualification = assigned.qualification
    with time_machine.travel(timezone.now(), tick=False):
        client = client_for(tutor)
        client.get(reverse("home"))
        assert ">Moderation<" not in client.get(reverse("claims:make-claim")).content.decode()
        ModeratorAssignment.objects.filter(centre=elsewhere, qualification=qualification).delete()
        ModeratorAssignment.objects.create(
            moderator=tutor, centre=elsewhere, qualification=qualification
        )
        VerifierAssignment.objects.create(
            verifier=tutor, centre=elsewhere, qualification=qualification
        )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("claims:make-claim")).content.decode()
    assert ">Moderation<" in page and ">Verification<" in page
    # As for any centre user: 3 for every signed-in page, then Make claim's own 2.
    assert len(queries.captured_queries) == 5
