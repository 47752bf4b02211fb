"""Issuing certificates when results are recorded: for processing, in bulk."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from candidates.models import Award
from claims.models import Claim

from .. import numbers
from ..contents import award_grade, holdings
from ..models import Certificate, CertificateKind, CertificateStatus


def fresh_numbers(count: int) -> list[str]:
    """`count` new certificate numbers, none already taken (one query; the unique constraint
    backs it)."""
    chosen: set[str] = set()
    while len(chosen) < count:
        wanted = {numbers.new_number() for _ in range(count - len(chosen))} - chosen
        taken = set(Certificate.objects.filter(number__in=wanted).values_list("number", flat=True))
        chosen |= wanted - taken
    return sorted(chosen)


def _grade_of(award: Award) -> str:
    return award_grade(award.grade)


def issue_for_results(
    *,
    claim: Claim,
    candidate_ids: Sequence[int],
    acting_user: User | None,
    at: datetime | None = None,
    published_at: datetime | None = None,
) -> list[Certificate]:
    """Issue the certificates a processed claim's results give these candidates.

    Runs inside the caller's transaction (processing, or a malpractice case released). A
    candidate with a standing full award from this claim gets its certificate; one who achieved
    units by this claim without a full award from it gets a unit certificate of those units.
    Anything already certified is left as it is, so calling it again issues nothing. A few
    queries for the whole batch, one bulk insert for the certificates and one for their audit
    events.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("certificates.issue_for_results must run inside a transaction")
    if not candidate_ids:
        return []
    now = at or timezone.now()
    published = published_at or now
    ids = list(candidate_ids)
    certified = set(
        Certificate.objects.filter(claim=claim, candidate_id__in=ids)
        .valid()
        .values_list("candidate_id", "kind")
    )
    awards = {
        award.candidate_id: award
        for award in Award.objects.standing().filter(
            claim=claim, candidate_id__in=ids, qualification_id=claim.qualification_id
        )
    }
    held = holdings(candidate_ids=ids, qualification_id=claim.qualification_id)
    new: list[Certificate] = []
    for candidate_id in ids:
        holding = held.get(candidate_id)
        if holding is None:
            continue
        award = awards.get(candidate_id)
        if award is not None:
            if (candidate_id, CertificateKind.AWARD) in certified:
                continue
            kind, units, grade = CertificateKind.AWARD, holding.units, _grade_of(award)
            awarded_on = timezone.localtime(award.issued_at).date()
            published_on = award.published_at
        else:
            units = holding.by_claim.get(claim.pk, [])
            if not units or (candidate_id, CertificateKind.UNITS) in certified:
                continue
            kind, grade = CertificateKind.UNITS, ""
            awarded_on = timezone.localtime(claim.processed_at or now).date()
            published_on = published
        new.append(
            Certificate(
                kind=kind,
                candidate_id=candidate_id,
                centre_id=claim.centre_id,
                qualification_id=claim.qualification_id,
                claim=claim,
                award=award,
                first_name=holding.first_name,
                last_name=holding.last_name,
                grade=grade,
                units=units,
                awarded_on=awarded_on,
                issued_at=now,
                published_at=published_on,
                status=CertificateStatus.VALID,
            )
        )
    for certificate, number in zip(new, fresh_numbers(len(new)), strict=True):
        certificate.number = number
    Certificate.objects.bulk_create(new)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=acting_user,
            centre_id=claim.centre_id,
            action="certificate.issued",
            object_type=Certificate._meta.label_lower,
            object_id=str(certificate.pk),
            summary=f"{certificate.title} {certificate.display_number} issued for "
            f"{claim.qualification.code} after claim {claim.claim_number or claim.pk}",
            changes={
                "candidate": certificate.candidate_id,
                "claim": claim.pk,
                "number": certificate.number,
                "kind": certificate.kind,
                "grade": certificate.grade,
            },
        )
        for certificate in new
    )
    return new
