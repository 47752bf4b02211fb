"""The candidate claim page: which units a candidate may claim on a claim, and which are."""

from dataclasses import dataclass, field

from accounts.models import Membership
from candidates.models import AchievedUnit, Candidate, EntryType, NamedEntry
from candidates.selectors import achieved_units_of, entered_unit_ids, named_entry_for
from catalogue import structure_cache
from catalogue.models import Qualification, RuleKind, Unit
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
    #: The candidate's achieved units of the qualification, each with its unit.
    achieved_units: list[AchievedUnit] = field(default_factory=list)
    #: The table's groups: (heading, unit numbers), see `unit_groups`.
    groups: list[tuple[str, list[int]]] = field(default_factory=list)

    @property
    def version(self) -> str:
        """What the page carries to detect a change by someone else: which record, which save."""
        if self.claim_candidate is None:
            return "new"
        return f"{self.claim_candidate.pk}-{self.claim_candidate.version}"

    @property
    def unnamed(self) -> bool:
        """Claimed from the centre's unnamed entries: the candidate has no named entry."""
        return self.entry is None

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
    # The units, rules and grading rules, read once by this process for this version of the
    # qualification: for the rows, the table's groups, progress and the grade on course for.
    structure_cache.prime(qualification)
    units = list(qualification.units.all())
    by_pk = {u.pk: u for u in units}
    claim_candidate, claimed = _on_claim(claim, candidate, for_update=for_update)
    for claimed_unit in claimed:
        claimed_unit.unit = by_pk[claimed_unit.unit_id]
    claimed_by_unit = {c.unit_id: c for c in claimed}
    entry = named_entry_for(candidate=candidate, qualification=qualification, with_units=False)
    achieved = achieved_units_of(candidate=candidate, qualification=qualification)
    by_entry = entry is not None and entry.entry_type == EntryType.UNITS
    for achieved_unit in achieved.values():
        achieved_unit.unit = by_pk[achieved_unit.unit_id]
    if by_entry:
        assert entry is not None
        entered = entered_unit_ids(entry)
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
        achieved_units=list(achieved.values()),
        groups=[] if for_update else unit_groups(qualification, [row.unit for row in rows]),
    )


def _on_claim(
    claim: Claim, candidate: Candidate, *, for_update: bool
) -> tuple[ClaimCandidate | None, list[ClaimedUnit]]:
    """The candidate's place on the claim and its claimed units (with their assessor; the
    caller gives each its unit).

    Reading, one query when the candidate has units on the claim: the units bring their
    ClaimCandidate. Saving locks the ClaimCandidate row on its own first."""
    claimed: list[ClaimedUnit] = []
    if not for_update:
        claimed = list(
            ClaimedUnit.objects.filter(
                claim_candidate__claim=claim, claim_candidate__candidate=candidate
            )
            .select_related("claim_candidate", "assessor")
            .order_by("unit__number")
        )
        if claimed:
            claim_candidate = claimed[0].claim_candidate
            for unit in claimed:
                unit.claim_candidate = claim_candidate
            return claim_candidate, claimed
    on_claim = ClaimCandidate.objects.filter(claim=claim, candidate=candidate)
    if for_update:
        on_claim = on_claim.select_for_update()
    found = on_claim.first()
    if found is not None and for_update:
        claimed = list(
            ClaimedUnit.objects.filter(claim_candidate=found)
            .select_related("assessor")
            .order_by("unit__number")
        )
        for unit in claimed:
            unit.claim_candidate = found
    return found, claimed


OTHER_UNITS = "Other units"


def unit_groups(qualification: Qualification, units: list[Unit]) -> list[tuple[str, list[int]]]:
    """The units table's groups, each a heading and its unit numbers in number order.

    The qualification's own groups (its rules of combination's group rules, in their order)
    where it has them, a unit in several under the first, the rest under "Other units"; else
    one group per level ("Level 1", …). A single level is one group without a heading."""
    numbers = [u.number for u in units]
    group_rules = [r for r in qualification.rules.all() if r.kind == RuleKind.GROUP]
    groups: list[tuple[str, list[int]]] = []
    if group_rules:
        placed: set[int] = set()
        for index, rule in enumerate(group_rules, start=1):
            members = {int(n) for n in rule.units}
            mine = [n for n in numbers if n in members and n not in placed]
            placed.update(mine)
            if mine:
                groups.append((rule.name or f"Group {index}", mine))
        rest = [n for n in numbers if n not in placed]
        if rest:
            groups.append((OTHER_UNITS, rest))
        return groups
    levels = sorted({u.level for u in units})
    if len(levels) <= 1:
        return [("", numbers)]
    return [(f"Level {level}", [u.number for u in units if u.level == level]) for level in levels]
