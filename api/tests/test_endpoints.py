"""The API's endpoints: the same rules as the pages, structured errors, another centre is 404."""

from typing import Any

import pytest
from django.db import transaction
from django.db.models import QuerySet
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEvent
from candidates.models import Candidate, NamedEntry
from claims import transitions
from claims.models import Claim, ClaimedUnit, ClaimStatus

pytestmark = pytest.mark.django_db

NEW = {
    "number": "11900001",
    "first_name": "Nia",
    "last_name": "Patel",
    "date_of_birth": "2001-04-03",
    "uln": "9999999998",
}


def errors_of(response: Any) -> list[dict[str, Any]]:
    body = response.json()
    assert set(body) == {"errors"}, body
    for error in body["errors"]:
        assert set(error) == {"field", "message", "code"}
    return list(body["errors"])


def fields_of(response: Any) -> set[str | None]:
    return {error["field"] for error in errors_of(response)}


# Candidates


def test_list_and_search_candidates(tutor_api: APIClient) -> None:
    body = tutor_api.get("/api/v1/candidates/").json()
    assert body["count"] == 7
    assert "Farah Ali" not in str(body)
    found = tutor_api.get("/api/v1/candidates/", {"q": "khan"}).json()["results"]
    assert [c["number"] for c in found] == ["11721896"]
    assert found[0] == {
        "number": "11721896",
        "first_name": "Amira",
        "last_name": "Khan",
        "date_of_birth": "1990-08-02",
        "uln": "",
    }
    page = tutor_api.get("/api/v1/candidates/", {"page_size": 2, "page": 2}).json()
    assert len(page["results"]) == 2 and page["previous"] and page["next"]


def test_administrator_adds_and_changes_a_candidate(admin_api: APIClient) -> None:
    response = admin_api.post("/api/v1/candidates/", NEW, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["uln"] == "9999999998"
    candidate = Candidate.objects.get(number="11900001")
    assert candidate.centre.number == "12345"
    assert AuditEvent.objects.filter(action="candidate.created", object_id=candidate.pk).exists()

    response = admin_api.patch(
        "/api/v1/candidates/11900001/", {"first_name": "Nina"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["first_name"] == "Nina" and response.json()["last_name"] == "Patel"
    response = admin_api.put(
        "/api/v1/candidates/11900001/",
        {"first_name": "Nina", "last_name": "Patel-Jones", "date_of_birth": "2001-04-04"},
        format="json",
    )
    assert response.status_code == 200
    candidate.refresh_from_db()
    assert (candidate.last_name, str(candidate.date_of_birth), candidate.uln) == (
        "Patel-Jones",
        "2001-04-04",
        "",
    )


def test_tutor_cannot_add_or_change_candidates_as_in_the_pages(tutor_api: APIClient) -> None:
    response = tutor_api.post("/api/v1/candidates/", NEW, format="json")
    assert response.status_code == 403
    assert errors_of(response)[0]["code"] == "permission_denied"
    response = tutor_api.patch("/api/v1/candidates/11721896/", {"first_name": "X"}, format="json")
    assert response.status_code == 403
    assert not Candidate.objects.filter(number="11900001").exists()
    assert Candidate.objects.get(number="11721896").first_name == "Amira"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"number": "12ab"}, "number", "digits only"),
        ({"uln": "9999999999"}, "uln", "check digit"),
        ({"date_of_birth": "03/04/2001"}, "date_of_birth", "YYYY-MM-DD"),
        ({"first_name": ""}, "first_name", "Enter the first name"),
        ({"number": "1" * 13}, "number", "Candidate number must be 12 digits or fewer"),
    ],
)
def test_bad_candidate_input_names_the_field(
    admin_api: APIClient, changes: dict[str, str], field: str, message: str
) -> None:
    response = admin_api.post("/api/v1/candidates/", {**NEW, **changes}, format="json")
    assert response.status_code == 400
    error = next(e for e in errors_of(response) if e["field"] == field)
    assert message in error["message"]
    assert not Candidate.objects.filter(number=changes.get("number", NEW["number"])).exists()


def test_a_number_used_by_another_centre_is_refused_without_saying_whose(
    admin_api: APIClient,
) -> None:
    response = admin_api.post("/api/v1/candidates/", {**NEW, "number": "20000001"}, format="json")
    assert response.status_code == 400
    assert "already exists" in errors_of(response)[0]["message"]
    assert "Southbank" not in response.content.decode()
    assert "Farah" not in response.content.decode()


