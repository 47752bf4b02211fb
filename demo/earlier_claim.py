"""Ben Carter's earlier claim: unit 1 of 03991, processed a term before the demo's story begins.

It is told with the real actions, at the dates it happened: the tutor sets up an assessor,
starts the claim, saves Ben's unit and submits; the examiner-moderator writes the feedback and
sends it to the awarding body; operations process it. So its claim number, reference, unit
outcome, result and audit trail are exactly what the service itself would have written.

Two things are not the service's own doing. The claim keeps the number it had (78103), the
first number this service gave after the claims it took over, and its emails went out a term
ago: the outbox keeps none of them, so the demo's outbox starts empty. And its assessor no
longer assesses 03991 at the centre, so the demo journey still begins with setting up centre
assessors.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

from django.utils import timezone

from accounts.models import Membership, User
from candidates.models import Candidate
from catalogue.models import Qualification
from claims import actions as claim_actions
from claims import selectors as claim_selectors
from claims.actions import submission
from claims.models import Claim
from moderation import actions as moderation_actions
from notifications.models import OutboxMessage
from results import actions as results_actions

NUMBER = 78103
REFERENCE = f"R{NUMBER}"

STARTED = timezone.make_aware(datetime(2026, 6, 1, 9, 0))
SUBMITTED = timezone.make_aware(datetime(2026, 6, 15, 10, 30))
FINALISED = SUBMITTED + timedelta(days=12)
PROCESSED = SUBMITTED + timedelta(days=13)


@contextmanager
def _at(moment: datetime) -> Iterator[None]:
    """The actions run as if at `moment`: every timestamp they write is the story's own."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def tell(*, qualification: Qualification, candidate: Candidate, people: dict[str, User]) -> None:
    """Build the earlier claim, unless it is there already (loading twice changes nothing)."""
    if Claim.objects.filter(claim_number=NUMBER).exists():
        return
    tutor = people["tutor@northfield.test"]
    moderator = people["moderator@awarding.test"]
    membership = Membership.objects.select_related("centre").get(
        user=tutor, centre=candidate.centre
    )
    with _at(STARTED):
        assessor = claim_actions.add_centre_assessor(
            membership=membership,
            qualification=qualification,
            name="Previous Assessor",
            initials="PA",
            acting_user=tutor,
        )
        claim, _ = claim_actions.create_claim(
            membership=membership, qualification=qualification, acting_user=tutor
        )
        shown = claim_selectors.candidate_claim(
            membership=membership, claim_id=claim.pk, candidate=candidate
        )
        claim_actions.save_candidate_claim(
            membership=membership,
            claim_id=claim.pk,
            candidate_id=candidate.pk,
            choices=[claim_actions.UnitChoice(number=1, claiming=True, assessor_id=assessor.pk)],
            version=shown.version,
            acting_user=tutor,
        )
    with _at(SUBMITTED), mock.patch.object(submission, "FIRST_CLAIM_NUMBER", NUMBER):
        claim_actions.submit_claim(
            membership=membership,
            claim_id=claim.pk,
            submitter_email=tutor.email,
            declaration=True,
            acting_user=tutor,
        )
    with _at(FINALISED):
        moderation_actions.save_feedback(
            claim_id=claim.pk,
            feedback="Well-organised evidence, clearly referenced to the unit's criteria.",
            acting_user=moderator,
        )
        moderation_actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)
    with _at(PROCESSED):
        results_actions.process_claim(claim_id=claim.pk, acting_user=people["ops@awarding.test"])
    OutboxMessage.objects.filter(about_type=Claim._meta.label_lower, about_id=claim.pk).delete()
    assessor.qualifications.remove(qualification)
