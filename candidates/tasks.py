"""Background work for candidates: importing a checked CSV file."""

import logging

from django_tasks import task

from accounts.models import Role
from accounts.selectors import membership_at
from common.errors import DomainError

from . import actions
from .models import ImportJob

logger = logging.getLogger(__name__)

# Progress is written every this many rows at most, so a large file costs few extra writes.
PROGRESS_STEP = 1_000


@task()
def run_candidate_import(job_id: int) -> None:
    """Import a queued file as the user who uploaded it, if they may still do so."""
    job = ImportJob.objects.select_related("centre", "created_by").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return
    membership = membership_at(job.created_by, job.centre_id)
    if membership is None or membership.role != Role.CENTRE_ADMINISTRATOR:
        actions.mark_import_failed(
            job,
            [
                {
                    "row": None,
                    "column": None,
                    "message": "Only a Centre Administrator can import candidates: nothing "
                    "was imported",
                }
            ],
        )
        return

    def progress(stage: str, done: int, total: int) -> None:
        if done in (0, total) or done % PROGRESS_STEP == 0:
            ImportJob.objects.filter(pk=job.pk).update(stage=stage, rows_done=done)

    try:
        actions.import_candidates(
            acting=membership, job=job, acting_user=job.created_by, progress=progress
        )
    except DomainError as refused:
        logger.info("Import %s not imported: %s", job.pk, refused.message)
