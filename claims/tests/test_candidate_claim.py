"""The candidate claim page: which units are listed, saving them all at once or nothing."""

import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from audit.models import AuditEvent
from claims import actions, transitions
from claims.models import Claim, ClaimCandidate, ClaimedUnit, ClaimStatus, UnitState
from common.errors import Conflict

from .helpers import (
    candidate,
    candidate_url,
    claimed_numbers,
    current,
    form_data,
    membership_of,
    set_up_assessor,
    start_claim,
)

pytestmark = pytest.mark.django_db

UNIT_ROW = re.compile(r'<tr class="govuk-table__row" id="unit-(\d+)">')
TITLE = "Candidate claim \u2013 {} \u2013 03991"
#: The ITQ's 81 units as the page lists them: under "Level 1" (1, 4, 7 …), then 2 and 3.
BY_LEVEL = sorted(range(1, 82), key=lambda n: ((n - 1) % 3, n))


def _rows(page: str) -> list[int]:
    return [int(n) for n in UNIT_ROW.findall(page)]


def test_the_page_shows_details_and_the_units_table(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    page = tutor_client.get(candidate_url(claim, "11721896")).content.decode()
    for text in [
        "03991: Level 1 Award in IT User Skills (ITQ)",
        "Details",
        'Candidate name</dt><dd class="govuk-summary-list__value">Amira Khan',
        'Candidate number</dt><dd class="govuk-summary-list__value">11721896',
        'OCR assessor</dt><dd class="govuk-summary-list__value">Morgan Hale',
        "Add units from another awarding body",
        "View centre assessors",
        "Change to another qualification",
        "Save claim",
        "data-warn-unsaved",
    ]:
        assert text in page, text
    headers = re.findall(r'<th scope="col" class="govuk-table__header[^"]*">([^<]+)</th>', page)
    assert headers == [
        "Unit no",
        "Unit",
        "Level",
        "Credits",
        "Centre assessor",
        "Claiming",
        "Not claiming",
        "Assessed as",
        "State",
    ]
    assert _rows(page) == BY_LEVEL
    # Each row's controls have unique ids and labels naming the unit for screen readers.
    assert 'id="unit-4-claiming"' in page and 'id="unit-4-not-claiming"' in page
    assert "Claiming unit 4 Audio software [Level 1]" in page
    assert "Not claiming unit 4 Audio software [Level 1]" in page
    assert "Centre assessor for unit 4 Audio software [Level 1]" in page
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_the_awarding_body_name_is_a_setting(
    tutor: User, tutor_client: Client, settings: object
) -> None:
    settings.AWARDING_BODY_NAME = "Acme Awards"  # type: ignore[attr-defined]
    claim = start_claim(tutor)
    page = tutor_client.get(candidate_url(claim, "11721896")).content.decode()
    assert "Acme Awards assessor" in page and "OCR assessor" not in page


def test_the_only_assessor_is_preselected(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    page = tutor_client.get(candidate_url(claim, "11721896")).content.decode()
    assessor = claim.centre.assessors.get(initials="TA")
    assert page.count(f'<option value="{assessor.pk}" selected>Test Assessor (TA)') == 81
    set_up_assessor(tutor, name="Bob Brown", initials="BB")
    page = tutor_client.get(candidate_url(claim, "11721896")).content.decode()
    # Each row's select, and the one above the table for the units claimed without their own.
    assert page.count('<option value="" selected>Select</option>') == 82


def test_ben_carters_unit_1_shows_as_achieved_and_cannot_be_claimed(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    page = tutor_client.get(candidate_url(claim, "10050901")).content.decode()
    assert _rows(page) == BY_LEVEL
    row_1 = page.split('id="unit-1">')[1].split("</tr>")[0]
    assert "Achieved" in row_1 and "<input" not in row_1 and "<select" not in row_1
    assert 'id="unit-2-claiming"' in page


def test_chloe_davies_unit_entries_list_exactly_units_1_4_and_13(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    page = tutor_client.get(candidate_url(claim, "11721832")).content.decode()
    assert _rows(page) == [1, 4, 13]
    assert "Unit entries" in page


def test_unit_entries_leave_out_units_already_achieved(tutor: User, tutor_client: Client) -> None:
    from candidates.models import NamedEntry

    ben = candidate("10050901")
    entry = NamedEntry.objects.get(candidate=ben, qualification__code="03991")
    entry.entry_type = "units"
    entry.save()
    entry.units.set(claim_units := list(entry.qualification.units.filter(number__in=[1, 2])))
    assert len(claim_units) == 2
    claim = start_claim(tutor)
    page = tutor_client.get(candidate_url(claim, "10050901")).content.decode()
    assert _rows(page) == [2]


def test_unnamed_candidates_list_every_unit(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    page = tutor_client.get(candidate_url(claim, "11721897")).content.decode()
    assert _rows(page) == BY_LEVEL
    assert "Unnamed entries" in page


def test_saving_claims_the_chosen_units(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    url = candidate_url(claim, "11721896")
    response = tutor_client.post(url, form_data(tutor, claim, "11721896", [1, 4]))
    assert response.status_code == 302 and response["Location"] == url
    assert claimed_numbers(claim, "11721896") == [1, 4]
    units = ClaimedUnit.objects.filter(claim_candidate__claim=claim)
    assert {(u.assessor.initials, u.state, u.grade, u.awarding_body) for u in units} == {
        ("TA", UnitState.CLAIMED, "", "")
    }
    event = AuditEvent.objects.filter(action="claim.candidate_saved").latest("id")
    assert event.changes["added"] == [1, 4] and event.actor == tutor
    page = tutor_client.get(url).content.decode()
    assert "Claim saved for Amira Khan" in page
    assert 'value="claiming" checked' in page.split('id="unit-1">')[1].split("</tr>")[0]


def test_not_claiming_removes_a_unit(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    url = candidate_url(claim, "11721896")
    tutor_client.post(url, form_data(tutor, claim, "11721896", [1, 4]))
    tutor_client.post(url, form_data(tutor, claim, "11721896", [4]))
    assert claimed_numbers(claim, "11721896") == [4]
    assert ClaimCandidate.objects.get(claim=claim).version == 2


def test_not_claiming_every_unit_removes_the_candidate(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    url = candidate_url(claim, "11721896")
    tutor_client.post(url, form_data(tutor, claim, "11721896", [1, 4]))
    response = tutor_client.post(url, form_data(tutor, claim, "11721896", []))
    assert response["Location"] == f"/claims/{claim.pk}/edit/"
    assert not ClaimCandidate.objects.filter(claim=claim).exists()
    assert AuditEvent.objects.filter(action="claim.candidate_removed").count() == 1
    page = tutor_client.get(response["Location"]).content.decode()
    assert "Amira Khan was removed from the claim" in page


def test_saving_nothing_for_a_new_candidate_adds_nobody(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    tutor_client.post(candidate_url(claim, "11721896"), form_data(tutor, claim, "11721896", []))
    assert not ClaimCandidate.objects.filter(claim=claim).exists()


def _assert_nothing_saved(claim: Claim, number: str, before: list[int]) -> None:
    assert claimed_numbers(claim, number) == before


def test_claiming_without_an_assessor_is_refused_per_row(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    url = candidate_url(claim, "11721896")
    data = form_data(
        tutor, claim, "11721896", {1: {}, 4: {"assessor": None}, 5: {"assessor": None}}
    )
    response = tutor_client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert '<a href="#unit-4-assessor">Select the centre assessor for unit 4</a>' in page
    assert '<a href="#unit-5-assessor">Select the centre assessor for unit 5</a>' in page
    assert 'id="unit-4-assessor-error"' in page
    title = re.search(r"<title>([^<]*)</title>", page)
    assert title is not None
    assert title[1] == "Error: " + TITLE.format("Amira Khan") + " \u2013 CertClaims"
    # The user's choices are kept: unit 1 still claimed, unit 4 still claimed without assessor.
    assert 'value="claiming" checked' in page.split('id="unit-1">')[1].split("</tr>")[0]
    assert 'value="claiming" checked' in page.split('id="unit-4">')[1].split("</tr>")[0]
    _assert_nothing_saved(claim, "11721896", [])


def test_a_grade_for_an_ungraded_unit_is_refused(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    url = candidate_url(claim, "11721896")
    data = form_data(tutor, claim, "11721896", {1: {}, 4: {"grade": "Merit"}})
    page = tutor_client.post(url, data).content.decode()
    assert "Unit 4 is not graded: leave &#x27;Assessed as&#x27; empty" in page
    assert 'href="#unit-4-claiming"' in page
    _assert_nothing_saved(claim, "11721896", [])


def test_graded_units_need_a_grade_from_the_units_grades(tutor: User, tutor_client: Client) -> None:
    # Jane Doe is entered for 05203, whose units are graded Pass/Merit/Distinction.
    claim = start_claim(tutor, "05203")
    url = candidate_url(claim, "789012")
    page = tutor_client.get(url).content.decode()
    assert "Assessed as, for unit 1 Principles of customer service [Level 2]" in page
    assert '<option value="Distinction">Distinction</option>' in page
    assert "Add units from another awarding body" not in page
    data = form_data(tutor, claim, "789012", {1: {"grade": ""}, 2: {"grade": "Excellent"}})
    page = tutor_client.post(url, data).content.decode()
    assert "Select Pass, Merit or Distinction for unit 1 in &#x27;Assessed as&#x27;" in page
    assert 'href="#unit-2-grade"' in page
    _assert_nothing_saved(claim, "789012", [])
    data = form_data(tutor, claim, "789012", {1: {"grade": "Merit"}, 2: {"grade": "Pass"}})
    tutor_client.post(url, data)
    assert dict(
        ClaimedUnit.objects.filter(claim_candidate__claim=claim).values_list(
            "unit__number", "grade"
        )
    ) == {1: "Merit", 2: "Pass"}


def test_a_unit_not_allowed_for_the_candidate_cannot_be_claimed_by_a_crafted_post(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    url = candidate_url(claim, "11721832")
    data = form_data(tutor, claim, "11721832", [1])
    assessor = data["unit-1-assessor"]
    data.update({"unit-2-claiming": "claiming", "unit-2-assessor": assessor})
    page = tutor_client.post(url, data).content.decode()
    assert "Unit 2 cannot be claimed for Chloe Davies" in page
    assert 'href="#units"' in page
    _assert_nothing_saved(claim, "11721832", [])
    # Nor a unit of another qualification, nor one that does not exist.
    for number in ["99", "0"]:
        data = form_data(tutor, claim, "11721832", [1])
        data.update({f"unit-{number}-claiming": "claiming", f"unit-{number}-assessor": assessor})
        assert f"Unit {number} cannot be claimed" in tutor_client.post(url, data).content.decode()
    _assert_nothing_saved(claim, "11721832", [])


def test_an_achieved_unit_cannot_be_claimed_again(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    url = candidate_url(claim, "10050901")
    data = form_data(tutor, claim, "10050901", [2])
    data.update({"unit-1-claiming": "claiming", "unit-1-assessor": data["unit-2-assessor"]})
    page = tutor_client.post(url, data).content.decode()
    assert "Ben Carter has already achieved unit 1" in page
    _assert_nothing_saved(claim, "10050901", [])


def test_an_assessor_of_another_centre_cannot_be_given(
    tutor: User, southbank_admin: User, tutor_client: Client
) -> None:
    other = set_up_assessor(southbank_admin, name="Tariq Aziz", initials="TZ")
    claim = start_claim(tutor)
    data = form_data(tutor, claim, "11721896", {1: {"assessor": other.pk}})
    page = tutor_client.post(candidate_url(claim, "11721896"), data).content.decode()
    assert "Select the centre assessor for unit 1" in page
    _assert_nothing_saved(claim, "11721896", [])


def test_a_claimed_unit_with_neither_radio_is_refused(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    url = candidate_url(claim, "11721896")
    tutor_client.post(url, form_data(tutor, claim, "11721896", [1, 3]))
    data = form_data(tutor, claim, "11721896", [1, 3, 4])
    del data["unit-3-claiming"]
    response = tutor_client.post(url, data)
    assert response.status_code == 400
    assert "Select Claiming or Not claiming for unit 3" in response.content.decode()
    _assert_nothing_saved(claim, "11721896", [1, 3])


def test_neither_radio_for_a_unit_with_nothing_claimed_is_not_claiming(
    tutor: User, tutor_client: Client
) -> None:
    # The radios start unchosen for units not claimed: only the units chosen are sent.
    claim = start_claim(tutor)
    url = candidate_url(claim, "11721896")
    page = tutor_client.get(url).content.decode()
    assert "checked" not in page.split('id="units"')[1]
    data = form_data(tutor, claim, "11721896", [4])
    for n in range(1, 82):
        if n != 4:
            del data[f"unit-{n}-claiming"]
    assert tutor_client.post(url, data).status_code == 302
    assert claimed_numbers(claim, "11721896") == [4]


def test_changing_the_assessor_of_a_claimed_unit(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    other = set_up_assessor(tutor, name="Bob Brown", initials="BB")
    url = candidate_url(claim, "11721896")
    tutor_client.post(
        url,
        form_data(
            tutor,
            claim,
            "11721896",
            {1: {"assessor": _ta(claim)}, 4: {"assessor": other.pk}},
        ),
    )
    assert dict(
        ClaimedUnit.objects.filter(claim_candidate__claim=claim).values_list(
            "unit__number", "assessor__initials"
        )
    ) == {1: "TA", 4: "BB"}
    tutor_client.post(url, form_data(tutor, claim, "11721896", {1: {"assessor": other.pk}, 4: {}}))
    assert dict(
        ClaimedUnit.objects.filter(claim_candidate__claim=claim).values_list(
            "unit__number", "assessor__initials"
        )
    ) == {1: "BB", 4: "BB"}


def test_a_stale_page_is_told_and_keeps_the_users_choices(
    tutor: User, centre_admin: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    url = candidate_url(claim, "11721896")
    tutor_client.post(url, form_data(tutor, claim, "11721896", [1]))
    opened = current(tutor, claim, "11721896").version
    # Someone else saves the candidate after the tutor opened the page.
    admin_client = Client()
    admin_client.force_login(centre_admin)
    admin_client.post(url, form_data(centre_admin, claim, "11721896", [1, 2]))
    response = tutor_client.post(url, form_data(tutor, claim, "11721896", [1, 5], version=opened))
    page = response.content.decode()
    assert response.status_code == 409
    assert "This candidate&#x27;s claim was changed by someone else since you opened it" in page
    assert "Saved now by Priya Shah: unit 1 (TA), unit 2 (TA)" in page
    assert 'value="claiming" checked' in page.split('id="unit-5">')[1].split("</tr>")[0]
    assert 'value="not-claiming" checked' in page.split('id="unit-2">')[1].split("</tr>")[0]
    assert claimed_numbers(claim, "11721896") == [1, 2]
    # Saving again from that page, having seen the change, replaces it.
    version = re.search(r'name="version" value="([^"]+)"', page)
    assert version is not None
    tutor_client.post(url, form_data(tutor, claim, "11721896", [1, 5], version=version[1]))
    assert claimed_numbers(claim, "11721896") == [1, 5]


def test_a_candidate_removed_by_someone_else_is_a_stale_save(tutor: User) -> None:
    claim = start_claim(tutor)
    membership = membership_of(tutor)
    amira = candidate("11721896")

    def save(units: list[int], version: str) -> ClaimCandidate | None:
        return actions.save_candidate_claim(
            membership=membership,
            claim_id=claim.pk,
            candidate_id=amira.pk,
            choices=[actions.UnitChoice(n, True, _ta(claim)) for n in units],
            version=version,
            acting_user=tutor,
        )

    save([1], "new")
    opened = current(tutor, claim, "11721896").version
    assert save([], opened) is None
    # ... and added again, with a new record: the old page's version no longer matches.
    save([1], "new")
    with pytest.raises(actions.StaleCandidate):
        save([4], opened)
    assert claimed_numbers(claim, "11721896") == [1]


def _ta(claim: Claim) -> int:
    return claim.centre.assessors.get(initials="TA").pk


def test_a_submitted_claim_is_read_only(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    url = candidate_url(claim, "11721896")
    tutor_client.post(url, form_data(tutor, claim, "11721896", [1]))
    data = form_data(tutor, claim, "11721896", [1, 4])
    with transaction.atomic():
        transitions.move(transitions.lock(claim.pk), to=ClaimStatus.SUBMITTED, acting_user=tutor)
    response = tutor_client.post(url, data)
    assert response.status_code == 409
    assert "it can no longer be changed" in response.content.decode()
    assert claimed_numbers(claim, "11721896") == [1]
    page = tutor_client.get(url).content.decode()
    assert "Save claim" not in page and '<input class="govuk-radios__input"' not in page
    with pytest.raises(Conflict):
        actions.save_candidate_claim(
            membership=membership_of(tutor),
            claim_id=claim.pk,
            candidate_id=candidate("11721896").pk,
            choices=[],
            version=current(tutor, claim, "11721896").version,
            acting_user=tutor,
        )
    edit = tutor_client.get(f"/claims/{claim.pk}/edit/")
    assert edit["Location"] == f"/claims/{claim.pk}/"


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_candidate_page_query_count_does_not_grow_with_units(
    tutor: User, tutor_client: Client, django_assert_max_num_queries: object
) -> None:
    claim = start_claim(tutor)
    url = candidate_url(claim, "11721896")
    tutor_client.post(url, form_data(tutor, claim, "11721896", [1]))
    tutor_client.get(url)  # shows (and so clears) the "Claim saved" message
    few = _queries(tutor_client, url)
    set_up_assessor(tutor, name="Bob Brown", initials="BB")
    set_up_assessor(tutor, name="Cara Cole", initials="CC")
    many = {n: {"assessor": _ta(claim)} for n in range(1, 40)}
    assert tutor_client.post(url, form_data(tutor, claim, "11721896", many)).status_code == 302
    tutor_client.get(url)
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        tutor_client.get(url)
    assert _queries(tutor_client, url) == few


def test_the_rows_problems_are_one_domain_errors_each_naming_its_unit(tutor: User) -> None:
    from common.errors import DomainErrors, FieldError

    claim = start_claim(tutor)
    state = current(tutor, claim, "11721896")
    assessor = state.assessors[0].pk
    with pytest.raises(DomainErrors) as refused:
        actions.save_candidate_claim(
            membership=membership_of(tutor),
            claim_id=claim.pk,
            candidate_id=candidate("11721896").pk,
            choices=[
                actions.UnitChoice(1, True, assessor),
                actions.UnitChoice(4, True, None),
                actions.UnitChoice(5, None),
            ],
            version=state.version,
            acting_user=tutor,
        )
    assert refused.value.status == 400
    assert refused.value.errors == [
        FieldError(
            "Select the centre assessor for unit 4", field="assessor", code="assessor", row=4
        ),
        FieldError(
            "Select Claiming or Not claiming for unit 5", field="claiming", code="claiming", row=5
        ),
    ]
    assert claimed_numbers(claim, "11721896") == []


def test_a_save_reads_the_candidates_claim_once_and_does_not_grow_with_units(
    tutor: User, tutor_client: Client
) -> None:
    """The save is the busiest request at the end of term: the action reads the candidate's
    units once, locked, and makes the page's choices from them; the page does not read them
    again first."""
    claim = start_claim(tutor)
    url = candidate_url(claim, "11721896")
    tutor_client.post(url, form_data(tutor, claim, "11721896", [1]))
    tutor_client.get(url)  # shows (and so clears) the "Claim saved" message

    def save(units: dict[int, dict[str, int]]) -> list[str]:
        data = form_data(tutor, claim, "11721896", units)
        with CaptureQueriesContext(connection) as queries:
            assert tutor_client.post(url, data).status_code == 302
        return [q["sql"] for q in queries.captured_queries]

    one = save({n: {"assessor": _ta(claim)} for n in (1, 2)})
    many = save({n: {"assessor": _ta(claim)} for n in range(1, 40)})
    assert len(many) == len(one)
    # Signed-in request 3, the candidate 2, the locked read 6, the writes 5.
    assert len(one) <= 16, one
    # The candidate's units on the claim are read once, under the claim's lock.
    reads = [sql for sql in one if 'FROM "claims_claimedunit"' in sql and sql.startswith("SELECT")]
    assert len(reads) == 1, reads
