"""Certificates brought in line with a processed claim's results after they were revised (a
review of moderation changed an outcome): no role check, for results' own action."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from accounts.models import User
from candidates.models import Award
from claims.models import Claim

from .. import messages
from ..contents import award_grade, holdings
from ..models import Certificate, CertificateKind
from .changes import _replacement, _withdraw, replaced_by
from .issuing import issue_for_results


@dataclass
class FollowedResults:
    """What following revised results did to the claim's certificates."""

    replaced: list[tuple[Certificate, Certificate]] = field(default_factory=list)
    withdrawn: list[Certificate] = field(default_factory=list)
    issued: list[Certificate] = field(default_factory=list)


def follow_results(
    *, claim: Claim, candidate_ids: Sequence[int], why: str, acting_user: User | None
) -> FollowedResults:
    """Make the candidates' certificates from this claim say what their records hold now,
    inside the caller's transaction (results' `revise_results`).

    A full award's certificate whose award is withdrawn is withdrawn; one whose grade or units
    changed is replaced. A unit certificate is replaced by the full award's certificate when
    the candidate now has the award, by a new unit certificate when its units changed, and is
    withdrawn when none is left. Certificates now due are issued. The centre is emailed about
    each replaced or withdrawn one.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("certificates.follow_results must run inside a transaction")
    done = FollowedResults()
    ids = sorted(set(candidate_ids))
    if not ids:
        return done
    current = list(
        Certificate.objects.select_for_update()
        .select_related("claim__centre", "claim__qualification", "qualification", "candidate")
        .filter(claim=claim, candidate_id__in=ids)
        .valid()
        .order_by("pk")
    )
    standing = {
        award.pk: award
        for award in Award.objects.standing().filter(
            candidate_id__in=ids, qualification_id=claim.qualification_id
        )
    }
    held = holdings(candidate_ids=ids, qualification_id=claim.qualification_id)
    for certificate in current:
        if certificate.kind != CertificateKind.AWARD:
            continue
        award = standing.get(certificate.award_id or 0)
        if award is None:
            _withdraw(certificate, why, acting_user)
            done.withdrawn.append(certificate)
        elif (
            certificate.grade != award_grade(award.grade)
            or certificate.units != held[certificate.candidate_id].units
        ):
            new = _replacement(certificate)
            replaced_by(certificate, new, why=why, acting_user=acting_user)
            done.replaced.append((certificate, new))
    done.issued = issue_for_results(claim=claim, candidate_ids=ids, acting_user=acting_user)
    # The full award's certificate each candidate now has from this claim (issued just now, or
    # by the results recorded before this was called).
    award_certificates = {
        c.candidate_id: c
        for c in Certificate.objects.filter(
            claim=claim, candidate_id__in=ids, kind=CertificateKind.AWARD
        )
        .valid()
        .select_related("claim__centre")
    }
    for certificate in current:
        if certificate.kind != CertificateKind.UNITS:
            continue
        units = held[certificate.candidate_id].by_claim.get(claim.pk, [])
        if certificate.candidate_id in award_certificates:
            new = award_certificates[certificate.candidate_id]
            replaced_by(certificate, new, why=why, acting_user=acting_user)
            done.replaced.append((certificate, new))
        elif not units:
            _withdraw(certificate, why, acting_user)
            done.withdrawn.append(certificate)
        elif certificate.units != units:
            new = _replacement(certificate)
            replaced_by(certificate, new, why=why, acting_user=acting_user)
            done.replaced.append((certificate, new))
    for old, new in done.replaced:
        messages.certificate_replaced(old, new)
    for certificate in done.withdrawn:
        messages.certificate_withdrawn(certificate)
    return done
