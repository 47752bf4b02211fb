"""A newcomer builds a claim through the test client: Make claim, assessors, a candidate, units."""

import re

import pytest
from django.test import Client

from accounts.models import User
from claims.models import CentreAssessor, Claim, ClaimedUnit, ClaimStatus

pytestmark = pytest.mark.django_db


def test_a_newcomer_builds_a_claim(tutor: User, tutor_client: Client) -> None:
    client = tutor_client
    page = client.get("/claims/", {"q": "IT User"}).content.decode()
    assert "03991" in page and "No claim created" in page
    create = re.search(r'action="(/claims/create/03991/)"', page)
    assert create is not None

    # No centre assessors yet: setting them up comes first.
    response = client.post(create[1], follow=True)
    assert response.redirect_chain[-1][0] == "/claims/assessors/03991/"
    response = client.post(
        "/claims/assessors/03991/", {"name": "Test Assessor", "initials": "TA"}, follow=True
    )
    assert "Test Assessor" in response.content.decode()
    refused = client.post("/claims/assessors/03991/", {"name": "Tim Ash", "initials": "TA"})
    assert "Initials TA are already used" in refused.content.decode()
    assert CentreAssessor.objects.filter(centre__number="12345", initials="TA").count() == 1

    response = client.post(create[1], follow=True)
    claim = Claim.objects.get(status=ClaimStatus.DRAFT, centre__number="12345")
    edit_url = f"/claims/{claim.pk}/edit/"
    assert response.redirect_chain[-1][0] == edit_url
    assert "Edit claim" in response.content.decode()

    page = client.get(edit_url, {"q": "Khan"}).content.decode()
    candidate_url = re.search(r'href="([^"]+)">Create new<span[^>]*> claim for Amira Khan', page)
    assert candidate_url is not None
    page = client.get(candidate_url[1]).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', page)
    assert version is not None
    data = {"version": version[1]}
    for number, assessor in re.findall(
        r'name="unit-(\d+)-assessor">.*?<option value="(\d+)" selected>', page
    ):
        data[f"unit-{number}-assessor"] = assessor
        data[f"unit-{number}-claiming"] = "not-claiming"
    assert len(data) == 1 + 2 * 81
    data["unit-1-claiming"] = "claiming"
    data["unit-4-claiming"] = "claiming"
    response = client.post(candidate_url[1], data, follow=True)
    assert "Claim saved for Amira Khan" in response.content.decode()

    page = response.content.decode()
    other_url = re.search(r'href="([^"]+)">Add units from another awarding body', page)
    assert other_url is not None
    page = client.get(other_url[1]).content.decode()
    unit = re.search(r'<option value="(\d+)">\d+ Bespoke software \[Level 1\]</option>', page)
    assessor = re.search(r'<option value="(\d+)" selected>Test Assessor \(TA\)', page)
    assert unit is not None and assessor is not None
    page = client.post(
        other_url[1],
        {"unit": unit[1], "assessor": assessor[1], "awarding_body": "AQA"},
        follow=True,
    ).content.decode()
    done = re.search(r'href="([^"]+)">Done</a>', page)
    assert done is not None and done[1] == candidate_url[1]

    page = client.get(done[1]).content.decode()
    claimed = {
        n: row
        for n, row in re.findall(
            r'<tr class="govuk-table__row" id="unit-(\d+)">(.*?)</tr>', page, re.S
        )
    }
    assert 'value="claiming" checked' in claimed["1"]
    assert 'value="claiming" checked' in claimed["4"]
    assert 'value="claiming" checked' in claimed["7"] and "Another AB" in claimed["7"]
    assert sum('value="claiming" checked' in row for row in claimed.values()) == 3
    assert set(
        ClaimedUnit.objects.filter(claim_candidate__claim=claim).values_list(
            "unit__number", flat=True
        )
    ) == {1, 4, 7}
