"""The emails about a claim's submission, and what every email about a claim shares.

Every email about a claim quotes the centre number, the qualification code and the claim
number, as the awarding body asks centres to do (`quote`). Each kind of email is written in one
function here, which words it, addresses it and writes it to the outbox.
"""

from django.conf import settings

from common.wording import duration
from notifications import notices
from notifications.notices import body_name, link

from .models import Claim, ClaimCandidate, ClaimedUnit


def centre_addresses(claim: Claim) -> list[str]:
    """The person who submitted the claim (the address they gave for it) and the centre."""
    submitter = claim.submitter_email or (claim.submitted_by.email if claim.submitted_by else "")
    return [submitter, claim.centre.contact_email]


def quote(claim: Claim) -> str:
    """The lines that identify a claim, for the body of any email about it."""
    return (
        f"Centre number: {claim.centre.number}\n"
        f"Qualification: {claim.qualification.code} {claim.qualification.title}\n"
        f"Claim number: {claim.claim_number}\n"
    )


def claim_submitted(claim: Claim) -> None:
    """Tell the examiner-moderator that a claim of one of their centres was submitted."""
    moderator = claim.moderator
    if moderator is None or not moderator.email:
        return
    candidates = ClaimCandidate.objects.filter(claim=claim).count()
    units = ClaimedUnit.objects.filter(claim_candidate__claim=claim).count()
    name = moderator.full_name or moderator.email
    notices.create(
        key=f"claim-submitted:{claim.pk}",
        kind="claim_submitted",
        to=[moderator.email],
        about=claim,
        subject=f"Claim {claim.claim_number} submitted by centre {claim.centre.number} "
        f"for {claim.qualification.code}",
        body=f"Dear {name},\n\n"
        f"Centre {claim.centre.number} {claim.centre.name} has submitted a claim for "
        "moderation.\n\n"
        f"{quote(claim)}"
        f"Candidates: {candidates}\n"
        f"Units claimed: {units}\n"
        f"Submitted by: {claim.submitter_email}\n\n"
        f"The centre sends the candidates' work within {duration(settings.EVIDENCE_DUE_AFTER)} "
        "of submitting.\n\n"
        f"Open the claim: {link('moderation:claim', claim.pk)}\n\n"
        f"{body_name()} certification claims\n",
    )


def sent_to_awarding_body(claim: Claim, *, how: str, then: str) -> None:
    """Tell the centre that its claim went to the awarding body, with the reference it is known
    by there: once, whichever way it went (`how` says which, `then` what comes next)."""
    notices.create(
        key=f"claim-finalised:{claim.pk}",
        kind="claim_finalised",
        to=centre_addresses(claim),
        about=claim,
        subject=f"Claim {claim.claim_number} sent to {body_name()}: reference {claim.reference}",
        body=f"{how}\n\n{quote(claim)}Reference: {claim.reference}\n\n{then}",
    )


def claim_sent_direct(claim: Claim) -> None:
    """A claim submitted with direct claim status went straight to the awarding body."""
    sent_to_awarding_body(
        claim,
        how=f"Claim {claim.claim_number} was submitted with direct claim status and has been "
        f"sent to {body_name()}. No examiner-moderator reviews it.",
        then=f"Results appear once {body_name()} has processed the claim. View the claim:\n"
        f"{link('claims:view-claim', claim.pk)}\n",
    )


def sending_methods(claim: Claim) -> str:
    """How the claim's qualification takes the work, in words: "post", "post or email"."""
    labels = [label.lower() for label in claim.qualification.get_evidence_methods_display()]
    if not labels:
        return "post"
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def claim_submitted_to_submitter(claim: Claim) -> None:
    """Confirm the submission to the person who submitted the claim: its number, and what to
    send to the examiner-moderator and how soon."""
    submitter = claim.submitter_email or (claim.submitted_by.email if claim.submitted_by else "")
    due = duration(settings.EVIDENCE_DUE_AFTER)
    notices.create(
        key=f"claim-submitted-confirmation:{claim.pk}",
        kind="claim_submitted_confirmation",
        to=[submitter],
        about=claim,
        subject=f"Claim {claim.claim_number} submitted: send the candidates' work within {due}",
        body=f"You submitted claim {claim.claim_number} for {claim.qualification.code} "
        f"{claim.qualification.title} on {claim.submitted_at:%d/%m/%Y}.\n\n"
        f"{quote(claim)}\n"
        f"Within {due}, send the candidates' work to your {body_name()} Assessor by "
        f"{sending_methods(claim)}, with a printout of the claim and a submission cover sheet "
        f"for each candidate. Keep the work for each claim separate. If the examiner-moderator "
        f"asks for a sample, send the work of the candidates in it.\n\n"
        f"Record the work sent, or upload it: {link('moderation:centre-evidence', claim.pk)}\n"
        f"Cover sheets: {link('claims:cover-sheets', claim.pk)}\n\n"
        f"{body_name()} certification claims\n",
    )
