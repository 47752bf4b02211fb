"""Reviews of moderation through their actions: asked for, assigned, decided, completed, and
every refusal, with results, awards and certificates following on a processed claim."""

import pytest
from django.utils import timezone

from accounts.models import Membership, User
from audit.models import AuditEvent
from candidates.models import AchievedUnit, Award
from certificates import actions as certificate_actions
from certificates.models import Certificate, CertificateKind, CertificateStatus
from claims.models import Claim, UnitState
from common.errors import Conflict, DomainError, DomainErrors, NotFound, PermissionRefused
from notifications.models import OutboxMessage
from results.tests import factories

from .. import actions
from ..models import ItemDecision, Review, ReviewItem, ReviewStatus
from . import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(demo: None) -> Claim:
    return helpers.withdrawn_unit_claim()


def _emails(kind: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=kind).order_by("id"))


def test_the_centre_asks_for_a_review_of_a_withdrawn_unit(claim: Claim) -> None:
    review = helpers.requested(claim)
    item = review.items.get()
    assert review.status == ReviewStatus.REQUESTED and review.centre_id == claim.centre_id
    assert item.state_before == UnitState.WITHDRAWN and item.reason_before
    assert AuditEvent.objects.filter(action="review.requested", object_id=str(review.pk)).exists()
    (email,) = _emails("review_requested")
    assert "ops@awarding.test" in email.to and str(claim.claim_number) in email.subject
    assert f"/operations/reviews/{review.pk}/" in email.body


def test_naming_a_candidate_asks_about_every_unit_of_theirs(claim: Claim) -> None:
    membership = helpers.tutor_membership()
    cc = helpers.unit(claim, 1).claim_candidate
    review = actions.request_review(
        membership=membership,
        acting_user=membership.user,
        claim_id=claim.pk,
        claim_candidate_ids=[cc.pk],
        reason=helpers.REASON,
    )
    assert sorted(review.items.values_list("claimed_unit__unit__number", flat=True)) == [1, 4, 7]


def test_another_centres_claim_is_not_found(claim: Claim) -> None:
    southbank = Membership.objects.get(user__email="admin@southbank.test")
    with pytest.raises(NotFound):
        actions.request_review(
            membership=southbank,
            acting_user=southbank.user,
            claim_id=claim.pk,
            claimed_unit_ids=[helpers.unit(claim, 7).pk],
            reason=helpers.REASON,
        )
    assert not Review.objects.exists()


def test_a_role_without_claims_may_not_ask(claim: Claim) -> None:
    staff = Membership.objects.get(user__email="staff@northfield.test")
    with pytest.raises(PermissionRefused):
        actions.request_review(
            membership=staff,
            acting_user=staff.user,
            claim_id=claim.pk,
            claimed_unit_ids=[helpers.unit(claim, 7).pk],
            reason=helpers.REASON,
        )


def test_the_window_passed_is_refused(claim: Claim, settings) -> None:
    helpers.age(claim, settings.REVIEW_WINDOW_DAYS + 1)
    with pytest.raises(Conflict) as refused:
        helpers.requested(claim)
    assert refused.value.code == "window_passed"
    assert f"within {settings.REVIEW_WINDOW_DAYS} days" in refused.value.message
    assert not Review.objects.exists()


def test_a_claim_still_with_the_moderator_cannot_be_reviewed(demo: None) -> None:
    made = factories.claim()
    factories.add(made, "123456", [1, 4, 7])
    factories.submit(made)
    with pytest.raises(Conflict) as refused:
        helpers.requested(made)
    assert refused.value.code == "not_finalised"


def test_asking_twice_is_refused_while_the_first_is_open(claim: Claim) -> None:
    helpers.requested(claim)
    with pytest.raises(Conflict) as refused:
        helpers.requested(claim, (1,))
    assert refused.value.code == "review_open"
    assert Review.objects.count() == 1 and ReviewItem.objects.count() == 1


def test_nothing_chosen_and_no_reason_are_refused_beside_their_fields(claim: Claim) -> None:
    membership = helpers.tutor_membership()
    with pytest.raises(DomainErrors) as refused:
        actions.request_review(
            membership=membership, acting_user=membership.user, claim_id=claim.pk, reason=" "
        )
    assert {p.field for p in refused.value.errors} == {"reason", "claimed_units"}
    assert not Review.objects.exists()


