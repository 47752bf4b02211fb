"""Unit tests for the rules of combination engine (pure Python, no database)."""

from __future__ import annotations

import pytest

from catalogue.rules import (
    BLOCKING_KINDS,
    Engine,
    Evaluation,
    Rule,
    RuleKind,
    Shortfall,
    UnitFact,
    describe_rules,
    engine_for,
    evaluate,
    validate_rules,
)

K = RuleKind


def unit(number: int, credits: int = 3, level: int = 1, other_ab: bool = False) -> UnitFact:
    return UnitFact(number=number, credits=credits, level=level, other_ab=other_ab)


# 03991 Level 1 Award in IT User Skills (ITQ): 27 topics at three levels in consecutive numbers.
ITQ_CREDITS = {1: 3, 2: 4, 3: 5}
ITQ_UNITS = {
    topic * 3 + level: unit(topic * 3 + level, ITQ_CREDITS[level], level)
    for topic in range(27)
    for level in (1, 2, 3)
}
ITQ_RULES = (
    Rule(K.MIN_CREDITS, value=9),
    Rule(K.MIN_CREDITS_AT_LEVEL, value=6, level=1),
    *(Rule(K.BARRED, units=(t * 3 + 1, t * 3 + 2, t * 3 + 3)) for t in range(27)),
)

# 05203 Level 2 Certificate in Customer Service: 8 units at Level 2, 4 credits each.
CS_UNITS = {n: unit(n, 4, 2) for n in range(1, 9)}
CS_RULES = (Rule(K.MANDATORY, units=(1, 2)), Rule(K.MIN_CREDITS, value=16))


def itq(*numbers: int) -> Evaluation:
    return evaluate(ITQ_RULES, [ITQ_UNITS[n] for n in numbers])


def cs(*numbers: int) -> Evaluation:
    return evaluate(CS_RULES, [CS_UNITS[n] for n in numbers])


# Demo qualifications.


def test_itq_two_units_short_of_credits() -> None:
    result = itq(1, 4)
    assert not result.met
    assert result.sentences == ["needs 3 more credits"]
    assert result.counted == (1, 4)
    assert result.total_credits == 6


def test_itq_three_topics_met() -> None:
    result = itq(1, 4, 7)
    assert result.met
    assert result.sentences == []
    assert result.shortfalls == ()
    assert result.total_credits == 9


def test_itq_same_topic_is_barred_and_higher_credit_unit_counts() -> None:
    result = itq(1, 2)
    assert "units 1 and 2 are a barred combination: only one counts" in result.sentences
    assert result.counted == (2,)
    assert result.excluded == (1,)
    assert result.total_credits == 4
    assert not result.met


def test_itq_whole_topic_barred_sentence_lists_three_units() -> None:
    result = itq(1, 2, 3, 4, 7)
    assert result.met
    assert result.counted == (3, 4, 7)
    assert result.sentences == ["units 1, 2 and 3 are a barred combination: only one counts"]


def test_itq_every_unit_counts_the_top_level_of_each_topic() -> None:
    result = itq(*ITQ_UNITS)
    assert result.met
    assert result.counted == tuple(range(3, 82, 3))
    assert result.total_credits == 27 * 5
    assert len(result.excluded) == 54
    assert sum(s.kind is K.BARRED for s in result.shortfalls) == 27


def test_customer_service_met() -> None:
    result = cs(1, 2, 5, 7)
    assert result.met
    assert result.total_credits == 16


def test_customer_service_missing_mandatory_and_credits() -> None:
    result = cs(3, 4, 5)
    assert not result.met
    assert result.sentences == [
        "Unit 1 is mandatory",
        "Unit 2 is mandatory",
        "needs 4 more credits",
    ]
    assert [s.missing_units for s in result.shortfalls[:2]] == [(1,), (2,)]
    assert result.shortfalls[2].missing_credits == 4


def test_customer_service_enough_credits_but_mandatory_missing() -> None:
    result = cs(1, 3, 4, 5, 6)
    assert not result.met
    assert result.sentences == ["Unit 2 is mandatory"]


# MIN_CREDITS


def test_min_credits_met_exactly() -> None:
    result = evaluate([Rule(K.MIN_CREDITS, value=6)], [unit(1), unit(2)])
    assert result.met
    assert result.total_credits == 6


