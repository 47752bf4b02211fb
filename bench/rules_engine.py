"""Benchmark the rules of combination engine on the 03991 ITQ qualification.

Run it as ``python bench/rules_engine.py``; a bench runner can import it and call :func:`run`.
It needs only the standard library and ``catalogue.rules``, so it runs without Django.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

# Running the file directly puts bench/ on sys.path, not the project root that holds catalogue/.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from catalogue.rules import Engine, Rule, RuleKind, UnitFact, evaluate  # noqa: E402

#: The engine alone: no database, so `make bench` runs it once rather than once per database.
USES_DATABASE = False
CANDIDATES = 10_000
SEED = 2026
TOPICS = 27
CREDITS_BY_LEVEL = {1: 3, 2: 4, 3: 5}


def itq_units() -> list[UnitFact]:
    """The 81 units of 03991: 27 topics, each at Levels 1, 2 and 3 in consecutive numbers."""
    return [
        UnitFact(number=topic * 3 + level, credits=CREDITS_BY_LEVEL[level], level=level)
        for topic in range(TOPICS)
        for level in (1, 2, 3)
    ]


def itq_rules() -> list[Rule]:
    """The 03991 rules: 9 credits, 6 of them at Level 1 or above, one unit per topic."""
    rules = [
        Rule(RuleKind.MIN_CREDITS, value=9),
        Rule(RuleKind.MIN_CREDITS_AT_LEVEL, value=6, level=1),
    ]
    rules += [
        Rule(RuleKind.BARRED, units=(topic * 3 + 1, topic * 3 + 2, topic * 3 + 3))
        for topic in range(TOPICS)
    ]
    return rules


def candidates(count: int = CANDIDATES, seed: int = SEED) -> list[list[UnitFact]]:
    """Seeded random candidates, each holding 1 to 8 distinct units."""
    rng = random.Random(seed)
    units = itq_units()
    return [rng.sample(units, rng.randint(1, 8)) for _ in range(count)]


def run(count: int = CANDIDATES) -> dict[str, float]:
    """Evaluate the seeded candidates; returns timings, throughput and how many were met.

    ``candidates_per_second`` goes through the plain :func:`evaluate` function as pages do;
    ``engine_candidates_per_second`` reuses one compiled :class:`Engine`.
    """
    rules = itq_rules()
    pool = candidates(count)

    start = time.perf_counter()
    met = sum(1 for units in pool if evaluate(rules, units).met)
    seconds = time.perf_counter() - start

    engine = Engine(rules)
    start = time.perf_counter()
    engine_met = sum(1 for units in pool if engine.evaluate(units).met)
    engine_seconds = time.perf_counter() - start

    if engine_met != met:
        raise AssertionError(f"evaluate() met {met} but Engine.evaluate() met {engine_met}")
    return {
        "candidates": float(count),
        "seconds": seconds,
        "candidates_per_second": count / seconds,
        "engine_seconds": engine_seconds,
        "engine_candidates_per_second": count / engine_seconds,
        "met": float(met),
    }


def main() -> None:
    """Print the figures."""
    figures = run()
    count = int(figures["candidates"])
    print(
        f"rules engine: {count} candidates in {figures['seconds']:.2f} s"
        f" = {figures['candidates_per_second']:,.0f} candidates/s"
    )
    print(
        f"rules engine (compiled Engine): {count} candidates in {figures['engine_seconds']:.2f} s"
        f" = {figures['engine_candidates_per_second']:,.0f} candidates/s"
    )
    print(f"met: {int(figures['met'])} of {count}")


if __name__ == "__main__":
    main()
