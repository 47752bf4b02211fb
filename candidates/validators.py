"""Checks for identifiers entered for candidates."""

from django.core.exceptions import ValidationError


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