def test_min_credits_plural() -> None:
    result = evaluate([Rule(K.MIN_CREDITS, value=9)], [unit(1), unit(2)])
    assert not result.met
    (shortfall,) = result.shortfalls
    assert shortfall.kind is K.MIN_CREDITS
    assert shortfall.missing_credits == 3
    assert shortfall.sentence == "needs 3 more credits"


def test_min_credits_singular() -> None:
    result = evaluate([Rule(K.MIN_CREDITS, value=7)], [unit(1), unit(2)])
    assert result.sentences == ["needs 1 more credit"]


def test_min_credits_with_no_units() -> None:
    result = evaluate([Rule(K.MIN_CREDITS, value=9)], [])
    assert not result.met
    assert result.sentences == ["needs 9 more credits"]
    assert result.counted == () and result.excluded == () and result.total_credits == 0


# MIN_CREDITS_AT_LEVEL


def test_min_credits_at_level_counts_only_units_at_or_above_level() -> None:
    rules = [Rule(K.MIN_CREDITS_AT_LEVEL, value=6, level=2)]
    result = evaluate(rules, [unit(1, 4, 1), unit(2, 4, 2)])
    assert not result.met
    assert result.sentences == ["needs 2 more credits at Level 2 or above"]
    assert result.shortfalls[0].missing_credits == 2


def test_min_credits_at_level_singular() -> None:
    rules = [Rule(K.MIN_CREDITS_AT_LEVEL, value=5, level=2)]
    result = evaluate(rules, [unit(1, 4, 3)])
    assert result.sentences == ["needs 1 more credit at Level 2 or above"]


def test_min_credits_at_level_met_by_higher_level() -> None:
    rules = [Rule(K.MIN_CREDITS_AT_LEVEL, value=6, level=2)]
    assert evaluate(rules, [unit(1, 3, 2), unit(2, 3, 3)]).met


# MANDATORY


def test_mandatory_met() -> None:
    rules = [Rule(K.MANDATORY, units=(1, 2))]
    assert evaluate(rules, [unit(1), unit(2), unit(3)]).met


def test_mandatory_one_sentence_per_missing_unit_in_rule_order() -> None:
    rules = [Rule(K.MANDATORY, units=(3, 1, 2))]
    result = evaluate(rules, [unit(2)])
    assert not result.met
    assert result.sentences == ["Unit 3 is mandatory", "Unit 1 is mandatory"]
    assert all(s.kind is K.MANDATORY and s.rule == rules[0] for s in result.shortfalls)


def test_mandatory_repeated_unit_is_required_once() -> None:
    result = evaluate([Rule(K.MANDATORY, units=(1, 1))], [])
    assert result.sentences == ["Unit 1 is mandatory"]


def test_mandatory_shortfall_sentence_for_several_units() -> None:
    rule = Rule(K.MANDATORY, units=(1, 2))
    shortfall = Shortfall(K.MANDATORY, rule, missing_units=(1, 2))
    assert shortfall.sentence == "Units 1 and 2 are mandatory"


# GROUP


def test_group_credits_named() -> None:
    rule = Rule(K.GROUP, value=8, units=(3, 4, 5), name="Group A")
    result = evaluate([rule], [unit(3, 4), unit(9, 10)])
    assert not result.met
    assert result.sentences == ["needs 4 more credits from Group A"]
    assert result.shortfalls[0].missing_credits == 4


def test_group_credits_singular() -> None:
    rule = Rule(K.GROUP, value=5, units=(3, 4), name="Group B")
    assert evaluate([rule], [unit(3, 4)]).sentences == ["needs 1 more credit from Group B"]


def test_group_credits_unnamed_lists_units() -> None:
    rule = Rule(K.GROUP, value=6, units=(5, 3, 4))
    result = evaluate([rule], [unit(3)])
    assert result.sentences == ["needs 3 more credits from units 3, 4 and 5"]


def test_group_unnamed_two_units_and_one_unit() -> None:
    two = Rule(K.GROUP, value=1, units=(3, 4), per="units")
    one = Rule(K.GROUP, value=1, units=(7,), per="units")
    result = evaluate([two, one], [])
    assert result.sentences == [
        "needs 1 more unit from units 3 and 4",
        "needs 1 more unit from unit 7",
    ]


