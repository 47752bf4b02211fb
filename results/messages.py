"""The email about results: a processed claim's results are published."""

from claims.messages import centre_addresses, quote
from claims.models import Claim
from notifications import notices

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
