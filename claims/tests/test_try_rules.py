"""Operations' "Try the rules": picked units, or a candidate of any centre with them, judged by
the rules engine and answered in the progress words the centre reads."""

import pytest
from django.urls import reverse

from accounts.models import User
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_picked_units_get_the_centres_progress_words(ops: User) -> None:
    client = client_for(ops)
    url = reverse("claims_operations:try-rules", args=["05203"])
    response = client.get(url, {"try": "yes", "units": ["1", "3"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Full award not met" in html
    assert "Unit 2 is mandatory" in html
    assert "Needs 8 more credits" in html
    assert "Units 1 and 3 (8 credits)" in html
    # 05203 is graded in the demo world: each picked unit's grade can be chosen.
    assert "Unit 1 grade" in html and "Unit 3 grade" in html
    met = client.get(url, {"try": "yes", "units": ["1", "2", "3", "4"]}).content.decode()
    assert "Full award met" in met
    assert "This claim completes the full award" in met
    # 03991 is graded Pass only: no grades to choose.
    itq = reverse("claims_operations:try-rules", args=["03991"])
    ungraded = client.get(itq, {"try": "yes", "units": ["1"]}).content.decode()
    assert "Full award not met" in ungraded
    assert "Unit 1 grade" not in ungraded


def test_a_candidate_of_any_centre_starts_from_what_they_hold(ops: User) -> None:
    client = client_for(ops)
    url = reverse("claims_operations:try-rules", args=["03991"])
    # Candidate 10050901 has achieved unit 1 (3 credits at Level 1).
    html = client.get(url, {"try": "yes", "candidate": "10050901", "units": ["2"]}).content.decode()
    assert "Candidate 10050901" in html
    assert "Unit 1 (3 credits)" in html
    assert "Units 1 and 2 are a barred combination: only one counts" in html
    unknown = client.get(url, {"try": "yes", "candidate": "99999999"})
    assert unknown.status_code == 400
    assert "No candidate has the number 99999999" in unknown.content.decode()


def test_graded_units_give_the_qualification_grade(ops: User) -> None:
    client = client_for(ops)
    url = reverse("claims_operations:try-rules", args=["05203"])
    html = client.get(
        url,
        {
            "try": "yes",
            "units": ["1", "2", "3", "4"],
            "grade_3": "Merit",
            "grade_4": "Merit",
        },
    ).content.decode()
    assert "Merit: 120 points from the best 16 credits" in html
    # The progress section grades the picked units as the centre's page would.
    assert "On course for Merit (120 points from the best 16 credits)" in html
    # Units 1 and 2 at Pass: no more units give a Distinction, so nothing is offered.
    assert "Distinction overall" not in html
