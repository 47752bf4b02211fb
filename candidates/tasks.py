"""Background work for candidates: importing a checked CSV file."""

import logging

from django_tasks import task

from accounts.models import Role
from accounts.selectors import membership_at
from common.errors import DomainError
from jobs.leases import LeaseLost

from . import import_actions
from .models import ImportJob

logger = logging.getLogger(__name__)


@task()
def run_candidate_import(job_id: int) -> None:
    """Import a queued file as the user who uploaded it, if they may still do so.

    The job's lease is taken first: a second task for the same job, or one for a job another
    worker is importing, does nothing.
    """
    lease = import_actions.take_import(job_id)
    if lease is None:
        return
    try:
        job = ImportJob.objects.select_related("centre", "created_by").get(pk=job_id)
        membership = membership_at(job.created_by, job.centre_id)
        if membership is None or membership.role != Role.CENTRE_ADMINISTRATOR:
            import_actions.refuse_import(
                lease,
                "Only a Centre Administrator can import candidates: nothing was imported",
            )
            return
        import_actions.import_candidates(
            membership=membership, job_id=job.pk, acting_user=job.created_by, lease=lease
        )
    except DomainError as refused:
        logger.info("Import %s not imported: %s", job_id, refused.message)
    except LeaseLost:
        logger.warning("Import %s was taken over by another worker: this one stopped", job_id)
    except Exception:
        lease.expire()
        raise
