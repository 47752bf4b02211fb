"""An event's changes in words, as a claim's History shows them."""

from audit.changes import readable_changes


def test_changes_read_as_before_and_after_only_for_a_changed_field() -> None:
    rows = readable_changes(
        {"status": ["draft", "submitted"], "added": [1, 4], "removed": [], "units": [2, 5]}
    )
    assert [(row.field, row.text) for row in rows] == [
        ("Status", "from draft to submitted"),
        ("Added", "1, 4"),
        ("Removed", "none"),
        ("Units", "2, 5"),
    ]


def test_where_a_file_is_stored_is_not_worded_and_staff_are_named_by_their_role() -> None:
    rows = readable_changes(
        {"stored_as": "evidence/2/77c81a.pdf", "size": 45, "moderator": "m@awarding.test"}
    )
    assert [(row.field, row.text) for row in rows] == [
        ("Size", "45"),
        ("Examiner-moderator", "assigned"),
    ]
    assert [(r.field, r.text) for r in readable_changes({"moderator": None})] == [
        ("Examiner-moderator", "none assigned")
    ]
