"""The moderation deadlines of SPEC.md §3 to §5, as pure functions of times.

The centre sends the candidate work within `settings.EVIDENCE_DUE_AFTER` (24 hours) of
submitting; a claim still Submitted `settings.OVERDUE_AFTER` (35 days) after submission is
flagged to the centre, its moderator and operations.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from claims.selectors import submitted_too_long


def evidence_due_after() -> timedelta:
    return settings.EVIDENCE_DUE_AFTER


def overdue_after() -> timedelta:
    return settings.OVERDUE_AFTER


def days_since(submitted_at: datetime, now: datetime) -> int:
    """Whole calendar days since submission, counted in the service's time zone."""
    return (timezone.localdate(now) - timezone.localdate(submitted_at)).days


def is_overdue(submitted_at: datetime, now: datetime) -> bool:
    return submitted_too_long(submitted_at, now)


def evidence_late(submitted_at: datetime, now: datetime) -> bool:
    """True once the time for sending the work has passed."""
    return now - submitted_at > evidence_due_after()


@dataclass(frozen=True)
class EvidenceStatus:
    """Where a claim's candidate work is, as the queue and the claim pages show it."""

    label: str
    arrived: bool
    late: bool
    partly: bool = False

    @property
    def flag(self) -> str:
        """The tag shown beside the status: the work has not all arrived in time."""
        if not self.late:
            return ""
        return "Not all arrived" if self.partly else "Not arrived"


def evidence_status(
    *,
    submitted_at: datetime | None,
    now: datetime,
    sent_on: date | None,
    asked: int,
    arrived: int,
    last_arrived_on: date | None,
) -> EvidenceStatus:
    """The claim's work has arrived when the work of every candidate asked for has (`asked`: the
    sample, or every candidate); until then it says how many have ("3 of 6 arrived")."""
    if asked and arrived >= asked:
        label = f"Arrived {last_arrived_on:%d/%m/%Y}" if last_arrived_on else "Arrived"
        return EvidenceStatus(label=label, arrived=True, late=False)
    late = submitted_at is not None and evidence_late(submitted_at, now)
    if arrived:
        return EvidenceStatus(
            label=f"{arrived} of {asked} arrived", arrived=False, late=late, partly=True
        )
    if sent_on is not None:
        return EvidenceStatus(label=f"Sent {sent_on:%d/%m/%Y}", arrived=False, late=late)
    return EvidenceStatus(label="Not sent", arrived=False, late=late)
