"""Moving VerifierReport from moderation to verification keeps every report and its audit trail."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_MOVE = ("moderation", "0002_verifier_report_index_named")


def _migrate(*, before_move: bool = False) -> Any:
    """Migrate to just before the move (verification not yet created), or to the end; returns
    the models as they stand there."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    if not before_move:
        executor.migrate(leaves)
        return MigrationExecutor(connection).loader.project_state(leaves).apps
    executor.migrate([BEFORE_MOVE, ("verification", None)])
    # The models as the applied migrations leave them: migrating back also unapplies the other
    # apps' migrations that depend on the move (reviews, say), so not every leaf applies.
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations), at_end=True).apps


@pytest.fixture(autouse=True)
def _latest_schema_afterwards() -> Iterator[None]:
    yield
    _migrate()


def test_the_reports_of_a_database_holding_the_demo_world_move_with_their_rows(
    demo: None,
) -> None:
    old = _migrate(before_move=True)
    Centre = old.get_model("accounts", "Centre")
    Qualification = old.get_model("catalogue", "Qualification")
    User = old.get_model("accounts", "User")
    centre = Centre.objects.get(number="12345")
    report = old.get_model("moderation", "VerifierReport").objects.create(
        centre=centre,
        qualification=Qualification.objects.get(code="05203"),
        verifier=User.objects.get(email="verifier@awarding.test"),
        visit_date=date(2026, 11, 10),
        actions="Date every witness statement.",
        recommendations="Standardise each term.",
        sanction_level="1",
        recommends_direct_claim_status=True,
        created_at=timezone.now(),
    )
    old.get_model("audit", "AuditEvent").objects.create(
        action="verification.report",
        object_type="moderation.verifierreport",
        object_id=str(report.pk),
        summary="Verifier report",
        centre=centre,
    )
    candidates_before = old.get_model("candidates", "Candidate").objects.count()

    new = _migrate()
    moved = new.get_model("verification", "VerifierReport").objects.get(pk=report.pk)
    assert (moved.centre.number, moved.qualification.code, moved.visit_date) == (
        "12345",
        "05203",
        date(2026, 11, 10),
    )
    assert moved.recommendations == "Standardise each term." and moved.sanction_level == "1"
    event = new.get_model("audit", "AuditEvent").objects.get(action="verification.report")
    assert (event.object_type, event.object_id) == ("verification.verifierreport", str(report.pk))
    assert new.get_model("candidates", "Candidate").objects.count() == candidates_before
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "verification_verifierreport" in tables
    assert "moderation_verifierreport" not in tables
