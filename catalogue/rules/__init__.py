"""Rules of combination: does a candidate's set of units meet a qualification's full award?

This package is deliberately pure Python with no Django or database access, so that views, admin
validation, imports and benchmarks share one implementation that can be tested in isolation.

A qualification's rules are a sequence of :class:`Rule`; a candidate's achievements are
:class:`UnitFact` values. :func:`evaluate` (or :meth:`Engine.evaluate` for repeated use of one
rule set) answers with an :class:`Evaluation`: whether the full award is met, which units count,
and what is missing, both as data (:class:`Shortfall`) and as plain English sentences.

Barred combinations and the cap on credits from other awarding bodies mean that not every unit a
candidate holds can count. The engine picks the units that help the candidate most: first whether
the award is met, then the fewest things missing, then the most credits, then the most units, and
finally the lowest unit numbers so that the answer is deterministic.

The modules, by concept:

- :mod:`.types`: rule kinds, rules, unit facts, shortfalls and evaluations (plain data);
- :mod:`.engine`: :class:`Engine`, :func:`engine_for` and :func:`evaluate`, with the choice of
  counted units in :mod:`.choosing` and its search machinery in :mod:`.search`;
- :mod:`.wording`: every sentence the engine says (:func:`describe_rules`, shortfalls);
- :mod:`.validation`: :func:`validate_rules`, the checks a rule set passes before it is stored.

Import from the package (``from catalogue import rules``); the modules are its inner layout.
"""

from .engine import EXHAUSTIVE_LIMIT, Engine, engine_for, evaluate
from .types import BLOCKING_KINDS, Evaluation, Rule, RuleKind, Shortfall, UnitFact
from .validation import validate_rules
from .wording import describe_rules

__all__ = [
    "BLOCKING_KINDS",
    "EXHAUSTIVE_LIMIT",
    "Engine",
    "Evaluation",
    "Rule",
    "RuleKind",
    "Shortfall",
    "UnitFact",
    "describe_rules",
    "engine_for",
    "evaluate",
    "validate_rules",
]
