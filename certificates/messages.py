"""The emails about certificates: the centre is told when one is replaced or withdrawn."""

from claims.messages import centre_addresses, quote
from notifications import notices
from notifications.notices import body_name

from .models import Certificate


def _about(certificate: Certificate) -> str:
    return (
        f"Certificate number: {certificate.display_number}\n"
        f"Candidate: {certificate.holder} ({certificate.candidate.number})\n"
    )


def certificate_replaced(old: Certificate, new: Certificate) -> None:
    claim = old.claim
    notices.create(
        kind="certificate_replaced",
        to=centre_addresses(claim),
        about=new,
        subject=f"Certificate {old.display_number} replaced by {new.display_number}",
        body=f"{body_name()} has issued a replacement certificate.\n\n{_about(old)}"
        f"New certificate number: {new.display_number}\n\nReason: {old.reason}\n\n"
        f"The old number now verifies as replaced. Download the new certificate from the "
        f"claim's certificates.\n\n{quote(claim)}",
    )


def certificate_withdrawn(certificate: Certificate) -> None:
    claim = certificate.claim
    notices.create(
        kind="certificate_withdrawn",
        to=centre_addresses(claim),
        about=certificate,
        subject=f"Certificate {certificate.display_number} withdrawn",
        body=f"{body_name()} has withdrawn a certificate.\n\n{_about(certificate)}"
        f"Reason: {certificate.reason}\n\nIt now verifies as withdrawn.\n\n{quote(claim)}",
    )
