"""The demo world of DEMO.md. Loading it twice changes nothing."""

from datetime import date

from django.db import transaction

from accounts.models import (
    Approval,
    Centre,
    Membership,
    ModeratorAssignment,
    Role,
    User,
    VerifierAssignment,
)
from candidates.models import Candidate, EntryType, NamedEntry, UnnamedEntryMovement
from catalogue import rules as rules_engine
from catalogue.grading import grading_rules, replace_grading
from catalogue.models import (
    EvidenceMethod,
    GradingScheme,
    Qualification,
    QualityAssurance,
    Rule,
    RuleKind,
    Unit,
)
from catalogue.structure_cache import structure_changed

from . import earlier_claim

PASSWORD = "claims-demo-2026"  # noqa: S105 - the demo's published password (DEMO.md)

ITQ_TOPICS = [
    "Improving productivity using IT",
    "Audio software",
    "Bespoke software",
    "Computerised accounting software",
    "IT communication fundamentals",
    "Data management software",
    "Database software",
    "Design and imaging software",
    "Desktop publishing software",
    "Drawing and planning software",
    "Email",
    "IT security for users",
    "IT software fundamentals",
    "IT user fundamentals",
    "Multimedia software",
    "Personal information management software",
    "Presentation software",
    "Project management software",
    "Spreadsheet software",
    "Using collaborative technologies",
    "Using mobile IT devices",
    "Using the internet",
    "Website software",
    "Word processing software",
    "Imaging software",
    "Video software",
    "Optimise IT system performance",
]
ITQ_CREDITS = {1: 3, 2: 4, 3: 5}

CUSTOMER_SERVICE_UNITS = [
    "Principles of customer service",
    "Communicate effectively with customers",
    "Resolve customer service problems",
    "Deal with customers face to face",
    "Deal with customers in writing or electronically",
    "Promote additional services or products",
    "Support customer service improvements",
    "Develop customer relationships",
]

# 05203's grade: Pearson's points a credit for QCF BTEC units (Pass 7, Merit 8, Distinction 9);
# the best 16 credits count, mandatory units first; four Passes (112 points) give a Pass, two
# Merits among four units (120) a Merit, three Distinctions and a Merit (140) a Distinction,
# and a Distinction needs both mandatory units at Merit or above.
CUSTOMER_SERVICE_GRADING = rules_engine.GradingRules(
    thresholds=(
        rules_engine.GradeThreshold("Pass"),
        rules_engine.GradeThreshold("Merit", 120),
        rules_engine.GradeThreshold("Distinction", 132),
    ),
    points=tuple(
        rules_engine.GradePoints(grade, points)
        for grade, points in zip(rules_engine.UNIT_GRADES, (7, 8, 9), strict=True)
    ),
    best_credits=16,
    conditions=(rules_engine.GradeCondition("Distinction", "Merit"),),
)

USERS = [
    # email, full name, centre number or None, role
    ("admin@northfield.test", "Priya Shah", "12345", Role.CENTRE_ADMINISTRATOR),
    ("tutor@northfield.test", "Tom Reid", "12345", Role.TUTOR),
    ("staff@northfield.test", "Sam Lee", "12345", Role.STAFF),
    ("admin@southbank.test", "Grace Obi", "67890", Role.CENTRE_ADMINISTRATOR),
    ("moderator@awarding.test", "Morgan Hale", None, None),
    ("reviewer@awarding.test", "Rhea Patel", None, None),
    ("verifier@awarding.test", "Vera Quinn", None, None),
    ("ops@awarding.test", "Olu Adeyemi", None, None),
]

NORTHFIELD_CANDIDATES: list[tuple[str, str, str, date, str | list[int] | None]] = [
    # number, first, last, date of birth, entry for 03991 ("full", [unit numbers] or None)
    ("11721896", "Amira", "Khan", date(1990, 8, 2), "full"),
    ("10050901", "Ben", "Carter", date(1992, 10, 14), "full"),
    ("11721832", "Chloe", "Davies", date(1994, 11, 20), [1, 4, 13]),
    ("11721897", "Daniel", "Evans", date(1996, 8, 25), None),
    ("11808151", "Ella", "Fisher", date(1995, 4, 19), None),
    ("123456", "John", "Smith", date(1980, 1, 1), "full"),
    ("789012", "Jane", "Doe", date(1985, 1, 1), "full"),
]

