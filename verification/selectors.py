"""Reading verifier reports, always within what the user may see.

A verifier sees their assignments and the reports of the centres and qualifications they
verify; a centre's claims roles see their own centre's reports; operations see every report
and the approvals whose direct claim status they grant. Anything else is `NotFound`, which
looks exactly like a record that does not exist.
"""

from django.db.models import Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import Approval, Membership, User, VerifierAssignment
from accounts.permissions import can_claim, is_operations, verifies
from common.errors import NotFound

from .models import VerifierReport


def verifier_assignments(user: User) -> QuerySet[VerifierAssignment]:
    """The centres and qualifications the user verifies, each with `direct_claim_status`: the
    centre's status for the qualification now (False when it is not approved for it)."""
    if not user.is_authenticated:
        return VerifierAssignment.objects.none()
    approval = Approval.objects.filter(
        centre_id=OuterRef("centre_id"), qualification_id=OuterRef("qualification_id")
    )
    return (
        VerifierAssignment.objects.filter(verifier_id=user.pk)
        .select_related("centre", "qualification")
        .annotate(
            direct_claim_status=Coalesce(
                Subquery(approval.values("direct_claim_status")[:1]), Value(False)
            )
        )
    )


def get_verifier_assignment(*, user: User, assignment_id: int) -> VerifierAssignment:
    found = verifier_assignments(user).filter(pk=assignment_id).first()
    if found is None:
        raise NotFound("Assignment not found", field="assignment")
    return found


def verifier_now_or_before(user: User) -> bool:
    """Assigned a centre now, or wrote a visit report before (their page stays, without
    centres, once their last assignment is taken away)."""
    return verifies(user) or VerifierReport.objects.filter(verifier_id=user.pk).exists()


def reports_by_verifier(user: User) -> QuerySet[VerifierReport]:
    """The reports of the centres and qualifications the user verifies, whoever wrote them."""
    if not user.is_authenticated:
        return VerifierReport.objects.none()
    assigned = Exists(
        VerifierAssignment.objects.filter(
            verifier_id=user.pk,
            centre_id=OuterRef("centre_id"),
            qualification_id=OuterRef("qualification_id"),
        )
    )
    return VerifierReport.objects.filter(assigned).select_related(
        "centre", "qualification", "verifier"
    )


def get_verifier_report(*, user: User, report_id: int) -> VerifierReport:
    if is_operations(user):
        reports = VerifierReport.objects.select_related("centre", "qualification", "verifier")
    else:
        reports = reports_by_verifier(user)
    found = reports.filter(pk=report_id).first()
    if found is None:
        raise NotFound("Report not found", field="report")
    return found


# The centre's side: Centre information, External verifier reports


def centre_verifier_reports(*, membership: Membership | None) -> QuerySet[VerifierReport]:
    if not can_claim(membership):
        return VerifierReport.objects.none()
    assert membership is not None
    return VerifierReport.objects.filter(centre_id=membership.centre_id).select_related(
        "centre", "qualification", "verifier"
    )


def get_centre_verifier_report(*, membership: Membership | None, report_id: int) -> VerifierReport:
    report = centre_verifier_reports(membership=membership).filter(pk=report_id).first()
    if report is None:
        raise NotFound("Report not found", field="report")
    return report


# Operations: direct claim status, granted on the verifiers' recommendations


def approvals_for_operations(*, user: User) -> QuerySet[Approval]:
    """Every approval with the latest verifier report's recommendation, in one query."""
    if not is_operations(user):
        raise NotFound()
    latest = VerifierReport.objects.filter(
        centre_id=OuterRef("centre_id"), qualification_id=OuterRef("qualification_id")
    ).order_by("-visit_date", "-id")
    return (
        Approval.objects.select_related("centre", "qualification")
        .annotate(
            latest_visit=Subquery(latest.values("visit_date")[:1]),
            latest_recommends=Subquery(latest.values("recommends_direct_claim_status")[:1]),
        )
        .order_by("centre__number", "qualification__code")
    )


def get_approval(*, user: User, approval_id: int) -> Approval:
    found = approvals_for_operations(user=user).filter(pk=approval_id).first()
    if found is None:
        raise NotFound("Approval not found", field="approval")
    return found


def latest_reports_for(*, user: User, approval: Approval, limit: int = 5) -> list[VerifierReport]:
    """The newest verifier reports on the approval's centre and qualification, for operations."""
    if not is_operations(user):
        raise NotFound()
    return list(
        VerifierReport.objects.select_related("centre", "qualification", "verifier").filter(
            centre_id=approval.centre_id, qualification_id=approval.qualification_id
        )[:limit]
    )
