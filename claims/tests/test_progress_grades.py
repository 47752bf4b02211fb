"""The grade a candidate is on course for, and what would raise it, in the progress section of
the candidate claim page and View claim: 05203 is graded in the demo world (Pass 7, Merit 8,
Distinction 9 points a credit over the best 16 credits; Merit from 120, Distinction from 132
with both mandatory units at Merit or above)."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from candidates.models import AchievedUnit, Candidate
from catalogue.models import Qualification, Unit
from claims.models import Claim, ClaimCandidate, ClaimedUnit
from claims.progress import progress_for_claim

from .claim_data import _member, assessor, draft, many_candidates, put
from .helpers import save_units

pytestmark = pytest.mark.django_db

JANE = "789012"
P, M, D = "Pass", "Merit", "Distinction"


def customer_service() -> Qualification:
    return Qualification.objects.get(code="05203")


def graded_claim() -> Claim:
    return draft(qualification=customer_service())


def claim_graded(claim: Claim, number: str, grades: dict[int, str]) -> ClaimCandidate:
    """Claim units for the candidate with these "assessed as" grades, as the page saves them."""
    candidate = Candidate.objects.get(number=number)
    user, membership = _member(claim.centre)
    by = assessor(claim.centre, claim.qualification)
    units = {n: (by.pk, grade) for n, grade in grades.items()}
    save_units(membership, claim, candidate, units, acting_user=user)
    return ClaimCandidate.objects.get(claim=claim, candidate=candidate)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def candidate_page(client: Client, claim: Claim, number: str = JANE) -> str:
    response = client.get(reverse("claims:candidate-claim", args=[claim.pk, number]))
    assert response.status_code == 200
    return text_of(response.content.decode())


def test_the_candidate_claim_page_says_the_grade_on_course_for_and_what_raises_it(
    demo: None, tutor_client: Client
) -> None:
    claim = graded_claim()
    claim_graded(claim, JANE, {1: M, 2: D, 3: M, 4: P})
    page = candidate_page(tutor_client, claim)
    # 32 + 36 + 32 + 28 points: a Merit; a Merit in unit 5 counts in place of unit 4's Pass.
    assert "Grade On course for Merit (128 points from the best 16 credits)" in page
    assert "A Merit in one more 4-credit unit gives Distinction overall" in page


def test_a_pass_is_raised_to_a_merit_but_a_mandatory_pass_holds_distinction_back(
    demo: None, tutor_client: Client
) -> None:
    claim = graded_claim()
    claim_graded(claim, JANE, {1: P, 2: P, 3: M, 4: P})
    page = candidate_page(tutor_client, claim)
    assert "On course for Pass (116 points from the best 16 credits)" in page
    assert "A Merit in one more 4-credit unit gives Merit overall" in page
    # Units 1 and 2 at Pass: no more units can give a Distinction.
    assert "gives Distinction overall" not in page
    assert "give Distinction overall" not in page


def test_no_grade_before_the_rules_are_met_nor_for_a_qualification_graded_pass_only(
    demo: None, tutor_client: Client
) -> None:
    claim = graded_claim()
    claim_graded(claim, JANE, {1: D, 2: D})
    page = candidate_page(tutor_client, claim)
    assert "Needs 8 more credits" in page
    assert "On course for" not in page

    itq = draft()
    put(itq, "11721896", {1: "C", 4: "C", 7: "C"})
    itq_page = candidate_page(tutor_client, itq, "11721896")
    assert "This claim completes the full award" in itq_page
    assert "On course for" not in itq_page


def test_achieved_grades_count_with_the_grades_claimed_now(demo: None) -> None:
    claim = graded_claim()
    jane = Candidate.objects.get(number=JANE)
    units = {u.number: u for u in Unit.objects.filter(qualification__code="05203")}
    earlier = draft()  # the claim the earlier results came from
    now = timezone.now()
    for number in (1, 2):
        AchievedUnit.objects.create(
            candidate=jane,
            unit=units[number],
            claim=earlier,
            grade=M,
            achieved_at=now,
            published_at=now,
        )
    on_claim = claim_graded(claim, JANE, {3: P, 4: P})
    progress = progress_for_claim(claim)[on_claim.pk]
    assert [u.number for u in progress.achieved] == [1, 2]
    # 32 + 32 + 28 + 28: 120 points, a Merit.
    assert progress.on_course == "On course for Merit (120 points from the best 16 credits)"
    assert progress.raises == ["Distinctions in two more 4-credit units give Distinction overall"]


def test_candidates_share_progress_only_with_the_same_grades(demo: None) -> None:
    claim = graded_claim()
    by = assessor(claim.centre, claim.qualification)
    units = {u.number: u for u in Unit.objects.filter(qualification__code="05203")}
    people = many_candidates(3, start=93000000, entry=False)
    today = timezone.localdate()
    grades = [(M, M, M, M), (M, M, M, M), (D, D, D, M)]
    on_claim = ClaimCandidate.objects.bulk_create(
        ClaimCandidate(claim=claim, candidate=c) for c in people
    )
    ClaimedUnit.objects.bulk_create(
        ClaimedUnit(claim_candidate=cc, unit=units[n], assessor=by, grade=g, date_claimed=today)
        for cc, row in zip(on_claim, grades, strict=True)
        for n, g in zip((1, 2, 3, 4), row, strict=True)
    )
    progress = progress_for_claim(claim)
    first, second, third = (progress[cc.pk] for cc in on_claim)
    assert first is second
    assert first.on_course == "On course for Merit (128 points from the best 16 credits)"
    assert third.on_course == "On course for Distinction (140 points from the best 16 credits)"
    assert third.raises == []


def _fill_graded(claim: Claim, count: int, start: int) -> None:
    """`count` new candidates claiming units 1 to 4, every other one at Distinction."""
    by = assessor(claim.centre, claim.qualification)
    units = list(Unit.objects.filter(qualification=claim.qualification, number__lte=4))
    people = many_candidates(count, start=start, entry=False)
    on_claim = ClaimCandidate.objects.bulk_create(
        ClaimCandidate(claim=claim, candidate=c) for c in people
    )
    today = timezone.localdate()
    ClaimedUnit.objects.bulk_create(
        ClaimedUnit(
            claim_candidate=cc,
            unit=unit,
            assessor=by,
            grade=D if i % 2 else M,
            date_claimed=today,
        )
        for i, cc in enumerate(on_claim)
        for unit in units
    )


def test_view_claim_grades_every_candidate_without_queries_per_candidate(
    demo: None, tutor_client: Client, django_assert_max_num_queries: Any
) -> None:
    claim = graded_claim()
    _fill_graded(claim, 4, 94000000)
    url = reverse("claims:view-claim", args=[claim.pk])
    tutor_client.get(url)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        tutor_client.get(url)
    _fill_graded(claim, 46, 95000000)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = text_of(tutor_client.get(url).content.decode())
    assert page.count("On course for Merit (128 points from the best 16 credits)") == 25
    assert page.count("On course for Distinction (144 points from the best 16 credits)") == 25
    # Four Merits: a Distinction in place of one gives 132, a Distinction overall.
    assert page.count("A Distinction in one more 4-credit unit gives Distinction overall") == 25
