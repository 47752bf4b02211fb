"""Checks for what is entered about candidates, shared by the pages, the API and the import."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

#: No candidate was born before this year: an earlier date is a typing slip (1090 for 1990).
EARLIEST_BIRTH_YEAR = 1900


def uln_check_digit(first_nine: str) -> int | None:
    """The check digit of a Unique Learner Number, or None when no digit can make it valid.

    Weights 10 down to 2 over the first nine digits; the check digit is 10 minus the sum
    modulo 11, and a result of 10 means the number cannot be a ULN.
    """
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    check = 10 - total % 11
    return None if check == 10 else check


def validate_uln(value: str) -> None:
    if len(value) != 10 or not value.isdigit():
        raise ValidationError("Enter the ULN as 10 digits", code="uln_format")
    if uln_check_digit(value[:9]) != int(value[9]):
        raise ValidationError(
            "Enter a valid ULN: the last digit does not match the check digit", code="uln_check"
        )


def validate_candidate_number(value: str) -> None:
    if not value.isdigit():
        raise ValidationError("Enter the candidate number using digits only", code="digits")
    if len(value) > 12:
        raise ValidationError("Candidate number must be 12 digits or fewer", code="length")


def validate_date_of_birth(born: date, today: date | None = None) -> None:
    """A date of birth that can be a candidate's: not in the future, not before 1900.

    `today` lets a whole import file be checked against one day.
    """
    if born > (today or timezone.localdate()):
        raise ValidationError("The date of birth is in the future", code="future")
    if born.year < EARLIEST_BIRTH_YEAR:
        raise ValidationError(
            f"The date of birth is before {EARLIEST_BIRTH_YEAR}", code="before_1900"
        )
