"""A candidate's field limits are the model's: the pages' form, the import, the API and their
messages all take them from `Candidate`'s fields, so they cannot drift apart."""

from datetime import date

import pytest
from django.db.models import CharField
from rest_framework.fields import CharField as CharSerializerField

from candidates.forms import CandidateForm
from candidates.import_reading import check_cells
from candidates.models import Candidate, candidate_limit
from candidates.serializers import CandidateCreateSerializer

TODAY = date(2026, 12, 1)


def cells(**values: str) -> dict[str, str]:
    row = {
        "candidate_number": "11900001",
        "first_name": "Nia",
        "last_name": "Patel",
        "date_of_birth": "03/04/2001",
        "uln": "",
        "qualification_code": "",
        "entry_type": "",
        "units": "",
    }
    return {**row, **values}


def test_the_limits_are_the_model_fields() -> None:
    for field in ("number", "first_name", "last_name", "uln"):
        column = Candidate._meta.get_field(field)
        assert isinstance(column, CharField)
        assert candidate_limit(field) == column.max_length


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_the_import_takes_a_names_limit_from_the_model(
    monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    monkeypatch.setattr(Candidate._meta.get_field(field), "max_length", 5)
    label = field.replace("_", " ")
    _, errors = check_cells(2, cells(**{field: "Bartholomew"}), TODAY)
    assert [(e.column, e.message) for e in errors] == [
        (field, f"The {label} must be 5 characters or fewer")
    ]
    _, errors = check_cells(2, cells(**{field: "Bart"}), TODAY)
    assert errors == []


def test_the_import_takes_the_candidate_numbers_limit_from_the_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Candidate._meta.get_field("number"), "max_length", 6)
    _, errors = check_cells(2, cells(candidate_number="1190001"), TODAY)
    assert [(e.column, e.message) for e in errors] == [
        ("candidate_number", "Candidate number must be 6 digits or fewer")
    ]


def test_the_form_and_the_api_say_the_models_limits() -> None:
    limit = candidate_limit("number")
    too_long = "1" * (limit + 1)
    form = CandidateForm(
        {"number": too_long, "first_name": "A" * (candidate_limit("first_name") + 1)}
    )
    assert not form.is_valid()
    assert form.errors["number"] == [f"Candidate number must be {limit} digits or fewer"]
    assert form.errors["first_name"] == [
        f"The first name must be {candidate_limit('first_name')} characters or fewer"
    ]
    body = CandidateCreateSerializer(data={"number": too_long})
    assert not body.is_valid()
    assert body.errors["number"] == [f"Candidate number must be {limit} digits or fewer"]
    first_name = body.fields["first_name"]
    assert isinstance(first_name, CharSerializerField)
    assert first_name.max_length == candidate_limit("first_name")
