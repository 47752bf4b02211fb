"""Centre assessors: set up per qualification, initials 1-4 letters unique in the centre."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from claims import actions
from claims.models import CentreAssessor, max_length
from common.errors import DomainError

from .helpers import membership_of, qualification, set_up_assessor, start_claim

pytestmark = pytest.mark.django_db

URL = "/claims/assessors/03991/"


def _add(client: Client, name: str, initials: str, status: int = 200) -> str:
    """The page after "Add centre assessor": 400 for bad input, 409 for initials taken."""
    response = client.post(URL, {"name": name, "initials": initials}, follow=True)
    assert response.status_code == status
    return response.content.decode()


def test_setting_up_an_assessor_lists_them_with_edit(tutor_client: Client) -> None:
    assert reverse("claims:assessors", args=["03991"]) == URL
    page = tutor_client.get(URL).content.decode()
    assert "No centre assessors are set up for this qualification yet" in page
    assert "Continue to claim" not in page
    page = _add(tutor_client, "Test Assessor", "ta")
    assessor = CentreAssessor.objects.get(initials="TA")
    assert assessor.name == "Test Assessor"
    assert list(assessor.qualifications.values_list("code", flat=True)) == ["03991"]
    for text in ['<th scope="col" class="govuk-table__header">Name</th>', "Initials", "Action"]:
        assert text in page
    assert '<td class="govuk-table__cell">Test Assessor</td>' in page
    assert reverse("claims:assessor-edit", args=["03991", assessor.pk]) in page
    assert "Continue to claim" in page
    assert (
        AuditEvent.objects.filter(action="assessor.added", object_id=str(assessor.pk)).count() == 1
    )


@pytest.mark.parametrize(
    ("initials", "message"),
    [
        ("TOOLONG", "Initials must be 4 letters or fewer"),
        ("T4", "Initials must only include letters a to z"),
        ("T A", "Initials must only include letters a to z"),
        ("", "Enter the centre assessor&#x27;s initials"),
    ],
)
def test_bad_initials_are_refused_next_to_the_field(
    tutor_client: Client, initials: str, message: str
) -> None:
    page = _add(tutor_client, "Test Assessor", initials, status=400)
    assert message in page
    assert 'class="govuk-error-summary"' in page
    assert 'href="#id_initials"' in page
    assert 'id="id_initials-error"' in page
    assert f'value="{initials}"' in page  # what was typed is kept
    assert not CentreAssessor.objects.filter(name="Test Assessor").exists()


def test_a_missing_name_is_refused(tutor_client: Client) -> None:
    page = _add(tutor_client, "  ", "TA", status=400)
    assert "Enter the centre assessor&#x27;s full name" in page
    assert not CentreAssessor.objects.filter(initials="TA").exists()


def test_duplicate_initials_in_another_case_are_refused(tutor: User, tutor_client: Client) -> None:
    set_up_assessor(tutor)
    page = _add(tutor_client, "Tina Adams", "ta", status=409)
    assert "Initials TA are already used by Test Assessor at your centre" in page
    assert 'id="id_initials-error"' in page
    assert CentreAssessor.objects.filter(initials__iexact="ta").count() == 1


def test_the_same_assessor_twice_for_a_qualification_is_refused(
    tutor: User, tutor_client: Client
) -> None:
    set_up_assessor(tutor)
    page = _add(tutor_client, "Test Assessor", "TA", status=409)
    assert "Test Assessor (TA) is already a centre assessor for this qualification" in page
    assert CentreAssessor.objects.filter(initials="TA").count() == 1


def test_an_existing_assessor_is_added_to_another_qualification(
    tutor: User, tutor_client: Client
) -> None:
    # Previous Assessor (PA) assessed Ben Carter's earlier claim but is not set up for 03991.
    page = _add(tutor_client, "previous  assessor", "pa")
    assessor = CentreAssessor.objects.get(initials="PA")
    assert "03991" in assessor.qualifications.values_list("code", flat=True)
    assert "Previous Assessor" in page
    set_up_assessor(tutor)
    set_up_assessor(tutor, code="05203")
    assert set(
        CentreAssessor.objects.get(initials="TA").qualifications.values_list("code", flat=True)
    ) == {"03991", "05203"}
    assert CentreAssessor.objects.filter(centre__number="12345").count() == 2


def test_initials_are_unique_per_centre_not_across_centres(
    tutor: User, southbank_admin: User
) -> None:
    set_up_assessor(tutor)
    other = set_up_assessor(southbank_admin, name="Tariq Aziz")
    assert other.centre.number == "67890"
    assert CentreAssessor.objects.filter(initials="TA").count() == 2


def test_editing_an_assessor(tutor: User, tutor_client: Client) -> None:
    assessor = set_up_assessor(tutor)
    url = reverse("claims:assessor-edit", args=["03991", assessor.pk])
    page = tutor_client.get(url).content.decode()
    assert 'value="Test Assessor"' in page and 'value="TA"' in page
    response = tutor_client.post(url, {"name": "Tess Ashby", "initials": "tas"})
    assert response["Location"] == URL
    assessor.refresh_from_db()
    assert (assessor.name, assessor.initials) == ("Tess Ashby", "TAS")
    event = AuditEvent.objects.get(action="assessor.updated")
    assert event.changes == {"name": ["Test Assessor", "Tess Ashby"], "initials": ["TA", "TAS"]}


def test_editing_to_initials_in_use_is_refused(tutor: User, tutor_client: Client) -> None:
    set_up_assessor(tutor)
    other = set_up_assessor(tutor, name="Bob Brown", initials="BB")
    url = reverse("claims:assessor-edit", args=["03991", other.pk])
    page = tutor_client.post(url, {"name": "Bob Brown", "initials": "ta"}).content.decode()
    assert "Initials TA are already used by Test Assessor" in page
    other.refresh_from_db()
    assert other.initials == "BB"


def test_an_assessor_of_another_qualification_is_not_edited_here(
    tutor: User, tutor_client: Client
) -> None:
    assessor = set_up_assessor(tutor, code="05203")
    url = reverse("claims:assessor-edit", args=["03991", assessor.pk])
    assert tutor_client.get(url).status_code == 404


def test_the_assessor_page_links_back_to_the_claim_in_progress(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    page = tutor_client.get(URL).content.decode()
    assert reverse("claims:edit-claim", args=[claim.pk]) in page
    assert "Back to claim" in page


def test_the_action_refuses_people_without_a_claims_role(staff: User) -> None:
    with pytest.raises(DomainError):
        actions.add_centre_assessor(
            membership=membership_of(staff),
            qualification=qualification(),
            name="Sam Lee",
            initials="SL",
            acting_user=staff,
        )
    assert not CentreAssessor.objects.filter(initials="SL").exists()


def test_the_limits_of_name_and_initials_are_the_models_in_form_api_and_messages(
    tutor_client: Client,
) -> None:
    from claims.forms import AssessorForm
    from claims.serializers import CentreAssessorCreateSerializer

    name = max_length(CentreAssessor, "name")
    initials = max_length(CentreAssessor, "initials")
    assert (name, initials) == (150, 4)
    assert (name, initials) == (AssessorForm.MAX_NAME, AssessorForm.MAX_INITIALS)
    form: Any = AssessorForm().fields
    assert f"Up to {initials} letters" in str(form["initials"].help_text)
    fields: Any = CentreAssessorCreateSerializer().fields
    assert fields["name"].max_length == name
    assert fields["initials"].max_length == initials
    page = _add(tutor_client, "A" * (name + 1), "TA", status=400)
    assert f"Name must be {name} characters or fewer" in page
    page = _add(tutor_client, "Test Assessor", "A" * (initials + 1), status=400)
    assert f"Initials must be {initials} letters or fewer" in page
    assert f"Up to {initials} initials will be accepted" in page


def _error_summary_and_fields(page: str) -> tuple[list[str], dict[str, str]]:
    """The error summary's links ("field: message") and the message beside each field."""
    start = page.index("govuk-error-summary__list")
    summary = page[start : page.index("</ul>", start)]
    links = re.findall(r'<a href="#id_(\w+)">([^<]*)</a>', summary)
    beside = re.findall(
        r'<p id="id_(\w+)-error" class="govuk-error-message">'
        r'<span class="govuk-visually-hidden">Error:</span> ([^<]*)</p>',
        page,
    )
    return [f"{field}: {message}" for field, message in links], dict(beside)


