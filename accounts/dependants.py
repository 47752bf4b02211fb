"""What the apps above accounts keep for a centre and qualification, asked before operations take
away an approval or its examiner-moderator.

Accounts cannot read claims (the layers forbid it), so each app that keeps work for an approval
registers a check when it starts. A check is given the approval, read under its row lock, and
answers why the change would strand that work, or None.
"""

from collections.abc import Callable

from .models import Approval

Check = Callable[[Approval], str | None]

_withdrawal_checks: list[Check] = []
_moderator_removal_checks: list[Check] = []


def on_withdrawing_approval(check: Check) -> None:
    """Register a reason an approval cannot be withdrawn yet."""
    if check not in _withdrawal_checks:
        _withdrawal_checks.append(check)


def on_removing_moderator(check: Check) -> None:
    """Register a reason the examiner-moderator of an approval cannot be removed yet."""
    if check not in _moderator_removal_checks:
        _moderator_removal_checks.append(check)


def withdrawal_refusals(approval: Approval) -> list[str]:
    return [why for check in _withdrawal_checks if (why := check(approval))]


def moderator_removal_refusals(approval: Approval) -> list[str]:
    return [why for check in _moderator_removal_checks if (why := check(approval))]
