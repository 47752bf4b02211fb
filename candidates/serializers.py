"""How the API reads and shows candidates and entries. Parsing only: the rules are in actions."""

from functools import partial
from typing import Any

from django.core.validators import RegexValidator
from rest_framework import serializers

from catalogue.serializers import entry_code_field
from common.serializers import BodySerializer

from .models import EntryType, candidate_limit
from .validators import number_too_long, validate_date_of_birth, validate_name

# The pattern is in the schema, so that clients (and generated tests) send digits.
DIGITS = RegexValidator(r"^[0-9]+$", "Enter the candidate number using digits only")


class NameField(serializers.CharField):
    """A first or last name, checked as it was sent (a line break is refused even at its ends,
    where trimming would hide it) by the pages' and the import's check, then trimmed. Its limit
    is the model field's (`field`)."""

    def __init__(self, label: str, field: str, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"blank": f"Enter the {label}"})
        super().__init__(trim_whitespace=False, **kwargs)
        limit = candidate_limit(field)
        self.validators.append(partial(validate_name, label=label, max_length=limit))
        # For the schema only: validate_name checks the length, in the import's words.
        self.max_length = limit

    def run_validation(self, data: Any = serializers.empty) -> Any:
        value = super().run_validation(data)
        if isinstance(value, str):
            value = value.strip()
            if not value:
                self.fail("blank")
        return value


class AsciiDateField(serializers.DateField):
    """YYYY-MM-DD in the digits 0 to 9 (Django's parser would read other scripts' digits too)."""

    def to_internal_value(self, value: Any) -> Any:
        if isinstance(value, str) and not value.isascii():
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


class CandidateSerializer(serializers.Serializer):
    number = serializers.CharField(read_only=True, help_text="The candidate number")
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    date_of_birth = serializers.DateField(read_only=True)
    uln = serializers.CharField(read_only=True, help_text="Unique Learner Number, or empty")


class CandidateUpdateSerializer(BodySerializer):
    first_name = NameField("first name", "first_name")
    last_name = NameField("last name", "last_name")
    date_of_birth = AsciiDateField(
        validators=[validate_date_of_birth], help_text="YYYY-MM-DD, from 1900 to today"
    )
    uln = serializers.CharField(
        max_length=candidate_limit("uln"),
        required=False,
        allow_blank=True,
        default="",
        help_text="10 digits",
    )


class CandidateCreateSerializer(CandidateUpdateSerializer):
    number = serializers.CharField(
        max_length=candidate_limit("number"),
        validators=[DIGITS],
        error_messages={"max_length": number_too_long(candidate_limit("number"))},
        help_text=f"Digits only, {candidate_limit('number')} at most",
    )


class CandidateQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        default="",
        help_text="Name, part of a name or candidate number; every word must match",
    )


class NamedEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    candidate = serializers.CharField(source="candidate.number", read_only=True)
    candidate_name = serializers.CharField(source="candidate.name", read_only=True)
    qualification = serializers.CharField(source="qualification.code", read_only=True)
    entry_type = serializers.ChoiceField(choices=EntryType.choices, read_only=True)
    units = serializers.SerializerMethodField(help_text="Unit numbers, for unit entries")
    created_at = serializers.DateTimeField(read_only=True)

    def get_units(self, entry: object) -> list[int]:
        return [unit.number for unit in entry.units.all()]  # type: ignore[attr-defined]


class NamedEntryCreateSerializer(BodySerializer):
    candidate = serializers.CharField(
        max_length=candidate_limit("number"), validators=[DIGITS], help_text="The candidate number"
    )
    qualification = entry_code_field(help_text="The entry code, e.g. 03991")
    entry_type = serializers.ChoiceField(choices=EntryType.choices)
    units = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=32767),
        required=False,
        default=list,
        max_length=500,
        help_text="Unit numbers, for unit entries",
    )


class NamedEntryQuerySerializer(serializers.Serializer):
    qualification = serializers.CharField(
        required=False, max_length=5, help_text="Only entries for this entry code"
    )
    candidate = serializers.CharField(
        required=False,
        max_length=candidate_limit("number"),
        help_text="Only this candidate's entries",
    )


class UnnamedBalanceSerializer(serializers.Serializer):
    qualification = serializers.CharField(source="qualification.code", read_only=True)
    title = serializers.CharField(source="qualification.title", read_only=True)
    balance = serializers.IntegerField(read_only=True, help_text="Unnamed unit entries left to use")
