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
#: Where the server keeps a file (the name it made up, under its folder): the awarding body's
#: record of an upload, never worded for a page. The file's own name is in the event's summary.
NOT_SHOWN = frozenset({"stored_as"})
#: Changes naming a member of the awarding body's staff by email address: a page says only the
#: role and whether someone held it, never who.
STAFF_ROLES = {"moderator": "Examiner-moderator"}


def _staff(value: Any) -> str:
    if isinstance(value, list) and len(value) == 2:
        return "changed" if value[0] != value[1] else "assigned"
    return "assigned" if value else "none assigned"


def readable_changes(changes: dict[str, Any]) -> list[Change]:
    """{"status": ["draft", "submitted"]} reads "Status: from draft to submitted";
    {"added": [1, 4]} reads "Added: 1, 4"; {"moderator": "m@awarding.test"} reads
    "Examiner-moderator: assigned"; where a file is stored is left out."""
    rows = []
    for key, value in changes.items():
        if key in NOT_SHOWN:
            continue
        if key in STAFF_ROLES:
            rows.append(Change(field=STAFF_ROLES[key], text=_staff(value)))
            continue
        label = key.replace("_", " ").capitalize()
        if isinstance(value, list) and len(value) == 2 and key not in LISTED:
            if value[0] == value[1]:
                continue  # recorded alongside a change of another field
            text = f"from {_words(value[0])} to {_words(value[1])}"
        else:
            text = _words(value)
        rows.append(Change(field=label, text=text))
    return rows