def test_group_units_singular_and_plural() -> None:
    rule = Rule(K.GROUP, value=3, units=(1, 2, 3, 4), per="units", name="Group A")
    assert evaluate([rule], [unit(1), unit(2)]).sentences == ["needs 1 more unit from Group A"]
    result = evaluate([rule], [unit(9)])
    assert result.sentences == ["needs 3 more units from Group A"]
    assert result.shortfalls[0].missing_count == 3
    assert result.shortfalls[0].missing_credits == 0


def test_group_met_and_units_outside_group_do_not_count_towards_it() -> None:
    rule = Rule(K.GROUP, value=2, units=(1, 2), per="units", name="Group A")
    assert evaluate([rule], [unit(1), unit(2)]).met
    assert not evaluate([rule], [unit(1), unit(3)]).met


# BARRED


def test_barred_is_informational_only() -> None:
    rules = [Rule(K.MIN_CREDITS, value=3), Rule(K.BARRED, units=(4, 5))]
    result = evaluate(rules, [unit(4), unit(5)])
    assert result.met
    assert result.sentences == ["units 4 and 5 are a barred combination: only one counts"]
    (shortfall,) = result.shortfalls
    assert shortfall.kind is K.BARRED
    assert not shortfall.blocking
    assert shortfall.barred_units == (4, 5)
    assert result.counted == (4,)
    assert result.excluded == (5,)


def test_barred_three_units_sentence() -> None:
    result = evaluate([Rule(K.BARRED, units=(3, 1, 2))], [unit(1), unit(2), unit(3)])
    assert result.sentences == ["units 1, 2 and 3 are a barred combination: only one counts"]
    assert len(result.counted) == 1


def test_barred_not_reported_when_only_one_unit_held() -> None:
    result = evaluate([Rule(K.BARRED, units=(1, 2, 3))], [unit(2), unit(7)])
    assert result.shortfalls == ()
    assert result.counted == (2, 7)


def test_barred_lists_only_the_units_held() -> None:
    result = evaluate([Rule(K.BARRED, units=(4, 5, 6))], [unit(4), unit(6)])
    assert result.sentences == ["units 4 and 6 are a barred combination: only one counts"]


def test_barred_choice_counts_mandatory_unit() -> None:
    # Unit 1 has more credits, but unit 2 is mandatory: counting unit 2 meets the award.
    rules = [
        Rule(K.MANDATORY, units=(2,)),
        Rule(K.MIN_CREDITS, value=3),
        Rule(K.BARRED, units=(1, 2)),
    ]
    result = evaluate(rules, [unit(1, 6), unit(2, 3)])
    assert result.met
    assert result.counted == (2,)
    assert result.excluded == (1,)


def test_barred_choice_prefers_unit_in_group_that_needs_it() -> None:
    rules = [
        Rule(K.GROUP, value=3, units=(2, 3), name="Group B"),
        Rule(K.BARRED, units=(1, 2)),
    ]
    result = evaluate(rules, [unit(1, 5), unit(2, 3)])
    assert result.met
    assert result.counted == (2,)


def test_barred_choice_prefers_level_when_level_rule_needs_it() -> None:
    rules = [
        Rule(K.MIN_CREDITS, value=6),
        Rule(K.MIN_CREDITS_AT_LEVEL, value=3, level=3),
        Rule(K.BARRED, units=(1, 2)),
    ]
    result = evaluate(rules, [unit(1, 5, 1), unit(2, 3, 3), unit(7, 3, 1)])
    assert result.met
    assert result.counted == (2, 7)


def test_barred_choice_with_fewest_missing_when_unmet() -> None:
    # Neither choice meets the award; unit 1 leaves less missing (1 credit v. 1 unit + 2 credits).
    rules = [
        Rule(K.MIN_CREDITS, value=10),
        Rule(K.MANDATORY, units=(2,)),
        Rule(K.BARRED, units=(1, 2)),
    ]
    result = evaluate(rules, [unit(1, 9), unit(2, 3), unit(5, 0)])
    assert result.counted == (1, 5)
    assert result.sentences == [
        "needs 1 more credit",
        "Unit 2 is mandatory",
        "units 1 and 2 are a barred combination: only one counts",
    ]


def test_barred_tie_counts_lowest_unit_number() -> None:
    result = evaluate([Rule(K.BARRED, units=(1, 2, 3))], [unit(3), unit(2), unit(1)])
    assert result.counted == (1,)
    assert result.excluded == (2, 3)


