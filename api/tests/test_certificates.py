"""The centre's certificates through the API: its own published ones only, every status, the
list's filters and pages, one certificate by number, and query counts that do not grow."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Membership, Role, User
from api.tests.conftest import api_client, token_for
from candidates.models import Candidate
from certificates import actions
from certificates.models import Certificate, CertificateKind
from results.tests import factories as f

pytestmark = pytest.mark.django_db

AMIRA = "11721896"
CHLOE = "11721832"
BEN = "10050901"  # the demo's unit certificate for unit 1 of 03991, claim 78103
LIST = "/api/v1/certificates/"


def detail(number: str) -> str:
    return f"/api/v1/certificates/{number}/"


@pytest.fixture
def issued(demo: None, settings: Any) -> dict[str, Certificate]:
    """Amira Khan's full award (units 1, 4, 7 of 03991) and Chloe Davies' unit 1 alone."""
    settings.RESULTS_DELAY = timedelta(0)
    f.processed({AMIRA: [1, 4, 7], CHLOE: [1]})
    made = Certificate.objects.select_related("candidate", "claim")
    return {c.candidate.number: c for c in made}


def test_the_list_shows_what_each_certificate_certifies(
    issued: dict[str, Certificate], tutor_api: APIClient
) -> None:
    body = tutor_api.get(LIST).json()
    assert body["count"] == 3 and body["next"] is None
    listed = {row["candidate"]: row for row in body["results"]}
    amira, chloe = issued[AMIRA], issued[CHLOE]
    assert listed[AMIRA] == {
        "number": amira.display_number,
        "kind": "award",
        "status": "valid",
        "candidate": AMIRA,
        "name": "Amira Khan",
        "qualification": "03991",
        "qualification_title": "Level 1 Award in IT User Skills (ITQ)",
        "grade": "Pass",
        "units": [
            {
                "unit": number,
                "title": title,
                "level": 1,
                "credits": 3,
                "grade": "Pass",
                "awarding_body": "",
            }
            for number, title in [
                (1, "Improving productivity using IT [Level 1]"),
                (4, "Audio software [Level 1]"),
                (7, "Bespoke software [Level 1]"),
            ]
        ],
        "awarded_on": timezone.localdate().isoformat(),
        "claim_number": amira.claim.claim_number,
        "replaced_by": None,
    }
    assert listed[CHLOE]["number"] == chloe.display_number
    assert (listed[CHLOE]["kind"], listed[CHLOE]["grade"]) == ("units", "")
    assert [u["unit"] for u in listed[CHLOE]["units"]] == [1]
    assert (listed[BEN]["kind"], listed[BEN]["claim_number"]) == ("units", 78103)


def test_another_centre_and_a_role_without_claims_access_see_none(
    issued: dict[str, Certificate], southbank_api: APIClient, tutor: User
) -> None:
    assert southbank_api.get(LIST).json()["count"] == 0
    response = southbank_api.get(detail(issued[AMIRA].number))
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    # A role without certification claims access is refused, as for every endpoint.
    client = api_client(token_for(tutor))
    Membership.objects.filter(user=tutor).update(role=Role.STAFF)
    assert client.get(LIST).status_code == 403
    assert client.get(detail(issued[AMIRA].number)).status_code == 403


def test_certificates_are_listed_only_once_their_results_are_published(
    demo: None, tutor_api: APIClient, settings: Any
) -> None:
    settings.RESULTS_DELAY = timedelta(hours=48)
    f.processed({AMIRA: [1, 4, 7]})
    made = Certificate.objects.get(candidate__number=AMIRA)
    assert tutor_api.get(LIST, {"candidate": AMIRA}).json()["count"] == 0
    assert tutor_api.get(detail(made.number)).status_code == 404
    Certificate.objects.filter(pk=made.pk).update(published_at=timezone.now())
    assert tutor_api.get(LIST, {"candidate": AMIRA}).json()["count"] == 1
    assert tutor_api.get(detail(made.number)).status_code == 200


def test_filters_by_candidate_and_qualification(
    issued: dict[str, Certificate], tutor_api: APIClient
) -> None:
    def numbers(**query: str) -> list[str]:
        return [row["number"] for row in tutor_api.get(LIST, query).json()["results"]]

    assert numbers(candidate=CHLOE) == [issued[CHLOE].display_number]
    assert numbers(candidate=AMIRA, qualification="03991") == [issued[AMIRA].display_number]
    assert numbers(qualification="05203") == []
    assert numbers(candidate="99999999") == []
    response = tutor_api.get(LIST, {"qualification": "039910"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "qualification"


def test_the_list_is_paginated_newest_first(
    issued: dict[str, Certificate], tutor_api: APIClient
) -> None:
    newest = issued[CHLOE]
    Certificate.objects.filter(pk=newest.pk).update(issued_at=timezone.now() + timedelta(1))
    first = tutor_api.get(LIST, {"page_size": 2}).json()
    assert first["count"] == 3 and first["previous"] is None and first["next"]
    assert [row["number"] for row in first["results"]] == [
        newest.display_number,
        issued[AMIRA].display_number,
    ]
    second = tutor_api.get(first["next"]).json()
    assert [row["number"] for row in second["results"]] == [issued[BEN].display_number]
    assert second["next"] is None and second["previous"]
    assert tutor_api.get(LIST, {"page": 3, "page_size": 2}).status_code == 404


def test_one_certificate_by_number_as_printed_or_typed(
    issued: dict[str, Certificate], tutor_api: APIClient
) -> None:
    amira = issued[AMIRA]
    for typed in (amira.number, amira.display_number, amira.display_number.lower()):
        response = tutor_api.get(detail(typed))
        assert response.status_code == 200, typed
        assert response.json()["number"] == amira.display_number
    response = tutor_api.get(detail("K7QM-3XPD-9RTK"))
    assert response.status_code == 404
    assert response.json()["errors"][0]["message"] == "Certificate not found"


def test_a_replaced_certificate_names_its_replacement_and_a_withdrawn_one_says_so(
    issued: dict[str, Certificate], tutor_api: APIClient, ops: User
) -> None:
    amira, chloe = issued[AMIRA], issued[CHLOE]
    new = actions.replace_certificate(
        certificate_id=amira.pk, reason="The holder's name was misspelt", acting_user=ops
    )
    actions.withdraw_certificate(certificate_id=chloe.pk, reason="Issued in error", acting_user=ops)
    old = tutor_api.get(detail(amira.number)).json()
    assert (old["status"], old["replaced_by"]) == ("replaced", new.display_number)
    replacement = tutor_api.get(detail(new.number)).json()
    assert (replacement["status"], replacement["replaced_by"]) == ("valid", None)
    assert replacement["kind"] == CertificateKind.AWARD
    assert tutor_api.get(detail(chloe.number)).json()["status"] == "withdrawn"
    statuses = {row["number"]: row["status"] for row in tutor_api.get(LIST).json()["results"]}
    assert statuses == {
        amira.display_number: "replaced",
        new.display_number: "valid",
        chloe.display_number: "withdrawn",
        issued[BEN].display_number: "valid",
    }


def _bulk_certificates(count: int, start: int) -> None:
    claim = f.claim()
    people = Candidate.objects.bulk_create(
        Candidate(
            centre=claim.centre,
            number=f"4{n:07d}",
            first_name="Bulk",
            last_name=f"Holder{n:03d}",
            date_of_birth="2000-01-01",
        )
        for n in range(start, start + count)
    )
    for person in people:
        f.add(claim, person, [1, 4, 7])
    f.process(f.finalise(claim))


@pytest.mark.parametrize("query", [{}, {"qualification": "03991"}, {"candidate": "40000001"}])
def test_the_lists_query_count_does_not_grow(
    demo: None,
    tutor_api: APIClient,
    ops: User,
    settings: Any,
    query: dict[str, str],
    django_assert_num_queries: Any,
) -> None:
    settings.RESULTS_DELAY = timedelta(0)
    _bulk_certificates(2, 0)
    replaced = Certificate.objects.get(candidate__number="40000001")
    actions.replace_certificate(certificate_id=replaced.pk, reason="Name misspelt", acting_user=ops)
    tutor_api.get(LIST)  # the token's last use is written once a minute at most
    with CaptureQueriesContext(connection) as few:
        assert tutor_api.get(LIST, {"page_size": "100", **query}).status_code == 200
    _bulk_certificates(40, 100)
    with django_assert_num_queries(len(few.captured_queries)):
        body = tutor_api.get(LIST, {"page_size": "100", **query}).json()
    # Ben Carter's, two and a replacement, then forty more; Holder 001's two.
    assert body["count"] == (2 if "candidate" in query else 44)
    assert all(row["units"] for row in body["results"])


def test_the_schema_documents_both_operations_with_examples(client: Any) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    listed = schema["paths"]["/api/v1/certificates/"]["get"]
    one = schema["paths"]["/api/v1/certificates/{number}/"]["get"]
    assert {"200", "404"} <= set(listed["responses"]) and {"200", "404"} <= set(one["responses"])
    assert listed["responses"]["200"]["content"]["application/json"]["examples"]
    assert len(one["responses"]["200"]["content"]["application/json"]["examples"]) == 3
    components = schema["components"]["schemas"]
    assert components["CertificateKindEnum"]["enum"] == ["award", "units"]
    assert components["CertificateStatusEnum"]["enum"] == ["valid", "replaced", "withdrawn"]
    assert {p["name"] for p in listed["parameters"]} >= {"candidate", "qualification", "page"}
