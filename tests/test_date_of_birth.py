"""A date of birth in the future or before 1900 is refused everywhere a candidate is entered —
the candidate pages, the API and an import — in the same words, and nothing is saved."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from api.tests.conftest import api_client, token_for
from candidates.models import Candidate, ImportJob
from candidates.validators import validate_date_of_birth

pytestmark = pytest.mark.django_db

FUTURE = "The date of birth is in the future"
BEFORE_1900 = "The date of birth is before 1900"


def tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


# (case, the date of birth, the message)
REFUSED: list[tuple[str, Callable[[], date], str]] = [
    ("tomorrow", tomorrow, FUTURE),
    ("in 2999", lambda: date(2999, 1, 1), FUTURE),
    ("31 December 1899", lambda: date(1899, 12, 31), BEFORE_1900),
    ("in year 1", lambda: date(1, 1, 1), BEFORE_1900),
]
cases = pytest.mark.parametrize(
    ("born", "message"), [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED]
)

NEW = {"number": "11900001", "first_name": "Nia", "last_name": "Patel", "uln": ""}
KHAN = "11721896"  # a Northfield candidate born 02/08/1990


def test_today_and_the_first_day_of_1900_are_allowed() -> None:
    validate_date_of_birth(timezone.localdate())
    validate_date_of_birth(date(1900, 1, 1))


@cases
def test_the_validator_says_why(born: Callable[[], date], message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_date_of_birth(born())
    assert refused.value.messages == [message]


@cases
def test_the_candidate_pages_refuse_it_beside_the_field(
    centre_admin_client: Client, born: Callable[[], date], message: str
) -> None:
    typed = born().strftime("%d/%m/") + f"{born().year:04d}"
    added = centre_admin_client.post(reverse("candidates:add"), {**NEW, "date_of_birth": typed})
    edited = centre_admin_client.post(
        reverse("candidates:edit", args=[KHAN]),
        {"first_name": "Amira", "last_name": "Khan", "date_of_birth": typed},
    )
    for response in (added, edited):
        assert response.status_code == 400
        page = response.content.decode()
        assert "govuk-error-summary" in page
        error = page.split('id="id_date_of_birth-error"', 1)[1].split("</p>", 1)[0]
        assert message in error
        assert f'value="{typed}"' in page
    assert not Candidate.objects.filter(number=NEW["number"]).exists()
    assert Candidate.objects.get(number=KHAN).date_of_birth == date(1990, 8, 2)


@cases
def test_the_api_refuses_it_on_the_field(
    centre_admin: User, born: Callable[[], date], message: str
) -> None:
    api = api_client(token_for(centre_admin))
    iso = f"{born().year:04d}-{born():%m-%d}"
    added = api.post("/api/v1/candidates/", {**NEW, "date_of_birth": iso}, format="json")
    changed = api.patch(f"/api/v1/candidates/{KHAN}/", {"date_of_birth": iso}, format="json")
    for response in (added, changed):
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert [(e["field"], e["message"]) for e in errors] == [("date_of_birth", message)]
    assert not Candidate.objects.filter(number=NEW["number"]).exists()
    assert Candidate.objects.get(number=KHAN).date_of_birth == date(1990, 8, 2)


@cases
def test_an_import_refuses_it_on_the_row(
    centre_admin_client: Client, born: Callable[[], date], message: str
) -> None:
    header = "candidate_number,first_name,last_name,date_of_birth,uln,qualification_code"
    header += ",entry_type,units"
    typed = born().strftime("%d/%m/") + f"{born().year:04d}"
    data = f"{header}\n11900001,Nia,Patel,{typed},,,,\n".encode()
    response = centre_admin_client.post(
        reverse("candidates:import"), {"file": SimpleUploadedFile("c.csv", data, "text/csv")}
    )
    assert response.status_code == 302
    assert ImportJob.objects.get().errors == [
        {"row": 2, "column": "date_of_birth", "message": message}
    ]
    assert message in centre_admin_client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("typed", ["2001-04-03", "03/04/2001", "3/4/2001"])
def test_the_candidate_pages_take_the_dates_the_import_takes(
    centre_admin_client: Client, typed: str
) -> None:
    response = centre_admin_client.post(reverse("candidates:add"), {**NEW, "date_of_birth": typed})
    assert response.status_code == 302, response.content.decode()[:500]
    assert Candidate.objects.get(number=NEW["number"]).date_of_birth == date(2001, 4, 3)


@pytest.mark.parametrize(
    "typed", ["2001-13-03", "31/02/2001", "03/04/01", "yesterday", "2001/04/03"]
)
def test_nonsense_gets_the_same_message_whichever_format_it_looks_like(
    centre_admin_client: Client, typed: str
) -> None:
    response = centre_admin_client.post(reverse("candidates:add"), {**NEW, "date_of_birth": typed})
    assert response.status_code == 400
    page = response.content.decode()
    error = page.split('id="id_date_of_birth-error"', 1)[1].split("</p>", 1)[0]
    assert "Enter the date of birth as day/month/year, like 02/08/1990" in error
    assert f'value="{typed}"' in page
    assert not Candidate.objects.filter(number=NEW["number"]).exists()
