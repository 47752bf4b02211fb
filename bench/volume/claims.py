"""The national data set's claims, and what follows them: units, results and awards.

Each centre's candidates reach claims for the qualifications they are entered for, a few a
claim (most claims small, some of a whole class), over three years; the last claim of a
qualification at a centre is often still in progress. The week of the snapshot is a peak week:
many claims submitted, with the moderator or waiting to be processed. Processed claims give
achieved units; a candidate whose achieved units meet the rules (the rules engine of
`catalogue.rules`) gets the full award, once. A candidate never claims a unit twice, so every
unique constraint holds. The moderation, audit and email rows of each claim are in `trail`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bench.volume import trail
from bench.volume.catalogue import Qualification
from bench.volume.copy import Staging
from bench.volume.world import Centre, World

#: (smallest, largest) candidates on a claim, and how often
CLAIM_SIZES = (
    ((1, 1), 45),
    ((2, 2), 20),
    ((3, 3), 10),
    ((4, 8), 18),
    ((9, 30), 6.5),
    ((31, 150), 0.5),
)
#: units a candidate claims on one claim, and how often
UNITS_A_CANDIDATE, UNITS_WEIGHTS = (1, 2, 3, 4), (12, 30, 34, 24)
ITQ_WEIGHTS = (5, 15, 50, 30)
#: the share of a centre's entries for a qualification that reach a claim
COVERAGE = 0.8
FIRST_CLAIM_NUMBER = 100_001
#: the claim in progress at centre 12345 that the page benchmarks open: a whole year group
BIG_DRAFT = 300
OTHER_BODIES = ("AQA", "Pearson", "City & Guilds")
GRADES = ("Pass", "Merit", "Distinction")


@dataclass
class Plan:
    """One claim before it is written: where, what, when, who is on it."""

    centre: Centre
    qualification: Qualification
    status: str
    created_at: datetime
    members: list[tuple[int, frozenset[int] | None]]
    submitted_at: datetime | None = None
    finalised_at: datetime | None = None
    processed_at: datetime | None = None
    withdrawn_at: datetime | None = None
    id: int = 0
    number: int | None = None


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=dict)


def _age(rng: random.Random) -> float:
    """Days since submission: a peak week, then the last month, then three years."""
    roll = rng.random()
    if roll < 0.08:
        return rng.uniform(0, 10)
    if roll < 0.14:
        return rng.uniform(10, 40)
    return rng.uniform(40, 1095)


def _status(age: float, direct: bool, rng: random.Random) -> str:
    roll = rng.random()
    if age < 10:
        status = "submitted" if roll < 0.6 else "finalised" if roll < 0.85 else "processed"
    elif age < 40:
        status = (
            "processed"
            if roll < 0.6
            else "finalised"
            if roll < 0.65
            else "submitted"
            if roll < 0.95
            else "withdrawn"
        )
    else:
        status = "processed" if roll < 0.97 else "withdrawn"
    if direct and status == "submitted":
        return "finalised"  # direct claim status: no moderation
    if direct and status == "withdrawn":
        return "processed"
    return status


def _timeline(plan: Plan, age: float, rng: random.Random, now: datetime) -> None:
    submitted = now - timedelta(days=age, minutes=rng.randint(0, 600))
    plan.submitted_at = submitted
    plan.created_at = submitted - timedelta(days=rng.uniform(1, 20))
    direct = plan.centre.approvals[plan.qualification.id]
    if plan.status in ("finalised", "processed"):
        finalised = submitted if direct else submitted + timedelta(days=age * rng.random())
        plan.finalised_at = finalised
        if plan.status == "processed":
            left = (now - finalised).total_seconds() / 86400
            plan.processed_at = finalised + timedelta(days=min(left, 3) * rng.random())
    if plan.status == "withdrawn":
        plan.withdrawn_at = submitted + timedelta(days=min(age, 20) * rng.random())


def plan_claims(world: World) -> list[Plan]:
    """Every claim of every centre, numbered in order of submission; drafts last."""
    rng, now = world.rng, world.now
    sizes, weights = zip(*CLAIM_SIZES, strict=True)
    plans: list[Plan] = []
    for centre in world.centres:
        for qualification_id, pool in centre.pools.items():
            qualification = world.qualifications[qualification_id]
            direct = centre.approvals[qualification_id]
            members = pool[:]
            rng.shuffle(members)
            big = centre.number == "12345" and qualification.code == "03991"
            reach = int(len(members) * COVERAGE) - (BIG_DRAFT if big else 0)
            taken, claims = 0, []
            while taken < reach:
                low, high = rng.choices(sizes, weights)[0]
                size = rng.randint(low, high)
                claims.append(members[taken : taken + size])
                taken += size
            if big:
                claims.append(members[taken : taken + BIG_DRAFT])
            ages = sorted((_age(rng) for _ in claims), reverse=True)
            for index, (age, group) in enumerate(zip(ages, claims, strict=True)):
                last = index == len(claims) - 1
                plan = Plan(centre, qualification, "draft", now, group)
                if last and (big or rng.random() < 0.5):
                    plan.created_at = now - timedelta(days=rng.uniform(0, 14))
                else:
                    plan.status = _status(age, direct, rng)
                    _timeline(plan, age, rng, now)
                plans.append(plan)
    plans.sort(key=lambda p: (p.submitted_at is None, p.submitted_at or now))
    number = FIRST_CLAIM_NUMBER
    for plan in plans:
        if plan.submitted_at is not None:
            plan.number, number = number, number + 1
    return plans


class Writer:
    """Writes each planned claim's rows and keeps what later claims of a candidate need."""

    def __init__(self, stage: Staging, world: World) -> None:
        from catalogue import rules as engine

        self.stage, self.world, self.rng = stage, world, world.rng
        self.engine = engine
        self.engines = {q.id: engine.Engine(q.rules) for q in world.qualifications.values()}
        self.mandatory = {
            q.id: {n for r in q.rules if r.kind == engine.RuleKind.MANDATORY for n in r.units}
            for q in world.qualifications.values()
        }
        #: (candidate index, qualification id) -> unit numbers claimed on any claim
        self.used: dict[tuple[int, int], set[int]] = {}
        #: (candidate index, qualification id) -> achieved (number, credits, level, other body)
        self.held: dict[tuple[int, int], list[tuple[int, int, int, bool]]] = {}
        self.awarded: set[tuple[int, int]] = set()
        self.claims = stage.table(
            "claim",
            *("id", "centre", "qualification", "status", "claim_number", "reference"),
            *("created_at", "created_by", "submitted_at", "submitted_by", "submitter_email"),
            *("moderator", "finalised_at", "processed_at", "withdrawn_at"),
        )
        self.on_claim = stage.table(
            "claim_candidate",
            *("id", "claim", "candidate", "version", "updated_at", "updated_by", "withdrawn"),
            "malpractice",
        )
        self.units = stage.table(
            "claimed_unit",
            *("id", "claim_candidate", "unit", "assessor", "grade", "state", "awarding_body"),
            *("date_claimed", "original_grade", "outcome_reason"),
        )
        self.achieved = stage.table(
            "achieved_unit",
            *("id", "candidate", "unit", "claim", "grade", "other_awarding_body", "achieved_at"),
            "published_at",
        )
        self.awards = stage.table(
            "award", "id", "candidate", "qualification", "issued_at", "published_at"
        )
        self.trail = trail.Trail(stage, world)

    def _pick(self, plan: Plan, member: tuple[int, frozenset[int] | None]) -> list[Any]:
        """The units this candidate claims now: new to them, allowed by their entry."""
        index, entered = member
        q = plan.qualification
        used = self.used.setdefault((index, q.id), set())
        free = [u for u in q.units if u[1] not in used and (entered is None or u[1] in entered)]
        if q.code == "03991":  # one level of a topic only: the barred combinations
            topics = {(n - 1) // 3 for n in used}
            free = [u for u in free if (u[1] - 1) // 3 not in topics]
            self.rng.shuffle(free)
            one_a_topic = {(u[1] - 1) // 3: u for u in free}
            free = list(one_a_topic.values())
        # An award of three units (03991) is usually claimed whole.
        weights = ITQ_WEIGHTS if q.code == "03991" else UNITS_WEIGHTS
        wanted = min(len(free), self.rng.choices(UNITS_A_CANDIDATE, weights)[0])
        # Centres claim a qualification's mandatory units first.
        first = [u for u in free if u[1] in self.mandatory[q.id] and self.rng.random() < 0.8]
        rest = [u for u in free if u not in first]
        chosen = first[:wanted] + self.rng.sample(rest, max(0, wanted - len(first)))
        used.update(u[1] for u in chosen)
        return sorted(chosen, key=lambda u: u[1])

    def write(self, plan: Plan) -> None:
        rng, centre, q = self.rng, plan.centre, plan.qualification
        direct = centre.approvals[q.id]
        moderated = q.moderated and not direct and plan.status != "draft"
        tutor, tutor_email = rng.choice(centre.tutors)
        moderator = centre.moderators.get(q.id) if moderated else None
        plan.id = self.stage.ids("claim")
        reference = f"R{plan.number}" if plan.number and rng.random() < 0.4 else None
        submitted = plan.submitted_at is not None
        self.claims.row(
            plan.id,
            centre.id,
            q.id,
            plan.status,
            plan.number,
            reference,
            plan.created_at,
            tutor,
            plan.submitted_at,
            tutor if submitted else None,
            tutor_email if submitted else "",
            moderator,
            plan.finalised_at,
            plan.processed_at,
            plan.withdrawn_at,
        )
        reviewed = moderated and plan.status in ("finalised", "processed")
        rows = []
        for member in plan.members:
            units = self._pick(plan, member)
            if not units:
                continue
            cc = self.stage.ids("claim_candidate")
            malpractice = reviewed and rng.random() < 0.002
            withdrawn = malpractice or (reviewed and rng.random() < 0.015)
            saved = plan.created_at + timedelta(minutes=rng.randint(1, 600))
            self.on_claim.row(
                cc,
                plan.id,
                self.world.candidates[member[0]][0],
                rng.randint(1, 3),
                saved,
                tutor,
                withdrawn,
                malpractice,
            )
            claimed = [self._unit(plan, cc, centre, unit, reviewed) for unit in units]
            rows.append(trail.Member(member[0], cc, withdrawn, malpractice, saved, claimed))
        results = self._results(plan, rows) if plan.status == "processed" else None
        self.trail.claim(plan, rows, tutor, tutor_email, moderator, results)

    def _unit(
        self,
        plan: Plan,
        cc: int,
        centre: Centre,
        unit: tuple[int, int, int, int, bool],
        reviewed: bool,
    ) -> trail.Claimed:
        rng = self.rng
        unit_id, number, credits, level, graded = unit
        grade = rng.choice(GRADES) if graded else ""
        state, body, original, reason = "claimed", "", "", ""
        if plan.qualification.other_ab and rng.random() < 0.04:
            state, body = "other_ab", rng.choice(OTHER_BODIES)
        elif reviewed:
            roll = rng.random()
            state = "accepted"
            if roll < 0.02:
                state, reason = "withdrawn", "The evidence does not meet the assessment criteria"
            elif roll < 0.05 and graded:
                state, original, reason = "amended", grade, "The evidence supports another grade"
                grade = rng.choice([g for g in GRADES if g != grade])
        pk = self.stage.ids("claimed_unit")
        assessor = rng.choice(centre.assessors[plan.qualification.id])
        self.units.row(
            pk, cc, unit_id, assessor, grade, state, body, plan.created_at.date(), original, reason
        )
        return trail.Claimed(pk, unit_id, number, credits, level, grade, state, body, original)

    def _results(self, plan: Plan, rows: list[trail.Member]) -> trail.Results:
        """Achieved units of the processed claim's counting units, then any award it completes."""
        q, at = plan.qualification, plan.processed_at
        assert at is not None
        published = at + timedelta(hours=48)
        results = trail.Results(published)
        for member in rows:
            if member.withdrawn:
                continue
            candidate = self.world.candidates[member.index][0]
            held = self.held.setdefault((member.index, q.id), [])
            numbers = []
            for unit in member.units:
                if unit.state == "withdrawn":
                    continue
                self.achieved.row(
                    self.stage.ids("achieved_unit"),
                    candidate,
                    unit.unit_id,
                    plan.id,
                    unit.grade,
                    unit.body,
                    at,
                    published,
                )
                held.append((unit.number, unit.credits, unit.level, bool(unit.body)))
                numbers.append(unit.number)
            if not numbers:
                continue
            results.achieved.append((member.index, candidate, numbers))
            key = (member.index, q.id)
            if key in self.awarded:
                continue
            facts = [
                self.engine.UnitFact(number=n, credits=c, level=lv, other_ab=o)
                for n, c, lv, o in held
            ]
            if self.engines[q.id].evaluate(facts).met:
                self.awarded.add(key)
                award = self.stage.ids("award")
                self.awards.row(award, candidate, q.id, at, published)
                results.awards.append((award, candidate))
        return results


def build(stage: Staging, world: World) -> list[Plan]:
    """Plan and stage every claim; returns the plans (the page benchmarks pick from them)."""
    plans = plan_claims(world)
    writer = Writer(stage, world)
    for plan in plans:
        writer.write(plan)
    writer.trail.candidates()
    return plans
