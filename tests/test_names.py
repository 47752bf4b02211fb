"""A candidate's name that a spreadsheet would run as a formula, or that holds a line break or
another control character, is refused everywhere a candidate is entered — the candidate pages,
the API and an import — by one check, in the same words, and nothing is saved."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from api.tests.conftest import api_client, token_for
from candidates.import_reading import COLUMNS
from candidates.models import Candidate, ImportJob, candidate_limit
from candidates.validators import validate_name

pytestmark = pytest.mark.django_db


def _formula(character: str) -> str:
    return (
        f"The first name starts with {character}, which spreadsheets treat as a formula: remove it"
    )


# (case, the first name as sent, the message)
REFUSED = [
    ("hyperlink", '=HYPERLINK("http://x.test","Ann")', _formula("'='")),
    ("plus", "+1+1", _formula("'+'")),
    ("at", "@SUM(1)", _formula("'@'")),
    ("minus", "-2+3", _formula("'-'")),
    ("after spaces", "  =1", _formula("'='")),
    ("tab", "\tAnn", _formula("a tab")),
    ("line feed inside", "Ann\nLine", "The first name contains a line break: remove it"),
    ("line feed first", "\nAnn", "The first name contains a line break: remove it"),
    ("line feed last", "Ann\n", "The first name contains a line break: remove it"),
    (
        "another control character",
        "An\x07n",
        "The first name contains an invisible character (U+0007): remove it",
    ),
    (
        "line separator",
        "Ann\u2028Bell",
        "The first name contains an invisible line separator (U+2028): remove it",
    ),
    ("too long", "A" * 101, "The first name must be 100 characters or fewer"),
]
cases = pytest.mark.parametrize(
    ("name", "message"), [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED]
)

NEW = {"number": "11900001", "last_name": "Patel", "date_of_birth": "03/04/2001", "uln": ""}
KHAN = "11721896"


@pytest.mark.parametrize("name", ["Zoë", "O'Brien", "Anne-Marie", "Nguyễn", "A" * 100, " Ann "])
def test_names_people_have_are_taken(name: str) -> None:
    validate_name(name, label="first name", max_length=candidate_limit("first_name"))


@cases
def test_the_validator_says_why(name: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_name(name, label="first name", max_length=candidate_limit("first_name"))
    assert refused.value.messages == [message]


@cases
def test_the_candidate_pages_refuse_it_beside_the_field(
    centre_admin_client: Client, name: str, message: str
) -> None:
    added = centre_admin_client.post(reverse("candidates:add"), {**NEW, "first_name": name})
    edited = centre_admin_client.post(
        reverse("candidates:edit", args=[KHAN]),
        {"first_name": name, "last_name": "Khan", "date_of_birth": "02/08/1990"},
    )
    for response in (added, edited):
        assert response.status_code == 400
        page = response.content.decode()
        assert "govuk-error-summary" in page
        error = page.split('id="id_first_name-error"', 1)[1].split("</p>", 1)[0]
        assert message.replace("'", "&#x27;") in error
    assert not Candidate.objects.filter(number=NEW["number"]).exists()
    assert Candidate.objects.get(number=KHAN).first_name == "Amira"


@cases
def test_the_api_refuses_it_on_the_field(centre_admin: User, name: str, message: str) -> None:
    api = api_client(token_for(centre_admin))
    body = {**NEW, "date_of_birth": "2001-04-03", "first_name": name}
    added = api.post("/api/v1/candidates/", body, format="json")
    changed = api.patch(f"/api/v1/candidates/{KHAN}/", {"first_name": name}, format="json")
    for response in (added, changed):
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert [(e["field"], e["message"]) for e in errors] == [("first_name", message)]
    assert not Candidate.objects.filter(number=NEW["number"]).exists()
    assert Candidate.objects.get(number=KHAN).first_name == "Amira"


@cases
def test_an_import_refuses_it_on_the_row(
    centre_admin_client: Client, name: str, message: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerow(["11900001", name, "Patel", "03/04/2001", "", "", "", ""])
    response = centre_admin_client.post(
        reverse("candidates:import"),
        {"file": SimpleUploadedFile("c.csv", out.getvalue().encode(), "text/csv")},
    )
    assert response.status_code == 302
    assert ImportJob.objects.get().errors == [
        {"row": 2, "column": "first_name", "message": message}
    ]


def test_the_api_and_the_pages_trim_the_spaces_around_a_name(centre_admin: User) -> None:
    api = api_client(token_for(centre_admin))
    body = {**NEW, "date_of_birth": "2001-04-03", "first_name": "  Nia "}
    assert api.post("/api/v1/candidates/", body, format="json").status_code == 201
    assert Candidate.objects.get(number=NEW["number"]).first_name == "Nia"
    blank = api.patch(f"/api/v1/candidates/{KHAN}/", {"first_name": "   "}, format="json")
    assert blank.json()["errors"] == [
        {"field": "first_name", "message": "Enter the first name", "code": "blank"}
    ]
