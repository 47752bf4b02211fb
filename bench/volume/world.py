"""The national data set's world: catalogue, centres, people, candidates and their entries.

On top of the demo world (whose centre 12345 becomes one of the biggest centres, whose
examiner-moderator moderates many centres and whose operations user sees everything), with a
spread like a real awarding body's: most centres small, a few with 5,000 candidates. Seeded, so
every build is the same. The claims and everything that follows them are in `claims`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench.volume import catalogue
from bench.volume.catalogue import Qualification
from bench.volume.copy import Staging

SEED = 2026


def _words(text: str, separator: str | None = None) -> list[str]:
    return text.split(separator)


FIRST_NAMES = _words(
    "Amira Ben Chloe Daniel Ella Farah George Hannah Isaac Jade Kai Leah Mohammed Nia Oliver "
    "Poppy Quentin Ruby Sam Tara Umar Violet William Xena Yusuf Zara Aaron Bella Callum Dina "
    "Ethan Freya Gabriel Holly Imran Jasmine Kieran Lily Mason Noor Owen Priya Ryan Sophie "
    "Thomas Una Victor Wendy Zain Alice"
)
LAST_NAMES = _words(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Wright Robinson Thompson "
    "Evans Walker White Roberts Green Hall Wood Jackson Clarke Khan Lewis Harris Martin Cooper "
    "King Lee Baker Turner Hill Scott Moore Ward Morris Hughes Edwards Ahmed Begum Ali Hussain "
    "Carter Phillips Mitchell Shaw Price Bennett Gray Cook Bailey Murphy Kelly Reid Campbell "
    "Fisher Doe Okafor Nowak Kowalski Singh Chen Nguyen Obi Adeyemi Quinn Hale"
)
#: (how many centres, candidates at each) at full scale: 600,000 candidates at 3,000 centres.
TIERS = ((10, 5_000), (90, 1_500), (400, 500), (2_500, 86))
#: Qualifications each centre of a tier is approved for, tutors and centre assessors it has.
TIER_APPROVALS = (20, 10, 6, 3)
TIER_TUTORS = (30, 10, 4, 1)
TIER_ASSESSORS = (25, 10, 4, 2)
MODERATORS = 150
VERIFIERS = 50


@dataclass
class Centre:
    id: int
    number: str
    tier: int
    contact_email: str
    admin: int = 0
    tutors: list[tuple[int, str]] = field(default_factory=list)
    #: qualification id -> direct claim status
    approvals: dict[int, bool] = field(default_factory=dict)
    moderators: dict[int, int] = field(default_factory=dict)
    assessors: dict[int, list[int]] = field(default_factory=dict)
    #: qualification id -> [(candidate index, entered unit numbers or None for a full award)]
    pools: dict[int, list[tuple[int, frozenset[int] | None]]] = field(default_factory=dict)


@dataclass
class World:
    now: datetime
    rng: random.Random
    qualifications: dict[int, Qualification]
    centres: list[Centre]
    #: per candidate index: (id, number, "First Last", centre index)
    candidates: list[tuple[int, str, str, int]]
    moderator: int
    operations: int
    #: the awarding body's people by id, for the emails sent to them
    emails: dict[int, str] = field(default_factory=dict)


def _demo(cursor: Any) -> dict[str, Any]:
    """What the demo world already holds that the national world builds on."""

    def one(sql: str, *args: Any) -> Any:
        cursor.execute(sql, args)
        return cursor.fetchone()

    from bench.tables import column, table

    users, centres = table("user"), table("centre")
    email = column("user", "email")
    found = {
        name: one(f'SELECT id FROM "{users}" WHERE "{email}" = %s', address)[0]  # noqa: S608
        for name, address in (
            ("moderator", "moderator@awarding.test"),
            ("operations", "ops@awarding.test"),
            ("tutor", "tutor@northfield.test"),
            ("admin", "admin@northfield.test"),
            ("verifier", "verifier@awarding.test"),
            ("southbank", "admin@southbank.test"),
        )
    }
    found["password"] = one(
        f'SELECT password FROM "{users}" WHERE id = %s',  # noqa: S608
        found["tutor"],
    )[0]
    cursor.execute(f'SELECT id, number FROM "{centres}"')  # noqa: S608
    found["centres"] = {number: pk for pk, number in cursor.fetchall()}
    return found


def _uln(index: int) -> str:
    """A valid Unique Learner Number for some candidates, blank for the rest."""
    from candidates.validators import uln_check_digit

    if index % 5 > 1:
        return ""
    first = f"{4_000_000_00 + index:09d}"
    check = uln_check_digit(first)
    return "" if check is None else f"{first}{check}"


def build(stage: Staging, cursor: Any, *, scale: float = 1.0, now: datetime | None = None) -> World:
    """Stage the world's rows and return what the claims need to refer to."""
    rng = random.Random(SEED)
    now = now or datetime.now(UTC).replace(microsecond=0)
    demo = _demo(cursor)
    qualifications = catalogue.build(stage, cursor, rng)
    by_code = {q.code: q for q in qualifications.values()}
    centre_file = stage.table("centre", "id", "number", "name", "contact_email")
    user_file = stage.table(
        "user",
        *("id", "email", "full_name", "password", "is_operations", "is_staff", "is_superuser"),
        *("is_active", "first_name", "last_name", "date_joined"),
    )
    joined = now - timedelta(days=1500)

    def user(email: str, name: str) -> int:
        pk = stage.ids("user")
        user_file.row(pk, email, name, demo["password"], False, False, False, True, "", "", joined)
        return pk

    emails = {demo["moderator"]: "moderator@awarding.test"}
    for n in range(1, MODERATORS):
        address = f"moderator{n:03d}@awarding.test"
        emails[user(address, f"Moderator {n}")] = address
    moderators = list(emails)
    verifiers = [demo["verifier"]] + [
        user(f"verifier{n:03d}@awarding.test", f"Verifier {n}") for n in range(1, VERIFIERS)
    ]
    centres: list[Centre] = []
    numbers = (f"{n:05d}" for n in range(10001, 99999) if f"{n:05d}" not in demo["centres"])
    for tier, (count, _) in enumerate(TIERS):
        for n in range(max(1, round(count * scale))):
            if tier == 0 and n == 0:
                number, pk = "12345", demo["centres"]["12345"]
            elif tier == 2 and n == 0:
                number, pk = "67890", demo["centres"]["67890"]
            else:
                number, pk = next(numbers), stage.ids("centre")
                centre_file.row(pk, number, f"Centre {number}", f"exams@c{number}.test")
            centres.append(Centre(pk, number, tier, f"exams@c{number}.test"))
    _people(stage, centres, demo, user, rng)
    _approvals(stage, centres, qualifications, by_code, moderators, verifiers, demo, rng, now)
    world = World(
        now, rng, qualifications, centres, [], demo["moderator"], demo["operations"], emails
    )
    _candidates(stage, world, scale)
    return world


