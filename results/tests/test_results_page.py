"""The centre's Results page and its CSV download: published results only, own centre only."""

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from candidates.models import AchievedUnit, Candidate
from conftest import client_for

from . import factories as f

pytestmark = pytest.mark.django_db

URL = reverse("results:list")
CSV_URL = reverse("results:download")
AMIRA = "11721896"
BEN = "10050901"
JANE = "789012"
NOW = override_settings(RESULTS_DELAY=timedelta(0))


def page_of(client: Client, **params: str) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def csv_of(client: Client, **params: str) -> list[list[str]]:
    response = client.get(CSV_URL, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(text)))


def unit_rows(page: str, name: str) -> list[tuple[str, str, str, str, str]]:
    """The rows of the candidate's unit tables: Unit no, Unit, Assessed as, Claim number, date."""
    section = page.split(f">{name}</h3>", 1)[1].split("</section>", 1)[0]
    cells = re.findall(r'<td class="govuk-table__cell">(.*?)</td>', section, re.S)
    rows = [tuple(cells[i : i + 5]) for i in range(0, len(cells), 5)]
    return [(a, re.sub(r"<br>.*", "", b), c, d, e) for a, b, c, d, e in rows]


def test_the_tutor_sees_published_results_per_candidate(tutor_client: Client) -> None:
    page = page_of(tutor_client)
    assert '<h1 class="govuk-heading-l">Results</h1>' in page
    # Ben Carter's unit 1 from the earlier claim 78103, published 30/06/2026.
    assert unit_rows(page, "Ben Carter") == [
        ("1", "Improving productivity using IT [Level 1]", "Pass", "78103", "30/06/2026")
    ]
    for header in ["Unit no", "Unit", "Assessed as", "Claim number", "Date published"]:
        assert f'<th scope="col" class="govuk-table__header">{header}</th>' in page
    assert "Amira Khan" not in page
    assert "Download results as csv file" in page


def test_results_appear_only_once_published(tutor: User) -> None:
    moment = timezone.make_aware(datetime(2026, 11, 23, 9, 0))
    with (
        time_machine.travel(moment, tick=False),
        override_settings(RESULTS_DELAY=timedelta(hours=48)),
    ):
        f.processed({AMIRA: [1, 4, 7]})
        assert "Amira Khan" not in page_of(client_for(tutor))
        assert AMIRA not in str(csv_of(client_for(tutor)))
    # A fresh sign-in each time: sessions last hours, not days.
    with time_machine.travel(moment + timedelta(hours=47, minutes=59), tick=False):
        assert "Amira Khan" not in page_of(client_for(tutor))
        assert AMIRA not in str(csv_of(client_for(tutor)))
    with time_machine.travel(moment + timedelta(hours=48), tick=False):
        tutor_client = client_for(tutor)
        page = page_of(tutor_client)
        assert [r[0] for r in unit_rows(page, "Amira Khan")] == ["1", "4", "7"]
        assert (
            "Full award</strong> 03991 Level 1 Award in IT User Skills (ITQ), published 25/11/2026"
            in page
        )
        assert AMIRA in str(csv_of(tutor_client))


def test_filter_by_qualification_and_candidate(tutor_client: Client) -> None:
    with NOW:
        f.processed({AMIRA: [1, 4, 7], JANE: [4]})
        f.processed({JANE: [1, 2]}, code="05203")

    page = page_of(tutor_client, qualification="05203")
    assert "Jane Doe" in page and "Amira Khan" not in page and "Ben Carter" not in page
    assert "03991 Level 1 Award" not in page.split("Candidates with results", 1)[1]
    assert [r[0] for r in unit_rows(page, "Jane Doe")] == ["1", "2"]
    assert 'href="/results/download/?qualification=05203"' in page

    page = page_of(tutor_client, q="kha")
    assert "Amira Khan" in page and "Jane Doe" not in page and "Ben Carter" not in page
    page = page_of(tutor_client, q="10050")
    assert "Ben Carter" in page and "Amira Khan" not in page

    # Both together; the typed search is kept in the box.
    page = page_of(tutor_client, qualification="03991", q="doe")
    assert [r[0] for r in unit_rows(page, "Jane Doe")] == ["4"]
    assert 'value="doe"' in page
    assert '<option value="03991" selected>' in page

    page = page_of(tutor_client, q="nobody")
    assert "No published results match your search." in page