def test_overlapping_barred_sets() -> None:
    # 1-2 and 2-3 are barred; counting 1 and 3 beats counting 2 alone.
    rules = [
        Rule(K.MIN_CREDITS, value=6),
        Rule(K.BARRED, units=(1, 2)),
        Rule(K.BARRED, units=(2, 3)),
    ]
    result = evaluate(rules, [unit(1), unit(2, 5), unit(3)])
    assert result.met
    assert result.counted == (1, 3)
    assert result.excluded == (2,)
    assert result.sentences == [
        "units 1 and 2 are a barred combination: only one counts",
        "units 2 and 3 are a barred combination: only one counts",
    ]


def test_barred_set_overlapping_mandatory_and_group() -> None:
    rules = [
        Rule(K.MANDATORY, units=(1,)),
        Rule(K.GROUP, value=1, units=(2, 3), per="units", name="Group A"),
        Rule(K.BARRED, units=(1, 2)),
        Rule(K.BARRED, units=(3, 4)),
    ]
    result = evaluate(rules, [unit(1), unit(2), unit(3), unit(4, 9)])
    assert result.met
    assert result.counted == (1, 3)


# MAX_OTHER_AB_CREDITS


def test_other_ab_under_cap_counts_in_full() -> None:
    rules = [Rule(K.MIN_CREDITS, value=9), Rule(K.MAX_OTHER_AB_CREDITS, value=6)]
    result = evaluate(rules, [unit(1, other_ab=True), unit(2, other_ab=True), unit(3)])
    assert result.met
    assert result.shortfalls == ()


def test_other_ab_cap_excludes_units_and_causes_credit_shortfall() -> None:
    rules = [Rule(K.MIN_CREDITS, value=9), Rule(K.MAX_OTHER_AB_CREDITS, value=6)]
    held = [unit(n, other_ab=True) for n in (1, 2, 3)]
    result = evaluate(rules, held)
    assert not result.met
    assert result.counted == (1, 2)
    assert result.excluded == (3,)
    assert result.total_credits == 6
    assert result.sentences == [
        "needs 3 more credits",
        "only 6 credits from other awarding bodies can count",
    ]
    assert not result.shortfalls[1].blocking


def test_other_ab_cap_is_informational_when_award_still_met() -> None:
    rules = [Rule(K.MIN_CREDITS, value=6), Rule(K.MAX_OTHER_AB_CREDITS, value=3)]
    result = evaluate(rules, [unit(1, other_ab=True), unit(2, other_ab=True), unit(3)])
    assert result.met
    assert result.sentences == ["only 3 credits from other awarding bodies can count"]


def test_other_ab_cap_chooses_units_that_use_the_most_credits() -> None:
    rules = [Rule(K.MIN_CREDITS, value=6), Rule(K.MAX_OTHER_AB_CREDITS, value=6)]
    held = [unit(1, 3, other_ab=True), unit(2, 4, other_ab=True), unit(3, 2, other_ab=True)]
    result = evaluate(rules, held)
    assert result.met
    assert result.counted == (2, 3)
    assert result.total_credits == 6


def test_other_ab_cap_keeps_mandatory_unit() -> None:
    rules = [
        Rule(K.MANDATORY, units=(2,)),
        Rule(K.MAX_OTHER_AB_CREDITS, value=4),
    ]
    result = evaluate(rules, [unit(1, 4, other_ab=True), unit(2, 3, other_ab=True)])
    assert result.met
    assert result.counted == (2,)
    assert result.excluded == (1,)


def test_other_ab_cap_singular_and_zero() -> None:
    one = evaluate([Rule(K.MAX_OTHER_AB_CREDITS, value=1)], [unit(1, other_ab=True)])
    assert one.sentences == ["only 1 credit from other awarding bodies can count"]
    assert one.counted == ()
    zero = evaluate([Rule(K.MAX_OTHER_AB_CREDITS, value=0)], [unit(1, other_ab=True), unit(2)])
    assert zero.sentences == ["no credits from other awarding bodies can count"]
    assert zero.counted == (2,)


def test_other_ab_strictest_cap_applies_once() -> None:
    rules = [Rule(K.MAX_OTHER_AB_CREDITS, value=6), Rule(K.MAX_OTHER_AB_CREDITS, value=3)]
    result = evaluate(rules, [unit(1, other_ab=True), unit(2, other_ab=True)])
    assert result.total_credits == 3
    assert result.sentences == ["only 3 credits from other awarding bodies can count"]