def test_another_centres_candidate_is_not_found(admin_api: APIClient) -> None:
    for response in (
        admin_api.get("/api/v1/candidates/20000001/"),
        admin_api.patch("/api/v1/candidates/20000001/", {"first_name": "X"}, format="json"),
        admin_api.get("/api/v1/candidates/99999999/"),
    ):
        assert response.status_code == 404
        assert errors_of(response)[0]["code"] == "not_found"
    assert Candidate.objects.get(number="20000001").first_name == "Farah"


# Entries


def test_named_entries_list_and_create(admin_api: APIClient) -> None:
    admin_api.post("/api/v1/candidates/", NEW, format="json")
    response = admin_api.post(
        "/api/v1/entries/",
        {"candidate": "11900001", "qualification": "03991", "entry_type": "units", "units": [4, 1]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["units"] == [1, 4]
    listed = admin_api.get("/api/v1/entries/", {"candidate": "11900001"}).json()["results"]
    assert [(e["qualification"], e["entry_type"]) for e in listed] == [("03991", "units")]
    customer = admin_api.get("/api/v1/entries/", {"qualification": "05203"}).json()["results"]
    assert [e["candidate"] for e in customer] == ["789012"]
    again = admin_api.post(
        "/api/v1/entries/",
        {"candidate": "11900001", "qualification": "03991", "entry_type": "full"},
        format="json",
    )
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"candidate": "20000001"}, "candidate", "Candidate not found"),
        ({"candidate": "99999999"}, "candidate", "Candidate not found"),
        ({"qualification": "99999"}, "qualification", "Qualification not found"),
        ({"entry_type": "units", "units": [1, 99]}, "units", "03991 has no unit 99"),
        ({"entry_type": "units", "units": []}, "units", "Select at least one unit"),
        ({"entry_type": "partial"}, "entry_type", "not a valid choice"),
    ],
)
def test_bad_entries_are_refused(
    admin_api: APIClient, body: dict[str, Any], field: str, message: str
) -> None:
    before = NamedEntry.objects.count()
    data = {"candidate": "11721897", "qualification": "03991", "entry_type": "full", **body}
    response = admin_api.post("/api/v1/entries/", data, format="json")
    assert response.status_code == 400
    error = next(e for e in errors_of(response) if e["field"] == field)
    assert message in error["message"]
    assert NamedEntry.objects.count() == before


def test_unnamed_balances(tutor_api: APIClient) -> None:
    body = tutor_api.get("/api/v1/unnamed-entries/").json()
    assert {r["qualification"]: r["balance"] for r in body["results"]} == {
        "03991": 10,
        "05203": 0,
    }


# Catalogue and assessors


def test_qualifications_are_those_the_centre_is_approved_for(
    tutor_api: APIClient, southbank_api: APIClient
) -> None:
    codes = [q["code"] for q in tutor_api.get("/api/v1/qualifications/").json()["results"]]
    assert codes == ["03991", "05203"]
    codes = [q["code"] for q in southbank_api.get("/api/v1/qualifications/").json()["results"]]
    assert codes == ["03991"]
    assert southbank_api.get("/api/v1/qualifications/05203/").status_code == 404
    assert southbank_api.get("/api/v1/qualifications/05203/units/").status_code == 404
    detail = tutor_api.get("/api/v1/qualifications/05203/").json()
    assert len(detail["units"]) == 8
    assert detail["units"][0]["grades"] == ["Pass", "Merit", "Distinction"]
    units = tutor_api.get("/api/v1/qualifications/03991/units/", {"page_size": 100}).json()
    assert units["count"] == 81
    assert units["results"][0]["title"] == "Improving productivity using IT [Level 1]"


