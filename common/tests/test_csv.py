"""CSV downloads: every cell safe from spreadsheet formulas, streamed row by row."""

import csv
import io

import pytest

from common.csv import csv_response, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.test","x")', '\'=HYPERLINK("http://evil.test","x")'),
        ("+44 20", "'+44 20"),
        ("-1", "'-1"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("Amira Khan", "Amira Khan"),
        ("O'Neil", "O'Neil"),
        ("a=b", "a=b"),
        (78103, "78103"),
        (None, ""),
        ("", ""),
    ],
)
def test_safe_cell(value: object, expected: str) -> None:
    assert safe_cell(value) == expected


def test_csv_response_streams_safe_rows() -> None:
    data: list[list[object]] = [["=1+1", "Zoë"], ["plain", 3]]
    rows = (row for row in data)
    response = csv_response("results 12345/03991.csv", ["Name", "-Header"], rows)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="results-12345-03991.csv"'
    body = b"".join(response.streaming_content)  # type: ignore[arg-type]
    assert body.startswith("\ufeff".encode())
    parsed = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert parsed == [["Name", "'-Header"], ["'=1+1", "Zoë"], ["plain", "3"]]
