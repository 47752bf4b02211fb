"""External verification reports, and operations granting and removing direct claim status."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import actions as account_actions
from accounts.models import Approval, User, VerifierAssignment
from audit.models import AuditEvent
from common.errors import Conflict, DomainError, NotFound, PermissionRefused
from conftest import client_for
from verification import actions
from verification.models import VerifierReport

pytestmark = pytest.mark.django_db


def _assignment(verifier: User) -> VerifierAssignment:
    return VerifierAssignment.objects.get(
        verifier=verifier, centre__number="12345", qualification__code="05203"
    )


def _visited() -> date:
    return timezone.localdate() - timedelta(days=21)


def _report_form(**overrides: str) -> dict[str, str]:
    return {
        "visit_date": _visited().strftime("%d/%m/%Y"),
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
    page = client.get(reverse("verification:index"))
    assert "05203" in page.content.decode()
    url = reverse("verification:verifier-report-new", args=[_assignment(verifier).pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _report_form())
    assert response.status_code == 302
    report = VerifierReport.objects.get()
    assert (report.centre.number, report.qualification.code) == ("12345", "05203")
    assert report.visit_date == _visited()
    assert report.sanction_level == "1" and report.recommends_direct_claim_status

    [email] = mail.outbox
    assert set(email.to) == {"exams@northfield.test", centre_admin.email}
    assert "05203" in email.subject and f"{_visited():%d/%m/%Y}" in email.subject

    listed = tutor_client.get(reverse("verification:centre-verifier-reports")).content.decode()
    assert f"{_visited():%d/%m/%Y}" in listed and "Level 1" in listed
    detail = tutor_client.get(reverse("verification:centre-verifier-report", args=[report.pk]))
    assert "Standardise assessor judgements each term." in detail.content.decode()


def test_the_report_form_names_each_missing_field(verifier: User) -> None:
    client = client_for(verifier)
    url = reverse("verification:verifier-report-new", args=[_assignment(verifier).pk])
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


@pytest.mark.parametrize("typed", [date(1800, 1, 1), date(2020, 5, 4)])
def test_a_visit_long_ago_is_refused_beside_the_date_on_the_page(
    verifier: User, typed: date
) -> None:
    url = reverse("verification:verifier-report-new", args=[_assignment(verifier).pk])
    response = client_for(verifier).post(url, _report_form(visit_date=typed.strftime("%d/%m/%Y")))
    assert response.status_code == 400
    assert "The date of the visit must be within the last year" in response.content.decode()
    assert not VerifierReport.objects.filter(verifier=verifier).exists()


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
    assert client.get(reverse("verification:index")).status_code == 404


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
    url = reverse("verification:centre-verifier-report", args=[report.pk])
    assert southbank_client.get(url).status_code == 404
    listed = southbank_client.get(reverse("verification:centre-verifier-reports"))
    assert "No reports yet." in listed.content.decode()


# Direct claim status


def test_operations_grant_and_remove_direct_claim_status_with_a_reason_and_an_audit(
    ops: User,
) -> None:
    # Northfield has direct claim status for externally verified 05203 in the demo.
    approval = Approval.objects.get(centre__number="12345", qualification__code="05203")
    client = client_for(ops)
    page = client.get(reverse("verification:direct-claim-status")).content.decode()
    assert "12345 Northfield College" in page
    url = reverse("verification:direct-claim-status-change", args=[approval.pk])
    response = client.post(url, {"reason": ""})
    assert "Enter the reason" in response.content.decode()
    response = client.post(url, {"reason": "Sanction level 2 after a later visit"})
    assert response.status_code == 302
    approval.refresh_from_db()
    assert not approval.direct_claim_status
    event = AuditEvent.objects.get(action="approval.direct_claim_status")
    assert event.actor == ops and "Sanction level 2" in event.summary
    assert event.changes["direct_claim_status"] == [True, False]

    client.post(url, {"reason": "Verifier recommended it after the visit"})
    approval.refresh_from_db()
    assert approval.direct_claim_status
    with pytest.raises(Conflict):
        account_actions.set_direct_claim_status(
            approval_id=approval.pk, direct=True, reason="again", acting_user=ops
        )


def test_direct_claim_status_is_refused_for_a_qualification_not_externally_verified(
    ops: User,
) -> None:
    approval = Approval.objects.get(centre__number="67890", qualification__code="03991")
    url = reverse("verification:direct-claim-status-change", args=[approval.pk])
    response = client_for(ops).post(url, {"reason": "Verifier recommended it"})
    assert response.status_code == 400
    html = response.content.decode()
    message = (
        "03991 is not externally verified (remote moderation): direct claim status can be "
        "granted only for externally verified qualifications"
    )
    assert message in html
    assert 'id="id_reason-error"' in html and "govuk-error-summary" in html
    approval.refresh_from_db()
    assert not approval.direct_claim_status
    assert not AuditEvent.objects.filter(action="approval.direct_claim_status").exists()
    listed = client_for(ops).get(reverse("verification:direct-claim-status")).content.decode()
    assert "Not available: 03991 is remote moderation" in listed


@pytest.mark.parametrize("who", ["moderator", "verifier", "centre_admin"])
def test_only_operations_change_direct_claim_status(
    who: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(who)
    approval = Approval.objects.get(centre__number="67890", qualification__code="03991")
    with pytest.raises(PermissionRefused):
        account_actions.set_direct_claim_status(
            approval_id=approval.pk, direct=True, reason="x", acting_user=user
        )
    client = client_for(user)
    for url in (
        reverse("verification:direct-claim-status"),
        reverse("verification:direct-claim-status-change", args=[approval.pk]),
        reverse("results:claims-to-process"),
        reverse("moderation:overdue"),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("results:process-all")).status_code == 404


def _queries_for(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _verifier_report(verifier: User) -> None:
    actions.record_verifier_report(
        assignment_id=_assignment(verifier).pk,
        visit_date=timezone.localdate(),
        actions="a",
        recommendations="r",
        sanction_level="none",
        recommends_direct_claim_status=False,
        acting_user=verifier,
    )


def test_the_centres_verifier_report_list_costs_the_same_for_one_report_or_many(
    verifier: User, tutor_client: Any, django_assert_num_queries: Any
) -> None:
    _verifier_report(verifier)
    verifier_reports = reverse("verification:centre-verifier-reports")
    one = _queries_for(tutor_client, verifier_reports)
    for _ in range(5):
        _verifier_report(verifier)
    with django_assert_num_queries(one):
        tutor_client.get(verifier_reports)


def test_the_verifiers_pages_show_each_centres_current_direct_claim_status(
    verifier: User, ops: User
) -> None:
    from accounts.models import Centre
    from catalogue.models import Qualification

    southbank_itq = VerifierAssignment.objects.create(
        verifier=verifier,
        centre=Centre.objects.get(number="67890"),
        qualification=Qualification.objects.get(code="03991"),
    )
    client = client_for(verifier)
    index = reverse("verification:index")
    queries = _queries_for(client, index)

    def status_cells() -> list[str]:
        html = client.get(index).content.decode()
        return [
            line.strip()
            for line in html.splitlines()
            if line.strip()
            in ('<td class="govuk-table__cell">Yes</td>', '<td class="govuk-table__cell">No</td>')
        ]

    assert status_cells() == [
        '<td class="govuk-table__cell">Yes</td>',  # 12345, 05203: direct in the demo
        '<td class="govuk-table__cell">No</td>',  # 67890, 03991
    ]
    form = reverse("verification:verifier-report-new", args=[_assignment(verifier).pk])
    assert "Direct claim status for 05203 now: <strong>Yes</strong>" in (
        client.get(form).content.decode()
    )
    account_actions.set_direct_claim_status(
        approval_id=Approval.objects.get(centre__number="12345", qualification__code="05203").pk,
        direct=False,
        reason="Sanction level 2",
        acting_user=ops,
    )
    assert "Direct claim status for 05203 now: <strong>No</strong>" in (
        client.get(form).content.decode()
    )
    other = reverse("verification:verifier-report-new", args=[southbank_itq.pk])
    assert "Direct claim status for 03991 now: <strong>No</strong>" in (
        client.get(other).content.decode()
    )
    assert _queries_for(client, index) == queries


def test_direct_claim_status_comes_a_page_at_a_time_without_counting_every_approval(
    ops: User, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Centre
    from catalogue.models import Qualification

    url = reverse("verification:direct-claim-status")
    client = client_for(ops)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    qualification = Qualification.objects.get(code="03991")
    centres = Centre.objects.bulk_create(
        Centre(number=f"9{n:04d}", name=f"Centre {n}") for n in range(60)
    )
    Approval.objects.bulk_create(Approval(centre=c, qualification=qualification) for c in centres)
    total = Approval.objects.count()
    with django_assert_max_num_queries(len(few)), CaptureQueriesContext(connection) as many:
        first = client.get(url).content.decode()
    assert not any("COUNT(" in q["sql"].upper() for q in many.captured_queries)
    assert (
        first.count("Grant<span") + first.count("Remove<span") + first.count("Not available:") == 50
    )
    assert "Page 1<" in first and 'rel="next"' in first and 'rel="prev"' not in first
    last = client.get(url, {"page": "2"}).content.decode()
    assert "Page 2<" in last and 'rel="prev"' in last and 'rel="next"' not in last
    assert "90059 Centre 59" in last and "90059 Centre 59" not in first
    rows = last.count('<tr class="govuk-table__row">') - 1
    assert rows == total - 50
    # A page past the end, or not a number, shows the first.
    assert "Page 1<" in client.get(url, {"page": "9"}).content.decode()
    assert "Page 1<" in client.get(url, {"page": "x"}).content.decode()
