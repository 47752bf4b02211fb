"""Reading a qualification's structure (its details, units and rules) from a JSON or CSV file.

Parsing checks everything before anything is loaded and collects every problem with where it
is: the line (and, for JSON, the path such as ``units[3].credits``). A file with any problem
raises :class:`StructureErrors` listing them all; a sound one gives a
:class:`QualificationStructure` for `catalogue.actions.load_qualification_structure` to apply.
The rules are checked by the rules engine's own `validate_rules`, so a file cannot hold a rule
set the engine would misread. The formats are described in docs/qualification-files.md.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common.errors import DomainError

from . import rules as rules_engine
from .models import EvidenceMethod, GradingScheme, QualityAssurance

CODE = re.compile(r"\d{5}")
REFERENCE = re.compile(r"[A-Z]/\d{3}/\d{4}")
MAX_TITLE = 200
MAX_RULE_NAME = 100
MAX_CREDITS = 999
LEVELS = range(1, 9)

QUALIFICATION_FIELDS = (
    "code",
    "title",
    "level",
    "quality_assurance",
    "evidence_methods",
    "allows_other_awarding_body_units",
)
UNIT_FIELDS = ("number", "title", "level", "credits", "grading", "reference")
RULE_FIELDS = ("kind", "value", "level", "units", "per", "name")
CSV_COLUMNS = ("record", *dict.fromkeys((*QUALIFICATION_FIELDS, *UNIT_FIELDS, *RULE_FIELDS)))
RECORD_FIELDS = {"qualification": QUALIFICATION_FIELDS, "unit": UNIT_FIELDS, "rule": RULE_FIELDS}

TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0", ""}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, and where."""

    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        place = f"line {self.line}" if self.line else ""
        if self.where:
            place = f"{place}, {self.where}" if place else self.where
        return f"{place}: {self.message}" if place else self.message


class StructureErrors(DomainError):
    """The file has problems; nothing may be loaded from it."""

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        super().__init__(
            f"{count} {'problem' if count == 1 else 'problems'} found", code="invalid_structure"
        )
        self.problems = problems


@dataclass(frozen=True)
class UnitSpec:
    number: int
    title: str
    level: int
    credits: int
    grading: str = GradingScheme.PASS.value
    reference: str = ""


@dataclass(frozen=True)
class RuleSpec:
    kind: str
    value: int | None = None
    level: int | None = None
    units: tuple[int, ...] = ()
    per: str = "credits"
    name: str = ""

    def engine_rule(self) -> rules_engine.Rule:
        return rules_engine.Rule(
            kind=rules_engine.RuleKind(self.kind),
            value=self.value,
            level=self.level,
            units=self.units,
            per=self.per,
            name=self.name,
        )


@dataclass(frozen=True)
class QualificationStructure:
    """A qualification as a file describes it, checked and ready to load."""

    code: str
    title: str
    level: int
    quality_assurance: str
    evidence_methods: tuple[str, ...] = ()
    allows_other_awarding_body_units: bool = False
    units: tuple[UnitSpec, ...] = ()
    rules: tuple[RuleSpec, ...] = field(default_factory=tuple)


# Checking one record's fields. Values come typed from JSON or as text from CSV.


