"""External verification reports, and what operations do: process claims, see overdue claims,
grant and remove direct claim status."""

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Approval, User, VerifierAssignment
from audit.models import AuditEvent
from claims.models import Claim, ClaimStatus
from common.errors import Conflict, DomainError, NotFound, PermissionRefused
from conftest import client_for
from moderation import actions
from moderation.models import VerifierReport

from .factories import demo_claim

pytestmark = pytest.mark.django_db


def _assignment(verifier: User) -> VerifierAssignment:
    return VerifierAssignment.objects.get(
        verifier=verifier, centre__number="12345", qualification__code="05203"
    )


def _report_form(**overrides: str) -> dict[str, str]:
    return {
        "visit_date": "10/11/2026",
        "actions": "Date every witness statement by 01/01/2027.",
        "recommendations": "Standardise assessor judgements each term.",
        "sanction_level": "1",
        "recommends_direct_claim_status": "yes",
        **overrides,
    }


def test_the_verifier_records_a_visit_and_the_centre_reads_it(
    verifier: User,
    tutor_client: Any,
    centre_admin: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(verifier)
    page = client.get(reverse("moderation:verification"))
    assert "05203" in page.content.decode()
    url = reverse("moderation:verifier-report-new", args=[_assignment(verifier).pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _report_form())
    assert response.status_code == 302
    report = VerifierReport.objects.get()
    assert (report.centre.number, report.qualification.code) == ("12345", "05203")
    assert report.visit_date == date(2026, 11, 10)
    assert report.sanction_level == "1" and report.recommends_direct_claim_status

    [email] = mail.outbox
    assert set(email.to) == {"exams@northfield.test", centre_admin.email}
    assert "05203" in email.subject and "10/11/2026" in email.subject

    listed = tutor_client.get(reverse("moderation:centre-verifier-reports")).content.decode()
    assert "10/11/2026" in listed and "Level 1" in listed
    detail = tutor_client.get(reverse("moderation:centre-verifier-report", args=[report.pk]))
    assert "Standardise assessor judgements each term." in detail.content.decode()


def test_the_report_form_names_each_missing_field(verifier: User) -> None:
    client = client_for(verifier)
    url = reverse("moderation:verifier-report-new", args=[_assignment(verifier).pk])
    response = client.post(url, {"visit_date": "", "actions": ""})
    text = response.content.decode()
    for message in (
        "Enter the date of the visit",
        "Enter the actions",
        "Enter the recommendations",
        "Choose the sanction level",
        "Choose yes or no",
    ):
        assert message in text
    assert not VerifierReport.objects.exists()


def test_a_visit_cannot_be_in_the_future(verifier: User) -> None:
    with pytest.raises(DomainError, match="today or in the past"):
        actions.record_verifier_report(
            assignment_id=_assignment(verifier).pk,
            visit_date=timezone.localdate() + timedelta(days=1),
            actions="a",
            recommendations="r",
            sanction_level="none",
            recommends_direct_claim_status=False,
            acting_user=verifier,
        )


@pytest.mark.parametrize("who", ["moderator", "tutor", "ops", "southbank_admin"])
def test_only_the_assigned_verifier_records_reports(
    who: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(who)
    verifier = User.objects.get(email="verifier@awarding.test")
    with pytest.raises(NotFound):
        actions.record_verifier_report(
            assignment_id=_assignment(verifier).pk,
            visit_date=timezone.localdate(),
            actions="a",
            recommendations="r",
            sanction_level="none",
            recommends_direct_claim_status=False,
            acting_user=user,
        )
    client = client_for(user)
    assert client.get(reverse("moderation:verification")).status_code == 404


def test_another_centre_does_not_see_the_report(verifier: User, southbank_client: Any) -> None:
    report = actions.record_verifier_report(
        assignment_id=_assignment(verifier).pk,
        visit_date=timezone.localdate(),
        actions="a",
        recommendations="r",
        sanction_level="none",
        recommends_direct_claim_status=False,
        acting_user=verifier,
    )
    url = reverse("moderation:centre-verifier-report", args=[report.pk])
    assert southbank_client.get(url).status_code == 404
    listed = southbank_client.get(reverse("moderation:centre-verifier-reports"))
    assert "No reports yet." in listed.content.decode()


# Direct claim status


def test_operations_grant_and_remove_direct_claim_status_with_a_reason_and_an_audit(
    ops: User,
) -> None:
    approval = Approval.objects.get(centre__number="67890", qualification__code="03991")
    client = client_for(ops)
    page = client.get(reverse("moderation:direct-claim-status")).content.decode()
    assert "67890 Southbank Training" in page
    url = reverse("moderation:direct-claim-status-change", args=[approval.pk])
    response = client.post(url, {"reason": ""})
    assert "Enter the reason" in response.content.decode()
    response = client.post(url, {"reason": "Verifier recommended it after the visit"})
    assert response.status_code == 302
    approval.refresh_from_db()
    assert approval.direct_claim_status
    event = AuditEvent.objects.get(action="approval.direct_claim_status")
    assert event.actor == ops and "Verifier recommended it" in event.summary
    assert event.changes["direct_claim_status"] == [False, True]

    client.post(url, {"reason": "Sanction level 2 after a later visit"})
    approval.refresh_from_db()
    assert not approval.direct_claim_status
    with pytest.raises(Conflict):
        actions.set_direct_claim_status(
            approval_id=approval.pk, direct=False, reason="again", acting_user=ops
        )


@pytest.mark.parametrize("who", ["moderator", "verifier", "centre_admin"])
def test_only_operations_change_direct_claim_status(
    who: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(who)
    approval = Approval.objects.get(centre__number="67890", qualification__code="03991")
    with pytest.raises(PermissionRefused):
        actions.set_direct_claim_status(
            approval_id=approval.pk, direct=True, reason="x", acting_user=user
        )
    client = client_for(user)
    for url in (
        reverse("moderation:direct-claim-status"),
        reverse("moderation:direct-claim-status-change", args=[approval.pk]),
        reverse("moderation:claims-to-process"),
        reverse("moderation:overdue"),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("moderation:process-all")).status_code == 404


# Processing and overdue claims


def _finalised(moderator: User) -> Claim:
    claim = demo_claim()
    actions.save_feedback(claim_id=claim.pk, feedback="x", acting_user=moderator)
    return actions.send_to_awarding_body(claim_id=claim.pk, acting_user=moderator)


def test_process_all_processes_every_finalised_claim(moderator: User, ops: User) -> None:
    first, second = _finalised(moderator), _finalised(moderator)
    response = client_for(ops).post(reverse("moderation:process-all"), follow=True)
    assert f"Processed: claim {first.claim_number}, {second.claim_number}" in (
        response.content.decode()
    )
    assert set(
        Claim.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    ) == {ClaimStatus.PROCESSED}


def test_only_operations_process_claims(moderator: User, tutor: User) -> None:
    claim = _finalised(moderator)
    for user in (moderator, tutor):
        with pytest.raises(PermissionRefused):
            actions.process_claims(claim_ids=[claim.pk], acting_user=user)
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.FINALISED


def test_a_claim_processed_meanwhile_is_reported_not_processed_twice(
    moderator: User, ops: User
) -> None:
    claim = _finalised(moderator)
    assert actions.process_claims(claim_ids=[claim.pk], acting_user=ops).processed == [claim]
    again = actions.process_claims(claim_ids=[claim.pk], acting_user=ops)
    assert again.processed == [] and again.refused[0][0] == claim


def test_the_claims_to_process_list_costs_the_same_for_one_claim_or_many(
    moderator: User, ops: User, django_assert_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(ops)
    _finalised(moderator)
    client.get(reverse("moderation:claims-to-process"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("moderation:claims-to-process"))
    for _ in range(6):
        _finalised(moderator)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("moderation:claims-to-process"))


def test_operations_see_claims_overdue_after_35_days(ops: User) -> None:
    submitted = timezone.make_aware(datetime(2026, 9, 1, 10, 0))
    late = demo_claim(submitted_at=submitted)
    recent = demo_claim(submitted_at=submitted + timedelta(days=20))
    with time_machine.travel(submitted + timedelta(days=36), tick=False):
        page = client_for(ops).get(reverse("moderation:overdue")).content.decode()
    assert f">{late.claim_number}<" in page
    assert f">{recent.claim_number}<" not in page


# Report lists stay cheap however many reports there are


def _queries_for(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_centres_report_lists_cost_the_same_for_one_report_or_many(
    moderator: User, verifier: User, tutor_client: Any, django_assert_num_queries: Any
) -> None:
    def verifier_report() -> None:
        actions.record_verifier_report(
            assignment_id=_assignment(verifier).pk,
            visit_date=timezone.localdate(),
            actions="a",
            recommendations="r",
            sanction_level="none",
            recommends_direct_claim_status=False,
            acting_user=verifier,
        )

    _finalised(moderator)
    verifier_report()
    moderator_reports = reverse("moderation:centre-moderator-reports")
    verifier_reports = reverse("moderation:centre-verifier-reports")
    one = (
        _queries_for(tutor_client, moderator_reports),
        _queries_for(tutor_client, verifier_reports),
    )
    for _ in range(5):
        _finalised(moderator)
        verifier_report()
    with django_assert_num_queries(one[0]):
        page = tutor_client.get(moderator_reports)
    assert page.content.decode().count("Report for claim") == 6
    with django_assert_num_queries(one[1]):
        tutor_client.get(verifier_reports)