def test_cap_and_barred_together() -> None:
    # Unit 1 (other body) would not fit the cap, so its barred partner 2 counts instead.
    rules = [
        Rule(K.MIN_CREDITS, value=3),
        Rule(K.BARRED, units=(1, 2)),
        Rule(K.MAX_OTHER_AB_CREDITS, value=0),
    ]
    result = evaluate(rules, [unit(1, 5, other_ab=True), unit(2, 3)])
    assert result.met
    assert result.counted == (2,)
    assert result.sentences == ["units 1 and 2 are a barred combination: only one counts"]


# Input handling.


def test_duplicate_units_count_once() -> None:
    result = evaluate([Rule(K.MIN_CREDITS, value=6)], [unit(1), unit(1), unit(1)])
    assert not result.met
    assert result.counted == (1,)
    assert result.total_credits == 3
    assert result.sentences == ["needs 3 more credits"]


def test_duplicate_with_different_details_is_order_independent() -> None:
    rules = [Rule(K.MIN_CREDITS, value=4), Rule(K.MAX_OTHER_AB_CREDITS, value=0)]
    a, b = unit(1, 4, other_ab=True), unit(1, 4)
    assert evaluate(rules, [a, b]) == evaluate(rules, [b, a])
    assert evaluate(rules, [a, b]).met


def test_units_may_be_any_iterable() -> None:
    result = evaluate([Rule(K.MIN_CREDITS, value=6)], (unit(n) for n in (2, 1)))
    assert result.met
    assert result.counted == (1, 2)


def test_no_rules_is_met() -> None:
    result = evaluate([], [unit(1)])
    assert result.met
    assert result.counted == (1,)


def test_rule_kinds_given_as_plain_strings() -> None:
    rules = [Rule("min_credits", value=9), Rule("mandatory", units=(1,))]  # type: ignore[arg-type]
    result = evaluate(rules, [unit(2)])
    assert result.sentences == ["needs 6 more credits", "Unit 1 is mandatory"]
    assert result.shortfalls[0].kind is K.MIN_CREDITS


def test_unknown_rule_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown rule kind"):
        evaluate([Rule("nonsense", value=1)], [])  # type: ignore[arg-type]


def test_unhashable_rules_still_evaluate() -> None:
    rule = Rule(K.MANDATORY, units=[1, 2])  # type: ignore[arg-type]
    assert evaluate([rule], [unit(1)]).sentences == ["Unit 2 is mandatory"]


def test_sentences_follow_rule_order() -> None:
    rules = [
        Rule(K.BARRED, units=(1, 2)),
        Rule(K.MANDATORY, units=(9,)),
        Rule(K.MIN_CREDITS, value=20),
        Rule(K.GROUP, value=1, units=(7, 8), per="units", name="Group C"),
        Rule(K.MIN_CREDITS_AT_LEVEL, value=10, level=3),
    ]
    result = evaluate(rules, [unit(1), unit(2)])
    assert result.sentences == [
        "units 1 and 2 are a barred combination: only one counts",
        "Unit 9 is mandatory",
        "needs 17 more credits",
        "needs 1 more unit from Group C",
        "needs 10 more credits at Level 3 or above",
    ]


def test_met_exactly_when_no_blocking_shortfall() -> None:
    assert {K.MIN_CREDITS, K.MANDATORY, K.GROUP, K.MIN_CREDITS_AT_LEVEL} == BLOCKING_KINDS
    result = cs(3)
    assert not result.met
    assert any(s.blocking for s in result.shortfalls)


# Engine and caching.


def test_engine_matches_evaluate() -> None:
    engine = Engine(ITQ_RULES)
    for held in [(1, 4), (1, 2), (1, 2, 3, 4, 5, 6, 7)]:
        units = [ITQ_UNITS[n] for n in held]
        assert engine.evaluate(units) == evaluate(ITQ_RULES, units)


def test_engine_for_reuses_compiled_rules() -> None:
    assert engine_for(list(CS_RULES)) is engine_for(CS_RULES)
    assert engine_for(ITQ_RULES) is engine_for(list(ITQ_RULES))


