"""A page of a long list without counting the whole list.

Django's `Paginator` counts every row to say "Page 3 of 40"; for a list of thousands that
count is most of the page's work. `bounded_page` reads one row more than a page instead, so it
knows whether there is a next page, and counts the whole list only up to `count_up_to` rows
when asked to (a heading can then say "1,000 or more"). The page has the attributes
`govuk/pagination.html` reads; it shows "Page 3" without the number of pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class BoundedPage:
    object_list: Sequence[Any]
    number: int
    has_next: bool
    #: The rows of the whole list, when `count_up_to` was given and there are no more than it.
    count: int | None = None
    #: True when the list has more rows than `count_up_to`.
    count_exceeded: bool = False

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def page_number(value: str | None) -> int:
    """The page asked for: a whole number from 1, else the first page."""
    try:
        number = int(value or 1)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def bounded_page(
    rows: QuerySet[Any], per_page: int, number: str | None, *, count_up_to: int | None = None
) -> BoundedPage:
    """Page `number` of `rows` (ordered), read with one query of `per_page + 1` rows.

    A page past the end gives the first page. With `count_up_to`, the list is counted up to that
    many rows: without a query when the first page holds them all, else with a count limited to
    `count_up_to + 1` rows.
    """
    page = page_number(number)
    found = list(rows[(page - 1) * per_page : page * per_page + 1])
    if not found and page > 1:
        page = 1
        found = list(rows[: per_page + 1])
    has_next = len(found) > per_page
    found = found[:per_page]
    if count_up_to is None:
        return BoundedPage(found, page, has_next)
    whole = page == 1 and not has_next
    total = len(found) if whole else rows.order_by()[: count_up_to + 1].count()
    if total > count_up_to:
        return BoundedPage(found, page, has_next, count_exceeded=True)
    return BoundedPage(found, page, has_next, count=total)
