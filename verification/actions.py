"""Changes made by external verifiers: the report on a visit to a centre.

Every action takes the acting user, checks what they may do inside its one transaction, writes
an audit event beside the change and writes its email to the outbox in the same transaction.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.actions import record
from common.errors import DomainError

from . import messages, selectors
from .models import SanctionLevel, VerifierReport

MAX_TEXT = 20_000


#: How long after a visit its report may still be recorded.
OLDEST_VISIT = timedelta(days=366)


def record_verifier_report(
    *,
    assignment_id: int,
    visit_date: date,
    actions: str,
    recommendations: str,
    sanction_level: str,
    recommends_direct_claim_status: bool,
    acting_user: User,
) -> VerifierReport:
    """The verifier's report on a visit; the centre is emailed and reads it in the service."""
    if sanction_level not in SanctionLevel.values:
        raise DomainError("Choose the sanction level", field="sanction_level")
    today = timezone.localdate()
    if visit_date > today:
        raise DomainError("The date of the visit must be today or in the past", field="visit_date")
    if visit_date < today - OLDEST_VISIT:
        # A report is written soon after the visit; a date years back is a typing slip.
        raise DomainError("The date of the visit must be within the last year", field="visit_date")
    texts = {"actions": actions.strip(), "recommendations": recommendations.strip()}
    for name, text in texts.items():
        if not text:
            raise DomainError(f"Enter the {name}", field=name)
        if len(text) > MAX_TEXT:
            raise DomainError(f"The {name} must be {MAX_TEXT:,} characters or fewer", field=name)
    with transaction.atomic():
        assignment = selectors.get_verifier_assignment(
            user=acting_user, assignment_id=assignment_id
        )
        report = VerifierReport.objects.create(
            centre=assignment.centre,
            qualification=assignment.qualification,
            verifier=acting_user,
            visit_date=visit_date,
            actions=texts["actions"],
            recommendations=texts["recommendations"],
            sanction_level=sanction_level,
            recommends_direct_claim_status=recommends_direct_claim_status,
            created_at=timezone.now(),
        )
        record(
            actor=acting_user,
            centre=assignment.centre,
            action="verification.report",
            obj=report,
            summary=f"Verifier report for {assignment.qualification.code} at "
            f"{assignment.centre.number}, visit {visit_date:%d/%m/%Y}",
            changes={
                "sanction_level": sanction_level,
                "recommends_direct_claim_status": recommends_direct_claim_status,
            },
        )
        messages.report_ready(report)
    return report