def test_greedy_fallback_still_prefers_mandatory_unit() -> None:
    rules = [
        Rule(K.MANDATORY, units=(2, 5)),
        Rule(K.MIN_CREDITS, value=6),
        Rule(K.BARRED, units=(1, 2)),
        Rule(K.BARRED, units=(4, 5)),
    ]
    held = [unit(1, 6), unit(2, 3), unit(4, 6), unit(5, 3)]
    result = Engine(rules, exhaustive_limit=1).evaluate(held)
    assert result.met
    assert result.counted == (2, 5)


def test_greedy_fallback_respects_cap_and_barred_sets() -> None:
    rules = [
        Rule(K.MIN_CREDITS, value=10),
        Rule(K.MAX_OTHER_AB_CREDITS, value=5),
        *(Rule(K.BARRED, units=(n, n + 1)) for n in range(1, 20, 2)),
    ]
    held = [unit(n, 1 + n % 4, other_ab=n % 3 == 0) for n in range(1, 21)]
    result = Engine(rules, exhaustive_limit=1).evaluate(held)
    counted = set(result.counted)
    assert all(not {n, n + 1} <= counted for n in range(1, 20, 2))
    other = sum(u.credits for u in held if u.number in counted and u.other_ab)
    assert other <= 5
    assert result.met
    assert Engine(rules, exhaustive_limit=1).evaluate(reversed(held)) == result


def test_large_barred_search_falls_back_and_stays_fast() -> None:
    result = Engine(ITQ_RULES).evaluate(ITQ_UNITS.values())
    assert result.met
    assert result.total_credits == 135


# describe_rules


def test_describe_rules() -> None:
    rules = [
        Rule(K.MIN_CREDITS, value=9),
        Rule(K.MIN_CREDITS, value=1),
        Rule(K.MIN_CREDITS_AT_LEVEL, value=6, level=1),
        Rule(K.MANDATORY, units=(1, 2)),
        Rule(K.GROUP, value=4, units=(3, 4), name="Group A"),
        Rule(K.GROUP, value=1, units=(5, 3, 4), per="units"),
        Rule(K.GROUP, value=2, units=(6, 7), per="units", name="Group B"),
        Rule(K.BARRED, units=(3, 1, 2)),
        Rule(K.BARRED, units=(4, 5)),
        Rule(K.MAX_OTHER_AB_CREDITS, value=6),
        Rule(K.MAX_OTHER_AB_CREDITS, value=0),
    ]
    assert describe_rules(rules) == [
        "at least 9 credits",
        "at least 1 credit",
        "at least 6 credits at Level 1 or above",
        "Unit 1 is mandatory",
        "Unit 2 is mandatory",
        "at least 4 credits from Group A",
        "at least 1 unit from units 3, 4 and 5",
        "at least 2 units from Group B",
        "units 1, 2 and 3: only one can count",
        "units 4 and 5: only one can count",
        "at most 6 credits from other awarding bodies",
        "no credits from other awarding bodies",
    ]


def test_describe_demo_qualifications() -> None:
    itq_sentences = describe_rules(ITQ_RULES)
    assert itq_sentences[:3] == [
        "at least 9 credits",
        "at least 6 credits at Level 1 or above",
        "units 1, 2 and 3: only one can count",
    ]
    assert itq_sentences[-1] == "units 79, 80 and 81: only one can count"
    assert describe_rules(CS_RULES) == [
        "Unit 1 is mandatory",
        "Unit 2 is mandatory",
        "at least 16 credits",
    ]


# validate_rules


def test_validate_demo_rules_are_sound() -> None:
    assert validate_rules(ITQ_RULES, set(ITQ_UNITS)) == []
    assert validate_rules(CS_RULES, set(CS_UNITS)) == []


def test_validate_unknown_units() -> None:
    errors = validate_rules([Rule(K.MANDATORY, units=(1, 98, 99))], {1, 2})
    assert errors == ["Rule 1 (mandatory): units 98 and 99 are not in this qualification"]
    errors = validate_rules([Rule(K.GROUP, value=1, units=(9,), name="Group A")], {1})
    assert errors == ["Rule 1 (group 'Group A'): unit 9 is not in this qualification"]