def test_an_unknown_qualification_is_an_error_beside_the_field(tutor_client: Client) -> None:
    page = page_of(tutor_client, qualification="99999")
    assert "There is a problem" in page
    assert "Select a qualification from the list" in page
    assert 'href="#id_qualification"' in page
    assert "<title>Error: Results \u2013 CertClaims</title>" in page


def test_the_csv_lists_units_and_awards(tutor_client: Client) -> None:
    with NOW:
        first = f.processed({AMIRA: [1, 4]})
    claim = f.claim()
    f.add(claim, AMIRA, [7], awarding_body="AGA")
    with NOW:
        outcome = f.process(f.finalise(claim))
    rows = csv_of(tutor_client, qualification="03991")
    assert rows[0] == [
        "Candidate name",
        "OCR candidate number",
        "Qualification",
        "Result",
        "Unit no",
        "Unit",
        "Assessed as",
        "Awarding body",
        "Claim number",
        "Date published",
        "Grade",
    ]
    amira = [r for r in rows[1:] if r[1] == AMIRA]
    today = timezone.localdate().strftime("%d/%m/%Y")
    first_number = str(first.claim.claim_number)
    second_number = str(outcome.claim.claim_number)
    assert [r[2:9] for r in amira] == [
        [
            "03991",
            "Unit",
            "1",
            "Improving productivity using IT [Level 1]",
            "Pass",
            "OCR",
            first_number,
        ],
        ["03991", "Unit", "4", "Audio software [Level 1]", "Pass", "OCR", first_number],
        ["03991", "Unit", "7", "Bespoke software [Level 1]", "Pass", "AGA", second_number],
        ["03991", "Full award", "", "Level 1 Award in IT User Skills (ITQ)", "", "OCR", ""],
    ]
    assert all(r[9] == today for r in amira)
    assert [r[0] for r in rows[1:]] == ["Ben Carter"] + ["Amira Khan"] * 4


def test_the_csv_never_carries_a_formula(tutor: User, tutor_client: Client) -> None:
    Candidate.objects.filter(number=AMIRA).update(
        first_name='=HYPERLINK("http://evil.test","click")', last_name="+1"
    )
    Candidate.objects.filter(number=BEN).update(first_name="@SUM(A1)", last_name="-2")
    with NOW:
        f.processed({AMIRA: [1]})
    rows = csv_of(tutor_client)
    names = sorted(r[0] for r in rows[1:])
    assert names == ['\'=HYPERLINK("http://evil.test","click") +1', "'@SUM(A1) -2"]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    # The page shows the name as text, escaped.
    assert "=HYPERLINK(&quot;http://evil.test&quot;,&quot;click&quot;) +1" in page_of(tutor_client)


def test_another_centre_sees_none_of_these_results(southbank_client: Client) -> None:
    with NOW:
        f.processed({AMIRA: [1, 4, 7]})
    page = page_of(southbank_client)
    assert "Amira Khan" not in page and "Ben Carter" not in page
    assert "No results have been published for your centre's candidates yet." in page
    assert csv_of(southbank_client)[1:] == []
    # Asking for a qualification the centre is not approved for is refused, not answered.
    assert "Select a qualification from the list" in page_of(
        southbank_client, qualification="05203"
    )


def test_staff_without_a_claims_role_are_told_which_roles_give_access(staff: User) -> None:
    client = client_for(staff)
    for url in (URL, CSV_URL):
        response = client.get(url)
        assert response.status_code == 403
        assert "'Centre Administrator' or 'Tutor/Teacher' role" in response.content.decode()


