"""Numbers are typed in the digits 0 to 9: a centre number, candidate number, unit number or date
in full-width or Arabic-Indic digits is refused on the pages, the API and the import, not stored."""

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import centres
from accounts.models import Centre, User
from api.tests.conftest import api_client, token_for
from candidates.models import Candidate, ImportJob
from candidates.tests.test_import_files import check, csv_bytes  # noqa: F401 (fixture)
from candidates.validators import validate_candidate_number
from catalogue.models import Qualification, Unit
from catalogue.structure.specs import CODE, REFERENCE
from common.errors import DomainErrors
from conftest import client_for

pytestmark = pytest.mark.django_db

FULL_WIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + n) for n in range(10)))
ARABIC_INDIC = str.maketrans("0123456789", "".join(chr(0x0660 + n) for n in range(10)))
OTHER_DIGITS = pytest.mark.parametrize(
    "digits", [FULL_WIDTH, ARABIC_INDIC], ids=["full-width", "arabic-indic"]
)


@OTHER_DIGITS
def test_a_centre_number_in_other_digits_is_refused(ops: User, digits: dict[int, str]) -> None:
    number = "24680".translate(digits)
    with pytest.raises(DomainErrors) as refused:
        centres.add_centre(number=number, name="Eastgate", contact_email="", acting_user=ops)
    assert [e.message for e in refused.value.errors] == ["Enter the centre number as 5 digits"]
    with pytest.raises(ValidationError):
        Centre(number=number, name="Eastgate").full_clean()
    response = client_for(ops).post(
        reverse("accounts:operations-centre-add"),
        {"number": number, "name": "Eastgate Academy", "contact_email": ""},
    )
    assert response.status_code == 400
    assert response.content.decode().count("Enter the centre number as 5 digits") == 2
    assert not Centre.objects.filter(name="Eastgate Academy").exists()


@OTHER_DIGITS
def test_a_candidate_number_in_other_digits_is_refused(
    centre_admin: User, centre_admin_client: Client, digits: dict[int, str]
) -> None:
    number = "11900001".translate(digits)
    with pytest.raises(ValidationError):
        validate_candidate_number(number)
    new = {"first_name": "Nia", "last_name": "Patel", "uln": "9999999998"}
    page = centre_admin_client.post(
        reverse("candidates:add"), {**new, "number": number, "date_of_birth": "03/04/2001"}
    )
    assert page.status_code == 400
    assert "Enter the candidate number using digits only" in page.content.decode()
    api = api_client(token_for(centre_admin)).post(
        "/api/v1/candidates/",
        {**new, "number": number, "date_of_birth": "2001-04-03"},
        format="json",
    )
    assert api.status_code == 400
    assert any(e["field"] == "number" for e in api.json()["errors"])
    born = api_client(token_for(centre_admin)).post(
        "/api/v1/candidates/",
        {**new, "number": "11900001", "date_of_birth": "2001-04-03".translate(digits)},
        format="json",
    )
    assert born.status_code == 400
    assert [e["field"] for e in born.json()["errors"]] == ["date_of_birth"]
    assert "YYYY-MM-DD" in born.json()["errors"][0]["message"]
    assert not Candidate.objects.filter(first_name="Nia", last_name="Patel").exists()


@OTHER_DIGITS
def test_the_import_refuses_numbers_units_and_dates_in_other_digits(
    check: Callable[..., ImportJob],  # noqa: F811
    digits: dict[int, str],
) -> None:
    job = check(
        csv_bytes(
            "{},Nia,Patel,03/04/2001,,03991,full,".format("11900001".translate(digits)),
            "11900002,Sam,Lee,{},,03991,full,".format("21/09/2000".translate(digits)),
            "11900003,Ann,Bell,{},,03991,full,".format("2000-09-21".translate(digits)),
            "11900004,Kim,Ray,01/01/2000,,03991,units,1;{}".format("4".translate(digits)),
        )
    )
    assert sorted((e["row"], e["column"]) for e in job.errors) == [
        (2, "candidate_number"),
        (3, "date_of_birth"),
        (4, "date_of_birth"),
        (5, "units"),
    ], job.errors
    assert not job.is_ready


@OTHER_DIGITS
def test_an_entry_code_or_unit_reference_in_other_digits_is_refused(
    ops: User, digits: dict[int, str]
) -> None:
    code = "07777".translate(digits)
    assert not CODE.fullmatch(code) and CODE.fullmatch("07777")
    assert not REFERENCE.fullmatch("A/123/4567".translate(digits))
    with pytest.raises(ValidationError) as refused:
        Qualification(code=code, title="Test", level=1, quality_assurance="postal").full_clean()
    assert "code" in refused.value.message_dict
    response = client_for(ops).post(
        reverse("catalogue:qualification-new"),
        {"code": code, "title": "Level 1 Award", "level": "1", "quality_assurance": "postal"},
    )
    assert response.status_code == 400
    assert not Qualification.objects.filter(title="Level 1 Award").exists()
    unit = Unit(number=1, title="Email [Level 1]", level=1, credits=3)
    unit.reference = "A/123/4567".translate(digits)
    with pytest.raises(ValidationError) as refused:
        unit.clean_fields(exclude=["qualification"])
    assert "reference" in refused.value.message_dict
