"""The claim as a CSV file: streamed, one row per candidate, never a spreadsheet formula."""

import csv
import io
from typing import Any

import pytest
from django.http import StreamingHttpResponse

from candidates.models import Candidate
from claims import contents
from claims.exports import claim_csv_response
from claims.models import Claim
from common.csv import BYTE_ORDER_MARK

from .claim_data import big_claim, draft, many_candidates, put, tutor_user
from .submit_data import submit

pytestmark = pytest.mark.django_db


def read(response: StreamingHttpResponse) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[arg-type]
    assert body.startswith(BYTE_ORDER_MARK)
    return list(csv.reader(io.StringIO(body[len(BYTE_ORDER_MARK) :])))


def fresh(claim: Claim) -> Claim:
    return Claim.objects.select_related("centre", "qualification").get(pk=claim.pk)


def test_claim_csv_has_the_grid_codes(demo: None) -> None:
    claim = draft()
    put(claim, "11721896", {1: "C", 4: "C", 7: "T"})
    put(claim, "123456", {13: "C"})
    response = claim_csv_response(fresh(claim))
    assert response["Content-Disposition"] == (
        'attachment; filename="12345-03991-claim-in-progress.csv"'
    )
    assert read(response) == [
        ["Candidate name", "OCR candidate number", "1", "4", "7", "13"],
        ["Amira Khan", "11721896", "C", "C", "T", ""],
        ["John Smith", "123456", "", "", "", "C"],
    ]
    assert submit(tutor_user(), claim).claim_number == 78104
    response = claim_csv_response(fresh(claim))
    assert response["Content-Disposition"] == 'attachment; filename="12345-03991-claim-78104.csv"'


def test_formula_looking_names_are_exported_as_text(demo: None) -> None:
    claim = draft()
    people = many_candidates(4)
    names = [
        ("=cmd|' /C calc'!A0", "Smith"),
        ("+1", "@Jones"),
        ("-Ann", "Lee"),
        ("\tTab", "Lee"),
    ]
    for person, (first, last) in zip(people, names, strict=True):
        person.first_name, person.last_name = first, last
        person.save()
        put(claim, person, {1: "C"})
    rows = read(claim_csv_response(fresh(claim)))[1:]
    exported = sorted(row[0] for row in rows)
    assert exported == sorted(
        ["'=cmd|' /C calc'!A0 Smith", "'+1 @Jones", "'-Ann Lee", "'\tTab Lee"]
    )
    for row in rows:
        assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_columns_are_read_before_streaming_and_candidates_a_batch_at_a_time(
    demo: None, django_assert_num_queries: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = fresh(big_claim(300, 20, every=4))
    with django_assert_num_queries(1):
        response = claim_csv_response(claim)
    whole = read(claim_csv_response(claim))
    monkeypatch.setattr(contents, "BATCH_SIZE", 100)
    response = claim_csv_response(claim)
    # Three full batches of 100, then one that finds nothing more.
    with django_assert_num_queries(4):
        rows = read(response)
    assert rows == whole
    assert len(rows) == 301
    assert rows[0][2:] == [str(n) for n in range(1, 21)]
    assert [row[1] for row in rows[1:]] == [str(90000000 + i) for i in range(300)]


def test_batches_keep_the_grid_order_when_names_repeat(
    demo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = big_claim(7, 2)
    # Everyone the same name: the candidate number alone orders them, across batches too.
    Candidate.objects.filter(number__startswith="9000000").update(first_name="Sam", last_name="Lee")
    monkeypatch.setattr(contents, "BATCH_SIZE", 2)
    rows = read(claim_csv_response(fresh(claim)))[1:]
    assert [row[1] for row in rows] == [str(90000000 + i) for i in range(7)]
    assert {row[0] for row in rows} == {"Sam Lee"}
