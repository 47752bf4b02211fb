"""The emails of moderation: the sample asked for, the work uploaded or sent, a malpractice
case opened, the claim sent on or withdrawn, and the 24-hour and 35-day reminders. Their lengths
of time come from the settings.

Each kind of email is written in one function here, which words it, addresses it and writes it
to the outbox, in the transaction of the change or check that decided it.
"""

from collections.abc import Iterable

from django.conf import settings

from accounts.messages import operations_addresses, operations_contact
from accounts.models import ModeratorAssignment
from claims.messages import centre_addresses, quote, sending_methods, sent_to_awarding_body
from claims.models import Claim, ClaimCandidate
from common.wording import after_processing, duration
from notifications import notices
from notifications.notices import body_name, link

from .models import EvidenceFile, EvidenceSubmission, MalpracticeCase, Sample
from .selectors import Adjustment


def moderator_addresses(claim: Claim) -> list[str]:
    """The examiner-moderator assigned now to the claim's centre and qualification."""
    return list(
        ModeratorAssignment.objects.filter(
            centre_id=claim.centre_id, qualification_id=claim.qualification_id
        ).values_list("moderator__email", flat=True)
    )


def evidence_uploaded(claim: Claim, evidence: EvidenceFile) -> None:
    """Tell the moderator that the centre uploaded a file of a candidate's work."""
    candidate = evidence.claim_candidate.candidate
    notices.create(
        key=f"evidence-uploaded:{evidence.pk}",
        kind="evidence_uploaded",
        to=moderator_addresses(claim),
        about=claim,
        subject=f"Work uploaded for claim {claim.claim_number}: {candidate.name} "
        f"({candidate.number})",
        body=f"Centre {claim.centre.number} {claim.centre.name} has uploaded "
        f"{evidence.original_name} for {candidate.name} ({candidate.number}).\n\n"
        f"{quote(claim)}\n"
        f"Open the claim: {link('moderation:claim', claim.pk)}\n",
    )


def evidence_sent(claim: Claim, submission: EvidenceSubmission) -> None:
    """Tell the moderator that the centre has sent the work by post or email, and when."""
    how = submission.get_method_display().lower()
    notices.create(
        key=f"evidence-sent:{submission.pk}",
        kind="evidence_sent",
        to=moderator_addresses(claim),
        about=claim,
        subject=f"Work sent for claim {claim.claim_number} by {how}",
        body=f"Centre {claim.centre.number} {claim.centre.name} has recorded sending the "
        f"candidates' work by {how} on {submission.sent_on:%d/%m/%Y}. When it arrives, record "
        f"its arrival on the claim, naming the candidates it covers:\n"
        f"{link('moderation:claim', claim.pk)}\n\n"
        f"{quote(claim)}",
    )


def sample_requested(claim: Claim, sample: Sample, names: Iterable[str]) -> None:
    """Tell the centre whose work the moderator asked for (each version of the sample once)."""
    listed = "\n".join(f"- {name}" for name in names)
    notices.create(
        key=f"claim-sample:{claim.pk}:{sample.version}",
        kind="sample_requested",
        to=centre_addresses(claim),
        about=claim,
        subject=f"Sample requested for claim {claim.claim_number} ({claim.qualification.code})",
        body=f"Your examiner-moderator has asked for the work of these candidates:\n\n{listed}\n\n"
        f"{quote(claim)}\n"
        f"See the sample and send the work: {link('moderation:centre-evidence', claim.pk)}\n",
    )


def claim_finalised(claim: Claim) -> None:
    """Tell the centre that its examiner-moderator sent the claim to the awarding body."""
    sent_to_awarding_body(
        claim,
        how=f"The examiner-moderator has finalised claim {claim.claim_number} and sent it to "
        f"{body_name()}.",
        then=f"Results should appear {after_processing(settings.RESULTS_DELAY)}. "
        f"The examiner-moderator's report is under "
        f"Centre information, Examiner-moderator reports:\n"
        f"{link('moderation:centre-moderator-report', claim.pk)}\n",
    )


def _report_text(adjustments: Iterable[Adjustment], feedback: str) -> str:
    lines = []
    for a in adjustments:
        unit = f", unit {a.unit.number} {a.unit.title}" if a.unit else ""
        reason = f": {a.reason}" if a.reason else ""
        lines.append(f"- {a.who}{unit}: {a.what}{reason}")
    adjusted = "\n".join(lines) or "None."
    return f"Adjustments made:\n{adjusted}\n\nFeedback:\n{feedback or 'None.'}\n"


def claim_withdrawn(claim: Claim, adjustments: Iterable[Adjustment], feedback: str) -> None:
    """Email the centre the report of a claim the moderator withdrew whole."""
    notices.create(
        key=f"claim-withdrawn:{claim.pk}",
        kind="claim_withdrawn",
        to=centre_addresses(claim),
        about=claim,
        subject=f"Claim {claim.claim_number} withdrawn by the examiner-moderator",
        body=f"The examiner-moderator has withdrawn the whole of claim {claim.claim_number}. "
        f"When the candidates are ready, make a new claim; no new entry is needed.\n\n"
        f"{quote(claim)}\n"
        f"Examiner-moderator's report\n\n{_report_text(adjustments, feedback)}\n"
        f"The report is also under Centre information, Examiner-moderator reports:\n"
        f"{link('moderation:centre-moderator-report', claim.pk)}\n",
    )


