"""The emails about results: a processed claim's results are published; a malpractice case
closed, with what it means for the candidate's results."""

from claims.messages import centre_addresses, quote
from claims.models import Claim
from moderation.models import MalpracticeCase
from notifications import notices
from notifications.notices import body_name

RESULTS_PUBLISHED = "results_published"


def results_published(claim: Claim) -> bool:
    """Tell the centre, once, that the claim's results are published. True when written."""
    return (
        notices.create(
            key=f"claim-results:{claim.pk}",
            kind=RESULTS_PUBLISHED,
            to=centre_addresses(claim),
            about=claim,
            subject=f"Results published for claim {claim.claim_number} "
            f"({claim.qualification.code})",
            body=f"The results of claim {claim.claim_number} (reference {claim.reference}) are "
            f"published.\n\n{quote(claim)}",
        )
        is not None
    )


def malpractice_case_closed(
    case: MalpracticeCase, *, award_withdrawn: bool, certificates_withdrawn: tuple[str, ...] = ()
) -> None:
    """Tell the centre, and the examiner-moderator who flagged the candidate, the outcome."""
    claim = case.claim
    candidate = case.claim_candidate.candidate
    who = f"{candidate.name} ({candidate.number})"
    if case.status == MalpracticeCase.Status.UPHELD:
        outcome = (
            f"Malpractice case upheld. {who}'s units on claim {claim.claim_number} are not "
            f"accepted.\n\nSanction: {case.sanction}\n"
            + (
                f"\nThe full award {claim.qualification.code} issued from this claim is "
                "withdrawn.\n"
                if award_withdrawn
                else ""
            )
            + (
                f"\nCertificates withdrawn: {', '.join(certificates_withdrawn)}. They now verify "
                "as withdrawn.\n"
                if certificates_withdrawn
                else ""
            )
        )
    else:
        outcome = (
            f"Malpractice case not upheld. {who}'s results on claim {claim.claim_number} are "
            f"released and processed as the claim's other results.\n"
        )
    notices.create(
        key=f"malpractice-closed:{case.pk}",
        kind="malpractice_closed",
        to=[*centre_addresses(claim), case.opened_by.email],
        about=claim,
        subject=f"Malpractice case closed for {candidate.number} on claim {claim.claim_number}",
        body=f"{body_name()} has closed the malpractice case.\n\n{outcome}\n{quote(claim)}",
    )
