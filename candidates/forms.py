from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from catalogue.models import Qualification, Unit

from .models import EntryType, candidate_limit
from .validators import (
    number_too_long,
    validate_candidate_number,
    validate_date_of_birth,
    validate_name,
    validate_uln,
)

DATE_HELP = "For example, 02/08/1990"


class NameField(forms.CharField):
    """A first or last name: checked as it was sent (so a line break is refused even at its
    ends, where trimming would hide it), then kept without the spaces around it. Its limit is
    the model field's (`field`)."""

    def __init__(self, label: str, field: str, **kwargs: Any) -> None:
        named = label.lower()
        super().__init__(
            label=label,
            strip=False,
            validators=[
                partial(validate_name, label=named, max_length=candidate_limit(field)),
            ],
            error_messages={"required": f"Enter the {named}"},
            **kwargs,
        )

    def clean(self, value: Any) -> str:
        cleaned = str(super().clean(value)).strip()
        if self.required and not cleaned:
            raise ValidationError(self.error_messages["required"], code="required")
        return cleaned


class CandidateForm(forms.Form):
    number = forms.CharField(
        label="OCR candidate number",
        max_length=candidate_limit("number"),
        validators=[validate_candidate_number],
        error_messages={
            "required": "Enter the candidate number",
            "max_length": number_too_long(candidate_limit("number")),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    first_name = NameField("First name", "first_name")
    last_name = NameField("Last name", "last_name")
    date_of_birth = forms.DateField(
        label="Date of birth",
        help_text=DATE_HELP,
        # As the import and the settings take it: day/month/year, or year-month-day.
        input_formats=settings.DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        validators=[validate_date_of_birth],
        error_messages={
            "required": "Enter the date of birth",
            "invalid": "Enter the date of birth as day/month/year, like 02/08/1990",
        },
    )
    uln = forms.CharField(
        label="ULN (optional)",
        required=False,
        max_length=candidate_limit("uln"),
        help_text="Unique Learner Number: 10 digits",
        validators=[validate_uln],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )

    def __init__(self, *args: object, editing: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if editing:
            # The candidate number identifies the candidate everywhere; it is not edited.
            del self.fields["number"]


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Enter name, part name or OCR candidate number", required=False, max_length=100
    )


class ChooseQualificationForm(forms.Form):
    qualification = forms.ModelChoiceField(
        label="Qualification",
        queryset=Qualification.objects.none(),
        empty_label="Select a qualification",
        error_messages={"required": "Select a qualification"},
    )

    def __init__(self, *args: object, qualifications: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["qualification"].queryset = qualifications  # type: ignore[attr-defined]
        self.fields["qualification"].label_from_instance = lambda q: f"{q.code} {q.title}"  # type: ignore[attr-defined]


class NamedEntryForm(forms.Form):
    entry_type = forms.ChoiceField(
        label="Type of entry",
        choices=EntryType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of entry"},
    )
    units = forms.ModelMultipleChoiceField(
        label="Units entered",
        help_text="For unit entries only",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, units: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["units"].label_from_instance = lambda u: f"{u.number} {u.title}"  # type: ignore[attr-defined]


class BuyUnnamedForm(forms.Form):
    qualification = forms.ModelChoiceField(
        label="Qualification",
        queryset=Qualification.objects.none(),
        empty_label="Select a qualification",
        error_messages={"required": "Select a qualification"},
    )
    quantity = forms.IntegerField(
        label="Number of unit entries",
        min_value=1,
        max_value=10_000,
        error_messages={
            "required": "Enter the number of unit entries",
            "invalid": "Enter the number of unit entries as a whole number",
            "min_value": "Enter a number of unit entries from 1 to 10,000",
            "max_value": "Enter a number of unit entries from 1 to 10,000",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args: object, qualifications: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["qualification"].queryset = qualifications  # type: ignore[attr-defined]
        self.fields["qualification"].label_from_instance = lambda q: f"{q.code} {q.title}"  # type: ignore[attr-defined]
