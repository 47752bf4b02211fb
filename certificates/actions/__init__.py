"""The certificates' actions: issuing them with results, replacing and withdrawing them,
bringing them in line with revised results, and the public look-up. Callers use
`from certificates import actions`."""

from .changes import replace_certificate, withdraw_certificate, withdraw_for_malpractice
from .following import FollowedResults, follow_results
from .issuing import issue_for_results
from .verifying import Answer, verify_certificate

__all__ = [
    "Answer",
    "FollowedResults",
    "follow_results",
    "issue_for_results",
    "replace_certificate",
    "verify_certificate",
    "withdraw_certificate",
    "withdraw_for_malpractice",
]
