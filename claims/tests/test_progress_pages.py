"""Progress to the full award on the candidate claim page and on View claim (SPEC.md §7)."""

import pytest
from django.test import Client
from django.urls import reverse

from claims.tests.claim_data import draft, many_candidates, put

pytestmark = pytest.mark.django_db


def test_candidate_page_says_what_amira_still_needs(demo: None, tutor_client: Client) -> None:
    claim = draft()
    put(claim, "11721896", {1: "C", 4: "C"})
    url = reverse("claims:candidate-claim", args=[claim.pk, "11721896"])
    page = tutor_client.get(url).content.decode()
    assert "Progress to the full award" in page
    assert "Units 1 and 4 (6 credits)" in page
    assert "Needs 3 more credits" in page
    assert "This claim completes the full award" not in page


def test_claiming_unit_7_marks_the_claim_as_completing_the_award(
    demo: None, tutor_client: Client
) -> None:
    claim = draft()
    put(claim, "11721896", {1: "C", 4: "C", 7: "T"})
    candidate_page = tutor_client.get(
        reverse("claims:candidate-claim", args=[claim.pk, "11721896"])
    ).content.decode()
    assert "This claim completes the full award" in candidate_page
    view = tutor_client.get(reverse("claims:view-claim", args=[claim.pk])).content.decode()
    assert "Progress to the full award" in view
    assert "This claim completes the full award" in view


def test_barred_combination_is_shown(demo: None, tutor_client: Client) -> None:
    claim = draft()
    put(claim, "11721896", {1: "C", 2: "C"})
    view = tutor_client.get(reverse("claims:view-claim", args=[claim.pk])).content.decode()
    assert "Units 1 and 2 are a barred combination: only one counts" in view


def test_ben_carters_earlier_unit_counts_as_achieved(demo: None, tutor_client: Client) -> None:
    claim = draft()
    put(claim, "10050901", {4: "C"})
    page = tutor_client.get(
        reverse("claims:candidate-claim", args=[claim.pk, "10050901"])
    ).content.decode()
    assert "Unit 1 (3 credits)" in page
    assert "Needs 3 more credits" in page


def test_view_claim_progress_does_not_add_queries_per_candidate(
    demo: None, tutor_client: Client, django_assert_max_num_queries
) -> None:
    claim = draft()
    for candidate in many_candidates(5, start=91000000):
        put(claim, candidate, {1: "C", 4: "C"})
    url = reverse("claims:view-claim", args=[claim.pk])
    tutor_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        tutor_client.get(url)
    for candidate in many_candidates(45, start=92000000):
        put(claim, candidate, {1: "C", 4: "C"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = tutor_client.get(url).content.decode()
    assert page.count("Needs 3 more credits") == 50
