"""Progress to the full award (claims.progress) as processing changes it, and Amira Khan's
journey to the full award."""

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse

from candidates.models import Candidate
from catalogue import structure_cache
from catalogue.models import Unit
from claims.models import ClaimCandidate, ClaimedUnit
from claims.progress import Progress, progress_for_candidate, progress_for_claim

from . import factories as f

pytestmark = pytest.mark.django_db

AMIRA = "11721896"
BEN = "10050901"
CHLOE = "11721832"
JANE = "789012"


def numbers(units: list) -> list[int]:
    return [u.number for u in units]


def shown(progress: Progress) -> str:
    """The progress template as a page would include it, with tags stripped."""
    html = render_to_string("claims/progress.html", {"progress": progress})
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_amira_with_units_1_and_4_needs_3_more_credits(demo: None) -> None:
    claim = f.claim()
    on_claim = f.add(claim, AMIRA, [1, 4])
    progress = progress_for_claim(claim)[on_claim.pk]
    assert numbers(progress.achieved) == []
    assert numbers(progress.claimed_now) == [1, 4]
    assert progress.sentences == ["needs 3 more credits"]
    assert not progress.evaluation.met and not progress.completes_award
    text = shown(progress)
    assert "Achieved None" in text
    assert "Claimed now Units 1 and 4 (6 credits)" in text
    assert "Not yet met Needs 3 more credits" in text


def test_claiming_unit_7_as_well_completes_the_award_and_processing_issues_it(
    demo: None, tutor_client: Client
) -> None:
    claim = f.claim()
    on_claim = f.add(claim, AMIRA, [1, 4])
    f.add(claim, AMIRA, [7])
    progress = progress_for_claim(claim)[on_claim.pk]
    assert progress.completes_award and not progress.already_awarded
    assert progress.sentences == []
    assert "This claim completes the full award" in shown(progress)

    with override_settings(RESULTS_DELAY=timedelta(0)):
        f.process(f.finalise(claim))
    page = tutor_client.get(reverse("results:list")).content.decode()
    section = page.split(">Amira Khan</h3>", 1)[1].split("</section>", 1)[0]
    assert re.findall(
        r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">(\d+)', section
    ) == ["1", "4", "7"]
    assert "Full award</strong> 03991 Level 1 Award in IT User Skills (ITQ)" in section

    # Seen again after processing, the claim still reads as the one that completed the award.
    after = progress_for_claim(claim)[on_claim.pk]
    assert numbers(after.claimed_now) == [1, 4, 7] and after.achieved == []
    assert after.completes_award and after.already_awarded


def test_units_1_and_2_show_the_barred_combination(demo: None) -> None:
    claim = f.claim()
    on_claim = f.add(claim, AMIRA, [1, 2])
    progress = progress_for_claim(claim)[on_claim.pk]
    # Only the Level 2 unit (4 credits) counts.
    assert progress.evaluation.counted == (2,)
    assert progress.sentences == [
        "needs 5 more credits",
        "needs 2 more credits at Level 1 or above",
        "units 1 and 2 are a barred combination: only one counts",
    ]
    assert "Units 1 and 2 are a barred combination: only one counts" in shown(progress)


def test_achieved_units_count_whether_published_or_not(demo: None) -> None:
    with override_settings(RESULTS_DELAY=timedelta(hours=48)):
        f.processed({AMIRA: [1, 4]})
    claim = f.claim()
    on_claim = f.add(claim, AMIRA, [7])
    ben = f.add(claim, BEN, [4])
    progress = progress_for_claim(claim)
    assert numbers(progress[on_claim.pk].achieved) == [1, 4]
    assert numbers(progress[on_claim.pk].claimed_now) == [7]
    assert progress[on_claim.pk].completes_award
    assert "Achieved Units 1 and 4 (6 credits)" in shown(progress[on_claim.pk])
    # Ben's unit 1 from claim 78103.
    assert numbers(progress[ben.pk].achieved) == [1]
    assert progress[ben.pk].sentences == ["needs 3 more credits"]


def test_an_issued_award_is_shown_as_already_issued(demo: None) -> None:
    f.processed({AMIRA: [1, 4, 7]})
    claim = f.claim()
    on_claim = f.add(claim, AMIRA, [10])
    progress = progress_for_claim(claim)[on_claim.pk]
    assert progress.already_awarded and not progress.completes_award
    assert "Full award already issued" in shown(progress)


def test_withdrawn_candidates_and_units_not_accepted_add_nothing(demo: None) -> None:
    claim = f.claim()
    amira = f.add(claim, AMIRA, [1, 4, 7])
    chloe = f.add(claim, CHLOE, [1, 4, 13])
    f.submit(claim)
    f.withdraw_units(claim, AMIRA, [7])
    f.withdraw_candidate(claim, CHLOE)
    progress = progress_for_claim(claim)
    assert numbers(progress[amira.pk].claimed_now) == [1, 4]
    assert progress[amira.pk].sentences == ["needs 3 more credits"]
    assert progress[chloe.pk].claimed_now == []
    assert not progress[chloe.pk].completes_award


