"""The centre sees the examiner-moderator's decisions on every reader of a claim: View claim (its
grid, key and totals), its CSV, PDF and print page, the read-only candidate claim page, View
claim history and the API.

The claim is built, submitted, reviewed, sent and processed with the service's own actions: for
the graded 05203, Jane Doe's Distinction on unit 2 is amended to Merit, Amira Khan's unit 2 is
withdrawn, and Daniel Evans is flagged for malpractice.
"""

import csv
import html as html_text
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from api.tests.conftest import api_client, token_for
from claims.models import Claim, ClaimCandidate, ClaimedUnit, UnitState
from claims.pdf import claim_pdf_html
from moderation import actions as moderation_actions
from results.tests import factories as f

JANE, DANIEL, AMIRA = "789012", "11721897", "11721896"
MALPRACTICE = "Work copied from another candidate"
#: The API's claim with its candidates and units, the same however many units they have.
QUERIES_FOR_CLAIM_DETAIL = 8


def _built() -> Claim:
    f.moderated("05203")
    claim = f.claim("05203")
    f.add(claim, JANE, [1, 2], grade="Distinction")
    f.add(claim, DANIEL, [1, 2], grade="Merit")
    f.add(claim, AMIRA, [1, 2], grade="Pass")
    return claim


def _moderated(*, processed: bool = True) -> Claim:
    """The claim reviewed (an amendment, a withdrawal, a malpractice flag), sent and processed."""
    claim = f.submit(_built())
    f.accept(claim, JANE, [1])
    f.amend(claim, JANE, 2, "Merit")
    f.withdraw_units(claim, AMIRA, [2])
    moderation_actions.flag_malpractice(
        claim_id=claim.pk,
        claim_candidate_id=ClaimCandidate.objects.get(claim=claim, candidate__number=DANIEL).pk,
        reason=MALPRACTICE,
        acting_user=f.moderator(),
    )
    claim = f.finalise(claim)
    if processed:
        f.process(claim)
        claim.refresh_from_db()
    return claim


def _withdrawn() -> tuple[str, str]:
    """Amira's withdrawn unit 2 as the grid and the "State" column show it: W and "Withdrawn:
    reason" for a unit the moderation stores as withdrawn, N and "Not accepted" while the
    moderator's withdrawal stores it as not accepted."""
    unit = ClaimedUnit.objects.get(claim_candidate__candidate__number=AMIRA, unit__number=2)
    if unit.state == UnitState.WITHDRAWN:
        return "W", f"Withdrawn: {f.REASON}"
    return "N", "Not accepted"


def _moderated_grid() -> dict[str, list[str]]:
    return {JANE: ["D", "M"], DANIEL: ["H", "H"], AMIRA: ["P", _withdrawn()[0]]}


def _moderated_key() -> list[str]:
    return ["P", "M", "D", "W", "H"] if _withdrawn()[0] == "W" else ["P", "M", "D", "N", "H"]


def _grid(page: str) -> dict[str, list[str]]:
    """Each grid row's codes by candidate number, from View claim's HTML."""
    rows = re.findall(r'app-grid__number">([^<]*)</td>(.*?)</tr>', page)
    return {number: re.findall(r"<td[^>]*>([^<]*)</td>", cells) for number, cells in rows}


def _key(page: str) -> list[str]:
    return re.findall(r"<li><strong>([^<]+)</strong>:", page)


def _view_claim(client: Client, claim: Claim, **params: str) -> str:
    response = client.get(f"/claims/{claim.pk}/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_view_claim_shows_each_units_outcome_with_its_key_and_totals(
    tutor: User, tutor_client: Client
) -> None:
    claim = _moderated()
    page = _view_claim(tutor_client, claim)
    assert _grid(page) == _moderated_grid()
    # Only the codes that occur, in the key's order: no C and no T (05203 allows no units from
    # another awarding body).
    assert _key(page) == _moderated_key()
    assert "<strong>H</strong>: held: malpractice case open" in page
    assert "Total number of claimed units: 6" in page
    # Jane's two (one amended) and Amira's unit 1; Daniel's are held, Amira's unit 2 withdrawn.
    assert "Total number of accepted units: 3" in page


def test_the_print_page_and_the_pdf_show_the_same_outcomes(
    tutor: User, tutor_client: Client
) -> None:
    claim = _moderated()
    printed = _view_claim(tutor_client, claim, print="1")
    assert _grid(printed) == _moderated_grid()
    assert _key(printed) == _moderated_key()
    assert "Total number of accepted units: 3" in printed
    html = claim_pdf_html(Claim.objects.select_related("centre", "qualification").get(pk=claim.pk))
    lines = {}
    for line in html.splitlines():
        words = re.sub(r"<[^>]+>", " ", line).split()
        for number in _moderated_grid():
            if number in words:
                lines[number] = words[words.index(number) + 1 :]
    assert lines == _moderated_grid()
    assert _key(html) == _moderated_key()
    assert "Total number of accepted units: 3" in html


