"""Bulk import through the pages (upload, dry run, import as a task, progress) and the command."""

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, Role, User
from audit.models import AuditEvent
from candidates import import_actions, importing
from candidates.models import Candidate, ImportJob, NamedEntry
from candidates.tasks import run_candidate_import
from candidates.tests.test_import_files import GOOD, GOOD_2, csv_bytes
from conftest import client_for

pytestmark = pytest.mark.django_db


def upload(client: Client, data: bytes, name: str = "candidates.csv") -> Any:
    return client.post(
        reverse("candidates:import"), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def many_rows(count: int, *, start: int = 0) -> bytes:
    lines = [
        f"5{start + n:07d},First{n},Last{n},01/01/2000,,03991,"
        + ("full," if n % 2 else "units,1;4;13")
        for n in range(count)
    ]
    return csv_bytes(*lines)


def test_upload_check_and_import(
    centre_admin_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    response = upload(centre_admin_client, csv_bytes(GOOD, GOOD_2))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("candidates:import-job", args=[job.pk])
    page = centre_admin_client.get(response["Location"]).content.decode()
    assert "What each row would do" in page
    assert "Add candidate and entry" in page
    assert "Import 2 candidates and 2 entries" in page
    assert not Candidate.objects.filter(number__in=["11900001", "11900002"]).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = centre_admin_client.post(reverse("candidates:import-commit", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors
    assert job.content == b"" and job.rows_done == 2
    nia = Candidate.objects.get(number="11900001")
    assert (nia.first_name, str(nia.date_of_birth), nia.uln, nia.centre.number) == (
        "Nia",
        "2001-04-03",
        "9999999998",
        "12345",
    )
    sam = NamedEntry.objects.get(candidate__number="11900002")
    assert sorted(u.number for u in sam.units.all()) == [1, 4, 13]
    assert AuditEvent.objects.filter(action="candidate.created", object_id=nia.pk).exists()
    assert AuditEvent.objects.filter(action="candidates.imported", object_id=job.pk).exists()
    done = centre_admin_client.get(reverse("candidates:import-job", args=[job.pk])).content
    assert b"Import complete" in done and b"http-equiv" not in done

    # Pressing the button again imports nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        centre_admin_client.post(reverse("candidates:import-commit", args=[job.pk]))
    assert Candidate.objects.filter(number__startswith="119000").count() == 2

    # The same file again: every row is unchanged and there is nothing to add.
    upload(centre_admin_client, csv_bytes(GOOD, GOOD_2))
    again = ImportJob.objects.latest("id")
    assert [o[2] for o in again.outcomes] == ["Unchanged", "Unchanged"]


def test_one_bad_row_imports_nothing_and_names_the_row(
    centre_admin_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    data = many_rows(300).replace(b"50000120,First120", b"50000120,=First120")
    upload(centre_admin_client, data)
    job = ImportJob.objects.get()
    page = centre_admin_client.get(reverse("candidates:import-job", args=[job.pk])).content
    assert b"The file has 1 error: nothing can be imported" in page
    assert b'<td class="govuk-table__cell">122</td>' in page
    assert b"treat as a formula" in page
    assert b"Import 300" not in page
    with django_capture_on_commit_callbacks(execute=True):
        centre_admin_client.post(reverse("candidates:import-commit", args=[job.pk]))
    assert not Candidate.objects.filter(number__startswith="5000").exists()


def test_progress_page_refreshes_itself_while_importing(centre_admin_client: Client) -> None:
    upload(centre_admin_client, csv_bytes(GOOD, GOOD_2))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, stage="Saving", rows_done=1
    )
    page = centre_admin_client.get(reverse("candidates:import-job", args=[job.pk])).content
    assert b'<meta http-equiv="refresh" content="2">' in page
    assert b"1 of 2 rows (50%)" in page
    assert b'<progress id="import-progress" max="100" value="50">' in page


def test_template_is_downloadable_and_imports_cleanly(
    centre_admin_client: Client, centre_admin: User
) -> None:
    response = centre_admin_client.get(reverse("candidates:import-template"))
    assert response["Content-Type"].startswith("text/csv")
    data = response.content
    assert data.decode("utf-8-sig").splitlines()[0] == ",".join(importing.COLUMNS)
    job = import_actions.check_candidate_import(
        membership=Membership.objects.get(user=centre_admin),
        data=data,
        filename="template.csv",
        acting_user=centre_admin,
    )
    assert job.errors == [] and job.summary["candidates"] == 3


def test_only_centre_administrators_import(tutor_client: Client, tutor: User) -> None:
    assert tutor_client.get(reverse("candidates:import")).status_code == 403
    assert upload(tutor_client, csv_bytes(GOOD)).status_code == 403
    assert ImportJob.objects.count() == 0
    assert b"Import candidates" not in tutor_client.get(reverse("candidates:list")).content


def test_another_centres_import_is_not_found(
    centre_admin_client: Client, southbank_admin: User
) -> None:
    upload(centre_admin_client, csv_bytes(GOOD))
    job = ImportJob.objects.get()
    southbank = client_for(southbank_admin)
    assert southbank.get(reverse("candidates:import-job", args=[job.pk])).status_code == 404
    assert southbank.post(reverse("candidates:import-commit", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("candidates.xlsx", b"PK\x03\x04", "must be a CSV file"),
        ("candidates.csv", b"", "The selected file is empty"),
    ],
)
def test_upload_form_errors(
    centre_admin_client: Client, name: str, data: bytes, message: str
) -> None:
    response = upload(centre_admin_client, data, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_upload_larger_than_the_limit_is_refused(
    centre_admin_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "MAX_BYTES", 1024)
    response = upload(centre_admin_client, many_rows(100))
    assert response.status_code == 400
    assert "must be smaller than" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_the_task_refuses_a_user_who_is_no_longer_administrator(
    centre_admin: User, centre_admin_client: Client
) -> None:
    upload(centre_admin_client, csv_bytes(GOOD))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    Membership.objects.filter(user=centre_admin).update(role=Role.TUTOR)
    run_candidate_import.call(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "Only a Centre Administrator" in job.errors[0]["message"]
    assert not Candidate.objects.filter(number="11900001").exists()


def test_a_thousand_rows_import_with_progress(centre_admin: User) -> None:
    membership = Membership.objects.select_related("centre").get(user=centre_admin)
    job = import_actions.check_candidate_import(
        membership=membership, data=many_rows(1000), filename="big.csv", acting_user=centre_admin
    )
    seen: list[tuple[str, int, int]] = []
    summary = import_actions.import_candidates(
        membership=membership,
        job_id=job.pk,
        acting_user=centre_admin,
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    assert (summary.candidates, summary.entries) == (1000, 1000)
    assert ("Checking", 1000, 1000) in seen and ("Saving", 1000, 1000) in seen
    assert Candidate.objects.filter(number__startswith="5").count() == 1000
    assert (
        NamedEntry.units.through.objects.filter(
            namedentry__candidate__number__startswith="5"
        ).count()
        == 500 * 3
    )


def test_management_command_dry_run_and_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Any, demo: None
) -> None:
    path = tmp_path / "candidates.csv"
    path.write_bytes(many_rows(20))
    out = io.StringIO()
    call_command(
        "import_candidates",
        str(path),
        centre="12345",
        user="admin@northfield.test",
        dry_run=True,
        stdout=out,
    )
    assert "20 rows: 20 candidates to add, 20 entries to add" in out.getvalue()
    assert "Dry run: nothing was imported." in out.getvalue()
    assert not Candidate.objects.filter(number__startswith="5").exists()
    assert "Checking [" in capsys.readouterr().err

    out = io.StringIO()
    call_command(
        "import_candidates", str(path), centre="12345", user="admin@northfield.test", stdout=out
    )
    assert "Imported 20 candidates and 20 named entries" in out.getvalue()
    assert "Saving   [" in capsys.readouterr().err
    assert Candidate.objects.filter(number__startswith="5").count() == 20


def test_management_command_reports_errors_by_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Any, demo: None
) -> None:
    path = tmp_path / "candidates.csv"
    path.write_bytes(csv_bytes(GOOD, "11900003,Ann,Bell,31/02/2001,,,,"))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_candidates", str(path), centre="12345", user="admin@northfield.test")
    assert "Row 3 (date_of_birth): '31/02/2001' is not a date" in capsys.readouterr().err
    assert not Candidate.objects.filter(number="11900001").exists()
    with pytest.raises(CommandError, match="no role at centre"):
        call_command("import_candidates", str(path), centre="67890", user="admin@northfield.test")
    with pytest.raises(CommandError, match="Only a Centre Administrator"):
        call_command("import_candidates", str(path), centre="12345", user="tutor@northfield.test")
