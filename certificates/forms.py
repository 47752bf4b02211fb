"""The verification page's form, operations' search and their reason for a change. Forms only
parse input."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from common.forms import reason_field

from . import numbers
from .models import Certificate

SURNAME_MAX = Certificate._meta.get_field("last_name").max_length or 100


class VerifyForm(forms.Form):
    """Certificate number, the holder's surname, and their date of birth as the GOV.UK date
    input asks it (day, month and year boxes). Bad input is refused here, before any look-up:
    a number of the wrong shape or with a wrong check character says nothing about any
    certificate."""

    number = forms.CharField(
        label="Certificate number",
        help_text=f"As printed on the certificate, for example {numbers.EXAMPLE}",
        max_length=30,
        error_messages={"required": "Enter the certificate number"},
    )
    surname = forms.CharField(
        label="Holder's surname",
        max_length=SURNAME_MAX,
        error_messages={
            "required": "Enter the holder's surname",
            "max_length": f"The surname must be {SURNAME_MAX} characters or fewer",
        },
    )
    dob_day = forms.CharField(label="Day", required=False, max_length=2)
    dob_month = forms.CharField(label="Month", required=False, max_length=2)
    dob_year = forms.CharField(label="Year", required=False, max_length=4)

    #: The date input's parts, for the template and the error's place.
    DATE_PARTS = ("dob_day", "dob_month", "dob_year")

    def clean_number(self) -> str:
        number = numbers.normalise(self.cleaned_data["number"])
        if len(number) != numbers.LENGTH:
            raise forms.ValidationError(
                f"Enter the certificate number as printed: {numbers.LENGTH} letters and digits, "
                f"like {numbers.EXAMPLE}"
            )
        if not numbers.is_valid(number):
            raise forms.ValidationError(
                "Check the certificate number: a character is wrong or two are swapped"
            )
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = {name: (self.data.get(name) or "").strip() for name in self.DATE_PARTS}
        missing = [
            label
            for name, label in zip(self.DATE_PARTS, ("day", "month", "year"), strict=True)
            if not parts[name]
        ]
        problem = ""
        if len(missing) == 3:
            problem = "Enter the holder's date of birth"
        elif missing:
            problem = f"Date of birth must include a {' and a '.join(missing)}"
        elif (
            not all(value.isascii() and value.isdigit() for value in parts.values())
            or len(parts["dob_year"]) != 4
        ):
            problem = "Date of birth must be a real date, like 27 3 1990"
        else:
            try:
                born = date(int(parts["dob_year"]), int(parts["dob_month"]), int(parts["dob_day"]))
            except ValueError:
                problem = "Date of birth must be a real date, like 27 3 1990"
            else:
                if born >= timezone.localdate():
                    problem = "Date of birth must be in the past"
                else:
                    data["date_of_birth"] = born
        if problem:
            self.add_error("dob_day", problem)
        return data


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Certificate number or candidate number", required=False, max_length=30, strip=True
    )


class ReasonForm(forms.Form):
    reason = reason_field()