def test_a_unit_of_another_claim_is_refused_and_nothing_is_saved(claim: Claim) -> None:
    other = factories.processed({"789012": [1, 4, 7]})
    elsewhere = helpers.unit(other.claim, 1, "789012")
    membership = helpers.tutor_membership()
    with pytest.raises(DomainErrors) as refused:
        actions.request_review(
            membership=membership,
            acting_user=membership.user,
            claim_id=claim.pk,
            claimed_unit_ids=[helpers.unit(claim, 7).pk, elsewhere.pk],
            reason=helpers.REASON,
        )
    assert [p.field for p in refused.value.errors] == ["claimed_units"]
    assert not Review.objects.exists() and not ReviewItem.objects.exists()


def test_operations_assign_a_second_examiner_moderator(claim: Claim) -> None:
    review = helpers.assigned(claim)
    assert review.status == ReviewStatus.ASSIGNED and review.reviewer == helpers.reviewer()
    assert AuditEvent.objects.filter(action="review.assigned", object_id=str(review.pk)).exists()
    to_reviewer, to_centre = _emails("review_assigned")
    assert to_reviewer.to == [helpers.REVIEWER]
    assert f"/moderation/reviews/{review.pk}/" in to_reviewer.body
    assert "tutor@northfield.test" in to_centre.to or to_centre.to


def test_the_claims_first_moderator_is_refused_beside_the_field(claim: Claim) -> None:
    review = helpers.requested(claim)
    assert claim.moderator_id is not None
    with pytest.raises(DomainError) as refused:
        actions.assign_reviewer(
            acting_user=factories.ops(), review_id=review.pk, reviewer_id=claim.moderator_id
        )
    assert [p.field for p in DomainErrors.of(refused.value)] == ["reviewer"]
    assert "other than the one who moderated" in refused.value.message
    review.refresh_from_db()
    assert review.reviewer is None and review.status == ReviewStatus.REQUESTED


def test_someone_who_is_not_an_examiner_moderator_cannot_review(claim: Claim) -> None:
    review = helpers.requested(claim)
    with pytest.raises(DomainError) as refused:
        actions.assign_reviewer(
            acting_user=factories.ops(),
            review_id=review.pk,
            reviewer_id=User.objects.get(email="verifier@awarding.test").pk,
        )
    assert [p.field for p in DomainErrors.of(refused.value)] == ["reviewer"]


def test_only_operations_assign(claim: Claim) -> None:
    review = helpers.requested(claim)
    for email in ("tutor@northfield.test", "moderator@awarding.test", helpers.REVIEWER):
        with pytest.raises(PermissionRefused):
            actions.assign_reviewer(
                acting_user=User.objects.get(email=email),
                review_id=review.pk,
                reviewer_id=helpers.reviewer().pk,
            )


def test_another_examiner_moderator_cannot_decide_a_review_not_theirs(claim: Claim) -> None:
    review = helpers.assigned(claim)
    item = review.items.get()
    with pytest.raises(NotFound):
        actions.decide_item(
            acting_user=factories.moderator(),
            review_id=review.pk,
            item_id=item.pk,
            decision=actions.UPHOLD,
        )
    item.refresh_from_db()
    assert not item.is_decided


def test_a_unit_not_asked_about_cannot_change(claim: Claim) -> None:
    review = helpers.assigned(claim)
    # An item of another claim's review, and an id that is no item at all.
    other = factories.processed({"789012": [1, 4, 7]}).claim
    membership = helpers.tutor_membership()
    elsewhere = actions.request_review(
        membership=membership,
        acting_user=membership.user,
        claim_id=other.pk,
        claimed_unit_ids=[helpers.unit(other, 1, "789012").pk],
        reason=helpers.REASON,
    )
    for item_id in (elsewhere.items.get().pk, 10**9):
        with pytest.raises(NotFound):
            actions.decide_item(
                acting_user=helpers.reviewer(),
                review_id=review.pk,
                item_id=item_id,
                decision="withdraw",
                reason="Not met",
            )
    assert helpers.unit(other, 1, "789012").state != UnitState.WITHDRAWN
    assert helpers.unit(claim, 1).state != UnitState.WITHDRAWN


def test_upholding_the_decision_under_review_is_upholding(claim: Claim) -> None:
    review = helpers.assigned(claim)
    item = review.items.get()
    with pytest.raises(DomainError) as refused:
        actions.decide_item(
            acting_user=helpers.reviewer(),
            review_id=review.pk,
            item_id=item.pk,
            decision="withdraw",
            reason="Not met",
        )
    assert [p.field for p in DomainErrors.of(refused.value)] == ["decision"]
    item.refresh_from_db()
    assert not item.is_decided