class _Invalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise _Invalid("must be a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    raise _Invalid(f"must be a whole number (got {value!r})")


def _text(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise _Invalid(f"must be text (got {value!r})")


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise _Invalid(f"must be true or false (yes or no in CSV) (got {value!r})")


def _items(value: Any) -> list[Any]:
    """A list from JSON, or text separated by semicolons or spaces from CSV."""
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [item for item in re.split(r"[;\s]+", value.strip()) if item]
    raise _Invalid(f"must be a list (got {value!r})")


class _Record:
    """One qualification, unit or rule record being checked; problems go to the shared list."""

    def __init__(
        self, values: Mapping[str, Any], line: int | None, where: str, problems: list[Problem]
    ) -> None:
        self.values = values
        self.line = line
        self.where = where
        self.problems = problems
        self.ok = True

    def problem(self, name: str | None, message: str) -> None:
        self.ok = False
        where = self.where if name is None else f"{self.where}.{name}" if self.where else name
        self.problems.append(Problem(self.line, where, message))

    def get(
        self, name: str, convert: Callable[[Any], Any], *, required: bool = False
    ) -> Any | None:
        value = self.values.get(name)
        if _blank(value):
            if required:
                self.problem(name, "is missing")
            return None
        try:
            return convert(value)
        except _Invalid as error:
            self.problem(name, error.message)
            return None

    def text(self, name: str, *, required: bool = False, max_length: int = MAX_TITLE) -> str:
        value = self.get(name, _text, required=required) or ""
        if len(value) > max_length:
            self.problem(name, f"must be {max_length} characters or fewer")
        return str(value)

    def level(self, name: str = "level", *, required: bool = True) -> int | None:
        value = self.get(name, _integer, required=required)
        if value is not None and value not in LEVELS:
            self.problem(name, f"must be a level from 1 to 8 (got {value})")
            return None
        return value

    def choice(self, name: str, choices: Mapping[str, str], default: str | None = None) -> str:
        value = self.get(name, _text, required=default is None)
        if value is None:
            return default or ""
        if value not in choices:
            known = ", ".join(choices)
            self.problem(name, f"must be one of {known} (got {value!r})")
        return str(value)


def _qualification(
    values: Mapping[str, Any], line: int | None, where: str, problems: list[Problem]
) -> dict[str, Any] | None:
    record = _Record(values, line, where, problems)
    code = record.get("code", _text, required=True)
    if code is not None and not CODE.fullmatch(code):
        record.problem("code", f"must be the entry code as 5 digits (got {code!r})")
    title = record.text("title", required=True)
    level = record.level()
    qa = record.choice("quality_assurance", dict(QualityAssurance.choices))
    methods: list[str] = []
    for method in record.get("evidence_methods", _items) or []:
        if not isinstance(method, str) or method not in EvidenceMethod.values:
            known = ", ".join(EvidenceMethod.values)
            record.problem("evidence_methods", f"must each be one of {known} (got {method!r})")
        elif method not in methods:
            methods.append(method)
    other_ab = record.get("allows_other_awarding_body_units", _boolean)
    if not record.ok:
        return None
    return {
        "code": code,
        "title": title,
        "level": level,
        "quality_assurance": qa,
        "evidence_methods": tuple(methods),
        "allows_other_awarding_body_units": bool(other_ab),
    }


_UnitRead = tuple[UnitSpec | None, int | None, int | None, str]  # spec, number, line, where


def _unit(
    values: Mapping[str, Any], line: int | None, where: str, problems: list[Problem]
) -> _UnitRead:
    """The unit, or None if it has problems; its number whenever that much could be read."""
    record = _Record(values, line, where, problems)
    number = record.get("number", _integer, required=True)
    if number is not None and number < 1:
        record.problem("number", f"must be a whole number from 1 up (got {number})")
    title = record.text("title", required=True)
    level = record.level()
    credits = record.get("credits", _integer, required=True)
    if credits is not None and not 1 <= credits <= MAX_CREDITS:
        record.problem("credits", f"must be a whole number from 1 to {MAX_CREDITS} (got {credits})")
    grading = record.choice("grading", dict(GradingScheme.choices), GradingScheme.PASS.value)
    reference = record.get("reference", _text) or ""
    if reference and not REFERENCE.fullmatch(reference):
        record.problem("reference", f"must look like A/123/4567 (got {reference!r})")
    if not record.ok:
        return None, number, line, where
    spec = UnitSpec(int(number or 0), title, level or 0, credits or 0, grading, reference)
    return spec, number, line, where


def _rule(
    values: Mapping[str, Any], line: int | None, where: str, problems: list[Problem]
) -> RuleSpec | None:
    record = _Record(values, line, where, problems)
    kinds = {kind.value: kind.value for kind in rules_engine.RuleKind}
    kind = record.choice("kind", kinds)
    value = record.get("value", _integer)
    level = record.level(required=False)
    units: list[int] = []
    for item in record.get("units", _items) or []:
        try:
            units.append(_integer(item))
        except _Invalid:
            record.problem("units", f"must be unit numbers (got {item!r})")
    per = record.choice("per", {"credits": "credits", "units": "units"}, "credits")
    name = record.text("name", max_length=MAX_RULE_NAME)
    if not record.ok:
        return None
    return RuleSpec(kind, value, level, tuple(units), per, name)


def _unknown_fields(
    values: Mapping[str, Any], allowed: tuple[str, ...], line: int | None, where: str
) -> list[Problem]:
    return [
        Problem(line, where, f"unknown field {name!r}; expected any of {', '.join(allowed)}")
        for name in values
        if name not in allowed
    ]


def _check_whole(
    details: dict[str, Any] | None,
    units: list[_UnitRead],
    rules: list[tuple[RuleSpec | None, int | None, str]],
    problems: list[Problem],
) -> QualificationStructure:
    """Checks across records: unit numbers unique, then the rule set as the engine sees it."""
    seen: dict[int, int | None] = {}
    for _, number, line, where in units:
        if number is None:
            continue
        if number in seen:
            first = seen[number]
            also = f" (first on line {first})" if first else ""
            problems.append(Problem(line, where, f"unit number {number} is repeated{also}"))
        else:
            seen[number] = line
    # The engine checks the rules that could be read; it numbers them among those, so each
    # message is put back on the rule's own line and number in the file.
    sound = [
        (position, rule, line, where)
        for position, (rule, line, where) in enumerate(rules, start=1)
        if rule is not None
    ]
    some_units_unread = any(number is None for _, number, _, _ in units)
    engine_rules = [rule.engine_rule() for _, rule, _, _ in sound]
    for message in rules_engine.validate_rules(engine_rules, set(seen)):
        if some_units_unread and "not in this qualification" in message:
            continue  # the unit may be one of those with a problem of its own
        line, where = None, "rules"
        match = re.match(r"Rule (\d+)", message)
        if match and 1 <= int(match.group(1)) <= len(sound):
            position, _, line, where = sound[int(match.group(1)) - 1]
            message = f"Rule {position}{message[match.end() :]}"
        problems.append(Problem(line, where, message))
    if details is None or problems:
        # File-wide problems first, then by line; each line's in the order its fields come.
        raise StructureErrors(sorted(problems, key=lambda p: p.line or 0))
    return QualificationStructure(
        **details,
        units=tuple(sorted((u for u, _, _, _ in units if u), key=lambda u: u.number)),
        rules=tuple(rule for _, rule, _, _ in sound),
    )


# JSON


class _LinedDict(dict[str, Any]):
    """A JSON object that remembers the line it starts on."""

    line: int = 0


def _lined_json(text: str) -> Any:
    """json.loads, except every object knows its line (the standard decoder keeps no positions)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    decoder = json.JSONDecoder()

    def parse_object(state: tuple[str, int], *args: Any, **kwargs: Any) -> tuple[Any, int]:
        value, end = json.decoder.JSONObject(state, *args, **kwargs)  # type: ignore[attr-defined]
        lined = _LinedDict(value)
        lined.line = bisect.bisect_right(starts, state[1] - 1)
        return lined, end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    # The C scanner ignores parse_object; the pure Python one calls it for every object.
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text)


def _line(value: Any) -> int | None:
    return value.line if isinstance(value, _LinedDict) else None


def parse_json(text: str) -> QualificationStructure:
    try:
        data = _lined_json(text)
    except json.JSONDecodeError as error:
        raise StructureErrors(
            [Problem(error.lineno, f"column {error.colno}", f"not valid JSON: {error.msg}")]
        ) from None
    if not isinstance(data, dict):
        raise StructureErrors([Problem(1, "", "the file must hold one JSON object")])
    problems = _unknown_fields(
        data, (*QUALIFICATION_FIELDS, "units", "rules"), _line(data), "(top level)"
    )
    details = _qualification(data, _line(data), "", problems)

    def records(name: str) -> list[tuple[Any, int | None, str]]:
        items = data.get(name, [])
        if not isinstance(items, list):
            problems.append(Problem(_line(data), name, "must be a list"))
            return []
        found = []
        for index, item in enumerate(items):
            where = f"{name}[{index}]"
            if not isinstance(item, dict):
                problems.append(Problem(_line(data), where, "must be an object"))
                continue
            found.append((item, _line(item), where))
        return found

    unit_fields: tuple[str, ...] = UNIT_FIELDS
    units = []
    for item, line, where in records("units"):
        problems.extend(_unknown_fields(item, unit_fields, line, where))
        units.append(_unit(item, line, where, problems))
    rules = []
    for item, line, where in records("rules"):
        problems.extend(_unknown_fields(item, RULE_FIELDS, line, where))
        rules.append((_rule(item, line, where, problems), line, where))
    if not units:
        problems.append(Problem(_line(data), "units", "the qualification has no units"))
    return _check_whole(details, units, rules, problems)


# CSV


def parse_csv(text: str) -> QualificationStructure:
    reader = csv.reader(io.StringIO(text))
    problems: list[Problem] = []
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise StructureErrors([Problem(None, "", "the file is empty")]) from None
    except csv.Error as error:
        raise StructureErrors([Problem(1, "", f"not valid CSV: {error}")]) from None
    for name in header:
        if name not in CSV_COLUMNS:
            problems.append(
                Problem(1, "", f"unknown column {name!r}; expected any of {', '.join(CSV_COLUMNS)}")
            )
    if "record" not in header:
        raise StructureErrors([*problems, Problem(1, "", "the header has no 'record' column")])
    details: dict[str, Any] | None = None
    details_line: int | None = None
    units: list[_UnitRead] = []
    rules: list[tuple[RuleSpec | None, int | None, str]] = []
    line = reader.line_num
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                problems.append(
                    Problem(start, "", f"has {len(row)} cells but the header has {len(header)}")
                )
                continue
            values = {
                name: cell for name, cell in zip(header, row, strict=False) if name in CSV_COLUMNS
            }
            kind = values.pop("record", "").strip().lower()
            if kind not in RECORD_FIELDS:
                problems.append(
                    Problem(
                        start,
                        "record",
                        f"must be qualification, unit or rule (got {kind or 'nothing'!r})",
                    )
                )
                continue
            for name, cell in values.items():
                if cell.strip() and name not in RECORD_FIELDS[kind]:
                    problems.append(Problem(start, name, f"a {kind} row does not use this column"))
            values = {k: v for k, v in values.items() if k in RECORD_FIELDS[kind]}
            if kind == "qualification":
                if details_line is not None:
                    problems.append(
                        Problem(
                            start,
                            "",
                            f"a second qualification row (the first is on line {details_line})",
                        )
                    )
                    continue
                details_line = start
                details = _qualification(values, start, "", problems)
            elif kind == "unit":
                units.append(_unit(values, start, "", problems))
            else:
                rules.append((_rule(values, start, "", problems), start, ""))
    except csv.Error as error:
        problems.append(Problem(line + 1, "", f"not valid CSV: {error}"))
    if details_line is None:
        problems.append(Problem(None, "", "the file has no qualification row"))
    if not units:
        problems.append(Problem(None, "", "the file has no unit rows"))
    return _check_whole(details, units, rules, problems)


def parse_text(text: str, *, name: str = "") -> QualificationStructure:
    """JSON or CSV, by the file name's extension, or by the first character when it has none."""
    suffix = Path(name).suffix.lower()
    if suffix == ".json" or (suffix != ".csv" and text.lstrip().startswith("{")):
        return parse_json(text)
    return parse_csv(text)


def parse_file(path: Path) -> QualificationStructure:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StructureErrors(
            [Problem(None, "", f"the file is not UTF-8 text (byte {error.start})")]
        ) from None
    return parse_text(text, name=path.name)
