"""What the import pages and the history say: one candidate, not "1 candidates"; 1,500 with its
thousands separator; what each row did in the past tense once imported; and, once every row is
written, that the last changes are being saved rather than "100%" for a long while."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, User
from audit.models import AuditEvent
from candidates import import_actions, importing
from candidates.models import ImportJob
from candidates.tests.test_import_files import GOOD, csv_bytes
from candidates.tests.test_import_pages import many_rows, upload

pytestmark = pytest.mark.django_db


def _page(client: Client, job: ImportJob) -> str:
    return client.get(reverse("candidates:import-job", args=[job.pk])).content.decode()


def test_counts_have_a_thousands_separator_and_the_rows_say_what_they_did(
    centre_admin_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    upload(centre_admin_client, many_rows(1500))
    job = ImportJob.objects.get()
    dry_run = _page(centre_admin_client, job)
    assert "Import 1,500 candidates and 1,500 entries" in dry_run
    assert '<dd class="govuk-summary-list__value">1,500</dd>' in dry_run
    assert "What each row would do" in dry_run and "Add candidate and entry" in dry_run

    with django_capture_on_commit_callbacks(execute=True):
        centre_admin_client.post(reverse("candidates:import-commit", args=[job.pk]))
    done = _page(centre_admin_client, job)
    assert "1,500 candidates and 1,500 entries added" in done
    rows = done.split('id="rows"', 1)[1]
    assert "What each row did" in rows
    assert "Added candidate and entry" in rows and "Add candidate and entry" not in rows
    event = AuditEvent.objects.get(action="candidates.imported")
    assert event.summary == "Imported 1,500 candidates and 1,500 entries from candidates.csv"


def test_one_of_a_kind_is_singular(
    centre_admin_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    upload(centre_admin_client, csv_bytes(GOOD))
    job = ImportJob.objects.get()
    assert "Import 1 candidate and 1 entry" in _page(centre_admin_client, job)
    with django_capture_on_commit_callbacks(execute=True):
        centre_admin_client.post(reverse("candidates:import-commit", args=[job.pk]))
    assert "1 candidate and 1 entry added" in _page(centre_admin_client, job)
    event = AuditEvent.objects.get(action="candidates.imported")
    assert event.summary == "Imported 1 candidate and 1 entry from candidates.csv"


def test_once_every_row_is_written_the_page_says_the_last_changes_are_being_saved(
    centre_admin: User, centre_admin_client: Client
) -> None:
    membership = Membership.objects.select_related("centre").get(user=centre_admin)
    job = import_actions.check_candidate_import(
        membership=membership, data=many_rows(1200), filename="big.csv", acting_user=centre_admin
    )
    seen: list[tuple[str, int, int]] = []
    import_actions.import_candidates(
        membership=membership,
        job_id=job.pk,
        acting_user=centre_admin,
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    saving = [i for i, (stage, _, _) in enumerate(seen) if stage == "Saving"]
    finishing = seen.index((importing.FINISHING, 1200, 1200))
    # After the last row is written: finishing, until the import is done.
    assert saving and finishing > max(saving) and seen[finishing:] == [seen[finishing]]

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, stage=importing.FINISHING, rows_done=1200
    )
    page = _page(centre_admin_client, job)
    assert "Finishing: every row is written, saving the last changes" in page
    assert "(100%)" not in page
    ImportJob.objects.filter(pk=job.pk).update(stage="Saving", rows_done=1100)
    assert "1,100 of 1,200 rows (91%)" in _page(centre_admin_client, job)
