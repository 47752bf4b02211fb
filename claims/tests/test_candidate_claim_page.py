"""The candidate claim page for many units: "Add to claim" for unnamed entries, the filter
"Show only units being claimed", the groups, the assessor for the units claimed, the error
summary's links and a number of queries that does not grow with the units."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from candidates.models import NamedEntry
from catalogue.models import Rule, RuleKind
from claims.models import Claim, ClaimedUnit

from .helpers import (
    candidate_url,
    claimed_numbers,
    current,
    form_data,
    set_up_assessor,
    start_claim,
)

pytestmark = pytest.mark.django_db

UNIT_ROW = re.compile(r'<tr class="govuk-table__row" id="unit-(\d+)">')
SENT_ROW = re.compile(r'name="unit-(\d+)-')
BUTTON = re.compile(r'<button type="submit" class="govuk-button[^"]*"[^>]*>([^<]+)</button>')
GROUP = re.compile(
    r'<th scope="colgroup" colspan="9" class="govuk-table__header" id="[^"]+">([^<]+)'
)
FILTERED = "?show=claimed"


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _rows(page: str) -> list[int]:
    return [int(n) for n in UNIT_ROW.findall(page)]


def _assessors(claim: Claim) -> dict[int, str]:
    return dict(
        ClaimedUnit.objects.filter(claim_candidate__claim=claim).values_list(
            "unit__number", "assessor__initials"
        )
    )


def _pk(claim: Claim, initials: str) -> int:
    return claim.centre.assessors.get(initials=initials).pk


def test_unnamed_entries_add_to_claim_and_named_entries_save_claim(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    # Daniel Evans has no named entry: he is claimed from the centre's unnamed entries.
    unnamed = _page(tutor_client, candidate_url(claim, "11721897"))
    assert BUTTON.findall(unnamed) == ["Add to claim", "Add to claim"]
    assert "Nothing is kept until you select \u2018Add to claim\u2019" in unnamed
    named = _page(tutor_client, candidate_url(claim, "11721896"))
    assert BUTTON.findall(named) == ["Save claim", "Save claim"]
    assert "Add to claim" not in named
    # Saved, Daniel is on the claim: his button is still the seed's "Add to claim".
    url = candidate_url(claim, "11721897")
    assert tutor_client.post(url, form_data(tutor, claim, "11721897", [4])).status_code == 302
    assert BUTTON.findall(_page(tutor_client, url)) == ["Add to claim", "Add to claim"]


def test_the_title_names_the_candidate_and_the_qualification(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    page = _page(tutor_client, candidate_url(claim, "10050901"))
    title = re.search(r"<title>([^<]*)</title>", page)
    assert title is not None
    assert title[1].startswith("Candidate claim \u2013 Ben Carter \u2013 03991")
    assert "Error" not in title[1]


def test_level_and_credits_are_shown_for_each_unit(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    page = _page(tutor_client, candidate_url(claim, "11721896"))
    row = page.split('id="unit-5">')[1].split("</tr>")[0]
    cells = re.findall(r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>', row)
    unit = claim.qualification.units.get(number=5)
    assert cells == [str(unit.level), str(unit.credits)] == ["2", "4"]


def test_the_units_are_grouped_by_level(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    page = _page(tutor_client, candidate_url(claim, "11721896"))
    assert GROUP.findall(page) == ["Level 1", "Level 2", "Level 3"]
    bodies = page.split('<tbody class="govuk-table__body">')[1:]
    assert [_rows(body)[:3] for body in bodies] == [[1, 4, 7], [2, 5, 8], [3, 6, 9]]
    # Chloe Davies's unit entries are all at Level 1: one group, no heading.
    page = _page(tutor_client, candidate_url(claim, "11721832"))
    assert GROUP.findall(page) == [] and _rows(page) == [1, 4, 13]


def test_the_qualifications_own_groups_come_first(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    qualification = claim.qualification
    Rule.objects.create(
        qualification=qualification, kind=RuleKind.GROUP, value=3, units=[1, 2, 3], name="Group A"
    )
    Rule.objects.create(qualification=qualification, kind=RuleKind.GROUP, value=1, units=[3, 9])
    page = _page(tutor_client, candidate_url(claim, "11721896"))
    assert GROUP.findall(page) == ["Group A", "Group 2", "Other units"]
    bodies = page.split('<tbody class="govuk-table__body">')[1:]
    assert [_rows(body)[:4] for body in bodies] == [[1, 2, 3], [9], [4, 5, 6, 7]]
    assert sorted(_rows(page)) == list(range(1, 82))


def test_show_only_units_being_claimed(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    url = candidate_url(claim, "11721896")
    tutor_client.post(url, form_data(tutor, claim, "11721896", [1, 4, 7]))
    page = _page(tutor_client, url)
    assert f'href="{url}{FILTERED}">Show only units being claimed</a>' in page
    page = _page(tutor_client, url + FILTERED)
    assert _rows(page) == [1, 4, 7]
    assert sorted({int(n) for n in SENT_ROW.findall(page)}) == [1, 4, 7]
    assert f'href="{url}">Show all units</a>' in page
    # With nothing claimed the filter says so.
    other = candidate_url(claim, "10050901")
    assert "No units are being claimed for Ben Carter." in _page(tutor_client, other + FILTERED)


def test_saving_the_filtered_page_keeps_the_units_it_does_not_show(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    set_up_assessor(tutor, name="Bob Brown", initials="BB")
    url = candidate_url(claim, "11721896")
    tutor_client.post(
        url,
        form_data(
            tutor,
            claim,
            "11721896",
            {1: {"assessor": _pk(claim, "TA")}, 4: {"assessor": _pk(claim, "BB")}, 7: {}},
        )
        | {"unit-7-assessor": str(_pk(claim, "TA"))},
    )
    assert _assessors(claim) == {1: "TA", 4: "BB", 7: "TA"}
    # What the filtered page sends when unit 4 is changed to Not claiming: rows 1 and 7 are
    # not even sent (as if the page showed only unit 4).
    data = {
        "version": current(tutor, claim, "11721896").version,
        "unit-4-claiming": "not-claiming",
        "unit-4-assessor": str(_pk(claim, "BB")),
    }
    response = tutor_client.post(url + FILTERED, data)
    assert response.status_code == 302 and response["Location"] == url + FILTERED
    assert _assessors(claim) == {1: "TA", 7: "TA"}


def test_a_graded_unit_not_sent_keeps_its_grade(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor, "05203")
    url = candidate_url(claim, "789012")
    data = form_data(tutor, claim, "789012", {1: {"grade": "Merit"}, 2: {"grade": "Pass"}})
    tutor_client.post(url, data)
    page = _page(tutor_client, url + FILTERED)
    assert _rows(page) == [1, 2]
    data = {
        "version": current(tutor, claim, "789012").version,
        "unit-2-claiming": "not-claiming",
        "unit-2-assessor": "",
        "unit-2-grade": "",
    }
    assert tutor_client.post(url + FILTERED, data).status_code == 302
    assert dict(
        ClaimedUnit.objects.filter(claim_candidate__claim=claim).values_list(
            "unit__number", "grade"
        )
    ) == {1: "Merit"}


def test_the_assessor_for_the_units_claimed_fills_those_without_one(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    set_up_assessor(tutor, name="Bob Brown", initials="BB")
    url = candidate_url(claim, "11721896")
    page = _page(tutor_client, url)
    assert '<label class="govuk-label govuk-!-font-weight-bold" for="assessor-for-claimed">' in page
    assert "Centre assessor for the units you claim" in page
    data = form_data(tutor, claim, "11721896", {1: {}, 4: {}, 7: {"assessor": _pk(claim, "TA")}})
    assert data["unit-1-assessor"] == ""
    response = tutor_client.post(url, data | {"assessor-for-claimed": str(_pk(claim, "BB"))})
    assert response.status_code == 302
    assert _assessors(claim) == {1: "BB", 4: "BB", 7: "TA"}
    # Without it, each unit claimed without its own assessor is refused, beside its row.
    data = form_data(tutor, claim, "11721896", {1: {}, 4: {}, 10: {"assessor": None}})
    response = tutor_client.post(url, data | {"assessor-for-claimed": ""})
    assert response.status_code == 400
    assert '<a href="#unit-10-assessor">Select the centre assessor for unit 10</a>' in (
        response.content.decode()
    )
    assert _assessors(claim) == {1: "BB", 4: "BB", 7: "TA"}


def test_one_assessor_needs_no_select_above_the_table(tutor: User, tutor_client: Client) -> None:
    claim = start_claim(tutor)
    page = _page(tutor_client, candidate_url(claim, "11721896"))
    assert 'id="assessor-for-claimed"' not in page


def test_the_error_summary_links_to_controls_of_the_rows_in_page_order(
    tutor: User, tutor_client: Client
) -> None:
    claim = start_claim(tutor)
    set_up_assessor(tutor, name="Bob Brown", initials="BB")
    url = candidate_url(claim, "11721896")
    data = form_data(tutor, claim, "11721896", {2: {}, 4: {"grade": "Merit"}, 78: {}})
    response = tutor_client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    summary = page.split('govuk-error-summary__list">')[1].split("</ul>")[0]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    # Unit 4 is under "Level 1", unit 2 under "Level 2" and unit 78 under "Level 3".
    assert [anchor for anchor, _ in links] == [
        "unit-4-assessor",
        "unit-4-claiming",
        "unit-2-assessor",
        "unit-78-assessor",
    ]
    for anchor, _ in links:
        row = anchor.rsplit("-", 1)[0]
        assert f'id="{anchor}"' in page.split(f'id="{row}">')[1].split("</tr>")[0], anchor


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_81_units_cost_the_queries_of_5(
    tutor: User, tutor_client: Client, django_assert_max_num_queries: object
) -> None:
    claim = start_claim(tutor)
    set_up_assessor(tutor, name="Bob Brown", initials="BB")
    entry = NamedEntry.objects.get(candidate__number="11721832", qualification__code="03991")
    entry.units.set(claim.qualification.units.filter(number__in=[1, 4, 13, 16, 19]))
    chloe, amira = candidate_url(claim, "11721832"), candidate_url(claim, "11721896")
    for number, url, units in (("11721832", chloe, [1, 4]), ("11721896", amira, [1, 4])):
        claiming = {n: {"assessor": _pk(claim, "TA")} for n in units}
        assert tutor_client.post(url, form_data(tutor, claim, number, claiming)).status_code == 302
        tutor_client.get(url)  # shows (and so clears) the "Claim saved" message
    assert len(_rows(_page(tutor_client, chloe))) == 5
    assert len(_rows(_page(tutor_client, amira))) == 81
    # The qualification's units, rules and grading rules were read by the first page, once.
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        tutor_client.get(amira)
    # The units entered are one query more for a unit entry than a full award's page.
    assert _queries(tutor_client, chloe) == _queries(tutor_client, amira) + 1
    assert _queries(tutor_client, amira + FILTERED) == _queries(tutor_client, amira)
    assert claimed_numbers(claim, "11721896") == [1, 4]
