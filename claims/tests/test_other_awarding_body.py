"""Units from another awarding body: added per candidate, shown as "Another AB"."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from claims import actions, transitions
from claims.models import Claim, ClaimCandidate, ClaimedUnit, ClaimStatus, UnitState
from common.errors import Conflict

from .helpers import (
    candidate,
    candidate_url,
    claimed_numbers,
    form_data,
    membership_of,
    start_claim,
)

pytestmark = pytest.mark.django_db


def _url(claim: Claim, number: str) -> str:
    return reverse("claims:other-units", args=[claim.pk, number])


def _add(client: Client, claim: Claim, number: str, unit: int, body: str = "AQA") -> str:
    ta = claim.centre.assessors.get(initials="TA")
    response = client.post(
        _url(claim, number), {"unit": unit, "assessor": ta.pk, "awarding_body": body}, follow=True
    )
    return response.content.decode()


def test_the_page_has_the_form_the_table_and_the_evidence_reminder(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    page = tutor_client.get(_url(claim, "11721896")).content.decode()
    for text in [
        "Add units from another awarding body",
        '<label class="govuk-label" for="id_unit">Unit</label>',
        '<label class="govuk-label" for="id_assessor">Centre assessor</label>',
        '<label class="govuk-label" for="id_awarding_body">Awarding body</label>',
        ">Add</button>",
        "a copy of the certificate or results slip, must be given or sent to your OCR assessor",
        "Unit no",
        "Unit name",
        "Awarding Body",
        "Date Claimed",
        ">Done</a>",
        '<option value="7">7 Bespoke software [Level 1]</option>',
    ]:
        assert text in page, text
    assert f'href="{candidate_url(claim, "11721896")}">Done' in page


def test_adding_a_unit_lists_it_and_shows_another_ab_on_the_claim(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    tutor_client.post(candidate_url(claim, "11721896"), form_data(tutor, claim, "11721896", [1]))
    page = _add(tutor_client, claim, "11721896", 7)
    claimed = ClaimedUnit.objects.get(claim_candidate__claim=claim, unit__number=7)
    assert (claimed.state, claimed.awarding_body, claimed.code) == (UnitState.OTHER_AB, "AQA", "T")
    assert '<td class="govuk-table__cell">AQA</td>' in page
    assert claimed.date_claimed.strftime("%d/%m/%Y") in page
    assert 'Remove<span class="govuk-visually-hidden"> unit 7 Bespoke software [Level 1]' in page
    assert '<option value="7">' not in page  # no longer offered
    claim_page = tutor_client.get(candidate_url(claim, "11721896")).content.decode()
    row_7 = claim_page.split('id="unit-7">')[1].split("</tr>")[0]
    assert "Another AB" in row_7 and 'value="claiming" checked' in row_7
    assert claimed_numbers(claim, "11721896") == [1, 7]
    assert AuditEvent.objects.filter(action="claim.other_ab_unit_added").count() == 1


def test_saving_the_claim_page_keeps_a_unit_from_another_awarding_body(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    _add(tutor_client, claim, "11721896", 7)
    tutor_client.post(candidate_url(claim, "11721896"), form_data(tutor, claim, "11721896", [4, 7]))
    assert (
        ClaimedUnit.objects.get(claim_candidate__claim=claim, unit__number=7).awarding_body == "AQA"
    )
    assert claimed_numbers(claim, "11721896") == [4, 7]


def test_an_achieved_or_already_claimed_unit_cannot_be_added(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    page = _add(tutor_client, claim, "10050901", 1)
    assert "Ben Carter has already achieved unit 1" in page
    assert not ClaimCandidate.objects.filter(claim=claim).exists()
    tutor_client.post(candidate_url(claim, "11721896"), form_data(tutor, claim, "11721896", [4]))
    page = _add(tutor_client, claim, "11721896", 4)
    assert "Unit 4 is already on the claim for Amira Khan" in page
    assert 'href="#id_unit"' in page
    assert ClaimedUnit.objects.get(claim_candidate__claim=claim, unit__number=4).awarding_body == ""
    page = _add(tutor_client, claim, "11721832", 2)
    assert "Unit 2 cannot be claimed for Chloe Davies" in page


def test_bad_input_names_the_fields(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    page = tutor_client.post(_url(claim, "11721896"), {"awarding_body": " "}).content.decode()
    assert "Select a unit" in page
    assert "Enter the name of the awarding body" in page
    assert not ClaimedUnit.objects.filter(claim_candidate__claim=claim).exists()


def test_removing_a_unit_from_another_awarding_body(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    _add(tutor_client, claim, "11721896", 7)
    claimed = ClaimedUnit.objects.get(claim_candidate__claim=claim, unit__number=7)
    remove = reverse("claims:other-unit-remove", args=[claim.pk, "11721896", claimed.pk])
    assert tutor_client.get(remove).status_code == 405
    response = tutor_client.post(remove)
    assert response["Location"] == _url(claim, "11721896")
    assert not ClaimedUnit.objects.filter(claim_candidate__claim=claim).exists()
    # It was the candidate's only unit, so the candidate is off the claim as well.
    assert not ClaimCandidate.objects.filter(claim=claim).exists()


def test_only_qualifications_that_allow_it(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor, "05203")
    assert tutor_client.get(_url(claim, "789012")).status_code == 404
    response = tutor_client.post(
        _url(claim, "789012"), {"unit": 1, "assessor": 1, "awarding_body": "AQA"}
    )
    assert response.status_code == 404
    assert not ClaimedUnit.objects.filter(claim_candidate__claim=claim).exists()


def test_a_submitted_claim_takes_no_more_units(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    _add(tutor_client, claim, "11721896", 7)
    with transaction.atomic():
        transitions.move(transitions.lock(claim.pk), to=ClaimStatus.SUBMITTED, acting_user=tutor)
    page = _add(tutor_client, claim, "11721896", 8)
    assert "it can no longer be changed" in page
    claimed = ClaimedUnit.objects.get(claim_candidate__claim=claim)
    remove = reverse("claims:other-unit-remove", args=[claim.pk, "11721896", claimed.pk])
    tutor_client.post(remove)
    assert claimed_numbers(claim, "11721896") == [7]
    with pytest.raises(Conflict):
        actions.remove_other_awarding_body_unit(
            membership=membership_of(tutor),
            claim_id=claim.pk,
            candidate_id=candidate("11721896").pk,
            claimed_unit_id=claimed.pk,
            acting_user=tutor,
        )
