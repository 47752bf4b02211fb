"""A feedback report carries its claim's centre: set by whoever writes the report, and filled in
from the claims for reports written before; the centre's list of reports is keyed on it."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.models import Centre, User
from moderation import actions
from moderation.models import FeedbackReport

from .factories import demo_claim

BEFORE = [("moderation", "0008_arrivals_from_existing_evidence")]


@pytest.mark.django_db
def test_every_writer_of_a_report_gives_it_the_claims_centre(moderator: User) -> None:
    saved = demo_claim()
    actions.save_feedback(claim_id=saved.pk, feedback="Well documented.", acting_user=moderator)
    withdrawn = demo_claim()
    # Withdrawing a claim without feedback written issues a report all the same.
    actions.withdraw_claim(claim_id=withdrawn.pk, reason="Asked to", acting_user=moderator)
    for claim in (saved, withdrawn):
        assert FeedbackReport.objects.get(claim=claim).centre_id == claim.centre_id


@pytest.mark.django_db
def test_the_centre_lists_the_reports_of_its_own_centre_only(
    moderator: User, tutor_client: Any
) -> None:
    url = reverse("moderation:centre-moderator-reports")
    claim = demo_claim()
    actions.withdraw_claim(claim_id=claim.pk, reason="Asked to", acting_user=moderator)
    assert f"Report for claim {claim.claim_number}" in tutor_client.get(url).content.decode()
    other = Centre.objects.exclude(pk=claim.centre_id).first()
    assert other is not None
    FeedbackReport.objects.filter(claim=claim).update(centre=other)
    assert f"Report for claim {claim.claim_number}" not in tutor_client.get(url).content.decode()


def _migrate(targets: list[tuple[str, str]] | None = None) -> Any:
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def _latest_schema_afterwards() -> Iterator[None]:
    yield
    _migrate()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_latest_schema_afterwards")
def test_reports_written_before_take_their_claims_centre(moderator: User) -> None:
    claims = [demo_claim(), demo_claim()]
    for claim in claims:
        actions.withdraw_claim(claim_id=claim.pk, reason="Asked to", acting_user=moderator)
    old = _migrate(BEFORE)
    Old = old.get_model("moderation", "FeedbackReport")
    assert "centre" not in {f.name for f in Old._meta.get_fields()}
    assert Old.objects.filter(claim__in=[c.pk for c in claims]).count() == 2
    _migrate()
    for claim in claims:
        assert FeedbackReport.objects.get(claim=claim).centre_id == claim.centre_id
