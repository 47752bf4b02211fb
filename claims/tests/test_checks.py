"""Checks before submitting: what stops a claim (blocking) and what may spoil it (warnings)."""

from typing import Any

import pytest

from candidates.models import UnnamedEntryMovement
from catalogue.models import Qualification
from claims.checks import Level, claim_checks, unnamed_shortfall_message
from claims.models import Claim, ClaimStatus

from .claim_data import assessor, draft, fill, northfield, put, put_rows, tutor_user
from .submit_data import submit

pytestmark = pytest.mark.django_db


def messages(claim: Claim, level: Level | None = None) -> list[str]:
    return [c.message for c in claim_checks(claim) if level is None or c.level == level]


def test_a_clean_claim_has_nothing_to_check(demo: None) -> None:
    claim = draft()
    put(claim, "11721896", {1: "C", 4: "C", 7: "T"})
    checks = claim_checks(claim)
    assert list(checks) == [] and checks.can_submit


def test_an_empty_claim_cannot_be_submitted(demo: None) -> None:
    checks = claim_checks(draft())
    assert not checks.can_submit
    assert [c.message for c in checks.blocking] == [
        "There is no candidate on this claim: add a candidate before submitting"
    ]


def test_a_unit_already_achieved_blocks(demo: None) -> None:
    claim = draft()
    put_rows(claim, "10050901", {1: "C"})  # Ben Carter achieved unit 1 in claim 78103
    checks = claim_checks(claim)
    assert [(c.level, c.message) for c in checks] == [
        (
            Level.BLOCKING,
            "Ben Carter has already achieved unit 1: remove it from the claim",
        )
    ]
    assert checks.items[0].candidate is not None
    assert checks.items[0].candidate.number == "10050901"


def test_a_unit_not_entered_blocks_for_a_unit_entry_candidate(demo: None) -> None:
    claim = draft()
    put_rows(claim, "11721832", {1: "C", 2: "C"})  # Chloe Davies is entered for 1, 4 and 13
    assert messages(claim, Level.BLOCKING) == [
        "Chloe Davies is not entered for unit 2: make a unit entry for it or remove it "
        "from the claim"
    ]


def test_a_unit_whose_assessor_is_not_set_up_for_the_qualification_blocks(demo: None) -> None:
    claim = draft()
    elsewhere = assessor(
        qualification=Qualification.objects.get(code="05203"), initials="CS", name="Cy Sands"
    )
    put_rows(claim, "11721896", {1: "C"}, by=elsewhere)
    assert messages(claim, Level.BLOCKING) == [
        "Unit 1 for Amira Khan has no centre assessor set up for 03991: choose one of the "
        "qualification's centre assessors"
    ]


def test_too_few_unnamed_entries_says_how_many_more(demo: None) -> None:
    claim = draft()
    put(claim, "11721897", {1: "C", 4: "C", 7: "C"})  # Daniel Evans: no named entry
    put(claim, "11808151", {n: "C" for n in (10, 13, 16, 19, 22, 25, 28, 31, 34, 37)})
    checks = claim_checks(claim)
    assert checks.unnamed_needed == 13 and checks.unnamed_balance == 10
    assert [c.message for c in checks.blocking] == [
        "The centre needs 3 more unnamed unit entries for 03991: it has 10 and this claim uses 13"
    ]
    UnnamedEntryMovement.objects.create(
        centre=northfield(),
        qualification=claim.qualification,
        kind=UnnamedEntryMovement.Kind.PURCHASE,
        quantity=3,
    )
    assert claim_checks(claim).can_submit


def test_shortfall_message_in_the_singular() -> None:
    assert unnamed_shortfall_message("03991", 10, 11) == (
        "The centre needs 1 more unnamed unit entry for 03991: it has 10 and this claim uses 11"
    )


def test_units_of_named_candidates_take_no_unnamed_entries(demo: None) -> None:
    claim = draft()
    put(claim, "11721896", {n: "C" for n in range(1, 40, 3)})  # 13 units, full award entry
    put(claim, "11721897", {1: "C"})
    checks = claim_checks(claim)
    assert checks.unnamed_needed == 1 and checks.can_submit


def test_a_barred_combination_is_a_warning(demo: None) -> None:
    claim = draft()
    put(claim, "11721896", {1: "C", 2: "C"})
    put(claim, "10050901", {2: "C"})  # Ben Carter achieved unit 1 earlier
    checks = claim_checks(claim)
    assert checks.can_submit
    assert [c.message for c in checks.warnings] == [
        "Ben Carter: units 1 and 2 are a barred combination: only one counts",
        "Amira Khan: units 1 and 2 are a barred combination: only one counts",
    ]


def test_barred_combinations_of_one_candidate_make_one_warning(demo: None) -> None:
    claim = draft()
    put(claim, "11721896", {1: "C", 2: "C", 4: "C", 5: "T"})
    assert messages(claim, Level.WARNING) == [
        "Amira Khan: units 1 and 2 are a barred combination: only one counts; "
        "units 4 and 5 are a barred combination: only one counts"
    ]


def test_a_unit_waiting_on_another_claim_is_a_warning(demo: None) -> None:
    earlier = draft()
    put(earlier, "11721896", {1: "C"})
    earlier = submit(tutor_user(), earlier)
    claim = draft()
    put(claim, "11721896", {1: "C"})
    assert messages(claim, Level.WARNING) == [
        f"Unit 1 for Amira Khan is already on claim {earlier.claim_number}, which is not "
        "processed yet"
    ]


def test_a_submitted_claim_has_nothing_left_to_check(demo: None) -> None:
    claim = draft()
    put(claim, "11721896", {1: "C"})
    claim = submit(tutor_user(), claim)
    assert claim.status == ClaimStatus.SUBMITTED
    assert list(claim_checks(claim)) == []


def test_queries_do_not_grow_with_candidates(demo: None, django_assert_num_queries: Any) -> None:
    claim = draft()
    put(claim, "10050901", {1: "C", 2: "C"})
    put(claim, "11721897", {1: "C"})
    fill(claim, 5, 9)
    claim = Claim.objects.select_related("centre", "qualification").get(pk=claim.pk)
    # The qualification's structure was read when the units were claimed.
    with django_assert_num_queries(6) as small:
        few = claim_checks(claim)
    fill(claim, 50, 12, start=91000000)
    with django_assert_num_queries(len(small.captured_queries)):
        many = claim_checks(claim)
    # fill() claims neighbouring units, so the new candidates hold barred combinations too.
    assert len(many.warnings) > len(few.warnings)
