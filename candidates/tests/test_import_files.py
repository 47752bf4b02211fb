"""Bulk import: every malformed file is refused with a message naming the row, and nothing of it
is imported; good files import whole."""

from collections.abc import Callable

import pytest

from accounts.models import Membership, User
from candidates import import_actions, importing
from candidates.models import Candidate, ImportJob, NamedEntry
from common.errors import Conflict, DomainErrors

pytestmark = pytest.mark.django_db

HEADER = (
    "candidate_number,first_name,last_name,date_of_birth,uln,qualification_code,entry_type,units"
)
GOOD = "11900001,Nia,Patel,03/04/2001,9999999998,03991,full,"
GOOD_2 = "11900002,Sam,Lee,21/09/2000,,03991,units,1;4;13"


def csv_bytes(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode(encoding)


def membership_of(user: User) -> Membership:
    return Membership.objects.select_related("centre").get(user=user)


@pytest.fixture
def check(centre_admin: User) -> Callable[[bytes], ImportJob]:
    def run(data: bytes, user: User = centre_admin) -> ImportJob:
        return import_actions.check_candidate_import(
            membership=membership_of(user), data=data, filename="upload.csv", acting_user=user
        )

    return run


def counts() -> tuple[int, int]:
    return Candidate.objects.count(), NamedEntry.objects.count()


# Each malformed file: (file, message expected, row it is reported on (None: the whole file)).
MALFORMED: list[tuple[str, bytes, str, int | None]] = [
    (
        "windows-1252",
        csv_bytes("11900001,Zoë,Brontë,03/04/2001,,,,", encoding="cp1252"),
        "looks like Windows-1252 ('ANSI'), not UTF-8: the first character that cannot be "
        "read is on line 2",
        None,
    ),
    ("utf-16", csv_bytes(GOOD, encoding="utf-16"), "saved as UTF-16", None),
    ("workbook", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "spreadsheet workbook", None),
    ("binary", b"\x00\x01\x02garbage", "not a CSV text file", None),
    ("empty", b"", "The file is empty", None),
    ("header only", csv_bytes(), "no rows to import", None),
    (
        "missing column",
        csv_bytes("11900001,Nia,Patel,03/04/2001,03991,full,", header=HEADER.replace(",uln", "")),
        "The file has no column uln",
        1,
    ),
    ("unknown column", csv_bytes(GOOD + ",x", header=HEADER + ",dob"), "Unknown column 'dob'", 1),
    (
        "repeated column",
        csv_bytes(GOOD + ",Nia", header=HEADER + ",first_name"),
        "first_name appears more than once",
        1,
    ),
    (
        "impossible date",
        csv_bytes(GOOD, "11900003,Ann,Bell,31/02/2001,,,,"),
        "'31/02/2001' is not a date",
        3,
    ),
    ("two-digit year", csv_bytes("11900003,Ann,Bell,02/08/90,,,,"), "4-digit year", 2),
    ("future date", csv_bytes("11900003,Ann,Bell,01/01/2999,,,,"), "in the future", 2),
    ("no date", csv_bytes("11900003,Ann,Bell,,,,,"), "Enter the date of birth", 2),
    ("uln check digit", csv_bytes("11900003,Ann,Bell,01/01/2000,9999999999,,,"), "check digit", 2),
    ("uln length", csv_bytes("11900003,Ann,Bell,01/01/2000,12345,,,"), "ULN as 10 digits", 2),
    ("number letters", csv_bytes("1190A003,Ann,Bell,01/01/2000,,,,"), "digits only", 2),
    ("number missing", csv_bytes(",Ann,Bell,01/01/2000,,,,"), "Enter the candidate number", 2),
    ("first name missing", csv_bytes("11900003,,Bell,01/01/2000,,,,"), "Enter the first name", 2),
    (
        "name too long",
        csv_bytes(f"11900003,Ann,{'B' * 101},01/01/2000,,,,"),
        "100 characters or fewer",
        2,
    ),
    ("repeated row", csv_bytes(GOOD, GOOD_2, GOOD), "Row 2 already enters candidate 11900001", 4),
    (
        "same number, other details",
        csv_bytes(GOOD, "11900001,Nina,Patel,03/04/2001,9999999998,05203,full,"),
        "also on row 2 with different details",
        3,
    ),
    (
        "another centre's number",
        csv_bytes("20000001,Farah,Ali,05/03/1999,,03991,full,"),
        "Candidate number 20000001 is already in use",
        2,
    ),
    (
        "unknown qualification",
        csv_bytes("11900003,Ann,Bell,01/01/2000,,99999,full,"),
        "Unknown qualification code '99999'",
        2,
    ),
    (
        "unknown unit",
        csv_bytes("11900003,Ann,Bell,01/01/2000,,03991,units,1;99"),
        "03991 has no unit 99",
        2,
    ),
    (
        "unit not a number",
        csv_bytes("11900003,Ann,Bell,01/01/2000,,03991,units,1;x"),
        "'x' is not a unit number",
        2,
    ),
    (
        "bad entry type",
        csv_bytes("11900003,Ann,Bell,01/01/2000,,03991,partial,"),
        "'full' (full award) or 'units'",
        2,
    ),
    (
        "units with full award",
        csv_bytes("11900003,Ann,Bell,01/01/2000,,03991,full,1;2"),
        "Leave units empty",
        2,
    ),
    (
        "unit entry without units",
        csv_bytes("11900003,Ann,Bell,01/01/2000,,03991,units,"),
        "List the units entered",
        2,
    ),
    (
        "entry without qualification",
        csv_bytes("11900003,Ann,Bell,01/01/2000,,,full,"),
        "Enter the qualification code",
        2,
    ),
    (
        "formula =",
        csv_bytes('11900003,"=HYPERLINK(""http://x"")",Bell,01/01/2000,,,,'),
        "starts with '=', which spreadsheets treat as a formula",
        2,
    ),
    (
        "formula +",
        csv_bytes("11900003,Ann,+Bell,01/01/2000,,,,"),
        "The last name starts with '+'",
        2,
    ),
    (
        "formula -",
        csv_bytes("11900003,Ann,-Bell,01/01/2000,,,,"),
        "The last name starts with '-'",
        2,
    ),
    (
        "minus unit",
        csv_bytes("11900003,Ann,Bell,01/01/2000,,03991,units,-1"),
        "'-1' is not a unit number",
        2,
    ),
    (
        "minus number",
        csv_bytes("-5,Ann,Bell,01/01/2000,,,,"),
        "candidate number using digits only",
        2,
    ),
    ("plus uln", csv_bytes("11900003,Ann,Bell,01/01/2000,+123456789,,,"), "ULN as 10 digits", 2),
    ("minus date", csv_bytes("11900003,Ann,Bell,-5,,,,"), "'-5' is not a date", 2),
    ("formula @", csv_bytes("11900003,@SUM(A1),Bell,01/01/2000,,,,"), "starts with '@'", 2),
    (
        "missing cells",
        csv_bytes(GOOD, "11900003,Ann,Bell"),
        "Row 3 has 3 cells but there are 8 columns",
        3,
    ),
    (
        "unclosed quote",
        csv_bytes(GOOD, '11900003,"Ann,Bell,01/01/2000,,,,'),
        "cannot be read as CSV",
        3,
    ),
    (
        "same uln twice",
        csv_bytes(GOOD, "11900003,Ann,Bell,01/01/2000,9999999998,,,"),
        "Row 2 has the same ULN for another candidate",
        3,
    ),
    (
        "changed details",
        csv_bytes("11721896,Amira,Khan,03/08/1990,,03991,full,"),
        "already at your centre with a different date of birth",
        2,
    ),
    (
        "changed entry",
        csv_bytes("11721896,Amira,Khan,02/08/1990,,03991,units,1"),
        "already has an entry for 03991 (Full award)",
        2,
    ),
]


@pytest.mark.parametrize(
    ("data", "message", "row"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_malformed_file_is_refused_whole(
    check: Callable[..., ImportJob], centre_admin: User, data: bytes, message: str, row: int | None
) -> None:
    before = counts()
    job = check(data)
    assert job.errors, job.outcomes
    assert any(message in e["message"] and e["row"] == row for e in job.errors), job.errors
    assert not job.is_ready and job.content == b""
    membership = membership_of(centre_admin)
    with pytest.raises(Conflict):
        import_actions.queue_candidate_import(
            membership=membership, job_id=job.pk, acting_user=centre_admin
        )
    with pytest.raises(DomainErrors) as refused:
        import_actions.import_candidates(
            membership=membership, job_id=job.pk, acting_user=centre_admin
        )
    # The one many-errors type: every error of the file, each with its row and column, and the
    # dry run for the pages and the command. (The refused file is not kept: it checks as empty.)
    result = refused.value.detail
    assert isinstance(result, importing.CheckResult) and result.errors
    assert [(e.row, e.field, e.message) for e in refused.value.errors] == [
        (e.row, e.column, e.message) for e in result.errors
    ]
    assert refused.value.field == "file" and "nothing was imported" in refused.value.message
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert counts() == before


@pytest.mark.parametrize(
    ("cell", "named"),
    [("\tAnn", "a tab"), ("\rAnn", "a carriage return"), (" =Ann", "'='")],
    ids=["tab", "carriage return", "equals after a space"],
)
def test_a_formula_cell_names_the_character_to_remove(
    check: Callable[..., ImportJob], cell: str, named: str
) -> None:
    job = check(csv_bytes(f'11900003,"{cell}",Bell,01/01/2000,,,,'))
    assert job.errors == [
        {
            "row": 2,
            "column": "first_name",
            "message": f"The first name starts with {named}, which spreadsheets treat as a "
            "formula: remove it",
        }
    ]


def test_a_number_starting_with_minus_gets_the_numbers_own_message(
    check: Callable[..., ImportJob],
) -> None:
    job = check(csv_bytes("-5,Ann,Bell,01/01/2000,,,,"))
    assert job.errors == [
        {
            "row": 2,
            "column": "candidate_number",
            "message": "Enter the candidate number using digits only",
        }
    ]


def test_there_are_at_least_twenty_malformed_files() -> None:
    assert len(MALFORMED) >= 20


def test_a_qualification_the_centre_is_not_approved_for(
    check: Callable[..., ImportJob], southbank_admin: User
) -> None:
    job = check(csv_bytes("21000001,Ann,Bell,01/01/2000,,05203,full,"), user=southbank_admin)
    assert [e["message"] for e in job.errors] == [
        "Your centre is not approved for qualification 05203"
    ]


def test_a_uln_held_by_an_existing_candidate(check: Callable[..., ImportJob]) -> None:
    Candidate.objects.filter(number="20000001").update(uln="9999999998")
    job = check(csv_bytes(GOOD))
    assert [e["message"] for e in job.errors] == ["ULN 9999999998 is already in use"]


def test_too_many_rows_and_too_large(
    check: Callable[..., ImportJob], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("candidates.import_reading.MAX_ROWS", 1)
    job = check(csv_bytes(GOOD, GOOD_2))
    assert job.errors[0]["message"] == "The file has more than 1 rows: split it into smaller files"
    monkeypatch.setattr(importing, "MAX_BYTES", 100)
    job = check(csv_bytes(GOOD, GOOD_2))
    assert "The file is larger than" in job.errors[0]["message"]


def test_every_error_of_every_row_is_reported(check: Callable[..., ImportJob]) -> None:
    job = check(
        csv_bytes(
            "11900003,Ann,,31/02/2001,123,,,",
            GOOD,
            "1190000X,=Bob,Bell,01/01/2000,,,,",
        )
    )
    assert {(e["row"], e["column"]) for e in job.errors} == {
        (2, "last_name"),
        (2, "date_of_birth"),
        (2, "uln"),
        (4, "candidate_number"),
        (4, "first_name"),
    }
    assert [o[2] for o in job.outcomes] == ["Error", "Add candidate and entry", "Error"]


def test_a_good_file_reports_every_rows_outcome(check: Callable[..., ImportJob]) -> None:
    data = csv_bytes(
        GOOD,
        GOOD_2,
        "11900002,Sam,Lee,21/09/2000,,05203,full,",
        "11721896,Amira,Khan,02/08/1990,,03991,full,",
        "11721897,Daniel,Evans,25/08/1996,,03991,units,1;2",
        "11900004,Ola,Nowak,1999-01-15,,,,",
    )
    job = check(data)
    assert job.errors == []
    assert [o[2] for o in job.outcomes] == [
        "Add candidate and entry",
        "Add candidate and entry",
        "Add entry",
        "Unchanged",
        "Add entry",
        "Add candidate",
    ]
    assert job.summary["candidates"] == 3 and job.summary["entries"] == 4
    assert job.is_ready and bytes(job.content) == data


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + csv_bytes(GOOD),
        csv_bytes(GOOD).replace(b"\n", b"\r\n"),
        b"units,entry_type,qualification_code,uln,date_of_birth,last_name,first_name,"
        b"candidate_number\n,full,03991,9999999998,03/04/2001,Patel,Nia,11900001\n",
        csv_bytes(
            GOOD,
            "",
            "  ",
            header="Candidate Number, First Name,Last_Name,date_of_birth,"
            "ULN,qualification_code,entry_type,units",
        ),
    ],
    ids=["bom", "crlf", "columns in another order", "blank lines and header spaces"],
)
def test_files_as_spreadsheets_save_them_are_accepted(
    check: Callable[..., ImportJob], data: bytes
) -> None:
    job = check(data)
    assert job.errors == []
    assert job.outcomes == [[2, "11900001", "Add candidate and entry", "03991"]]
