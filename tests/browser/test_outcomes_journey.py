"""A three-candidate claim from the moderator's decisions to the centre's readers, in a real
browser: the examiner-moderator amends a grade, withdraws a unit and flags a candidate for
malpractice, writes the report and sends the claim; operations process it; the centre's View
claim, CSV, PDF, candidate claim pages, Results and the API show exactly those decisions, and
the held candidate has no result and no award until operations close the case not upheld.

The claim is built and submitted with the service's own actions; every decision after that is
made on the pages. 05203 is graded, its units are worth 4 credits, and a full award needs units
1 and 2 and 16 credits: four units.
"""

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings

from accounts.models import User
from api.tests.conftest import token_for
from claims.models import Claim
from claims.tests.test_pdf import pages_text
from results.tests import factories as f

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

JANE, DANIEL, AMIRA = "789012", "11721897", "11721896"
NAMES = {JANE: "Jane Doe", DANIEL: "Daniel Evans", AMIRA: "Amira Khan"}
UNITS = [1, 2, 3, 4]
MALPRACTICE = "Work copied from another candidate"
WITHDRAWAL = "No evidence of the practical task"


def _submitted() -> Claim:
    f.moderated("05203")
    claim = f.claim("05203")
    f.add(claim, JANE, UNITS, grade="Distinction")
    f.add(claim, DANIEL, UNITS, grade="Merit")
    f.add(claim, AMIRA, UNITS, grade="Pass")
    return f.submit(claim)


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/**")


def _moderate(page: Any, claim: Claim) -> None:
    number = str(claim.claim_number)
    sign_in(page, "moderator@awarding.test")
    page.wait_for_url("**/")
    page.goto(f"/moderation/claims/{claim.pk}/")
    assert page.locator("h1").inner_text() == f"Claim {number}"
    assert_accessible(page)

    page.get_by_role("link", name=NAMES[JANE]).click()
    page.get_by_role("link", name="Amend or withdraw unit 2").click()
    page.get_by_role("radio", name="Amend the grade").check()
    page.get_by_label("New grade").select_option("Merit")
    page.get_by_label("Reason").fill("The evidence meets merit, not distinction")
    page.get_by_role("button", name="Save outcome").click()
    assert "Merit" in page.locator("main").inner_text()
    page.get_by_role("link", name=f"Back to claim {number}").click()

    page.get_by_role("link", name=NAMES[AMIRA]).click()
    page.get_by_role("link", name="Amend or withdraw unit 4").click()
    assert_accessible(page)
    page.get_by_role("radio", name="Withdraw the unit").check()
    page.get_by_label("Reason").fill(WITHDRAWAL)
    page.get_by_role("button", name="Save outcome").click()
    page.get_by_role("link", name=f"Back to claim {number}").click()

    page.get_by_role("link", name=NAMES[DANIEL]).click()
    malpractice = page.locator("form", has=page.get_by_role("button", name="Flag malpractice"))
    malpractice.get_by_label("Reason").fill(MALPRACTICE)
    malpractice.get_by_role("button", name="Flag malpractice").click()
    assert "Malpractice" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name=f"Back to claim {number}").click()

    page.get_by_role("link", name="Write feedback report").click()
    page.get_by_label("Feedback to the centre").fill("Well-organised portfolios.")
    page.get_by_role("button", name="Save feedback report").click()
    page.get_by_role("link", name="Send to OCR").click()
    page.get_by_role("button", name="Yes, send to OCR").click()
    assert f"Claim {number} sent to OCR" in page.locator("main").inner_text()
    sign_out(page)


def _process(page: Any, claim: Claim) -> None:
    number = str(claim.claim_number)
    sign_in(page, "ops@awarding.test")
    page.wait_for_url("**/")
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Claims to process"
    ).click()
    page.get_by_role("button", name=f"Process claim {number}").click()
    assert f"Processed: claim {number}" in page.locator("main").inner_text()
    sign_out(page)


def _close_not_upheld(page: Any) -> None:
    sign_in(page, "ops@awarding.test")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Malpractice cases").first.click()
    page.get_by_role("link", name=NAMES[DANIEL]).click()
    assert MALPRACTICE in page.locator("main").inner_text()
    page.get_by_label("Not upheld: release the results").check()
    page.get_by_role("button", name="Close the case").click()
    assert "Case closed: not upheld" in page.locator("main").inner_text()
    sign_out(page)


def _view_claim(page: Any, claim: Claim) -> tuple[dict[str, list[str]], str]:
    page.goto(f"/claims/{claim.pk}/")
    grid = page.get_by_role("table", name="Candidates and units claimed")
    codes = {
        row.locator("td").first.inner_text(): row.locator("td").all_inner_texts()[1:]
        for row in grid.locator("tbody tr").all()
    }
    return codes, page.locator("main").inner_text()


def _csv(page: Any) -> dict[str, list[str]]:
    href = page.get_by_role("link", name="Download claim as csv file").get_attribute("href")
    response = page.request.get(href)
    assert response.ok
    rows = list(csv.reader(io.StringIO(response.text())))
    assert rows[0][2:] == [str(n) for n in UNITS]
    return {row[1]: row[2:] for row in rows[1:]}


def _pdf(page: Any) -> dict[str, list[str]]:
    href = page.get_by_role("link", name="Download claim as PDF").get_attribute("href")
    response = page.request.get(href)
    assert response.ok
    text = "\n".join(pages_text(response.body()))
    found = {}
    for line in text.splitlines():
        words = line.split()
        for number in NAMES:
            if number in words:
                found[number] = words[-len(UNITS) :]
    return found


