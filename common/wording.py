"""Numbers of things in words, as the pages, emails and history say them: "1 candidate",
"3 candidates", "45,000 rows"; and lengths of time from the settings: "24 hours"."""

from datetime import timedelta


def number(n: int) -> str:
    """A whole number with a thousands separator: 45,000."""
    return f"{n:,}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """The number and the word, singular for exactly one: "1 unit", "2 units", "0 entries"."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


def duration(length: timedelta) -> str:
    """A setting's length of time as the pages and emails say it: "24 hours", "35 days",
    "90 minutes". Days only from three whole days, so the seed's "48 hours" stays in hours."""
    seconds = length.total_seconds()
    day = 24 * 3600
    if seconds >= 3 * day and seconds % day == 0:
        return count(int(seconds // day), "day")
    if seconds >= 3600:
        hours = seconds / 3600
        return f"{hours:g} {'hour' if hours == 1 else 'hours'}"
    return count(round(seconds / 60), "minute")


def after_processing(delay: timedelta) -> str:
    """When results appear, from the results delay: "48 hours after the claim is processed", or
    "as soon as the claim is processed" when there is no delay."""
    if delay.total_seconds() <= 0:
        return "as soon as the claim is processed"
    return f"{duration(delay)} after the claim is processed"