# Ben Carter's earlier claim, processed before the demo's story begins.
EARLIER_CLAIM_NUMBER = earlier_claim.NUMBER
EARLIER_CLAIM_REFERENCE = earlier_claim.REFERENCE


def _user(email: str, full_name: str, **flags: bool) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    changed = created or user.full_name != full_name
    user.full_name = full_name
    for name, value in flags.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed = True
    if created or not user.check_password(PASSWORD):
        user.set_password(PASSWORD)
        changed = True
    if changed:
        user.save()
    return user


def _qualification(
    code: str, title: str, level: int, qa: str, methods: list[str], other_ab: bool
) -> Qualification:
    qualification, _ = Qualification.objects.update_or_create(
        code=code,
        defaults={
            "title": title,
            "level": level,
            "quality_assurance": qa,
            "evidence_methods": methods,
            "allows_other_awarding_body_units": other_ab,
        },
    )
    return qualification


def _units(qualification: Qualification, units: list[tuple[int, str, int, int, str]]) -> None:
    for number, title, level, credits, grading in units:
        Unit.objects.update_or_create(
            qualification=qualification,
            number=number,
            defaults={"title": title, "level": level, "credits": credits, "grading": grading},
        )


def _rules(qualification: Qualification, rules: list[dict[str, object]]) -> None:
    # Rules are replaced whole: comparing them one by one buys nothing for a demo.
    existing = list(qualification.rules.values("kind", "value", "level", "units", "per", "name"))
    wanted = [
        {"value": None, "level": None, "units": [], "per": "credits", "name": "", **rule}
        for rule in rules
    ]
    if existing != wanted:
        qualification.rules.all().delete()
        Rule.objects.bulk_create(Rule(qualification=qualification, **rule) for rule in wanted)
        structure_changed(qualification.pk)


def itq_units() -> list[tuple[int, str, int, int, str]]:
    units: list[tuple[int, str, int, int, str]] = []
    for index, topic in enumerate(ITQ_TOPICS):
        for level in (1, 2, 3):
            number = index * 3 + level
            units.append(
                (number, f"{topic} [Level {level}]", level, ITQ_CREDITS[level], GradingScheme.PASS)
            )
    return units


def itq_rules() -> list[dict[str, object]]:
    rules: list[dict[str, object]] = [
        {"kind": RuleKind.MIN_CREDITS, "value": 9},
        {"kind": RuleKind.MIN_CREDITS_AT_LEVEL, "value": 6, "level": 1},
    ]
    for index in range(len(ITQ_TOPICS)):
        first = index * 3 + 1
        rules.append({"kind": RuleKind.BARRED, "units": [first, first + 1, first + 2]})
    return rules


