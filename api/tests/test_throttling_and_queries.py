"""Rate limits per token, and list endpoints whose query count does not grow with the data."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Centre, User
from candidates.models import Candidate, EntryType, NamedEntry
from catalogue.models import Qualification

pytestmark = pytest.mark.django_db


def test_requests_are_limited_per_token(
    settings: Any, tutor: User, make_api_client: Callable[..., APIClient]
) -> None:
    settings.API_THROTTLE_RATE = "3/min"
    first = make_api_client(tutor)
    second = make_api_client(tutor)
    for _ in range(3):
        assert first.get("/api/v1/me/").status_code == 200
    response = first.get("/api/v1/me/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["errors"][0]["code"] == "throttled"
    # Another token of the same user has its own allowance.
    assert second.get("/api/v1/me/").status_code == 200


def _bulk(centre: Centre, count: int, start: int) -> None:
    itq = Qualification.objects.get(code="03991")
    candidates = Candidate.objects.bulk_create(
        Candidate(
            centre=centre,
            number=f"3{start + n:07d}",
            first_name="Bulk",
            last_name=f"Candidate{n}",
            date_of_birth="2000-01-01",
        )
        for n in range(count)
    )
    entries = NamedEntry.objects.bulk_create(
        NamedEntry(candidate=c, qualification=itq, entry_type=EntryType.UNITS) for c in candidates
    )
    units = list(itq.units.order_by("number")[:3])
    NamedEntry.units.through.objects.bulk_create(
        NamedEntry.units.through(namedentry_id=e.pk, unit_id=u.pk) for e in entries for u in units
    )


LISTS = [
    "/api/v1/candidates/",
    "/api/v1/candidates/?q=bulk",
    "/api/v1/entries/",
    "/api/v1/entries/?qualification=03991",
    "/api/v1/unnamed-entries/",
    "/api/v1/qualifications/",
    "/api/v1/qualifications/03991/units/",
    "/api/v1/qualifications/03991/assessors/",
]


@pytest.mark.parametrize("url", LISTS)
def test_list_query_counts_do_not_grow(
    url: str, tutor: User, tutor_api: APIClient, django_assert_num_queries: Any
) -> None:
    centre = tutor.memberships.get().centre
    _bulk(centre, 5, 0)
    tutor_api.get(url)  # the token's last use is written once a minute at most
    with CaptureQueriesContext(connection) as few:
        assert tutor_api.get(url, {"page_size": 100}).status_code == 200
    _bulk(centre, 200, 1000)
    with django_assert_num_queries(len(few.captured_queries)):
        assert tutor_api.get(url, {"page_size": 100}).status_code == 200


def test_results_query_count_does_not_grow(
    tutor: User, tutor_api: APIClient, django_assert_num_queries: Any
) -> None:
    from django.utils import timezone

    from candidates.models import AchievedUnit, Award
    from claims.models import Claim

    centre = tutor.memberships.get().centre
    itq = Qualification.objects.get(code="03991")
    claim = Claim.objects.get(claim_number=78103)
    units = list(itq.units.order_by("number")[:2])

    def results_for(count: int, start: int) -> None:
        _bulk(centre, count, start)
        now = timezone.now()
        candidates = Candidate.objects.filter(
            number__gte=f"3{start:07d}", number__lt=f"3{start + count:07d}"
        )
        AchievedUnit.objects.bulk_create(
            AchievedUnit(candidate=c, unit=u, claim=claim, achieved_at=now, published_at=now)
            for c in candidates
            for u in units
        )
        Award.objects.bulk_create(
            Award(candidate=c, qualification=itq, issued_at=now, published_at=now)
            for c in candidates
        )

    results_for(3, 0)
    tutor_api.get("/api/v1/results/")
    with CaptureQueriesContext(connection) as few:
        assert tutor_api.get("/api/v1/results/", {"page_size": 100}).json()["count"] == 4
    results_for(100, 1000)
    with django_assert_num_queries(len(few.captured_queries)):
        body = tutor_api.get("/api/v1/results/", {"page_size": 100}).json()
    assert body["count"] == 104
    assert body["results"][0]["qualifications"][0]["award"]["published_at"]


def test_claim_history_query_count_does_not_grow(
    tutor: User, tutor_api: APIClient, django_assert_num_queries: Any
) -> None:
    from django.utils import timezone

    from claims.models import Claim, ClaimStatus

    centre = tutor.memberships.get().centre
    itq = Qualification.objects.get(code="03991")

    def claims(count: int, start: int) -> None:
        Claim.objects.bulk_create(
            Claim(
                centre=centre,
                qualification=itq,
                status=ClaimStatus.PROCESSED,
                claim_number=90000 + start + n,
                created_by=tutor,
                submitted_at=timezone.now(),
            )
            for n in range(count)
        )

    claims(2, 0)
    tutor_api.get("/api/v1/claims/")
    with CaptureQueriesContext(connection) as few:
        assert tutor_api.get("/api/v1/claims/", {"page_size": 100}).status_code == 200
    claims(80, 100)
    with django_assert_num_queries(len(few.captured_queries)):
        body = tutor_api.get("/api/v1/claims/", {"page_size": 100}).json()
    assert body["count"] == 83