def _people(
    stage: Staging, centres: list[Centre], demo: dict[str, Any], user: Any, rng: random.Random
) -> None:
    memberships = stage.table("membership", "id", "user", "centre", "role")
    for centre in centres:
        if centre.number == "12345":
            centre.admin, centre.tutors = demo["admin"], [(demo["tutor"], "tutor@northfield.test")]
        elif centre.number == "67890":
            # The demo's Southbank keeps its own people.
            centre.admin, centre.tutors = demo["southbank"], [(demo["southbank"], "")]
            continue
        else:
            centre.admin = user(f"admin@c{centre.number}.test", f"Admin {centre.number}")
            memberships.row(stage.ids("membership"), centre.admin, centre.id, "centre_admin")
        for n in range(1, TIER_TUTORS[centre.tier] + 1):
            email = f"tutor{n:02d}@c{centre.number}.test"
            pk = user(email, f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")
            memberships.row(stage.ids("membership"), pk, centre.id, "tutor")
            centre.tutors.append((pk, email))


def _approvals(
    stage: Staging,
    centres: list[Centre],
    qualifications: dict[int, Qualification],
    by_code: dict[str, Qualification],
    moderators: list[int],
    verifiers: list[int],
    demo: dict[str, Any],
    rng: random.Random,
    now: datetime,
) -> None:
    approvals = stage.table("approval", "id", "centre", "qualification", "direct_claim_status")
    moderation = stage.table("moderator_assignment", "id", "moderator", "centre", "qualification")
    verification = stage.table("verifier_assignment", "id", "verifier", "centre", "qualification")
    reports = stage.table(
        "verifier_report",
        *("id", "centre", "qualification", "verifier", "visit_date", "actions"),
        *("recommendations", "sanction_level", "recommends_direct_claim_status", "created_at"),
    )
    assessors = stage.table("assessor", "id", "centre", "name", "initials", "created_at")
    assessor_quals = stage.m2m("assessor", "qualifications")
    movements = stage.table(
        "unnamed_movement",
        *("id", "centre", "qualification", "kind", "quantity", "note", "created_at", "created_by"),
    )
    pool = list(qualifications.values())
    weights = [q.popularity for q in pool]
    demo_done = {("12345", "03991"), ("67890", "03991"), ("12345", "05203")}
    for centre in centres:
        wanted = TIER_APPROVALS[centre.tier]
        chosen: dict[int, Qualification] = {}
        if centre.number in ("12345", "67890"):
            chosen[by_code["03991"].id] = by_code["03991"]
        if centre.number == "12345":
            chosen[by_code["05203"].id] = by_code["05203"]
        while len(chosen) < wanted:
            q = rng.choices(pool, weights)[0]
            chosen[q.id] = q
        for q in chosen.values():
            demo_pair = (centre.number, q.code) in demo_done
            # Externally verified qualifications are claimed directly, as 05203 is in the demo.
            direct = not q.moderated or rng.random() < 0.1
            if demo_pair:
                direct = q.code == "05203"
            else:
                approvals.row(stage.ids("approval"), centre.id, q.id, direct)
            centre.approvals[q.id] = direct
            if q.moderated:
                # The demo's examiner-moderator moderates centre 12345 and many others.
                mine = demo_pair or centre.number == "12345" or rng.random() < 0.03
                moderator = moderators[0] if mine else rng.choice(moderators[1:])
                centre.moderators[q.id] = moderator
                if not demo_pair:
                    moderation.row(stage.ids("moderator_assignment"), moderator, centre.id, q.id)
            else:
                verifier = rng.choice(verifiers[1:])
                if not demo_pair:
                    verification.row(stage.ids("verifier_assignment"), verifier, centre.id, q.id)
                for visit in range(rng.randint(0, 2)):
                    reports.row(
                        stage.ids("verifier_report"),
                        centre.id,
                        q.id,
                        verifier,
                        (now - timedelta(days=60 + 200 * visit)).date(),
                        "Keep records up to date.",
                        "Continue standardisation.",
                        "none",
                        rng.random() < 0.7,
                        now - timedelta(days=59 + 200 * visit),
                    )
            if rng.random() < 0.3:
                movements.row(
                    stage.ids("unnamed_movement"),
                    centre.id,
                    q.id,
                    "purchase",
                    rng.randint(10, 200),
                    "Purchase",
                    now - timedelta(days=rng.randint(1, 700)),
                    centre.admin,
                )
        staff = TIER_ASSESSORS[centre.tier]
        codes = list(chosen)
        for k in range(staff):
            pk = stage.ids("assessor")
            initials = f"{chr(65 + k // 24)}{chr(66 + k % 24)}"
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            assessors.row(pk, centre.id, name, initials, now - timedelta(days=900))
            # Every qualification has an assessor; each assessor covers some of them.
            covered = {*rng.sample(codes, min(len(codes), 2))}
            if k == 0:
                covered.update(codes)  # so that every qualification has an assessor
            for qualification_id in covered:
                assessor_quals.row(pk, qualification_id)
                centre.assessors.setdefault(qualification_id, []).append(pk)


def _candidates(stage: Staging, world: World, scale: float) -> None:
    """The candidates of every centre, each entered for one qualification and some for two."""
    rng = world.rng
    rows = stage.table(
        "candidate", "id", "centre", "number", "first_name", "last_name", "date_of_birth", "uln"
    )
    entries = stage.table(
        "named_entry", "id", "candidate", "qualification", "entry_type", "created_at", "created_by"
    )
    entry_units = stage.m2m("named_entry", "units")
    born = date(1965, 1, 1)
    for index_centre, centre in enumerate(world.centres):
        size = TIERS[centre.tier][1]
        codes = list(centre.approvals)
        weights = [world.qualifications[q].popularity for q in codes]
        for _ in range(size):
            index = len(world.candidates)
            pk, number = stage.ids("candidate"), f"{30_000_000 + index}"
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            dob = born + timedelta(days=rng.randint(0, 15_000))
            rows.row(pk, centre.id, number, first, last, dob, _uln(index))
            world.candidates.append((pk, number, f"{first} {last}", index_centre))
            taken = {rng.choices(codes, weights)[0]}
            if rng.random() < 0.2 and len(codes) > 1:
                taken.add(rng.choice(codes))
            for qualification_id in taken:
                entry_pk = stage.ids("named_entry")
                units: frozenset[int] | None = None
                q = world.qualifications[qualification_id]
                if rng.random() < 0.15:
                    units = frozenset(rng.sample([u[1] for u in q.units], 3))
                    for unit in q.units:
                        if unit[1] in units:
                            entry_units.row(entry_pk, unit[0])
                created = world.now - timedelta(days=rng.randint(30, 1000))
                entries.row(
                    entry_pk,
                    pk,
                    qualification_id,
                    "units" if units else "full",
                    created,
                    centre.admin,
                )
                centre.pools.setdefault(qualification_id, []).append((index, units))
