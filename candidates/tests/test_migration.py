"""Moving AchievedUnit and Award from results to candidates keeps every result and award."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_MOVE = [("candidates", "0003_import_job_lease"), ("results", "0001_initial")]


def _migrate(*, before_move: bool = False) -> Any:
    """Migrate to just before the move, or to the end; returns the models as they stand there."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    if not before_move:
        executor.migrate(leaves)
        return MigrationExecutor(connection).loader.project_state(leaves).apps
    executor.migrate(BEFORE_MOVE)
    # The models as the applied migrations leave them: migrating back also unapplies the other
    # apps' migrations that depend on the move (certificates, say), so not every leaf applies.
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations), at_end=True).apps


@pytest.fixture(autouse=True)
def _latest_schema_afterwards() -> Iterator[None]:
    yield
    _migrate()


def test_the_results_of_a_database_holding_the_demo_world_move_with_their_rows(
    demo: None,
) -> None:
    old = _migrate(before_move=True)
    Achieved = old.get_model("results", "AchievedUnit")
    ben = Achieved.objects.get(candidate__number="10050901")
    assert ben.unit.number == 1
    amira = old.get_model("candidates", "Candidate").objects.get(number="11721896")
    award = old.get_model("results", "Award").objects.create(
        candidate=amira,
        qualification=ben.unit.qualification,
        issued_at=timezone.now(),
        published_at=timezone.now(),
    )
    old.get_model("audit", "AuditEvent").objects.create(
        action="award.issued",
        object_type="results.award",
        object_id=str(award.pk),
        summary="Full award issued",
    )
    achieved_before = list(Achieved.objects.order_by("pk").values_list("pk", "unit_id", "grade"))

    new = _migrate()
    Achieved = new.get_model("candidates", "AchievedUnit")
    assert list(Achieved.objects.order_by("pk").values_list("pk", "unit_id", "grade")) == (
        achieved_before
    )
    assert Achieved.objects.get(candidate__number="10050901").claim_id == ben.claim_id
    moved = new.get_model("candidates", "Award").objects.get(pk=award.pk)
    assert (moved.candidate_id, moved.qualification_id) == (amira.pk, ben.unit.qualification_id)
    event = new.get_model("audit", "AuditEvent").objects.get(action="award.issued")
    assert event.object_type == "candidates.award"
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert {"candidates_achievedunit", "candidates_award"} <= set(tables)
    assert not {"results_achievedunit", "results_award"} & set(tables)
