"""The email about external verification: a visit's report is ready for the centre."""

from accounts.models import Role
from notifications import notices
from notifications.notices import link

from .models import VerifierReport


def report_ready(report: VerifierReport) -> None:
    """Tell the centre's contact address and its Centre Administrators that the verifier's
    report on a visit is ready to read in the service."""
    administrators = report.centre.memberships.filter(role=Role.CENTRE_ADMINISTRATOR).values_list(
        "user__email", flat=True
    )
    notices.create(
        key=f"verifier-report:{report.pk}",
        kind="verifier_report",
        to=[report.centre.contact_email, *administrators],
        about=report,
        subject=f"External verifier report: {report.qualification.code}, visit on "
        f"{report.visit_date:%d/%m/%Y}",
        body=f"The external verifier's report on the visit of {report.visit_date:%d/%m/%Y} is "
        f"ready.\n\nCentre number: {report.centre.number}\n"
        f"Qualification: {report.qualification.code} {report.qualification.title}\n"
        f"Sanction level: {report.get_sanction_level_display()}\n\n"
        f"Read it under Centre information, External verifier reports:\n"
        f"{link('verification:centre-verifier-report', report.pk)}\n",
    )
