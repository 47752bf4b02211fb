"""The outbox in a real browser: each email's delivery state for its recipient, and operations
filtering for failed emails and retrying one. Every page is checked with axe-core."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from notifications import notices
from notifications.models import OutboxMessage, OutboxStatus

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _email(subject: str, **state: Any) -> OutboxMessage:
    message = notices.create(kind="test", to=["tutor@northfield.test"], subject=subject, body="B")
    assert message is not None
    OutboxMessage.objects.filter(pk=message.pk).update(**state)
    return message


@pytest.fixture
def emails(page: Any) -> None:
    # Delivered at once (the tests' in-process tasks), then set to each state.
    _email("Claim 78104 submitted")
    _email(
        "Send the candidate work for claim 78104",
        status=OutboxStatus.WAITING,
        attempts=2,
        next_attempt_at=timezone.now() + timedelta(minutes=5),
        last_error="The mail server refused the connection",
    )
    _email(
        "Claim 78104 sent to OCR",
        status=OutboxStatus.FAILED,
        attempts=28,
        next_attempt_at=None,
        last_error="The mail server did not answer within 10 seconds",
    )


def test_the_recipient_sees_each_emails_state(page: Any, emails: None) -> None:
    sign_in(page, "tutor@northfield.test")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Outbox").click()
    table = page.locator("table")
    for words in ("Sent", "Waiting", "Tried 2 times", "Failed after 28 tries"):
        assert words in table.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Send the candidate work for claim 78104").click()
    assert "The mail server refused the connection" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Retry").count() == 0
    assert_accessible(page)


def test_operations_find_a_failed_email_and_retry_it(page: Any, emails: None) -> None:
    sign_in(page, "ops@awarding.test")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Outbox").click()
    page.get_by_label("Status").select_option("failed")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "Failed after 28 tries" in rows.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Claim 78104 sent to OCR").click()
    assert "Last error" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Retry").click()
    main = page.locator("main").inner_text()
    assert "The email will be sent again" in main
    assert "Sent" in page.locator(".govuk-summary-list").inner_text()
    assert_accessible(page)
