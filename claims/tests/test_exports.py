"""The claim as a CSV file: streamed, one row per candidate, never a spreadsheet formula."""

import csv
import io
from typing import Any

import pytest
from django.http import StreamingHttpResponse

from claims.exports import claim_csv_response
from claims.models import Claim
from common.csv import BYTE_ORDER_MARK

from .claim_data import big_claim, draft, many_candidates, put

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
    Claim.objects.filter(pk=claim.pk).update(claim_number=78104)
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


def test_queries_are_made_before_streaming_and_do_not_grow(
    demo: None, django_assert_num_queries: Any
) -> None:
    claim = fresh(big_claim(300, 20, every=4))
    with django_assert_num_queries(2):
        response = claim_csv_response(claim)
    with django_assert_num_queries(0):
        rows = read(response)
    assert len(rows) == 301
    assert rows[0][2:] == [str(n) for n in range(1, 21)]
