"""The audit trail: every change to claims, claimed units, entries, assessors, results and roles
writes who, when and what; nothing in the product can edit or remove a record."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts import actions as account_actions
from accounts.models import Approval, Membership, Role, User
from audit.models import AuditEvent
from candidates import actions as candidate_actions
from catalogue.models import Qualification
from claims import actions as claim_actions
from claims.models import ClaimStatus
from claims.tests.helpers import candidate, current, membership_of, set_up_assessor, start_claim
from claims.tests.submit_data import AMIRA, claim_units, submit
from conftest import client_for
from moderation import actions as moderation_actions
from moderation.tests.factories import claimed_unit, demo_claim, on_claim
from results import actions as results_actions

pytestmark = pytest.mark.django_db


@contextmanager
def recorded(action: str, by: User | None) -> Iterator[None]:
    """The block writes at least one event of `action`, by `by`, with a summary."""
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    yield
    new = AuditEvent.objects.filter(id__gt=before, action=action)
    assert new.exists(), f"No audit event {action}"
    event = new.first()
    assert event is not None
    assert event.actor == by
    assert event.summary and event.created_at


def test_every_change_writes_an_audit_event(
    centre_admin: User, tutor: User, moderator: User, ops: User
) -> None:
    admin = membership_of(centre_admin)
    itq = Qualification.objects.get(code="03991")

    # Assessors
    with recorded("assessor.added", tutor):
        assessor = set_up_assessor(tutor, name="Tom Assessor", initials="TX")
    with recorded("claim.created", tutor):
        claim = start_claim(tutor)
    with recorded("assessor.updated", tutor):
        claim_actions.update_centre_assessor(
            membership=membership_of(tutor),
            assessor_id=assessor.pk,
            name="Tina Assessor",
            initials="TA",
            acting_user=tutor,
        )
    # Claims and claimed units
    with recorded("claim.candidate_saved", tutor):
        claim_units(tutor, claim, AMIRA, [1, 4])
    with recorded("claim.other_ab_unit_added", tutor):
        claim_actions.add_other_awarding_body_unit(
            membership=membership_of(tutor),
            claim_id=claim.pk,
            candidate_id=candidate(AMIRA).pk,
            unit_number=7,
            assessor_id=assessor.pk,
            awarding_body="AQA",
            acting_user=tutor,
        )
    other = claim.candidates.get().units.get(unit__number=7)
    with recorded("claim.other_ab_unit_removed", tutor):
        claim_actions.remove_other_awarding_body_unit(
            membership=membership_of(tutor),
            claim_id=claim.pk,
            candidate_id=candidate(AMIRA).pk,
            claimed_unit_id=other.pk,
            acting_user=tutor,
        )
    with recorded("claim.candidate_removed", tutor):
        state = current(tutor, claim, AMIRA)
        claim_actions.save_candidate_claim(
            membership=membership_of(tutor),
            claim_id=claim.pk,
            candidate_id=candidate(AMIRA).pk,
            choices=[
                claim_actions.UnitChoice(row.unit.number, False)
                for row in state.rows
                if row.achieved is None
            ],
            version=state.version,
            acting_user=tutor,
        )
    claim_units(tutor, claim, AMIRA, [1])
    with recorded("claim.submitted", tutor):
        submit(tutor, claim)

    # Moderation outcomes and the claim's end
    moderated = demo_claim()
    with recorded("moderation.sample_requested", moderator):
        moderation_actions.request_sample(
            claim_id=moderated.pk,
            claim_candidate_ids=[on_claim(moderated, AMIRA).pk],
            acting_user=moderator,
        )
    with recorded("moderation.withdraw_unit", moderator):
        moderation_actions.record_unit_outcome(
            claim_id=moderated.pk,
            claimed_unit_id=claimed_unit(moderated, AMIRA, 4).pk,
            outcome=moderation_actions.Outcome.WITHDRAW,
            reason="No evidence for this unit",
            acting_user=moderator,
        )
    with recorded("moderation.accept", moderator):
        moderation_actions.accept_candidate_units(
            claim_id=moderated.pk,
            claim_candidate_id=on_claim(moderated, AMIRA).pk,
            acting_user=moderator,
        )
    with recorded("moderation.malpractice", moderator):
        moderation_actions.flag_malpractice(
            claim_id=moderated.pk,
            claim_candidate_id=on_claim(moderated, "11721832").pk,
            reason="Copied work",
            acting_user=moderator,
        )
    with recorded("moderation.withdraw_candidate", moderator):
        moderation_actions.withdraw_candidate(
            claim_id=moderated.pk,
            claim_candidate_id=on_claim(moderated, "11721832").pk,
            reason="Copied work",
            acting_user=moderator,
        )
    with recorded("moderation.feedback_saved", moderator):
        moderation_actions.save_feedback(
            claim_id=moderated.pk, feedback="Well organised.", acting_user=moderator
        )
    with recorded("claim.finalised", moderator):
        moderation_actions.send_to_awarding_body(claim_id=moderated.pk, acting_user=moderator)

    # Results
    with recorded("claim.processed", ops), recorded("results.units_achieved", ops):
        results_actions.process_claim(claim_id=moderated.pk, acting_user=ops)
    moderated.refresh_from_db()
    assert moderated.status == ClaimStatus.PROCESSED

    # Entries and candidates
    with recorded("candidate.created", centre_admin):
        added = candidate_actions.create_candidate(
            membership=admin,
            number="99000001",
            first_name="Ada",
            last_name="Lovelace",
            date_of_birth=date(2005, 12, 10),
            acting_user=centre_admin,
        )
    with recorded("candidate.updated", centre_admin):
        candidate_actions.update_candidate(
            membership=admin,
            candidate_id=added.pk,
            first_name="Augusta",
            last_name="Lovelace",
            date_of_birth=date(2005, 12, 10),
            acting_user=centre_admin,
        )
    with recorded("entry.created", centre_admin):
        candidate_actions.make_named_entry(
            membership=admin,
            candidate_id=added.pk,
            qualification_id=itq.pk,
            entry_type="full",
            acting_user=centre_admin,
        )
    with recorded("unnamed.purchased", centre_admin):
        candidate_actions.buy_unnamed_entries(
            membership=admin, qualification_id=itq.pk, quantity=5, acting_user=centre_admin
        )

    # Roles and approvals
    with recorded("membership.added", centre_admin):
        account_actions.add_centre_user(
            membership=admin,
            email="new.tutor@northfield.test",
            full_name="New Tutor",
            role=Role.STAFF,
            acting_user=centre_admin,
        )
    with recorded("membership.role_changed", centre_admin):
        account_actions.change_role(
            membership=admin,
            membership_id=Membership.objects.get(user__email="new.tutor@northfield.test").pk,
            role=Role.TUTOR,
            acting_user=centre_admin,
        )
    # Direct claim status is for externally verified qualifications only: 05203, not 03991.
    approval = Approval.objects.get(centre=admin.centre, qualification__code="05203")
    with recorded("approval.direct_claim_status", ops):
        account_actions.set_direct_claim_status(
            approval_id=approval.pk,
            direct=not approval.direct_claim_status,
            reason="Verifier's recommendation",
            acting_user=ops,
        )


def test_the_admin_shows_the_audit_trail_but_refuses_to_change_or_delete_it(
    tutor: User,
) -> None:
    start_claim(tutor)
    event = AuditEvent.objects.first()
    assert event is not None
    superuser = User.objects.create_superuser(email="root@awarding.test", password="x" * 20)
    client = client_for(superuser)
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    assert client.get(change).status_code == 200  # to read
    response = client.post(change, {"summary": "Nothing happened", "action": "claim.created"})
    assert response.status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    changelist = reverse("admin:audit_auditevent_changelist")
    bulk = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    event.refresh_from_db()
    assert event.summary != "Nothing happened"
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_no_page_of_the_product_writes_the_audit_trail_directly() -> None:
    """Only the admin (read-only, above) and the claim's History page (GET) touch AuditEvent."""
    views: list[str] = []

    def walk(patterns: Sequence[object]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                views.append(f"{pattern.lookup_str}")

    walk(get_resolver().url_patterns)
    assert views
    assert not [v for v in views if v.startswith("audit.")]
    client = client_for(User.objects.create_user(email="someone@example.test", password="x" * 20))
    # The History page answers GET only.
    assert client.post(reverse("claims:claim-history-log", args=[1])).status_code in (404, 405)
