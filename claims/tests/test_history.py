"""View claim history: newest first, filtered, sorted by any column, paginated."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Centre, User
from catalogue.models import Qualification
from claims.models import Claim, ClaimCandidate, ClaimStatus

from .claim_data import many_candidates, put_rows, tutor_user
from .helpers import start_claim
from .submit_data import amiras_claim, submit

pytestmark = pytest.mark.django_db

URL = reverse("claims:history")


def past_claims(count: int, *, code: str = "03991", start: int = 50000) -> list[Claim]:
    """Processed claims, one a day back from yesterday, claim i with i % 3 + 1 candidates.

    Written as rows: processing belongs to the results app, above this one, so the claims
    app's tests cannot take a claim there through the actions.
    """
    centre = Centre.objects.get(number="12345")
    qualification = Qualification.objects.get(code=code)
    now = timezone.now()
    claims = []
    people = many_candidates(3, start=90000000 + start, entry=False)
    for i in range(count):
        claim = Claim.objects.create(
            centre=centre,
            qualification=qualification,
            status=ClaimStatus.PROCESSED,
            claim_number=start + i,
            reference=f"R{start + i}",
            created_by=tutor_user(),
            submitted_at=now - timedelta(days=i + 1),
        )
        for person in people[: i % 3 + 1]:
            if code == "03991":
                put_rows(claim, person, {1: "C", 4: "C"})
            else:
                ClaimCandidate.objects.create(claim=claim, candidate=person)
        claims.append(claim)
    return claims


def claim_numbers(page: str) -> list[str]:
    return re.findall(r'href="/claims/\d+/">(\d+|Claim in progress)<span', page)


def test_newest_first_with_the_claim_in_progress_on_top(tutor: User, tutor_client: Client) -> None:
    past_claims(3)
    submitted = submit(tutor, amiras_claim(tutor))
    start_claim(tutor)  # a new claim in progress for 03991
    page = tutor_client.get(URL).content.decode()
    assert claim_numbers(page) == [
        "Claim in progress",
        str(submitted.claim_number),
        "50000",
        "50001",
        "50002",
        "78103",
    ]
    for heading in [
        "Claim number",
        "Reference",
        "Qualification",
        "Submitted",
        "Status",
        "Candidates",
        "Units",
        "Accepted units",
    ]:
        assert f">{heading}<span" in page, heading
    row = re.search(rf">{submitted.claim_number}<span.*?</tr>", page, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row[0], re.S)
    assert cells == [
        "",
        "03991 Level 1 Award in IT User Skills (ITQ)",
        timezone.localdate().strftime("%d/%m/%Y"),
        "Submitted",
        "1",
        "3",
        # Nothing accepted yet: the examiner-moderator has not reviewed it.
        "0",
    ]
    assert (
        'aria-sort="descending"><a class="govuk-link app-sort-link" '
        'href="?sort=submitted&amp;dir=asc">Submitted' in page
    )


def test_sort_by_any_column_both_ways(tutor: User, tutor_client: Client) -> None:
    past_claims(4)
    asc = tutor_client.get(URL, {"sort": "number", "dir": "asc"}).content.decode()
    assert claim_numbers(asc) == ["50000", "50001", "50002", "50003", "78103"]
    assert (
        'aria-sort="ascending"><a class="govuk-link app-sort-link" '
        'href="?sort=number&amp;dir=desc">Claim number' in asc
    )
    desc = tutor_client.get(URL, {"sort": "number", "dir": "desc"}).content.decode()
    assert claim_numbers(desc) == ["78103", "50003", "50002", "50001", "50000"]
    by_candidates = tutor_client.get(URL, {"sort": "candidates", "dir": "desc"}).content.decode()
    assert claim_numbers(by_candidates)[0] == "50002"  # 3 candidates
    by_units = tutor_client.get(URL, {"sort": "units", "dir": "asc"}).content.decode()
    assert claim_numbers(by_units)[-1] == "50002"  # 6 units
    for key in ["reference", "qualification", "submitted", "status"]:
        for direction in ["asc", "desc"]:
            response = tutor_client.get(URL, {"sort": key, "dir": direction})
            assert response.status_code == 200
            assert len(claim_numbers(response.content.decode())) == 5
    nonsense = tutor_client.get(URL, {"sort": "password", "dir": "sideways"})
    assert claim_numbers(nonsense.content.decode())[0] == "50000"


def test_filter_by_qualification(tutor: User, tutor_client: Client) -> None:
    past_claims(2)
    past_claims(2, code="05203", start=60000)
    page = tutor_client.get(URL, {"qualification": "05203"}).content.decode()
    assert claim_numbers(page) == ["60000", "60001"]
    assert '<option value="05203" selected>' in page
    page = tutor_client.get(
        URL, {"qualification": "03991", "sort": "number", "dir": "asc"}
    ).content.decode()
    assert claim_numbers(page) == ["50000", "50001", "78103"]
    assert 'href="?qualification=03991&amp;sort=number&amp;dir=desc"' in page


def test_paginated_by_25(tutor: User, tutor_client: Client) -> None:
    past_claims(30)
    first = tutor_client.get(URL).content.decode()
    assert len(claim_numbers(first)) == 25
    assert "Page 1 of 2" in first
    second = tutor_client.get(URL, {"page": 2}).content.decode()
    assert claim_numbers(second) == ["50025", "50026", "50027", "50028", "50029", "78103"]


def test_another_centre_sees_none_of_these(
    tutor: User, southbank_admin: User, southbank_client: Client
) -> None:
    submit(tutor, amiras_claim(tutor))
    page = southbank_client.get(URL).content.decode()
    assert claim_numbers(page) == [] and "No claims yet." in page


PAGES = [
    {},
    {"page": "2"},
    {"qualification": "03991", "sort": "reference", "dir": "asc"},
    {"sort": "candidates", "dir": "desc"},
    {"sort": "units", "dir": "asc", "page": "2"},
]


def query_counts(client: Client) -> list[int]:
    counts = []
    for params in PAGES:
        client.get(URL, params)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, params).status_code == 200
        counts.append(len(queries.captured_queries))
    return counts


def test_queries_do_not_grow_with_claims(tutor_client: Client) -> None:
    # Time stands still, so the session is not due for renewal between the requests.
    with time_machine.travel(timezone.now(), tick=False):
        past_claims(30)
        few = query_counts(tutor_client)
        past_claims(60, start=51000)
        many = query_counts(tutor_client)
    assert many == few
    # The signed-in page's 4, the qualification filter, the paginator's count, the page's claim
    # ids, then those claims with their counts.
    assert max(many) <= 8


def test_a_page_counts_candidates_and_units_of_its_own_claims_only(tutor_client: Client) -> None:
    past_claims(30)
    with CaptureQueriesContext(connection) as queries:
        page = tutor_client.get(URL).content.decode()
    assert len(claim_numbers(page)) == 25
    counting = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    # The paginator's count, and the page's 25 claims with their counts.
    assert len(counting) == 2
    assert "LIMIT" not in counting[1] and " IN (" in counting[1]
    # Sorted by a count, the order needs that count for every claim, but not the other one.
    with CaptureQueriesContext(connection) as queries:
        tutor_client.get(URL, {"sort": "candidates"})
    ids = next(q["sql"] for q in queries.captured_queries if "LIMIT 25" in q["sql"])
    assert "claims_claimcandidate" in ids and "claims_claimedunit" not in ids
