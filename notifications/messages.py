"""The words of every notice the product sends about claims, reports and deadlines.

Each function returns (subject, body). Every notice about a claim quotes the centre number,
the qualification code and the claim number, as the awarding body asks centres to do.
"""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse

from accounts.models import User

if TYPE_CHECKING:
    from claims.models import Claim
    from moderation.selectors import Adjustment

Message = tuple[str, str]


def body_name() -> str:
    return str(settings.AWARDING_BODY_NAME)


def link(name: str, *args: object) -> str:
    return str(settings.SITE_URL).rstrip("/") + reverse(name, args=args)


def operations_contact() -> str:
    """Whom a centre contacts about a late claim: a setting, or the operations team's address."""
    email = getattr(settings, "OPERATIONS_CONTACT_EMAIL", "") or (
        User.objects.filter(is_operations=True, is_active=True)
        .order_by("pk")
        .values_list("email", flat=True)
        .first()
    )
    team = f"{body_name()} Operations"
    return f"{team} at {email}" if email else team


def operations_addresses() -> list[str]:
    return list(
        User.objects.filter(is_operations=True, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )


def centre_addresses(claim: "Claim") -> list[str]:
    """The person who submitted the claim (the address they gave for it) and the centre."""
    submitter = claim.submitter_email or (claim.submitted_by.email if claim.submitted_by else "")
    return [submitter, claim.centre.contact_email]


def _quote(claim: "Claim") -> str:
    return (
        f"Centre number: {claim.centre.number}\n"
        f"Qualification: {claim.qualification.code} {claim.qualification.title}\n"
        f"Claim number: {claim.claim_number}\n"
    )


def claim_submitted(claim: "Claim", *, candidates: int, units: int) -> Message:
    moderator = claim.moderator
    name = (moderator.full_name or moderator.email) if moderator else "examiner-moderator"
    return (
        f"Claim {claim.claim_number} submitted by centre {claim.centre.number} "
        f"for {claim.qualification.code}",
        f"Dear {name},\n\n"
        f"Centre {claim.centre.number} {claim.centre.name} has submitted a claim for "
        "moderation.\n\n"
        f"{_quote(claim)}"
        f"Candidates: {candidates}\n"
        f"Units claimed: {units}\n"
        f"Submitted by: {claim.submitter_email}\n\n"
        "The centre sends the candidates' work within 24 hours of submitting.\n\n"
        f"Open the claim: {link('moderation:claim', claim.pk)}\n\n"
        f"{body_name()} certification claims\n",
    )


def sample_requested(claim: "Claim", names: Sequence[str]) -> Message:
    listed = "\n".join(f"- {name}" for name in names)
    return (
        f"Sample requested for claim {claim.claim_number} ({claim.qualification.code})",
        f"Your examiner-moderator has asked for the work of these candidates:\n\n{listed}\n\n"
        f"{_quote(claim)}\n"
        f"See the sample and send the work: {link('moderation:centre-evidence', claim.pk)}\n",
    )


def claim_finalised(claim: "Claim") -> Message:
    return (
        f"Claim {claim.claim_number} sent to {body_name()}: reference {claim.reference}",
        f"The examiner-moderator has finalised claim {claim.claim_number} and sent it to "
        f"{body_name()}.\n\n"
        f"{_quote(claim)}Reference: {claim.reference}\n\n"
        f"Results should appear in about 48 hours. The examiner-moderator's report is under "
        f"Centre information, Examiner-moderator reports:\n"
        f"{link('moderation:centre-moderator-report', claim.pk)}\n",
    )


def _report_text(adjustments: Iterable["Adjustment"], feedback: str) -> str:
    lines = []
    for a in adjustments:
        who = f"{a.candidate_name} ({a.candidate_number})" if a.candidate_name else "Claim"
        unit = f", unit {a.unit.number} {a.unit.title}" if a.unit else ""
        reason = f": {a.reason}" if a.reason else ""
        lines.append(f"- {who}{unit}: {a.what}{reason}")
    adjusted = "\n".join(lines) or "None."
    return f"Adjustments made:\n{adjusted}\n\nFeedback:\n{feedback or 'None.'}\n"


def claim_withdrawn(claim: "Claim", adjustments: Iterable["Adjustment"], feedback: str) -> Message:
    return (
        f"Claim {claim.claim_number} withdrawn by the examiner-moderator",
        f"The examiner-moderator has withdrawn the whole of claim {claim.claim_number}. "
        f"When the candidates are ready, make a new claim; no new entry is needed.\n\n"
        f"{_quote(claim)}\n"
        f"Examiner-moderator's report\n\n{_report_text(adjustments, feedback)}\n"
        f"The report is also under Centre information, Examiner-moderator reports:\n"
        f"{link('moderation:centre-moderator-report', claim.pk)}\n",
    )


def evidence_reminder(claim: "Claim") -> Message:
    return (
        f"Send the candidate work for claim {claim.claim_number} ({claim.qualification.code})",
        f"Claim {claim.claim_number} was submitted more than 24 hours ago and no candidate work "
        f"has been recorded for it yet. Send the work to your examiner-moderator by "
        f"{_methods(claim)}, with a printout of the claim and a cover sheet for each "
        f"candidate, and record it:\n{link('moderation:centre-evidence', claim.pk)}\n\n"
        f"{_quote(claim)}",
    )


def _methods(claim: "Claim") -> str:
    labels = [label.lower() for label in claim.qualification.get_evidence_methods_display()]
    if not labels:
        return "post"
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def overdue_to_centre(claim: "Claim") -> Message:
    return (
        f"Claim {claim.claim_number} is still with the examiner-moderator after 35 days",
        f"Claim {claim.claim_number} was submitted on {claim.submitted_at:%d/%m/%Y} and has not "
        f"yet been finalised. Check that you have sent everything the examiner-moderator needs. "
        f"If we have not contacted you, contact {operations_contact()}, quoting your centre "
        f"number, qualification code and claim number:\n\n{_quote(claim)}",
    )


def overdue_to_operations(claim: "Claim") -> Message:
    moderator = claim.moderator.email if claim.moderator else "none assigned"
    return (
        f"Overdue claim {claim.claim_number}: centre {claim.centre.number}, "
        f"{claim.qualification.code}",
        f"Claim {claim.claim_number} has been Submitted for more than 35 days "
        f"(since {claim.submitted_at:%d/%m/%Y}).\n\n{_quote(claim)}"
        f"Centre: {claim.centre.name}\nExaminer-moderator: {moderator}\n\n"
        f"Overdue claims: {link('moderation:overdue')}\n",
    )


def results_published(claim: "Claim") -> Message:
    return (
        f"Results published for claim {claim.claim_number} ({claim.qualification.code})",
        f"The results of claim {claim.claim_number} (reference {claim.reference}) are "
        f"published.\n\n{_quote(claim)}",
    )
