"""Reading the audit trail: an event's changes in words. Which events a page shows is the
business of the app that owns the page (a claim's History is `claims.history_log`)."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    """One field of an event's changes, in words."""

    field: str
    text: str


def _words(value: Any) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_words(v) for v in value) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')} {_words(v)}" for k, v in value.items())
    if isinstance(value, str):
        return value.replace("_", " ")
    return str(value)


#: Changes recorded as lists of unit or candidate numbers, never as a [before, after] pair.
LISTED = frozenset({"units", "candidates", "added", "removed", "changed"})


def readable_changes(changes: dict[str, Any]) -> list[Change]:
    """{"status": ["draft", "submitted"]} reads "Status: from draft to submitted";
    {"added": [1, 4]} reads "Added: 1, 4"."""
    rows = []
    for key, value in changes.items():
        label = key.replace("_", " ").capitalize()
        if isinstance(value, list) and len(value) == 2 and key not in LISTED:
            if value[0] == value[1]:
                continue  # recorded alongside a change of another field
            text = f"from {_words(value[0])} to {_words(value[1])}"
        else:
            text = _words(value)
        rows.append(Change(field=label, text=text))
    return rows
