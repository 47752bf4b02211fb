"""Your account's emails: the outbox of the emails sent to the signed-in person (every email, for
operations), newest first, each with its delivery state; operations can send a failed one
again."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.forms import run_action
from notifications import delivery
from notifications import selectors as outbox_selectors
from notifications.models import OutboxMessage, OutboxStatus

from . import actions, selectors
from .models import User

TAGS = {
    OutboxStatus.WAITING: "govuk-tag--blue",
    OutboxStatus.SENDING: "govuk-tag--yellow",
    OutboxStatus.SENT: "govuk-tag--green",
    OutboxStatus.FAILED: "govuk-tag--red",
}


@dataclass(frozen=True)
class State:
    """A message's delivery in words: the tag, and what happened so far."""

    label: str
    tag: str
    detail: str


def _at(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _tries(n: int) -> str:
    return "1 try" if n == 1 else f"{n} tries"


def state(message: OutboxMessage) -> State:
    status = OutboxStatus(message.status)
    if status == OutboxStatus.SENT:
        detail = f"Sent {_at(message.sent_at)}" if message.sent_at else "Sent"
    elif status == OutboxStatus.FAILED:
        detail = f"Failed after {_tries(message.attempts)}"
    elif status == OutboxStatus.SENDING:
        detail = f"Being sent now (try {message.attempts})"
    elif message.attempts and message.next_attempt_at:
        tried = "once" if message.attempts == 1 else f"{message.attempts} times"
        detail = f"Tried {tried}; next try {_at(message.next_attempt_at)}"
    else:
        detail = "Not tried yet"
    return State(status.label, TAGS[status], detail)


def _cursor(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isascii() and value.isdigit() else None


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    membership = request.membership  # type: ignore[attr-defined]
    status = request.GET.get("status", "")
    if status not in OutboxStatus.values:
        status = ""
    page = outbox_selectors.outbox_page(
        addresses=selectors.outbox_addresses(user=user, membership=membership),
        status=status,
        after=_cursor(request, "after"),
        before=_cursor(request, "before"),
    )
    return render(
        request,
        "accounts/outbox/outbox.html",
        {
            "rows": [(m, state(m)) for m in page.messages],
            "page": page,
            "status": status,
            "statuses": OutboxStatus.choices,
            "every_email": selectors.sees_every_email(user),
            "addresses": selectors.own_addresses(user, membership),
            "schedule": delivery.schedule_in_words(),
        },
    )


@login_required
def message(request: HttpRequest, message_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    addresses = selectors.outbox_addresses(
        user=user,
        membership=request.membership,  # type: ignore[attr-defined]
    )
    found = outbox_selectors.get_message(addresses=addresses, message_id=message_id)
    return render(
        request,
        "accounts/outbox/message.html",
        {
            "message": found,
            "state": state(found),
            "readable": outbox_selectors.can_read_body(user.email, found),
            "can_retry": selectors.sees_every_email(user) and found.status == OutboxStatus.FAILED,
            "schedule": delivery.schedule_in_words(),
        },
    )


@login_required
@require_POST
def retry(request: HttpRequest, message_id: int) -> HttpResponse:
    done = run_action(
        lambda: actions.retry_email(message_id=message_id, acting_user=request.user),  # type: ignore[arg-type]
        request=request,
    )
    if done:
        flash.success(request, "The email will be sent again")
    return redirect("accounts:outbox-message", message_id=message_id)
