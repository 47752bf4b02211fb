"""Background processing of finalised claims, and the check that tells centres their results
are published; both queued by the scheduled tick (`jobs.tasks`). Tasks take ids (or nothing)
and call the action."""

import logging

from django_tasks import task

from common.errors import Conflict
from jobs.leases import exclusive

from . import actions, reminders, selectors

logger = logging.getLogger(__name__)

PROCESSING = "results.process_finalised_claims"
RESULTS_NOTICES = "results.send_results_notices"


@task()
def process_claim(claim_id: int) -> int:
    """Process one Finalised claim into results; returns how many units became achieved."""
    return len(actions.process_claim(claim_id=claim_id, acting_user=None).achieved)


@task()
def process_finalised_claims() -> int:
    """Process every Finalised claim that has results to record; returns how many were processed.

    One run at a time, under the lease named PROCESSING: a second worker's run while one is
    going does nothing, and a run whose worker died is taken over once its lease has run out.
    Each claim is its own transaction with the claim locked, so a claim is processed once
    whoever gets to it, and one that cannot be processed does not hold up the rest. A claim
    another worker holds (or one of the centre it is on) is passed over; the next run takes
    any still Finalised. A claim
    whose every unit was withdrawn is never picked: it stays Finalised.
    """
    with exclusive(PROCESSING) as run:
        if run is None:
            return 0
        processed = 0
        for claim_id in selectors.finalised_claim_ids_with_results():
            run.check()
            try:
                # Workers started together share the list: each passes over the claims (and
                # centres) another is on rather than waiting for them.
                actions.process_claim(claim_id=claim_id, acting_user=None, skip_locked=True)
            except Conflict as error:
                # Moved on by someone else since the list was read; the next run sees it as it is.
                logger.info("Claim %s not processed: %s", claim_id, error.message)
                continue
            processed += 1
        return processed


@task()
def send_results_notices() -> int:
    """Tell centres whose claims' results are now published, on one worker at a time (a named
    lease); returns how many were told."""
    with exclusive(RESULTS_NOTICES) as run:
        if run is None:
            return 0
        return reminders.send_due_notices()
