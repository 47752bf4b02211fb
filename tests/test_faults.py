"""Faults and races on PostgreSQL, with real threads and a real killed process.

Each thread uses its own connection and closes it; the test database is transactional so the
threads and the subprocess see each other's commits.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from candidates.models import AchievedUnit
from claims.models import Claim, ClaimCandidate, ClaimedUnit, ClaimStatus
from claims.tests.helpers import candidate_url, form_data, start_claim
from conftest import client_for
from moderation import actions as moderation_actions
from moderation.tests.factories import demo_claim, on_claim
from notifications.models import OutboxMessage
from results import actions as results_actions
from tests.threads import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)


def _ready_to_send(moderator: User) -> Claim:
    claim = demo_claim()
    moderation_actions.save_feedback(claim_id=claim.pk, feedback="Good.", acting_user=moderator)
    return claim


def test_sending_to_the_awarding_body_twice_at_once_finalises_once(moderator: User) -> None:
    claim = _ready_to_send(moderator)

    def send() -> Claim:
        return moderation_actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)

    first, second = at_once(send, send)
    outcomes = [r for r in (first, second) if isinstance(r, Claim)]
    refused = [r for r in (first, second) if isinstance(r, Exception)]
    assert len(outcomes) == 1 and len(refused) == 1, (first, second)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.FINALISED
    assert claim.reference == outcomes[0].reference
    events = AuditEvent.objects.filter(
        action="claim.finalised", object_type="claims.claim", object_id=str(claim.pk)
    )
    assert events.count() == 1
    assert OutboxMessage.objects.filter(key=f"claim-finalised:{claim.pk}").count() == 1


# A worker killed while processing: the subprocess records results one candidate per batch and
# is killed with SIGKILL after the first batch, in the middle of the transaction.
KILLED_WORKER = """
import os, signal, sys
import django
django.setup()
from results.actions import processing as actions
actions.BATCH_SIZE = 1
record_batch = actions._record_batch
calls = []
def killed_midway(**kwargs):
    record_batch(**kwargs)
    calls.append(1)
    if len(calls) == 1:
        os.kill(os.getpid(), signal.SIGKILL)
actions._record_batch = killed_midway
actions.process_claim(claim_id=int(sys.argv[1]), acting_user=None)
"""


def _database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def test_a_worker_killed_while_processing_leaves_nothing_half_done_and_a_retry_completes_it(
    moderator: User,
) -> None:
    claim = demo_claim()  # Amira Khan and Chloe Davies: two candidates, two batches
    for number in ("11721896", "11721832"):
        moderation_actions.accept_candidate_units(
            claim_id=claim.pk,
            claim_candidate_id=on_claim(claim, number).pk,
            acting_user=moderator,
        )
    moderation_actions.save_feedback(claim_id=claim.pk, feedback="Good.", acting_user=moderator)
    moderation_actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    # The demo's earlier claim has achieved units already; this claim must add none.
    achieved_events = AuditEvent.objects.filter(action="results.units_achieved")
    earlier = achieved_events.count()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
    }
    # Our own interpreter running our own script: no outside input.
    worker = subprocess.run(  # noqa: S603
        [sys.executable, "-c", KILLED_WORKER, str(claim.pk)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert worker.returncode == -signal.SIGKILL, worker.stderr.decode()[-2000:]

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.FINALISED
    assert not AchievedUnit.objects.filter(claim=claim).exists()
    assert achieved_events.count() == earlier

    results_actions.process_claim(claim_id=claim.pk, acting_user=None)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PROCESSED
    achieved = AchievedUnit.objects.filter(claim=claim)
    assert sorted(achieved.values_list("candidate__number", "unit__number")) == [
        ("11721832", 1),
        ("11721896", 1),
        ("11721896", 4),
    ]


def _rows() -> tuple[int, int, int]:
    return (
        ClaimCandidate.objects.count(),
        ClaimedUnit.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_database_failing_during_a_save_shows_the_error_page_and_saves_nothing(
    tutor: User,
) -> None:
    claim = start_claim(tutor)
    data = form_data(tutor, claim, "11721896", [1, 4])
    client = client_for(tutor)
    client.raise_request_exception = False
    before = (
        ClaimCandidate.objects.count(),
        ClaimedUnit.objects.count(),
        AuditEvent.objects.count(),
    )

    def unavailable(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith('INSERT INTO "CLAIMS_CLAIMEDUNIT"'):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(unavailable):
        response = client.post(candidate_url(claim, "11721896"), data)

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "Nothing you were saving has been partly saved" in response.content.decode()
    after = (
        ClaimCandidate.objects.count(),
        ClaimedUnit.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before

    # When the database is back, the same save goes through.
    saved = client.post(candidate_url(claim, "11721896"), data)
    assert saved.status_code == 302
    assert ClaimedUnit.objects.filter(claim_candidate__claim=claim).count() == 2
    assert Client().get(reverse("accounts:sign-in")).status_code == 200
