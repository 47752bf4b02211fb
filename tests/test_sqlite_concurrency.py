"""On SQLite (what `make run` uses), requests that write at the same moment each get their
answer, never a 500 "database is locked".

The suite's SQLite test database is in memory, where one process's threads share one cache and
never meet SQLite's file locks. So the test database, with the world these requests need, is
copied to a file, and tests/sqlite_writers.py runs the requests from real threads in another
process with the project's own database settings.
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from accounts import invitations
from accounts.models import Membership, Role, User
from accounts.tests.helpers import code_for, with_device
from api.tests.conftest import api_client, token_for
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's locking: on PostgreSQL the row locks are tested with threads")


def _copied_to_a_file(tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return path


def _run(database: Path, scenarios: dict[str, str]) -> dict[str, list[Any]]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tests.sqlite_writers", json.dumps(scenarios)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answers: dict[str, list[Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return answers


def test_simultaneous_writes_on_a_sqlite_file_each_get_their_answer(
    tmp_path: Path, tutor: User, centre_admin: User, southbank_admin: User
) -> None:
    device, _ = with_device(tutor)
    token = token_for(tutor)
    tutor_api = api_client(token)
    tutor_api.post(
        "/api/v1/qualifications/03991/assessors/",
        {"name": "Test Assessor", "initials": "TA"},
        format="json",
    )
    claim_id = tutor_api.post("/api/v1/claims/", {"qualification": "03991"}, format="json").json()[
        "id"
    ]
    invitation = invitations.invite(
        membership=Membership.objects.get(user=southbank_admin),
        user=centre_admin,
        email=centre_admin.email,
        full_name="Alex Admin",
        role=Role.TUTOR,
        acting_user=southbank_admin,
    )
    body = OutboxMessage.objects.get(key=f"invitation:{invitation.pk}").body
    found = re.search(r"/invitations/([^/\s]+)/", body)
    assert found is not None
    database = _copied_to_a_file(tmp_path)

    answers = _run(
        database,
        {
            "two_factor_codes": code_for(device, 1),
            "claim_candidate_puts": f"{token}:{claim_id}",
            "invitation_accepts": found.group(1),
        },
    )
    # One session's code signs it in; the others are told the code is used (400, never a 500).
    codes = answers["two_factor_codes"]
    assert set(codes) <= {400, 302} and codes.count(302) == 1, codes
    puts = answers["claim_candidate_puts"]
    assert set(puts) <= {200, 409}, puts
    # One acceptance makes the membership; the others are told it was answered already (409).
    accepts = answers["invitation_accepts"]
    assert set(accepts) <= {409, 302} and accepts.count(302) == 1, accepts
    with sqlite3.connect(database) as copy:
        memberships = copy.execute(
            "SELECT count(*) FROM accounts_membership m JOIN accounts_centre c "
            "ON c.id = m.centre_id WHERE m.user_id = ? AND c.number = '67890'",
            (centre_admin.pk,),
        ).fetchone()[0]
    assert memberships == 1
