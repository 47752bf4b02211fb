"""The moderation deadlines of SPEC.md §3 to §5, as pure functions of times.

The centre sends the candidate work within 24 hours of submitting; a claim still Submitted
35 days after submission is flagged to the centre and to operations.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

EVIDENCE_DUE_AFTER = timedelta(hours=24)
OVERDUE_AFTER = timedelta(days=35)


def days_since(submitted_at: datetime, now: datetime) -> int:
    """Whole calendar days since submission, counted in the service's time zone."""
    return (timezone.localdate(now) - timezone.localdate(submitted_at)).days


def is_overdue(submitted_at: datetime, now: datetime) -> bool:
    return now - submitted_at > OVERDUE_AFTER


def evidence_late(submitted_at: datetime, now: datetime) -> bool:
    """True once the 24 hours for sending the work have passed."""
    return now - submitted_at > EVIDENCE_DUE_AFTER


@dataclass(frozen=True)
class EvidenceStatus:
    """Where a claim's candidate work is, as the queue and the claim pages show it."""

    label: str
    arrived: bool
    late: bool

    @property
    def flag(self) -> str:
        """The tag shown beside the status: the work has not arrived 24 hours after submission."""
        return "Not arrived" if self.late else ""


def evidence_status(
    *,
    submitted_at: datetime | None,
    now: datetime,
    sent_on: date | None,
    arrived_on: date | None,
    uploaded_on: date | None,
) -> EvidenceStatus:
    """The work has arrived when the moderator recorded its arrival or the centre uploaded it."""
    arrival = min((d for d in (arrived_on, uploaded_on) if d is not None), default=None)
    if arrival is not None:
        return EvidenceStatus(label=f"Arrived {arrival:%d/%m/%Y}", arrived=True, late=False)
    late = submitted_at is not None and evidence_late(submitted_at, now)
    if sent_on is not None:
        return EvidenceStatus(label=f"Sent {sent_on:%d/%m/%Y}", arrived=False, late=late)
    return EvidenceStatus(label="Not sent", arrived=False, late=late)
