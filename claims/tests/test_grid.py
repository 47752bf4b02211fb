"""The View claim grid: one row per candidate, one column per claimed unit, a code per cell."""

from typing import Any

import pytest

from claims.grid import LANDSCAPE_FROM, claim_grid, part_size

from .claim_data import big_claim, draft, fill, many_candidates, put

pytestmark = pytest.mark.django_db


def test_rows_columns_codes_and_totals(demo: None) -> None:
    claim = draft()
    put(claim, "11721896", {1: "C", 4: "C", 7: "T"})  # Amira Khan
    put(claim, "123456", {13: "C", 4: "C"})  # John Smith
    grid = claim_grid(claim)
    assert grid.unit_numbers == (1, 4, 7, 13)
    assert [(r.name, r.number, r.codes) for r in grid.rows] == [
        ("Amira Khan", "11721896", ("C", "C", "T", "")),
        ("John Smith", "123456", ("", "C", "", "C")),
    ]
    assert grid.total_claimed_units == 5
    assert grid.total_candidates == 2
    assert not grid.landscape
    html = "".join(grid.rendered_rows())
    assert (
        '<th scope="row" class="govuk-table__header app-grid__name">Amira Khan</th>'
        '<td class="govuk-table__cell app-grid__number">11721896</td>'
        '<td class="govuk-table__cell app-grid__code">C</td>'
        '<td class="govuk-table__cell app-grid__code">C</td>'
        '<td class="govuk-table__cell app-grid__code">T</td>'
        '<td class="govuk-table__cell app-grid__code"></td></tr>'
    ) in html
    assert str(grid.header_html()).count("<th") == 4


def test_unit_columns_sort_as_numbers_not_text(demo: None) -> None:
    claim = draft()
    put(claim, "11721896", {10: "C", 2: "C", 81: "C"})
    assert claim_grid(claim).unit_numbers == (2, 10, 81)


def test_names_are_escaped(demo: None) -> None:
    claim = draft()
    person = many_candidates(1)[0]
    person.first_name = "<script>alert(1)</script>"
    person.save()
    put(claim, person, {1: "C"})
    html = "".join(claim_grid(claim).rendered_rows())
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_empty_claim(demo: None) -> None:
    grid = claim_grid(draft())
    assert grid.is_empty and grid.unit_numbers == () and grid.total_claimed_units == 0


def test_landscape_from_sixteen_units(demo: None) -> None:
    claim = draft()
    put(claim, "11721896", {n: "C" for n in range(1, LANDSCAPE_FROM)})
    assert not claim_grid(claim).landscape
    put(claim, "123456", {LANDSCAPE_FROM: "C"})
    assert claim_grid(claim).landscape


def test_chunks_keep_every_unit_and_every_candidate(demo: None) -> None:
    claim = big_claim(7, 40, every=3)
    grid = claim_grid(claim)
    chunks = grid.chunks(15)
    assert [len(c.unit_numbers) for c in chunks] == [15, 15, 10]
    assert sum((c.unit_numbers for c in chunks), ()) == grid.unit_numbers
    for chunk in chunks:
        assert [row.number for row, _ in chunk.rows] == [row.number for row in grid.rows]
        assert all(len(codes) == len(chunk.unit_numbers) for _, codes in chunk.rows)


def test_queries_do_not_grow_with_the_claim(demo: None, django_assert_num_queries: Any) -> None:
    small = big_claim(3, 5)
    with django_assert_num_queries(2):
        claim_grid(small)
    fill(small, 997, 80, start=91000000)
    with django_assert_num_queries(2):
        grid = claim_grid(small)
    assert grid.total_candidates == 1000
    assert len(grid.unit_numbers) == 80
    assert grid.total_claimed_units == 3 * 5 + 997 * 80
    assert sum(1 for _ in grid.rendered_rows()) == 1000


def test_parts_are_as_few_as_fit_and_even() -> None:
    assert part_size(81, 27) == 27
    assert part_size(81, 36) == 27  # three parts of 27, not 36, 36 and 9
    assert part_size(28, 27) == 14
    assert part_size(300, 27) == 25
    assert part_size(15, 16) == 15
    assert part_size(0, 27) == 1


def test_print_parts_keep_every_unit_and_every_candidate(demo: None) -> None:
    grid = claim_grid(big_claim(3, 81))
    parts = grid.print_parts()
    assert [len(p.unit_numbers) for p in parts] == [27, 27, 27]
    assert [p.title for p in parts] == ["Units 1 to 27", "Units 28 to 54", "Units 55 to 81"]
    body = parts[2].body_html()
    assert body.count("<tr>") == 3 and body.count("<td>C</td>") == 3 * 27
