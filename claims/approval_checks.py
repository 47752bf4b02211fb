"""Claims that still need a centre's approval and its examiner-moderator: registered with
`accounts.dependants` when the app starts."""

from accounts.models import Approval
from common.wording import count

from .models import Claim, ClaimStatus


def _claims(approval: Approval, *statuses: str) -> int:
    return Claim.objects.filter(
        centre_id=approval.centre_id,
        qualification_id=approval.qualification_id,
        status__in=statuses,
    ).count()


def submitted_or_finalised(approval: Approval) -> str | None:
    """A claim with the examiner-moderator, or finalised and waiting to be processed, still needs
    the approval. A claim in progress does not: it can no longer be submitted, and is kept."""
    n = _claims(approval, ClaimStatus.SUBMITTED, ClaimStatus.FINALISED)
    if not n:
        return None
    return (
        f"Centre {approval.centre.number} has {count(n, 'claim')} for "
        f"{approval.qualification.code} with the examiner-moderator or waiting to be processed: "
        "withdraw the approval once they are processed or withdrawn"
    )


def with_the_moderator(approval: Approval) -> str | None:
    """A submitted claim is seen only by the examiner-moderator assigned now."""
    n = _claims(approval, ClaimStatus.SUBMITTED)
    if not n:
        return None
    return (
        f"Centre {approval.centre.number} has {count(n, 'claim')} for "
        f"{approval.qualification.code} with the examiner-moderator: assign another "
        "examiner-moderator instead, so that the claims move to them"
    )