def test_validate_missing_and_negative_values() -> None:
    rules = [
        Rule(K.MIN_CREDITS),
        Rule(K.MIN_CREDITS, value=-1),
        Rule(K.MIN_CREDITS_AT_LEVEL, value=3),
        Rule(K.MIN_CREDITS_AT_LEVEL, value=3, level=-2),
        Rule(K.MAX_OTHER_AB_CREDITS),
        Rule(K.GROUP, units=(1,)),
    ]
    assert validate_rules(rules, {1}) == [
        "Rule 1 (min_credits): needs a minimum number of credits",
        "Rule 2 (min_credits): the value must not be negative (got -1)",
        "Rule 3 (min_credits_at_level): needs a level",
        "Rule 4 (min_credits_at_level): the level must not be negative (got -2)",
        "Rule 5 (max_other_ab_credits): needs a maximum number of credits",
        "Rule 6 (group): needs a minimum",
    ]


def test_validate_units_lists() -> None:
    rules = [
        Rule(K.GROUP, value=1),
        Rule(K.MANDATORY),
        Rule(K.BARRED, units=(1,)),
        Rule(K.BARRED, units=(1, 1)),
        Rule(K.MANDATORY, units=(2, 2)),
    ]
    assert validate_rules(rules, {1, 2}) == [
        "Rule 1 (group): lists no units",
        "Rule 2 (mandatory): lists no units",
        "Rule 3 (barred): a barred combination needs at least 2 units",
        "Rule 4 (barred): lists unit 1 more than once",
        "Rule 4 (barred): a barred combination needs at least 2 units",
        "Rule 5 (mandatory): lists unit 2 more than once",
    ]


def test_validate_group_per_and_impossible_count() -> None:
    rules = [
        Rule(K.GROUP, value=1, units=(1, 2), per="modules"),
        Rule(K.GROUP, value=3, units=(1, 2), per="units", name="Group A"),
    ]
    assert validate_rules(rules, {1, 2}) == [
        "Rule 1 (group): per must be 'credits' or 'units' (got 'modules')",
        "Rule 2 (group 'Group A'): asks for 3 units but the group has only 2",
    ]


def test_validate_mandatory_units_barred_together() -> None:
    rules = [Rule(K.MANDATORY, units=(1, 2)), Rule(K.BARRED, units=(1, 2, 3))]
    assert validate_rules(rules, {1, 2, 3}) == [
        "Rule 2 (barred): units 1 and 2 are both mandatory but only one can count"
    ]


def test_validate_unknown_kind() -> None:
    errors = validate_rules([Rule("max_units", value=3)], set())  # type: ignore[arg-type]
    assert errors == ["Rule 1: unknown rule kind 'max_units'"]


def test_validate_rules_no_units_could_meet() -> None:
    units = [UnitFact(n, 4, 2 if n < 4 else 3) for n in (1, 2, 3, 4)]
    rules = [
        Rule(K.GROUP, value=100, units=(3, 4)),
        Rule(K.MIN_CREDITS, value=17),
        Rule(K.MIN_CREDITS_AT_LEVEL, value=5, level=3),
        Rule(K.GROUP, value=5, units=(4,)),
    ]
    assert validate_rules(rules, {1, 2, 3, 4}, units=units) == [
        "Rule 1 (group): units 3 and 4 give 8 credits at most: the group cannot ask for 100",
        "Rule 2 (min_credits): the qualification's units give 16 credits at most: "
        "the rule cannot ask for 17",
        "Rule 3 (min_credits_at_level): the units at Level 3 or above give 4 credits at most: "
        "the rule cannot ask for 5",
        "Rule 4 (group): unit 4 gives 4 credits at most: the group cannot ask for 5",
    ]
    # Without the units' credits only what the rules say of themselves is judged.
    assert validate_rules(rules, {1, 2, 3, 4}) == []


def test_validate_rules_met_by_no_units_at_all() -> None:
    units = [UnitFact(n, 4, 2) for n in (1, 2, 3)]
    barred_only = [Rule(K.BARRED, units=(1, 2)), Rule(K.MIN_CREDITS, value=0)]
    [error] = validate_rules(barred_only, {1, 2, 3}, units=units)
    assert error.startswith("Rules: no rule asks for any units")
    assert validate_rules([], {1, 2, 3}, units=units) == []
    unmeetable = [Rule(K.MIN_CREDITS, value=12), Rule(K.BARRED, units=(1, 2))]
    assert validate_rules(unmeetable, {1, 2, 3}, units=units) == [
        "Rules: all the units together do not meet the rules, so no one could have the full "
        "award: needs 4 more credits"
    ]
