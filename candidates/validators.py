"""Checks for what is entered about candidates, shared by the pages, the API and the import."""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from common.csv import FORMULA_PREFIXES

#: No candidate was born before this year: an earlier date is a typing slip (1090 for 1990).
EARLIEST_BIRTH_YEAR = 1900

# Characters a reader cannot see, named so that the message says what to remove.
INVISIBLE = {"\t": "a tab", "\r": "a carriage return", "\n": "a line break", " ": "a space"}


def describe_character(character: str) -> str:
    """A character as a message shows it: in quotes when it can be seen, else by its name."""
    if character in INVISIBLE:
        return INVISIBLE[character]
    if character.isprintable() and not character.isspace():
        return f"'{character}'"
    name = unicodedata.name(character, "").lower() or "character"
    return f"an invisible {name} (U+{ord(character):04X})"


def formula_start(value: str) -> str | None:
    """The character that makes a spreadsheet read the text as a formula, if any: the first,
    or the first after whitespace (which a spreadsheet or a later trim drops)."""
    if value.startswith(FORMULA_PREFIXES):
        return value[0]
    if value.strip().startswith(FORMULA_PREFIXES):
        return value.strip()[0]
    return None


def formula_message(label: str, character: str) -> str:
    return (
        f"The {label} starts with {describe_character(character)}, which spreadsheets treat as "
        "a formula: remove it"
    )


# Line breaks and other control characters (Unicode's Cc: U+0000-001F, U+007F-009F) and the
# line and paragraph separators have no place in a name: they break the claim grid, CSV files
# and printed certificates. A regular expression, because the import checks 90,000 names.
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _control_character(value: str) -> str | None:
    found = CONTROL_CHARACTER.search(value)
    return found.group() if found else None


def validate_name(value: str, *, label: str, max_length: int) -> None:
    """A candidate's first or last name, as the candidate pages, the API and the import take it:
    nothing a spreadsheet would run as a formula, no line break or other control character
    (anywhere, even where the surrounding spaces would be trimmed), at most `max_length`
    characters once trimmed (the model's limit, `candidate_limit`). `label` ("first name") names
    the field in the message."""
    first = formula_start(value)
    if first is not None:
        raise ValidationError(formula_message(label, first), code="formula")
    control = _control_character(value)
    if control is not None:
        raise ValidationError(
            f"The {label} contains {describe_character(control)}: remove it", code="control"
        )
    if len(value.strip()) > max_length:
        raise ValidationError(
            f"The {label} must be {max_length} characters or fewer", code="max_length"
        )


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
    if len(value) != 10 or not (value.isascii() and value.isdigit()):
        raise ValidationError("Enter the ULN as 10 digits", code="uln_format")
    if uln_check_digit(value[:9]) != int(value[9]):
        raise ValidationError(
            "Enter a valid ULN: the last digit does not match the check digit", code="uln_check"
        )


def validate_candidate_number(value: str) -> None:
    """Digits only. How many is the model's limit (`candidate_limit("number")`), checked with
    `number_too_long`'s words by the forms, the import and the API."""
    if not (value.isascii() and value.isdigit()):
        raise ValidationError("Enter the candidate number using digits only", code="digits")


def number_too_long(max_length: int) -> str:
    return f"Candidate number must be {max_length} digits or fewer"


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