EVIDENCE_REMINDER = "evidence_reminder"
OVERDUE_TO_CENTRE = "overdue_centre"


def evidence_reminder(claim: Claim, missing: Iterable[ClaimCandidate]) -> bool:
    """Remind the centre to send the work of the candidates still missing, once per claim.
    True when written."""
    names = "\n".join(f"- {cc.candidate.name} ({cc.candidate.number})" for cc in missing)
    return (
        notices.create(
            key=f"claim-evidence-reminder:{claim.pk}",
            kind=EVIDENCE_REMINDER,
            to=centre_addresses(claim),
            about=claim,
            subject=f"Send the candidate work for claim {claim.claim_number} "
            f"({claim.qualification.code})",
            body=f"Claim {claim.claim_number} was submitted more than "
            f"{duration(settings.EVIDENCE_DUE_AFTER)} ago and the work of these candidates has "
            f"not reached your examiner-moderator yet:\n\n{names}\n\n"
            f"Send it by {sending_methods(claim)}, with a printout of the claim and a cover "
            f"sheet for each candidate, and record it:\n"
            f"{link('moderation:centre-evidence', claim.pk)}\n\n"
            f"{quote(claim)}",
        )
        is not None
    )


def overdue(claim: Claim) -> bool:
    """Flag a claim still with the moderator past `settings.OVERDUE_AFTER`, once, to the centre
    (with whom to contact), to its moderator and to operations. True when any was written."""
    after = duration(settings.OVERDUE_AFTER)
    centre = notices.create(
        key=f"claim-35-day:{claim.pk}",
        kind=OVERDUE_TO_CENTRE,
        to=centre_addresses(claim),
        about=claim,
        subject=f"Claim {claim.claim_number} is still with the examiner-moderator after {after}",
        body=f"Claim {claim.claim_number} was submitted on {claim.submitted_at:%d/%m/%Y} and has "
        f"not yet been finalised. Check that you have sent everything the examiner-moderator "
        f"needs. If we have not contacted you, contact {operations_contact()}, quoting your "
        f"centre number, qualification code and claim number:\n\n{quote(claim)}",
    )
    moderators = moderator_addresses(claim)
    moderator = notices.create(
        key=f"claim-35-day-moderator:{claim.pk}",
        kind="overdue_moderator",
        to=moderators,
        about=claim,
        subject=f"Claim {claim.claim_number} has been with you for more than {after}",
        body=f"Claim {claim.claim_number} from centre {claim.centre.number} "
        f"{claim.centre.name} was submitted on {claim.submitted_at:%d/%m/%Y} and is still "
        f"waiting for your review. Finish the review and send the claim to {body_name()}, or "
        f"contact {operations_contact()} if something stops you.\n\n{quote(claim)}\n"
        f"Open the claim: {link('moderation:claim', claim.pk)}\n",
    )
    operations = notices.create(
        key=f"claim-35-day-operations:{claim.pk}",
        kind="overdue_operations",
        to=operations_addresses(),
        about=claim,
        subject=f"Overdue claim {claim.claim_number}: centre {claim.centre.number}, "
        f"{claim.qualification.code}",
        body=f"Claim {claim.claim_number} has been Submitted for more than {after} "
        f"(since {claim.submitted_at:%d/%m/%Y}).\n\n{quote(claim)}"
        f"Centre: {claim.centre.name}\n"
        f"Examiner-moderator: {', '.join(moderators) or 'none assigned'}\n\n"
        f"Overdue claims: {link('moderation:overdue')}\n",
    )
    return any(m is not None for m in (centre, moderator, operations))


def malpractice_case_opened(case: MalpracticeCase) -> None:
    """Tell operations a malpractice case is open for them to decide (with the moderator's
    reason), and the centre that the candidate's results from the claim are held."""
    claim = case.claim
    candidate = case.claim_candidate.candidate
    who = f"{candidate.name} ({candidate.number})"
    notices.create(
        key=f"malpractice-opened-operations:{case.pk}",
        kind="malpractice_opened_operations",
        to=operations_addresses(),
        about=claim,
        subject=f"Malpractice case opened: claim {claim.claim_number}, centre "
        f"{claim.centre.number}, {claim.qualification.code}",
        body=f"The examiner-moderator flagged {who} for malpractice on claim "
        f"{claim.claim_number}.\n\nReason: {case.reason}\n\n{quote(claim)}\n"
        f"Their results and award from this claim are held until the case is closed. "
        f"Record the outcome: {link('results:malpractice-case', case.pk)}\n",
    )
    notices.create(
        key=f"malpractice-opened-centre:{case.pk}",
        kind="malpractice_opened_centre",
        to=centre_addresses(claim),
        about=claim,
        subject=f"Results held for {candidate.number} on claim {claim.claim_number}",
        body=f"Results held: malpractice case open. The results of {who} on claim "
        f"{claim.claim_number} are held until {body_name()} closes the case; we will tell you "
        f"its outcome. The rest of the claim goes on as usual.\n\n{quote(claim)}",
    )
