"""Numbers of things in words, as the pages, emails and history say them: "1 candidate",
"3 candidates", "45,000 rows"."""


def number(n: int) -> str:
    """A whole number with a thousands separator: 45,000."""
    return f"{n:,}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """The number and the word, singular for exactly one: "1 unit", "2 units", "0 entries"."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"
