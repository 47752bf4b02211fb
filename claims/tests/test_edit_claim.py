"""Edit claim: finding candidates and opening their claims."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

from .helpers import form_data, start_claim

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_qualification_and_its_links(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    page = tutor_client.get(reverse("claims:edit-claim", args=[claim.pk])).content.decode()
    assert '<h1 class="govuk-heading-l">Edit claim</h1>' in page
    assert "03991: Level 1 Award in IT User Skills (ITQ)" in page
    assert f'href="{reverse("claims:view-claim", args=[claim.pk])}">View claim' in page
    assert f'href="{reverse("claims:assessors", args=["03991"])}">View centre assessors' in page
    assert f'href="{reverse("claims:make-claim")}">Change to another qualification' in page
    assert "Find candidate" in page
    assert "Enter name, part name or OCR candidate number" in page
    assert "Search only candidates entered for this qualification" in page
    assert "No candidates on this claim yet" in page


def test_find_candidate_by_part_name_or_number(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    url = reverse("claims:edit-claim", args=[claim.pk])
    page = tutor_client.get(url, {"q": "Khan"}).content.decode()
    assert "Amira Khan" in page and "Ben Carter" not in page
    assert "11721896" in page and "02/08/1990" in page
    assert 'Create new<span class="govuk-visually-hidden"> claim for Amira Khan' in page
    assert reverse("claims:candidate-claim", args=[claim.pk, "11721896"]) in page
    for header in ["Candidate name", "OCR candidate number", "Date of birth", "Action"]:
        assert f'class="govuk-table__header">{header}</th>' in page
    page = tutor_client.get(url, {"q": "1172189"}).content.decode()
    assert "Amira Khan" in page and "Daniel Evans" in page and "Ben Carter" not in page
    assert "Farah Ali" not in tutor_client.get(url, {"q": "Ali"}).content.decode()


def test_search_only_candidates_entered_for_this_qualification(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    url = reverse("claims:edit-claim", args=[claim.pk])
    everyone = tutor_client.get(url, {"q": ""}).content.decode()
    assert "Daniel Evans" in everyone and "Amira Khan" in everyone
    entered = tutor_client.get(url, {"q": "", "entered": "on"}).content.decode()
    assert "Amira Khan" in entered and "Chloe Davies" in entered
    assert "Daniel Evans" not in entered and "Ella Fisher" not in entered
    # Candidates without a named entry can still be claimed from unnamed entries.
    assert 'Create new<span class="govuk-visually-hidden"> claim for Daniel Evans' in everyone


def test_candidates_on_the_claim_are_listed_with_edit(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    url = reverse("claims:candidate-claim", args=[claim.pk, "11721896"])
    tutor_client.post(url, form_data(tutor, claim, "11721896", [1]))
    edit = reverse("claims:edit-claim", args=[claim.pk])
    page = tutor_client.get(edit).content.decode()
    assert "Candidates on this claim (1)" in page
    assert 'Edit<span class="govuk-visually-hidden"> claim for Amira Khan' in page
    assert "Ben Carter" not in page
    page = tutor_client.get(edit, {"q": "a"}).content.decode()
    assert 'Edit<span class="govuk-visually-hidden"> claim for Amira Khan' in page
    assert 'Create new<span class="govuk-visually-hidden"> claim for Jane Doe' in page


def test_edit_claim_query_count_does_not_grow_with_candidates(
    tutor: User, tutor_client: Client, django_assert_max_num_queries: object
) -> None:
    claim = start_claim(tutor)
    url = reverse("claims:edit-claim", args=[claim.pk])
    for number in ["11721896", "10050901", "11721832", "11721897", "11808151", "123456"]:
        tutor_client.post(
            reverse("claims:candidate-claim", args=[claim.pk, number]),
            form_data(tutor, claim, number, [13]),
        )
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        page = tutor_client.get(url).content.decode()
    assert page.count("Edit<span") == 6
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        tutor_client.get(url, {"q": "", "entered": "on"})


def test_view_claim_lists_the_candidates_and_their_units(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    tutor_client.post(
        reverse("claims:candidate-claim", args=[claim.pk, "11721896"]),
        form_data(tutor, claim, "11721896", [1, 4]),
    )
    page = tutor_client.get(reverse("claims:view-claim", args=[claim.pk])).content.decode()
    assert "Amira Khan" in page and "11721896" in page
    # The View claim grid: one column per claimed unit, the code in each cell.
    assert re.findall(r'app-grid__code">(\d+)</th>', page) == ["1", "4"]
    assert re.findall(r'app-grid__code">([CT]?)</td>', page) == ["C", "C"]
    assert reverse("claims:edit-claim", args=[claim.pk]) in page
