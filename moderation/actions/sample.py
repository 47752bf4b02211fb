"""The sample: the moderator asks the centre for the work of some of the claim's candidates."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.actions import record
from claims.models import ClaimCandidate
from common import wording
from common.errors import DomainError

from .. import messages
from ..models import Sample
from .locks import lock_for_moderator


def request_sample(
    *, claim_id: int, claim_candidate_ids: Iterable[int], acting_user: User
) -> Sample:
    """Ask the centre for the work of these candidates; asking again replaces the sample."""
    wanted = set(claim_candidate_ids)
    if not wanted:
        raise DomainError("Select at least one candidate for the sample", field="candidates")
    with transaction.atomic():
        claim = lock_for_moderator(claim_id, acting_user)
        on_claim = list(
            ClaimCandidate.objects.filter(claim=claim, pk__in=wanted).select_related("candidate")
        )
        if len(on_claim) != len(wanted):
            raise DomainError("Select candidates on this claim only", field="candidates")
        sample = Sample.objects.select_for_update().filter(claim=claim).first()
        now = timezone.now()
        if sample is None:
            sample = Sample.objects.create(claim=claim, requested_at=now, requested_by=acting_user)
        else:
            sample.version += 1
            sample.requested_at = now
            sample.requested_by = acting_user
            sample.save(update_fields=["version", "requested_at", "requested_by"])
        sample.candidates.set(on_claim)
        names = sorted(
            (f"{cc.candidate.name} ({cc.candidate.number})" for cc in on_claim),
        )
        record(
            actor=acting_user,
            centre=claim.centre,
            action="moderation.sample_requested",
            obj=claim,
            summary=f"Requested a sample of {wording.count(len(on_claim), 'candidate')} for claim "
            f"{claim.claim_number}",
            changes={"candidates": sorted(cc.candidate.number for cc in on_claim)},
        )
        messages.sample_requested(claim, sample, names)
    return sample
