"""The import's dry run reports every error of every row, each with its row and column: on the
job page, in the refusal an import raises, and from the command."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, User
from candidates import import_actions, importing
from candidates.models import Candidate, ImportJob
from candidates.tests.test_import_files import GOOD, csv_bytes
from candidates.tests.test_import_pages import upload
from common.errors import DomainErrors

pytestmark = pytest.mark.django_db

# Rows 2 to 5 each have several errors; row 6 has none.
ROWS = (
    # A formula-looking first name, an impossible date, a unit 03991 does not have.
    "11900010,=Nia,Patel,31/02/2001,,03991,units,1;999",
    # A tab in the first name, a date before 1900, a unit that is not a number and an unknown one.
    "11900011,Sam\tLee,Lee,01/01/1800,,03991,units,x;999",
    # No candidate number, no last name, a date that is not a date, a unit 03991 does not have.
    ",Ann,,1990-13-45,,03991,units,999",
    # A formula-looking last name, a future date, units listed for a full award.
    "11900013,Ola,+Nowak,01/01/2999,9999999999,03991,full,1",
    GOOD,
)

EXPECTED = [
    (2, "first_name", "The first name starts with '=', which spreadsheets treat as a formula"),
    (2, "date_of_birth", "'31/02/2001' is not a date"),
    (2, "units", "03991 has no unit 999"),
    (3, "first_name", "The first name contains a tab"),
    (3, "date_of_birth", "The date of birth is before 1900"),
    (3, "units", "'x' is not a unit number"),
    (3, "units", "03991 has no unit 999"),
    (4, "candidate_number", "Enter the candidate number"),
    (4, "last_name", "Enter the last name"),
    (4, "date_of_birth", "'1990-13-45' is not a date"),
    (4, "units", "03991 has no unit 999"),
    (5, "last_name", "The last name starts with '+', which spreadsheets treat as a formula"),
    (5, "date_of_birth", "in the future"),
    (5, "uln", "check digit"),
    (5, "units", "Leave units empty for a full award entry"),
]


def found(errors: list[tuple[int | None, str | None, str]]) -> None:
    assert len(errors) == len(EXPECTED), errors
    for (row, column, message), (want_row, want_column, want_message) in zip(
        errors, EXPECTED, strict=True
    ):
        assert (row, column) == (want_row, want_column)
        assert want_message in message, (row, column, message)


@pytest.fixture
def check(centre_admin: User) -> Callable[[bytes], ImportJob]:
    membership = Membership.objects.get(user=centre_admin)

    def run(data: bytes) -> ImportJob:
        return import_actions.check_candidate_import(
            membership=membership, data=data, filename="upload.csv", acting_user=centre_admin
        )

    return run


def test_the_dry_run_keeps_every_error_of_every_row(check: Callable[[bytes], ImportJob]) -> None:
    job = check(csv_bytes(*ROWS))
    found([(e["row"], e["column"], e["message"]) for e in job.errors])
    assert [o[2] for o in job.outcomes] == ["Error"] * 4 + ["Add candidate and entry"]
    assert job.summary["rows_with_errors"] == 4


def test_the_refusal_carries_every_error_with_its_row_and_column(centre_admin: User) -> None:
    membership = Membership.objects.select_related("centre").get(user=centre_admin)
    result = importing.check(csv_bytes(*ROWS), centre=membership.centre)
    refusal = importing.refusal(result)
    assert isinstance(refusal, DomainErrors)
    found([(e.row, e.field, e.message) for e in refusal.errors])
    assert str(refusal) == "The file has 15 errors: nothing was imported"


def test_the_job_page_lists_every_error(centre_admin_client: Client) -> None:
    upload(centre_admin_client, csv_bytes(*ROWS))
    job = ImportJob.objects.get()
    page = centre_admin_client.get(reverse("candidates:import-job", args=[job.pk])).content
    text = page.decode()
    assert "The file has 15 errors: nothing can be imported" in text
    cells = [
        (row, column)
        for row, column, _ in EXPECTED
        if f'<td class="govuk-table__cell">{row}</td>\n      '
        f'<td class="govuk-table__cell">{column}</td>' in text
    ]
    assert len(cells) == len(EXPECTED)
    for _, _, message in EXPECTED:
        assert message.replace("'", "&#x27;") in text


def test_the_command_prints_every_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Any, demo: None
) -> None:
    path = tmp_path / "candidates.csv"
    path.write_bytes(csv_bytes(*ROWS))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_candidates", str(path), centre="12345", user="admin@northfield.test")
    err = capsys.readouterr().err
    for row, column, message in EXPECTED:
        assert f"Row {row} ({column}): " in err
        assert message in err
    assert not Candidate.objects.filter(number="11900001").exists()
