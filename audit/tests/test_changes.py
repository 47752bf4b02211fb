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