def test_completing_needs_every_decision(claim: Claim) -> None:
    review = helpers.assigned(claim, (1, 7))
    first = review.items.order_by("claimed_unit__unit__number").first()
    assert first is not None
    actions.decide_item(
        acting_user=helpers.reviewer(), review_id=review.pk, item_id=first.pk, decision="uphold"
    )
    with pytest.raises(Conflict) as refused:
        actions.complete_review(acting_user=helpers.reviewer(), review_id=review.pk)
    assert refused.value.code == "undecided"


def _reinstate(claim: Claim) -> Review:
    review = helpers.assigned(claim)
    actions.decide_item(
        acting_user=helpers.reviewer(),
        review_id=review.pk,
        item_id=review.items.get().pk,
        decision="accept",
        reason="The evidence meets the criteria",
    )
    return actions.complete_review(acting_user=helpers.reviewer(), review_id=review.pk)


def test_a_reinstated_unit_gives_the_award_and_replaces_the_unit_certificate(claim: Claim) -> None:
    john = factories.candidate("123456")
    (before,) = Certificate.objects.filter(claim=claim, candidate=john)
    assert before.kind == CertificateKind.UNITS and not Award.objects.filter(candidate=john)
    review = _reinstate(claim)
    assert review.status == ReviewStatus.COMPLETED
    assert review.items.get().decision == ItemDecision.CHANGED
    assert helpers.unit(claim, 7).state == UnitState.ACCEPTED
    assert set(
        AchievedUnit.objects.filter(candidate=john, claim=claim).values_list(
            "unit__number", flat=True
        )
    ) == {1, 4, 7}
    award = Award.objects.standing().get(candidate=john)
    before.refresh_from_db()
    assert before.status == CertificateStatus.REPLACED
    new = before.replaced_by
    assert new is not None and new.kind == CertificateKind.AWARD and new.award == award
    assert [u["number"] for u in new.unit_rows] == [1, 4, 7]
    Certificate.objects.filter(pk=before.pk).update(published_at=timezone.now())
    answer = certificate_actions.verify_certificate(
        number=before.number, surname="Smith", date_of_birth=john.date_of_birth, acting_user=None
    )
    assert answer.outcome == CertificateStatus.REPLACED
    (email,) = _emails("review_completed")
    assert "Changed to accepted" in email.body
    assert _emails("certificate_replaced")
    event = AuditEvent.objects.get(action="review.completed")
    assert event.changes["awards_issued"] == 1 and event.changes["units_added"] == 1


def test_a_withdrawn_unit_withdraws_the_award_and_its_certificate(demo: None) -> None:
    claim = factories.processed({"123456": [1, 4, 7]}).claim
    john = factories.candidate("123456")
    award_certificate = Certificate.objects.get(claim=claim, candidate=john)
    assert award_certificate.kind == CertificateKind.AWARD
    review = helpers.assigned(claim)
    actions.decide_item(
        acting_user=helpers.reviewer(),
        review_id=review.pk,
        item_id=review.items.get().pk,
        decision="withdraw",
        reason="The evidence does not meet the criteria",
    )
    actions.complete_review(acting_user=helpers.reviewer(), review_id=review.pk)
    assert not Award.objects.standing().filter(candidate=john).exists()
    assert not AchievedUnit.objects.filter(candidate=john, unit__number=7).exists()
    award_certificate.refresh_from_db()
    assert award_certificate.status == CertificateStatus.WITHDRAWN
    units = Certificate.objects.valid().get(claim=claim, candidate=john)
    assert units.kind == CertificateKind.UNITS
    assert [u["number"] for u in units.unit_rows] == [1, 4]


def test_a_finalised_claim_not_yet_processed_keeps_its_outcomes_for_processing(demo: None) -> None:
    claim = helpers.withdrawn_unit_claim(process=False)
    _reinstate(claim)
    assert helpers.unit(claim, 7).state == UnitState.ACCEPTED
    assert not AchievedUnit.objects.filter(claim=claim).exists()
    factories.process(claim)
    assert Award.objects.standing().filter(candidate__number="123456").exists()


def test_a_completed_review_cannot_change(claim: Claim) -> None:
    review = _reinstate(claim)
    with pytest.raises(Conflict):
        actions.complete_review(acting_user=helpers.reviewer(), review_id=review.pk)
    with pytest.raises(Conflict):
        actions.assign_reviewer(
            acting_user=factories.ops(), review_id=review.pk, reviewer_id=helpers.reviewer().pk
        )
