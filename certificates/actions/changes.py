"""Operations replace or withdraw a certificate; an upheld malpractice case withdraws the
certificates of its claim. Each change is audited; the centre is emailed."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.permissions import require_operations
from audit.actions import record
from candidates.models import Award
from common.errors import Conflict, NotFound
from common.reasons import checked_reason

from .. import messages
from ..contents import award_grade, holdings
from ..models import Certificate, CertificateKind, CertificateStatus
from .issuing import fresh_numbers


def _lock(certificate_id: int) -> Certificate:
    certificate = (
        Certificate.objects.select_for_update()
        .select_related("claim__centre", "claim__qualification", "qualification", "candidate")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None:
        raise NotFound("Certificate not found", field="certificate")
    if not certificate.is_valid:
        raise Conflict(
            f"Certificate {certificate.display_number} is "
            f"{certificate.get_status_display().lower()}: only a valid certificate can change",
            code="not_valid",
        )
    return certificate


def _replacement(old: Certificate) -> Certificate:
    """A new certificate of what the records hold now for the old one's candidate and claim."""
    held = holdings(candidate_ids=[old.candidate_id], qualification_id=old.qualification_id)
    holding = held[old.candidate_id]
    grade = ""
    if old.kind == CertificateKind.AWARD:
        award = Award.objects.standing().filter(pk=old.award_id or 0).first()
        if award is None:
            raise Conflict(
                "The full award of this certificate is withdrawn: withdraw the certificate",
                code="award_withdrawn",
            )
        units = holding.units
        grade = award_grade(award.grade)
    else:
        units = holding.by_claim.get(old.claim_id, [])
        if not units:
            raise Conflict(
                "The candidate no longer holds any unit of this certificate: withdraw it",
                code="nothing_to_certify",
            )
    now = timezone.now()
    return Certificate(
        number=fresh_numbers(1)[0],
        kind=old.kind,
        candidate_id=old.candidate_id,
        centre_id=old.centre_id,
        qualification_id=old.qualification_id,
        claim_id=old.claim_id,
        award_id=old.award_id,
        first_name=holding.first_name,
        last_name=holding.last_name,
        grade=grade,
        units=units,
        awarded_on=old.awarded_on,
        issued_at=now,
        published_at=now,
    )


def replace_certificate(*, certificate_id: int, reason: str, acting_user: User) -> Certificate:
    """Issue a replacement with a new number, from the records as they are now (the holder's
    name, the units and grades); the old number then verifies as replaced. Operations only."""
    require_operations(acting_user)
    why = checked_reason(reason, what="for the replacement")
    with transaction.atomic():
        old = _lock(certificate_id)
        new = _replacement(old)
        replaced_by(old, new, why=why, acting_user=acting_user)
        messages.certificate_replaced(old, new)
    return new


def replaced_by(old: Certificate, new: Certificate, *, why: str, acting_user: User | None) -> None:
    """Inside the caller's transaction: the valid certificate `old` becomes replaced by `new`,
    which this saves first if it is not saved yet (a replacement of the same award), with the
    audit events of both."""
    old.status = CertificateStatus.REPLACED
    old.changed_at = new.issued_at
    old.changed_by = acting_user
    old.reason = why
    # The old one stops being valid before the new one is written (one valid certificate
    # per award), as withdrawn for the moment: replaced needs the new one to point at.
    Certificate.objects.filter(pk=old.pk).update(
        status=CertificateStatus.WITHDRAWN, changed_at=old.changed_at, reason=why
    )
    issued_here = new.pk is None
    if issued_here:
        new.save()
    old.replaced_by = new
    old.save(update_fields=["status", "changed_at", "changed_by", "reason", "replaced_by"])
    record(
        actor=acting_user,
        centre=old.claim.centre,
        action="certificate.replaced",
        obj=old,
        summary=f"{old.title} {old.display_number} replaced by {new.display_number}: {why}",
        changes={"status": ["valid", "replaced"], "replaced_by": new.number, "reason": why},
    )
    if not issued_here:
        return
    record(
        actor=acting_user,
        centre=old.claim.centre,
        action="certificate.issued",
        obj=new,
        summary=f"{new.title} {new.display_number} issued to replace {old.display_number}",
        changes={
            "candidate": new.candidate_id,
            "claim": new.claim_id,
            "number": new.number,
            "replaces": old.number,
            "grade": new.grade,
        },
    )


def withdraw_certificate(*, certificate_id: int, reason: str, acting_user: User) -> Certificate:
    """Withdraw a valid certificate with the reason; it then verifies as withdrawn."""
    require_operations(acting_user)
    why = checked_reason(reason, what="for withdrawing the certificate")
    with transaction.atomic():
        certificate = _lock(certificate_id)
        _withdraw(certificate, why, acting_user)
        messages.certificate_withdrawn(certificate)
    return certificate


def _withdraw(certificate: Certificate, why: str, acting_user: User | None) -> None:
    certificate.status = CertificateStatus.WITHDRAWN
    certificate.changed_at = timezone.now()
    certificate.changed_by = acting_user
    certificate.reason = why
    certificate.save(update_fields=["status", "changed_at", "changed_by", "reason"])
    record(
        actor=acting_user,
        centre=certificate.claim.centre,
        action="certificate.withdrawn",
        obj=certificate,
        summary=f"{certificate.title} {certificate.display_number} withdrawn: {why}"[:300],
        changes={"status": ["valid", "withdrawn"], "reason": why},
    )


def withdraw_for_malpractice(
    *, claim_id: int, candidate_id: int, reason: str, acting_user: User | None
) -> list[Certificate]:
    """Withdraw the candidate's valid certificates from this claim, inside the caller's
    transaction (an upheld malpractice case, whose email to the centre names them)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("certificates.withdraw_for_malpractice must run inside a transaction")
    withdrawn = list(
        Certificate.objects.select_for_update()
        .select_related("claim__centre")
        .filter(claim_id=claim_id, candidate_id=candidate_id)
        .valid()
        .order_by("pk")
    )
    for certificate in withdrawn:
        _withdraw(certificate, reason, acting_user)
    return withdrawn
