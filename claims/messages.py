"""The emails about a claim's submission, and what every email about a claim shares.

Every email about a claim quotes the centre number, the qualification code and the claim
number, as the awarding body asks centres to do (`quote`). Each kind of email is written in one
function here, which words it, addresses it and writes it to the outbox.
"""

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
        "The centre sends the candidates' work within 24 hours of submitting.\n\n"
        f"Open the claim: {link('moderation:claim', claim.pk)}\n\n"
        f"{body_name()} certification claims\n",
    )


def claim_sent_direct(claim: Claim) -> None:
    """Tell the centre that a claim it submitted with direct claim status went straight to the
    awarding body, with the reference it is known by there."""
    notices.create(
        key=f"claim-finalised:{claim.pk}",
        kind="claim_finalised",
        to=centre_addresses(claim),
        about=claim,
        subject=f"Claim {claim.claim_number} sent to {body_name()}: reference {claim.reference}",
        body=f"Claim {claim.claim_number} was submitted with direct claim status and has been "
        f"sent to {body_name()}. No examiner-moderator reviews it.\n\n"
        f"{quote(claim)}Reference: {claim.reference}\n\n"
        f"Results appear once {body_name()} has processed the claim. View the claim:\n"
        f"{link('claims:view-claim', claim.pk)}\n",
    )