def _states(page: Any, claim: Claim, number: str) -> list[str]:
    page.goto(f"/claims/{claim.pk}/candidates/{number}/")
    table = page.locator("table", has=page.get_by_role("columnheader", name="State"))
    cells = [row.locator("td").all_inner_texts() for row in table.locator("tbody tr").all()]
    # The page lists every unit of the qualification; the claimed ones carry a state.
    return [row[-1] for row in cells if row[0] in {str(n) for n in UNITS}]


def _results_page(page: Any) -> dict[str, tuple[list[list[str]], bool]]:
    """Each candidate's 05203 units achieved (number and grade) and whether they hold the award."""
    page.goto("/results/?qualification=05203")
    found = {}
    for number, name in NAMES.items():
        section = page.locator("section", has=page.get_by_role("heading", name=name))
        if section.count() == 0:
            continue
        rows = section.locator("tbody tr").all()
        units = [row.locator("td").all_inner_texts()[:3:2] for row in rows]
        found[number] = (units, "Full award" in section.inner_text())
    return found


def _api(page: Any, token: str, path: str) -> Any:
    response = page.request.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.ok, response.text()
    return response.json()


def _api_results(page: Any, token: str) -> dict[str, tuple[list[list[Any]], bool]]:
    body = _api(page, token, "/api/v1/results/?qualification=05203")
    found = {}
    for row in body["results"]:
        section = next(s for s in row["qualifications"] if s["qualification"] == "05203")
        units = [[u["unit"], u["assessed_as"]] for u in section["units"]]
        found[row["candidate"]] = (units, section["award"] is not None)
    return found


@override_settings(RESULTS_DELAY=timedelta(0))
def test_the_moderators_decisions_reach_every_reader_and_the_held_candidate_waits(
    page: Any,
) -> None:
    claim = _submitted()
    _moderate(page, claim)
    _process(page, claim)

    held = {JANE: ["D", "M", "D", "D"], DANIEL: ["H"] * 4, AMIRA: ["P", "P", "P", "W"]}
    sign_in(page, "tutor@northfield.test")
    page.wait_for_url("**/")
    codes, main = _view_claim(page, claim)
    assert codes == held
    assert "Total number of claimed units: 12" in main
    assert "Total number of accepted units: 7" in main
    assert "H: held: malpractice case open" in main
    assert_accessible(page)
    assert _csv(page) == held
    assert _pdf(page) == held

    jane = _states(page, claim, JANE)
    assert jane == ["Accepted", "Merit (amended from Distinction)", "Accepted", "Accepted"]
    assert_accessible(page)
    assert _states(page, claim, AMIRA) == ["Accepted"] * 3 + [f"Withdrawn: {WITHDRAWAL}"]
    assert _states(page, claim, DANIEL) == ["Held"] * 4

    token = token_for(User.objects.get(email="tutor@northfield.test"))
    body = _api(page, token, f"/api/v1/claims/{claim.pk}/")
    outcomes = {
        row["candidate"]: [(u["outcome"], u["grade"]) for u in row["units"]]
        for row in body["candidates"]
    }
    assert outcomes == {
        JANE: [
            ("accepted", "Distinction"),
            ("amended", "Merit"),
            ("accepted", "Distinction"),
            ("accepted", "Distinction"),
        ],
        DANIEL: [("held", "Merit")] * 4,
        AMIRA: [("accepted", "Pass")] * 3 + [("withdrawn", "Pass")],
    }

    jane_results = [
        ["1", "Distinction"],
        ["2", "Merit"],
        ["3", "Distinction"],
        ["4", "Distinction"],
    ]
    amira_results = [["1", "Pass"], ["2", "Pass"], ["3", "Pass"]]
    results = _results_page(page)
    assert results == {JANE: (jane_results, True), AMIRA: (amira_results, False)}
    assert "Results held: malpractice case open" in page.locator("main").inner_text()
    assert MALPRACTICE not in page.locator("main").inner_text()
    assert_accessible(page)

    def api_form(rows: list[list[str]]) -> list[list[Any]]:
        return [[int(n), grade] for n, grade in rows]

    assert _api_results(page, token) == {
        JANE: (api_form(jane_results), True),
        AMIRA: (api_form(amira_results), False),
    }
    sign_out(page)

    _close_not_upheld(page)

    sign_in(page, "tutor@northfield.test")
    page.wait_for_url("**/")
    daniel_results = [[str(n), "Merit"] for n in UNITS]
    assert _results_page(page) == {
        JANE: (jane_results, True),
        DANIEL: (daniel_results, True),
        AMIRA: (amira_results, False),
    }
    assert "Malpractice case not upheld: results released" in page.locator("main").inner_text()
    assert_accessible(page)
    assert _api_results(page, token) == {
        JANE: (api_form(jane_results), True),
        DANIEL: (api_form(daniel_results), True),
        AMIRA: (api_form(amira_results), False),
    }
    released = {**held, DANIEL: ["M"] * 4}
    codes, main = _view_claim(page, claim)
    assert codes == released
    assert "Total number of accepted units: 11" in main
    assert _csv(page) == released
    assert _pdf(page) == released
    assert _states(page, claim, DANIEL) == ["Accepted"] * 4