@transaction.atomic
def load() -> None:
    itq = _qualification(
        "03991",
        "Level 1 Award in IT User Skills (ITQ)",
        1,
        QualityAssurance.REMOTE_MODERATION,
        [EvidenceMethod.POSTAL, EvidenceMethod.EMAIL, EvidenceMethod.EPORTFOLIO],
        True,
    )
    _units(itq, itq_units())
    _rules(itq, itq_rules())

    customer = _qualification(
        "05203",
        "Level 2 Certificate in Customer Service",
        2,
        QualityAssurance.EXTERNAL_VERIFICATION,
        [EvidenceMethod.POSTAL, EvidenceMethod.EPORTFOLIO],
        False,
    )
    _units(
        customer,
        [
            (n, f"{title} [Level 2]", 2, 4, GradingScheme.PASS_MERIT_DISTINCTION)
            for n, title in enumerate(CUSTOMER_SERVICE_UNITS, start=1)
        ],
    )
    _rules(
        customer,
        [
            {"kind": RuleKind.MANDATORY, "units": [1, 2]},
            {"kind": RuleKind.MIN_CREDITS, "value": 16},
        ],
    )
    if grading_rules(customer) != CUSTOMER_SERVICE_GRADING:
        replace_grading(customer, CUSTOMER_SERVICE_GRADING)

    northfield, _ = Centre.objects.update_or_create(
        number="12345",
        defaults={"name": "Northfield College", "contact_email": "exams@northfield.test"},
    )
    southbank, _ = Centre.objects.update_or_create(
        number="67890",
        defaults={"name": "Southbank Training", "contact_email": "exams@southbank.test"},
    )
    centres = {"12345": northfield, "67890": southbank}
    for centre in (northfield, southbank):
        Approval.objects.update_or_create(
            centre=centre, qualification=itq, defaults={"direct_claim_status": False}
        )
    Approval.objects.update_or_create(
        centre=northfield, qualification=customer, defaults={"direct_claim_status": True}
    )

    people: dict[str, User] = {}
    for email, full_name, centre_number, role in USERS:
        flags = {}
        if email == "ops@awarding.test":
            # Operations work on the service's own pages; the demo's operations user is also a
            # superuser, so that the Django admin can be shown too.
            flags = {"is_operations": True, "is_staff": True, "is_superuser": True}
        people[email] = _user(email, full_name, **flags)
        if centre_number and role:
            Membership.objects.update_or_create(
                user=people[email], centre=centres[centre_number], defaults={"role": role}
            )
    for centre in (northfield, southbank):
        ModeratorAssignment.objects.update_or_create(
            centre=centre,
            qualification=itq,
            defaults={"moderator": people["moderator@awarding.test"]},
        )
    VerifierAssignment.objects.get_or_create(
        verifier=people["verifier@awarding.test"], centre=northfield, qualification=customer
    )
    # A second examiner-moderator, who reviews the first one's decisions when a centre asks:
    # assigned where no claim goes to a moderator (05203 at Southbank, which is not approved
    # for it), so that she moderates nothing of the demo's and may review all of it.
    ModeratorAssignment.objects.update_or_create(
        centre=southbank,
        qualification=customer,
        defaults={"moderator": people["reviewer@awarding.test"]},
    )

    units_by_number = {u.number: u for u in itq.units.all()}
    candidates: dict[str, Candidate] = {}
    for number, first, last, born, entry in NORTHFIELD_CANDIDATES:
        candidate, _ = Candidate.objects.update_or_create(
            number=number,
            defaults={
                "centre": northfield,
                "first_name": first,
                "last_name": last,
                "date_of_birth": born,
            },
        )
        candidates[number] = candidate
        if entry is not None:
            _entry(candidate, itq, entry, units_by_number)
    _entry(candidates["789012"], customer, "full", {})

    farah, _ = Candidate.objects.update_or_create(
        number="20000001",
        defaults={
            "centre": southbank,
            "first_name": "Farah",
            "last_name": "Ali",
            "date_of_birth": date(1999, 3, 5),
        },
    )
    _entry(farah, itq, "full", units_by_number)

    if not UnnamedEntryMovement.objects.filter(
        centre=northfield, qualification=itq, kind=UnnamedEntryMovement.Kind.PURCHASE
    ).exists():
        UnnamedEntryMovement.objects.create(
            centre=northfield,
            qualification=itq,
            kind=UnnamedEntryMovement.Kind.PURCHASE,
            quantity=10,
            note="Demo purchase",
            created_by=people["admin@northfield.test"],
        )

    earlier_claim.tell(qualification=itq, candidate=candidates["10050901"], people=people)


def _entry(
    candidate: Candidate,
    qualification: Qualification,
    entry: str | list[int],
    units_by_number: dict[int, Unit],
) -> None:
    entry_type = EntryType.FULL_AWARD if entry == "full" else EntryType.UNITS
    named, _ = NamedEntry.objects.update_or_create(
        candidate=candidate, qualification=qualification, defaults={"entry_type": entry_type}
    )
    if isinstance(entry, list):
        named.units.set([units_by_number[n] for n in entry])
    else:
        named.units.clear()