def test_units_from_another_awarding_body_are_flagged(demo: None) -> None:
    from catalogue.models import Rule, RuleKind

    Rule.objects.create(
        qualification=f.qualification(), kind=RuleKind.MAX_OTHER_AB_CREDITS, value=0
    )
    claim = f.claim()
    on_claim = f.add(claim, AMIRA, [1, 4])
    f.add(claim, AMIRA, [7], awarding_body="AGA")
    progress = progress_for_claim(claim)[on_claim.pk]
    assert progress.evaluation.excluded == (7,)
    assert "needs 3 more credits" in progress.sentences
    assert "no credits from other awarding bodies can count" in progress.sentences


def test_mandatory_units_of_05203(demo: None) -> None:
    claim = f.claim("05203")
    on_claim = f.add(claim, JANE, [3, 4, 5, 6], grade="Pass")
    progress = progress_for_claim(claim)[on_claim.pk]
    assert progress.sentences == ["Unit 1 is mandatory", "Unit 2 is mandatory"]


def test_progress_for_one_candidate_takes_units_not_saved_yet(demo: None) -> None:
    itq = f.qualification()
    amira = Candidate.objects.get(number=AMIRA)
    units = list(Unit.objects.filter(qualification=itq, number__in=[1, 4]))
    progress = progress_for_candidate(amira, itq, units)
    assert progress.sentences == ["needs 3 more credits"]
    units.append(Unit.objects.get(qualification=itq, number=7))
    assert progress_for_candidate(amira, itq, units).completes_award

    ben = Candidate.objects.get(number=BEN)
    progress = progress_for_candidate(ben, itq, [Unit.objects.get(qualification=itq, number=4)])
    assert numbers(progress.achieved) == [1] and numbers(progress.claimed_now) == [4]


def test_progress_for_one_candidate_with_claimed_unit_rows(demo: None) -> None:
    claim = f.claim()
    on_claim = f.add(claim, AMIRA, [1, 4, 7])
    f.submit(claim)
    f.withdraw_units(claim, AMIRA, [7])
    rows = list(ClaimedUnit.objects.filter(claim_candidate=on_claim).select_related("unit"))
    progress = progress_for_candidate(on_claim.candidate, claim.qualification, rows, claim=claim)
    assert numbers(progress.claimed_now) == [1, 4]
    assert progress.sentences == ["needs 3 more credits"]


def test_progress_for_a_whole_claim_takes_a_fixed_number_of_queries(
    demo: None, django_assert_num_queries
) -> None:
    earlier = f.claim()
    people = Candidate.objects.bulk_create(
        Candidate(
            centre=earlier.centre,
            number=f"6{n:07d}",
            first_name="Bulk",
            last_name=f"Candidate{n:03d}",
            date_of_birth="2000-01-01",
        )
        for n in range(50)
    )
    # Ten of them already hold a full award and three units from an earlier claim.
    for person in people[:10]:
        f.add(earlier, person, [10, 13, 16])
    f.process(f.finalise(earlier))

    claim = f.claim()
    for index, person in enumerate(people):
        f.add(claim, person, [1, 4, 7] if index % 2 else [1, 2])
    f.add(claim, BEN, [4])
    claim.refresh_from_db()
    # The claim's qualification, the candidates on the claim, their claimed units, their
    # achieved units and their awards: the same five for 1 candidate or 51. The qualification's
    # units, rules and grading rules this process read when the units were claimed.
    with django_assert_num_queries(5):
        progress = progress_for_claim(claim)
    assert len(progress) == 51
    by_number = {
        cc.candidate.number: progress[cc.pk]
        for cc in ClaimCandidate.objects.filter(claim=claim).select_related("candidate")
    }
    assert by_number["60000001"].already_awarded
    assert numbers(by_number["60000001"].achieved) == [10, 13, 16]
    assert not by_number["60000011"].already_awarded
    assert by_number["60000011"].completes_award
    assert by_number["60000012"].sentences == [
        "needs 5 more credits",
        "needs 2 more credits at Level 1 or above",
        "units 1 and 2 are a barred combination: only one counts",
    ]
    assert sum(p.completes_award for p in progress.values()) == 20

    # 05203 is graded: its grade points and conditions are read too, once, with its units and
    # rules (five queries more) when this process had not read them before.
    small = f.claim("05203")
    f.add(small, JANE, [1])
    small.refresh_from_db()
    structure_cache.clear()
    with django_assert_num_queries(10):
        assert len(progress_for_claim(small)) == 1
    small.refresh_from_db()
    with django_assert_num_queries(5):
        assert len(progress_for_claim(small)) == 1