def test_every_problem_of_the_form_shows_in_one_submit(tutor: User, tutor_client: Client) -> None:
    set_up_assessor(tutor, "Test Assessor", "TA")
    before = CentreAssessor.objects.count(), AuditEvent.objects.count()
    # A name too long and initials that are not letters: both at once.
    page = _add(tutor_client, "A" * 151, "T4", status=400)
    summary, beside = _error_summary_and_fields(page)
    assert summary == [
        "name: Name must be 150 characters or fewer",
        "initials: Initials must only include letters a to z",
    ]
    assert beside == {
        "name": "Name must be 150 characters or fewer",
        "initials": "Initials must only include letters a to z",
    }
    # A missing name and initials already used at the centre: both at once.
    page = _add(tutor_client, "", "ta", status=400)
    summary, beside = _error_summary_and_fields(page)
    used = "Initials TA are already used by Test Assessor at your centre: enter different initials"
    assert beside == {"name": "Enter the centre assessor&#x27;s full name", "initials": used}
    assert len(summary) == 2
    assert (CentreAssessor.objects.count(), AuditEvent.objects.count()) == before


def test_editing_shows_every_problem_in_one_submit(tutor: User, tutor_client: Client) -> None:
    set_up_assessor(tutor, "Test Assessor", "TA")
    other = set_up_assessor(tutor, "Other Assessor", "OA")
    url = reverse("claims:assessor-edit", args=["03991", other.pk])
    response = tutor_client.post(url, {"name": "B" * 151, "initials": "ta"})
    assert response.status_code == 400
    _, beside = _error_summary_and_fields(response.content.decode())
    assert beside == {
        "name": "Name must be 150 characters or fewer",
        "initials": "Initials TA are already used by Test Assessor at your centre: enter "
        "different initials",
    }
    other.refresh_from_db()
    assert (other.name, other.initials) == ("Other Assessor", "OA")
    assert not AuditEvent.objects.filter(action="assessor.updated").exists()