def test_centre_assessors(tutor_api: APIClient, southbank_api: APIClient) -> None:
    response = tutor_api.post(
        "/api/v1/qualifications/03991/assessors/",
        {"name": "Test Assessor", "initials": "ta"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["initials"] == "TA"
    again = tutor_api.post(
        "/api/v1/qualifications/03991/assessors/",
        {"name": "Tom Adams", "initials": "TA"},
        format="json",
    )
    assert again.status_code == 409
    assert errors_of(again)[0]["field"] == "initials"
    listed = tutor_api.get("/api/v1/qualifications/03991/assessors/").json()["results"]
    assert [(a["name"], a["initials"]) for a in listed] == [("Test Assessor", "TA")]
    assert southbank_api.get("/api/v1/qualifications/03991/assessors/").json()["count"] == 0
    bad = tutor_api.post(
        "/api/v1/qualifications/03991/assessors/",
        {"name": "Ann", "initials": "A1"},
        format="json",
    )
    assert bad.status_code == 400 and errors_of(bad)[0]["field"] == "initials"


# Claims


@pytest.fixture
def claim_id(tutor_api: APIClient) -> int:
    tutor_api.post(
        "/api/v1/qualifications/03991/assessors/",
        {"name": "Test Assessor", "initials": "TA"},
        format="json",
    )
    response = tutor_api.post("/api/v1/claims/", {"qualification": "03991"}, format="json")
    assert response.status_code == 201, response.json()
    return int(response.json()["id"])


def on_claim(claim: int) -> QuerySet[ClaimedUnit]:
    return ClaimedUnit.objects.filter(claim_candidate__claim_id=claim)


def put_units(client: APIClient, claim: int, number: str, units: list[dict[str, Any]]) -> Any:
    return client.put(
        f"/api/v1/claims/{claim}/candidates/{number}/", {"units": units}, format="json"
    )


def test_create_claim_returns_the_one_in_progress(tutor_api: APIClient, claim_id: int) -> None:
    response = tutor_api.post("/api/v1/claims/", {"qualification": "03991"}, format="json")
    assert response.status_code == 200
    assert response.json()["id"] == claim_id
    assert response.json()["status"] == "draft"
    assert response.json()["status_label"] == "Claim in progress"


def test_a_claim_needs_a_centre_assessor_first(tutor_api: APIClient) -> None:
    response = tutor_api.post("/api/v1/claims/", {"qualification": "03991"}, format="json")
    assert response.status_code == 400
    assert errors_of(response)[0]["code"] == "no_assessors"
    response = tutor_api.post("/api/v1/claims/", {"qualification": "99999"}, format="json")
    assert response.status_code == 400
    assert errors_of(response)[0]["field"] == "qualification"


def test_put_units_and_read_the_claim(tutor_api: APIClient, claim_id: int) -> None:
    response = put_units(
        tutor_api,
        claim_id,
        "11721896",
        [
            {"unit": 1, "assessor": "ta"},
            {"unit": 4, "assessor": "TA"},
            {"unit": 7, "assessor": "TA", "awarding_body": "AQA"},
        ],
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [(u["unit"], u["code"], u["assessor"]) for u in body["units"]] == [
        (1, "C", "TA"),
        (4, "C", "TA"),
        (7, "T", "TA"),
    ]
    claim = tutor_api.get(f"/api/v1/claims/{claim_id}/").json()
    assert [c["candidate"] for c in claim["candidates"]] == ["11721896"]
    assert [u["unit"] for u in claim["candidates"][0]["units"]] == [1, 4, 7]
    assert claim["candidates"][0]["units"][2]["awarding_body"] == "AQA"

    # Putting again replaces: unit 4 goes, unit 7 stays from AQA, unit 10 is added.
    response = put_units(
        tutor_api,
        claim_id,
        "11721896",
        [
            {"unit": 1, "assessor": "TA"},
            {"unit": 7, "assessor": "TA", "awarding_body": "AQA"},
            {"unit": 10, "assessor": "TA"},
        ],
    )
    assert response.status_code == 200
    assert [u["unit"] for u in response.json()["units"]] == [1, 7, 10]

    assert tutor_api.delete(f"/api/v1/claims/{claim_id}/candidates/11721896/").status_code == 204
    assert tutor_api.get(f"/api/v1/claims/{claim_id}/").json()["candidates"] == []
    assert not on_claim(claim_id).exists()


@pytest.mark.parametrize(
    ("number", "units", "field", "message"),
    [
        ("11721896", [{"unit": 1, "assessor": "ZZ"}], "units.0.assessor", "No centre assessor"),
        (
            "11721896",
            [{"unit": 1, "assessor": "TA"}, {"unit": 2, "assessor": "TA", "grade": "Merit"}],
            "units.1.grade",
            "not graded",
        ),
        ("11721832", [{"unit": 2, "assessor": "TA"}], "units.0.unit", "cannot be claimed"),
        ("10050901", [{"unit": 1, "assessor": "TA"}], "units.0.unit", "already achieved"),
        ("11721896", [{"unit": 99, "assessor": "TA"}], "units.0.unit", "cannot be claimed"),
        (
            "11721896",
            [{"unit": 3, "assessor": "TA"}, {"unit": 3, "assessor": "TA"}],
            "units.1.unit",
            "more than once",
        ),
        ("11721896", [{"unit": "one", "assessor": "TA"}], "units.0.unit", "valid integer"),
        ("11721896", [{"assessor": "TA"}], "units.0.unit", "required"),
    ],
)
def test_bad_units_are_refused_and_nothing_is_saved(
    tutor_api: APIClient,
    claim_id: int,
    number: str,
    units: list[dict[str, Any]],
    field: str,
    message: str,
) -> None:
    response = put_units(tutor_api, claim_id, number, units)
    assert response.status_code == 400, response.json()
    error = next(e for e in errors_of(response) if e["field"] == field)
    assert message in error["message"]
    assert not on_claim(claim_id).exists()


def test_graded_units_need_a_grade(tutor_api: APIClient) -> None:
    tutor_api.post(
        "/api/v1/qualifications/05203/assessors/",
        {"name": "Test Assessor", "initials": "TA"},
        format="json",
    )
    claim = tutor_api.post("/api/v1/claims/", {"qualification": "05203"}, format="json").json()
    response = put_units(tutor_api, claim["id"], "789012", [{"unit": 1, "assessor": "TA"}])
    assert response.status_code == 400
    assert errors_of(response)[0]["field"] == "units.0.grade"
    response = put_units(
        tutor_api, claim["id"], "789012", [{"unit": 1, "assessor": "TA", "grade": "Merit"}]
    )
    assert response.status_code == 200
    assert response.json()["units"][0]["grade"] == "Merit"
    response = put_units(
        tutor_api,
        claim["id"],
        "789012",
        [{"unit": 2, "assessor": "TA", "grade": "Merit", "awarding_body": "AQA"}],
    )
    assert response.status_code == 400
    assert errors_of(response)[0]["field"] == "units.0.awarding_body"


def test_a_submitted_claim_cannot_be_changed(
    tutor_api: APIClient, claim_id: int, tutor: User
) -> None:
    put_units(tutor_api, claim_id, "11721896", [{"unit": 1, "assessor": "TA"}])
    with transaction.atomic():
        claim = transitions.lock(claim_id)
        transitions.move(claim, to=ClaimStatus.SUBMITTED, acting_user=tutor)
    response = put_units(tutor_api, claim_id, "11721896", [{"unit": 4, "assessor": "TA"}])
    assert response.status_code == 409
    assert errors_of(response)[0]["code"] == "not_draft"
    assert tutor_api.delete(f"/api/v1/claims/{claim_id}/candidates/11721896/").status_code == 409
    assert list(on_claim(claim_id).values_list("unit__number", flat=True)) == [1]


def test_a_stale_version_is_a_conflict(tutor_api: APIClient, claim_id: int) -> None:
    first = put_units(tutor_api, claim_id, "11721896", [{"unit": 1, "assessor": "TA"}]).json()
    put_units(tutor_api, claim_id, "11721896", [{"unit": 4, "assessor": "TA"}])
    response = tutor_api.put(
        f"/api/v1/claims/{claim_id}/candidates/11721896/",
        {"units": [{"unit": 7, "assessor": "TA"}]},
        format="json",
        HTTP_IF_MATCH=first["version"],
    )
    assert response.status_code == 409
    assert errors_of(response)[0]["code"] == "stale"
    assert list(on_claim(claim_id).values_list("unit__number", flat=True)) == [4]


def test_another_centres_claim_is_not_found(
    tutor_api: APIClient, southbank_api: APIClient, claim_id: int
) -> None:
    put_units(tutor_api, claim_id, "11721896", [{"unit": 1, "assessor": "TA"}])
    for response in (
        southbank_api.get(f"/api/v1/claims/{claim_id}/"),
        southbank_api.get(f"/api/v1/claims/{claim_id}/candidates/11721896/"),
        put_units(southbank_api, claim_id, "20000001", [{"unit": 1, "assessor": "TA"}]),
        southbank_api.delete(f"/api/v1/claims/{claim_id}/candidates/11721896/"),
        tutor_api.get(f"/api/v1/claims/{claim_id}/candidates/20000001/"),
        tutor_api.get("/api/v1/claims/999999/"),
    ):
        assert response.status_code == 404
    assert Claim.objects.get(pk=claim_id).status == ClaimStatus.DRAFT
    assert on_claim(claim_id).count() == 1


def test_unknown_urls_and_methods_use_the_error_shape(tutor_api: APIClient) -> None:
    response = tutor_api.delete("/api/v1/candidates/")
    assert response.status_code == 405
    assert errors_of(response)[0]["code"] == "method_not_allowed"
    response = tutor_api.post("/api/v1/candidates/", "not json", content_type="application/json")
    assert response.status_code in (400, 403)
    errors_of(response)


def test_unauthenticated_requests_get_401(client: Any, demo: None) -> None:
    response = client.get("/api/v1/candidates/")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"


# Results


def test_published_results_and_awards(tutor_api: APIClient, southbank_api: APIClient) -> None:
    body = tutor_api.get("/api/v1/results/").json()
    assert body["count"] == 1
    ben = body["results"][0]
    assert (ben["candidate"], ben["name"]) == ("10050901", "Ben Carter")
    section = ben["qualifications"][0]
    assert section["qualification"] == "03991" and section["award"] is None
    assert [(u["unit"], u["assessed_as"], u["claim_number"]) for u in section["units"]] == [
        (1, "Pass", "78103")
    ]
    assert tutor_api.get("/api/v1/results/", {"qualification": "05203"}).json()["count"] == 0
    assert tutor_api.get("/api/v1/results/", {"q": "carter"}).json()["count"] == 1
    response = tutor_api.get("/api/v1/results/", {"qualification": "99999"})
    assert response.status_code == 400 and errors_of(response)[0]["field"] == "qualification"
    assert southbank_api.get("/api/v1/results/").json()["count"] == 0


# Submitting and claim history


def test_submit_and_claim_history(tutor_api: APIClient, claim_id: int) -> None:
    put_units(tutor_api, claim_id, "11721896", [{"unit": 1, "assessor": "TA"}])
    history = tutor_api.get("/api/v1/claims/").json()["results"]
    assert history[0]["id"] == claim_id and history[0]["status_label"] == "Claim in progress"
    response = tutor_api.post(f"/api/v1/claims/{claim_id}/submit/", {}, format="json")
    assert response.status_code == 400
    assert errors_of(response)[0] == {
        "field": "declaration",
        "message": "Confirm that you have printed a copy of this claim to be included with "
        "the submitted work for moderation",
        "code": "declaration",
    }
    response = tutor_api.post(
        f"/api/v1/claims/{claim_id}/submit/",
        {"declaration": True, "submitter_email": "not an email"},
        format="json",
    )
    assert response.status_code == 400 and errors_of(response)[0]["field"] == "submitter_email"
    response = tutor_api.post(
        f"/api/v1/claims/{claim_id}/submit/", {"declaration": True}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "submitted"
    assert body["submitter_email"] == "tutor@northfield.test"
    history = tutor_api.get("/api/v1/claims/", {"qualification": "03991"}).json()["results"]
    mine = next(c for c in history if c["id"] == claim_id)
    assert (mine["claim_number"], mine["candidates"], mine["units"]) == (
        body["claim_number"],
        1,
        1,
    )
    statuses = tutor_api.get("/api/v1/claims/", {"status": "processed"}).json()["results"]
    assert [c["claim_number"] for c in statuses] == [78103]
    assert tutor_api.get("/api/v1/claims/", {"status": "nonsense"}).status_code == 400


def test_submit_is_refused_while_a_check_blocks_it(tutor_api: APIClient, claim_id: int) -> None:
    # Daniel Evans has no named entry: 11 units need 11 unnamed entries, and 10 are left.
    put_units(
        tutor_api,
        claim_id,
        "11721897",
        [{"unit": n, "assessor": "TA"} for n in (1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31)],
    )
    response = tutor_api.post(
        f"/api/v1/claims/{claim_id}/submit/", {"declaration": True}, format="json"
    )
    assert response.status_code == 409, response.json()
    assert errors_of(response)[0]["code"] == "checks_blocking"
    assert Claim.objects.get(pk=claim_id).status == ClaimStatus.DRAFT


def test_another_centre_cannot_submit(southbank_api: APIClient, claim_id: int) -> None:
    response = southbank_api.post(
        f"/api/v1/claims/{claim_id}/submit/", {"declaration": True}, format="json"
    )
    assert response.status_code == 404
    assert Claim.objects.get(pk=claim_id).status == ClaimStatus.DRAFT
    assert southbank_api.get("/api/v1/claims/").json()["count"] == 0
