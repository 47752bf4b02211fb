"""Moving to one outbox: the messages already kept are sent, and each notice becomes the
message of its key, with its kind and claim, so nobody already told is told again; then the
outbox names what each email is about without a column pointing at claims."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("notifications", "0002_notice_outboxrecipient")]
AFTER = [("notifications", "0005_delete_notice")]
BEFORE_ABOUT = [("notifications", "0007_outbox_names_what_an_email_is_about")]


def _migrate(target: list[tuple[str, str]] | None = None) -> Any:
    executor = MigrationExecutor(connection)
    target = target or executor.loader.graph.leaf_nodes()
    executor.migrate(target)
    return MigrationExecutor(connection).loader.project_state(target).apps


@pytest.fixture(autouse=True)
def _latest_schema_afterwards() -> Iterator[None]:
    """The later tests need every migration, including those after the one a test stops at."""
    yield
    _migrate()


def test_notices_and_kept_messages_become_one_outbox(demo: None) -> None:
    old = _migrate(BEFORE)
    claim_id = old.get_model("claims", "Claim").objects.order_by("pk").values("pk")[0]["pk"]
    Message = old.get_model("notifications", "OutboxMessage")
    Notice = old.get_model("notifications", "Notice")
    sent_at = timezone.now()
    Message.objects.create(
        key="claim-finalised:1",
        to=["exams@northfield.test"],
        from_email="f@x.test",
        subject="Claim sent",
        body="B",
    )
    Message.objects.create(
        to=["new@northfield.test"],
        from_email="f@x.test",
        subject="Set your CertClaims password",
        body="http://x/password/set/MQ/token/",
    )
    common = {"to": ["exams@northfield.test"], "subject": "S", "body": "B", "claim_id": claim_id}
    Notice.objects.create(
        key="claim-finalised:1", kind="claim_finalised", sent_at=sent_at, attempts=1, **common
    )
    Notice.objects.create(
        key="claim-results:1", kind="results_published", sent_at=sent_at, attempts=1, **common
    )
    Notice.objects.create(key="claim-35-day:1", kind="overdue_centre", attempts=2, **common)

    new = _migrate(AFTER)
    Message = new.get_model("notifications", "OutboxMessage")
    by_key = {m.key: m for m in Message.objects.all()}
    assert set(by_key) == {None, "claim-finalised:1", "claim-results:1", "claim-35-day:1"}
    finalised = by_key["claim-finalised:1"]
    assert (finalised.status, finalised.kind, finalised.claim_id) == (
        "sent",
        "claim_finalised",
        claim_id,
    )
    assert finalised.subject == "Claim sent" and finalised.sent_at == sent_at
    results = by_key["claim-results:1"]
    assert (results.status, results.kind, results.claim_id) == (
        "sent",
        "results_published",
        claim_id,
    )
    assert list(results.recipients.values_list("email", flat=True)) == ["exams@northfield.test"]
    overdue = by_key["claim-35-day:1"]
    assert (overdue.status, overdue.attempts) == ("waiting", 2)
    assert overdue.next_attempt_at is not None
    link = by_key[None]
    assert link.status == "sent" and link.confidential


def test_emails_about_a_claim_keep_naming_it_once_the_claim_column_goes(demo: None) -> None:
    old = _migrate(BEFORE_ABOUT)
    claim_id = old.get_model("claims", "Claim").objects.order_by("pk").values("pk")[0]["pk"]
    Message = old.get_model("notifications", "OutboxMessage")
    common = {"to": ["exams@northfield.test"], "from_email": "f@x.test", "body": "B"}
    reminded = Message.objects.create(
        key="claim-evidence-reminder:1",
        kind="evidence_reminder",
        claim_id=claim_id,
        subject="Send the work",
        **common,
    )
    password = Message.objects.create(kind="set_password", subject="Set a password", **common)

    new = _migrate()
    Message = new.get_model("notifications", "OutboxMessage")
    moved = Message.objects.get(pk=reminded.pk)
    assert (moved.about_type, moved.about_id, moved.kind) == (
        "claims.claim",
        claim_id,
        "evidence_reminder",
    )
    assert (Message.objects.get(pk=password.pk).about_type, password.about_id) == ("", None)
    assert "claim_id" not in {f.attname for f in Message._meta.get_fields() if f.concrete}