def test_the_csv_shows_the_same_codes(tutor: User, tutor_client: Client) -> None:
    claim = _moderated()
    response = tutor_client.get(f"/claims/{claim.pk}/claim.csv")
    content = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][2:] == ["1", "2"]
    assert {row[1]: row[2:] for row in rows[1:]} == _moderated_grid()


def test_an_awarding_body_may_keep_the_plain_c(
    tutor: User, tutor_client: Client, settings: object
) -> None:
    settings.CLAIM_GRID_GRADE_LETTERS = False  # type: ignore[attr-defined]
    claim = _moderated()
    page = _view_claim(tutor_client, claim)
    withdrawn = _withdrawn()[0]
    assert _grid(page) == {JANE: ["C", "C"], DANIEL: ["H", "H"], AMIRA: ["C", withdrawn]}
    assert _key(page) == ["C", withdrawn, "H"]
    response = tutor_client.get(f"/claims/{claim.pk}/claim.csv")
    content = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert [row[2:] for row in csv.reader(io.StringIO(content))][1:] == [
        ["C", "C"],
        ["H", "H"],
        ["C", withdrawn],
    ]


def test_before_submission_nothing_changes(tutor: User, tutor_client: Client) -> None:
    claim = _built()
    page = _view_claim(tutor_client, claim)
    assert _grid(page) == {JANE: ["C", "C"], DANIEL: ["C", "C"], AMIRA: ["C", "C"]}
    assert _key(page) == ["C"]
    assert "Total number of claimed units: 6" in page
    assert "accepted units" not in page
    candidate_page = tutor_client.get(f"/claims/{claim.pk}/candidates/{JANE}/").content.decode()
    assert "govuk-radios__input" in candidate_page
    assert "Accepted" not in candidate_page


def test_view_claim_reads_the_outcomes_in_the_same_queries_however_many_candidates(
    tutor: User, tutor_client: Client
) -> None:
    f.moderated("05203")
    small = f.claim("05203")
    f.add(small, JANE, [3], grade="Merit")
    small = f.finalise(small)
    _view_claim(tutor_client, small)  # the first page after signing in also saves the session
    with CaptureQueriesContext(connection) as one:
        _view_claim(tutor_client, small)
    claim = _moderated(processed=False)
    with CaptureQueriesContext(connection) as three:
        _view_claim(tutor_client, claim)
    assert len(three.captured_queries) == len(one.captured_queries)


def _state_column(page: str) -> dict[str, str]:
    """The candidate claim page's "State" by unit number (the table's last cell)."""
    rows = re.findall(r'<tr class="govuk-table__row" id="[^"]*">(.*?)</tr>', page)
    found = {}
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        found[cells[0]] = html_text.unescape(cells[-1])
    return found


def test_the_candidate_claim_page_is_read_only_with_each_units_state(
    tutor: User, tutor_client: Client
) -> None:
    claim = _moderated()

    def page(number: str) -> str:
        response = tutor_client.get(f"/claims/{claim.pk}/candidates/{number}/")
        assert response.status_code == 200
        return response.content.decode()

    jane = page(JANE)
    assert "govuk-radios__input" not in jane
    assert "Save claim" not in jane
    states = _state_column(jane)
    assert (states["1"], states["2"]) == ("Accepted", "Merit (amended from Distinction)")
    amira = _state_column(page(AMIRA))
    assert (amira["1"], amira["2"]) == ("Accepted", _withdrawn()[1])
    daniel = _state_column(page(DANIEL))
    assert (daniel["1"], daniel["2"]) == ("Held", "Held")


def test_a_withdrawn_candidates_units_are_withdrawn_with_the_reason(
    tutor: User, tutor_client: Client
) -> None:
    claim = f.submit(_built())
    f.withdraw_candidate(claim, AMIRA)
    claim = f.finalise(claim)
    page = _view_claim(tutor_client, claim)
    assert _grid(page)[AMIRA] == ["W", "W"]
    assert "<strong>W</strong>: withdrawn by the examiner-moderator" in page
    assert "<strong>N</strong>" not in page
    states = _state_column(
        tutor_client.get(f"/claims/{claim.pk}/candidates/{AMIRA}/").content.decode()
    )
    assert (states["1"], states["2"]) == (f"Withdrawn: {f.REASON}", f"Withdrawn: {f.REASON}")


def test_claim_history_counts_the_accepted_units(tutor: User, tutor_client: Client) -> None:
    claim = _moderated()
    page = tutor_client.get("/claims/history/").content.decode()
    assert ">Accepted units<" in page
    row = re.search(rf">{claim.claim_number}<.*?</tr>", page, re.S)
    assert row is not None
    numbers = re.findall(r'govuk-table__cell--numeric">(\d*)</td>', row[0])
    assert numbers == ["3", "6", "3"]


