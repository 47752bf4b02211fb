"""Reading published results."""

from candidates.models import Candidate
from catalogue.models import Qualification

from .models import AchievedUnit


def achieved_units_of(
    *, candidate: Candidate, qualification: Qualification
) -> dict[int, AchievedUnit]:
    """The candidate's achieved units of the qualification, keyed by unit id.

    A unit counts as achieved as soon as its claim is processed, before its result is published:
    it must not be claimed again either way.
    """
    return {
        achieved.unit_id: achieved
        for achieved in AchievedUnit.objects.filter(
            candidate=candidate, unit__qualification=qualification
        )
    }
