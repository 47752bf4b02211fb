"""The candidate claim page: which units a candidate may claim on a claim, and which are."""

from dataclasses import dataclass, field

from accounts.models import Membership
from candidates.models import AchievedUnit, Candidate, EntryType, NamedEntry
from candidates.selectors import achieved_units_of, named_entry_for
from catalogue.models import Unit
from catalogue.selectors import units_of
from common.errors import NotFound

from ..models import CentreAssessor, Claim, ClaimCandidate, ClaimedUnit
from ..outcomes import UnitOutcome, outcome_of_unit
from .finding import assessors_for, get_claim


@dataclass
class UnitRow:
    """One unit as the candidate claim page shows it and the save action judges it."""

    unit: Unit
    allowed: bool
    claimed: ClaimedUnit | None = None
    achieved: AchievedUnit | None = None
    #: What moderation decided about the claimed unit; None while the claim is in progress.
    outcome: UnitOutcome | None = None

    @property
    def claimable(self) -> bool:
        return self.allowed and self.achieved is None

    @property
    def state_label(self) -> str:
        """The "State" column: the unit's outcome once moderation has one, else what the
        unit is (achieved earlier, from another awarding body, not entered)."""
        if self.outcome is not None and self.outcome.label:
            return self.outcome.label
        if self.achieved is not None:
            return "Achieved"
        if self.claimed is not None and self.claimed.is_other_awarding_body:
            return "Another AB"
        if not self.allowed:
            return "Not entered"
        return ""


@dataclass
class CandidateClaim:
    """A candidate on (or about to join) a claim: which units may be claimed and what is."""

    claim: Claim
    candidate: Candidate
    entry: NamedEntry | None
    claim_candidate: ClaimCandidate | None
    rows: list[UnitRow]
    assessors: list[CentreAssessor]
    claimed_units: list[ClaimedUnit] = field(default_factory=list)

    @property
    def version(self) -> str:
        """What the page carries to detect a change by someone else: which record, which save."""
        if self.claim_candidate is None:
            return "new"
        return f"{self.claim_candidate.pk}-{self.claim_candidate.version}"

    @property
    def entry_label(self) -> str:
        if self.entry is None:
            return "Unnamed entries"
        return self.entry.get_entry_type_display()

    def rows_by_number(self) -> dict[int, UnitRow]:
        return {row.unit.number: row for row in self.rows}

    @property
    def other_awarding_body_units(self) -> list[ClaimedUnit]:
        return [c for c in self.claimed_units if c.is_other_awarding_body]

    @property
    def addable_units(self) -> list[Unit]:
        """Units that may be added from another awarding body: claimable, not yet claimed."""
        return [row.unit for row in self.rows if row.claimable and row.claimed is None]


def candidate_claim(
    *,
    membership: Membership | None,
    claim_id: int,
    candidate: Candidate,
    for_update: bool = False,
) -> CandidateClaim:
    """The units of the claim's qualification as they stand for this candidate.

    Full award entries and candidates without a named entry (claimed from unnamed entries) list
    every unit, showing those achieved in earlier claims as achieved; unit entries list only the
    entered units that are not achieved yet. A unit claimed earlier that the entry no longer
    allows is listed too, so that it can be removed. `for_update` locks the claim's row and the
    candidate's row on the claim (inside a transaction) for a save.
    """
    claim = get_claim(membership=membership, claim_id=claim_id, for_update=for_update)
    if candidate.centre_id != claim.centre_id:
        raise NotFound("Candidate not found", field="candidate")
    qualification = claim.qualification
    on_claim = ClaimCandidate.objects.filter(claim=claim, candidate=candidate)
    if for_update:
        on_claim = on_claim.select_for_update()
    claim_candidate = on_claim.first()
    claimed: list[ClaimedUnit] = []
    if claim_candidate is not None:
        claimed = list(
            ClaimedUnit.objects.filter(claim_candidate=claim_candidate)
            .select_related("unit", "assessor")
            .order_by("unit__number")
        )
        for unit in claimed:
            unit.claim_candidate = claim_candidate
    claimed_by_unit = {c.unit_id: c for c in claimed}
    entry = named_entry_for(candidate=candidate, qualification=qualification)
    achieved = achieved_units_of(candidate=candidate, qualification=qualification)
    units = list(units_of(qualification))
    if entry is not None and entry.entry_type == EntryType.UNITS:
        entered = {u.pk for u in entry.units.all()}
        shown = [
            u
            for u in units
            if (u.pk in entered and u.pk not in achieved) or u.pk in claimed_by_unit
        ]
        rows = [
            UnitRow(
                unit=u,
                allowed=u.pk in entered,
                claimed=claimed_by_unit.get(u.pk),
                achieved=achieved.get(u.pk),
            )
            for u in shown
        ]
    else:
        rows = [
            UnitRow(
                unit=u, allowed=True, claimed=claimed_by_unit.get(u.pk), achieved=achieved.get(u.pk)
            )
            for u in units
        ]
    if not claim.is_draft and claim_candidate is not None:
        held = claim_candidate.malpractice
        for row in rows:
            if row.claimed is not None:
                row.outcome = outcome_of_unit(row.claimed, held=held)
    return CandidateClaim(
        claim=claim,
        candidate=candidate,
        entry=entry,
        claim_candidate=claim_candidate,
        rows=rows,
        assessors=list(assessors_for(membership=membership, qualification=qualification)),
        claimed_units=claimed,
    )