def test_signed_out_users_are_sent_to_sign_in(demo: None) -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_results_is_in_the_menu_for_claims_roles(tutor_client: Client, staff: User) -> None:
    assert f'href="{URL}"' in page_of(tutor_client)
    home = client_for(staff).get(reverse("home")).content.decode()
    assert f'href="{URL}"' not in home


def _bulk_results(count: int, start: int = 0) -> None:
    claim = f.claim()
    people = Candidate.objects.bulk_create(
        Candidate(
            centre=claim.centre,
            number=f"5{n:07d}",
            first_name="Bulk",
            last_name=f"Candidate{n:03d}",
            date_of_birth="2000-01-01",
        )
        for n in range(start, start + count)
    )
    for person in people:
        f.add(claim, person, [1, 4, 7])
    with NOW:
        f.process(f.finalise(claim))


def _queries(client: Client, url: str, **params: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(queries)


def test_the_page_and_csv_query_counts_do_not_grow(
    tutor_client: Client, django_assert_max_num_queries
) -> None:
    _bulk_results(3)
    few_page = _queries(tutor_client, URL)
    few_csv = _queries(tutor_client, CSV_URL)
    _bulk_results(50, start=3)
    assert AchievedUnit.objects.filter(candidate__number__startswith="5").count() == 159
    # One page of few holds them all, so they are counted without a query; a longer list
    # takes one count, bounded, whatever its length.
    with django_assert_max_num_queries(few_page + 1):
        page = page_of(tutor_client)
    assert "Page 1<" in page and 'rel="next"' in page
    assert "Candidates with results (54)" in page
    assert page.count('class="app-candidate-results') == 25
    with django_assert_max_num_queries(few_page + 1):
        page_of(tutor_client, page="2", qualification="03991", q="bulk")
    assert _queries(tutor_client, CSV_URL) == few_csv
    # The header, Ben Carter's unit 1, then three units and an award for each of 53 candidates.
    assert len(csv_of(tutor_client)) == 1 + 1 + 53 * 4


def test_the_heading_counts_the_candidates_up_to_a_bound_then_says_more_than(
    tutor_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import results.views

    _bulk_results(30)
    monkeypatch.setattr(results.views, "COUNTED_UP_TO", 31)
    assert "Candidates with results (31)" in page_of(tutor_client)
    monkeypatch.setattr(results.views, "COUNTED_UP_TO", 30)
    with CaptureQueriesContext(connection) as queries:
        page = page_of(tutor_client, page="2")
    assert "Candidates with results (more than 30)" in page
    assert "Page 2<" in page and 'rel="next"' not in page
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "LIMIT 31" in counts[0].upper()


def test_a_graded_award_shows_its_grade_on_the_page_the_csv_and_the_api(
    tutor_client: Client,
) -> None:
    f.moderated("05203")
    claim = f.claim("05203")
    f.add(claim, JANE, [1, 2, 3], grade="Merit")
    f.add(claim, JANE, [4], grade="Pass")
    with NOW:
        f.process(f.finalise(f.submit(claim)))
    # Merit, Merit, Merit, Pass: 4 x (8 + 8 + 8 + 7) = 124 points, a Merit.
    page = page_of(tutor_client, qualification="05203")
    assert "05203 Level 2 Certificate in Customer Service, grade Merit, published" in page
    rows = csv_of(tutor_client, qualification="05203")
    award = [r for r in rows[1:] if r[1] == JANE and r[3] == "Full award"]
    assert [r[-1] for r in award] == ["Merit"]
    assert {r[-1] for r in rows[1:] if r[3] == "Unit"} == {""}
    api = tutor_client.get("/api/v1/results/", {"qualification": "05203"}).json()
    assert api["results"][0]["qualifications"][0]["award"]["grade"] == "Merit"
