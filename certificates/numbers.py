"""Certificate numbers: twelve characters of Crockford's base 32, printed in groups of four
(``K7QM-3XPD-9RTK``).

- Eleven random characters (55 bits, from `secrets`), so a number says nothing about the
  centre, the candidate, the qualification or the order of issue, and cannot be guessed from
  another one.
- A twelfth, check character (the Luhn algorithm over base 32, "Luhn mod N"), which catches
  every single mistyped character and every swap of two neighbouring characters before
  anything is looked up.
- Crockford's alphabet leaves out I, L, O and U, so a number has no letter that reads as a digit;
  typed in, I and L are read as 1, O as 0, lower case as upper case, and spaces and hyphens are
  ignored.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)
RANDOM_CHARS = 11
LENGTH = RANDOM_CHARS + 1
#: How a number is printed and shown, for examples in hints and messages.
EXAMPLE = "K7QM-3XPD-9RTK"

_VALUE = {char: index for index, char in enumerate(ALPHABET)}
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


def check_character(body: str) -> str:
    """The Luhn mod 32 check character of `body` (characters of ALPHABET)."""
    total = 0
    factor = 2
    for char in reversed(body):
        addend = factor * _VALUE[char]
        total += addend // BASE + addend % BASE
        factor = 1 if factor == 2 else 2
    return ALPHABET[(BASE - total % BASE) % BASE]


def is_valid(number: str) -> bool:
    """Whether a canonical number (`normalise`d) has the length and its check character."""
    if len(number) != LENGTH or any(char not in _VALUE for char in number):
        return False
    return check_character(number[:-1]) == number[-1]


def new_number() -> str:
    """A fresh random number with its check character, canonical (no hyphens)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))
    return body + check_character(body)


def normalise(typed: str) -> str:
    """A number as typed, made canonical: upper case, no spaces or hyphens, I and L as 1, O
    as 0. It may still be invalid (`is_valid`)."""
    kept = "".join(char for char in typed.upper() if char not in " -\t")
    return kept.translate(_READ_AS)


def formatted(number: str) -> str:
    """A canonical number as printed: groups of four joined by hyphens."""
    return "-".join(number[start : start + 4] for start in range(0, len(number), 4))