def _withdrawn_in_api() -> tuple[str, str, str, str]:
    code, label = _withdrawn()
    return ("withdrawn" if code == "W" else "not_accepted", "Pass", "Pass", label)


def test_a_unit_stored_as_withdrawn_shows_w_and_its_reason(
    tutor: User, tutor_client: Client
) -> None:
    claim = _moderated()
    ClaimedUnit.objects.filter(
        claim_candidate__claim=claim, claim_candidate__candidate__number=AMIRA, unit__number=2
    ).update(state=UnitState.WITHDRAWN)
    page = _view_claim(tutor_client, claim)
    assert _grid(page)[AMIRA] == ["P", "W"]
    assert "<strong>W</strong>: withdrawn by the examiner-moderator" in page
    states = _state_column(
        tutor_client.get(f"/claims/{claim.pk}/candidates/{AMIRA}/").content.decode()
    )
    assert states["2"] == f"Withdrawn: {f.REASON}"
    body = api_client(token_for(tutor)).get(f"/api/v1/claims/{claim.pk}/").json()
    amira = next(row for row in body["candidates"] if row["candidate"] == AMIRA)
    assert amira["units"][1]["outcome"] == "withdrawn"


@pytest.mark.parametrize("processed", [False, True])
def test_the_api_gives_each_units_outcome_and_published_grade(tutor: User, processed: bool) -> None:
    claim = _moderated(processed=processed)
    api = api_client(token_for(tutor))
    with CaptureQueriesContext(connection) as queries:
        body = api.get(f"/api/v1/claims/{claim.pk}/").json()
    units = {
        (row["candidate"], unit["unit"]): (
            unit["outcome"],
            unit["grade"],
            unit["claimed_grade"],
            unit["outcome_label"],
        )
        for row in body["candidates"]
        for unit in row["units"]
    }
    assert units == {
        (JANE, 1): ("accepted", "Distinction", "Distinction", "Accepted"),
        (JANE, 2): ("amended", "Merit", "Distinction", "Merit (amended from Distinction)"),
        (DANIEL, 1): ("held", "Merit", "Merit", "Held"),
        (DANIEL, 2): ("held", "Merit", "Merit", "Held"),
        (AMIRA, 1): ("accepted", "Pass", "Pass", "Accepted"),
        (AMIRA, 2): _withdrawn_in_api(),
    }
    # The existing fields stay as they were.
    first = body["candidates"][0]["units"][0]
    assert {"unit", "title", "assessor", "state", "awarding_body", "code", "date_claimed"} <= set(
        first
    )
    # The units come with their candidates, however many: no query per unit.
    assert len(queries.captured_queries) == QUERIES_FOR_CLAIM_DETAIL
    candidate = api.get(f"/api/v1/claims/{claim.pk}/candidates/{JANE}/").json()
    assert [(u["unit"], u["outcome"], u["grade"]) for u in candidate["units"]] == [
        (1, "accepted", "Distinction"),
        (2, "amended", "Merit"),
    ]
    history = api.get("/api/v1/claims/").json()
    listed = next(c for c in history["results"] if c["id"] == claim.pk)
    assert (listed["units"], listed["accepted_units"]) == (6, 3)


def test_the_api_units_made_directly_are_what_their_declared_fields_give(tutor: User) -> None:
    """`ClaimedUnitSerializer.to_representation` builds each unit without going field by field;
    every kind of outcome, a unit from another awarding body and a held candidate's included, it
    gives what the declared fields would."""
    from rest_framework import serializers

    from claims.selectors import claim_summary, get_claim
    from claims.serializers import ClaimedUnitSerializer
    from claims.tests.helpers import membership_of

    claim = _moderated()
    ClaimedUnit.objects.filter(
        claim_candidate__claim=claim, claim_candidate__candidate__number=AMIRA, unit__number=1
    ).update(awarding_body="City & Guilds")
    membership = membership_of(tutor)
    read = get_claim(membership=membership, claim_id=claim.pk)
    rows = claim_summary(membership=membership, claim=read)
    units = [unit for row in rows for unit in row.units]
    assert {u.state for u in units} >= {UnitState.ACCEPTED, UnitState.WITHDRAWN}
    assert any(u.awarding_body for u in units) and any(r.claim_candidate.malpractice for r in rows)
    serializer = ClaimedUnitSerializer(context={"assessor_initials": {}})
    for unit in units:
        direct = serializer.to_representation(unit)
        by_fields = serializers.Serializer.to_representation(serializer, unit)
        assert list(direct.items()) == list(by_fields.items())
