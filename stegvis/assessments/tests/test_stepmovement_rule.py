"""The step-movement rule as a pure function of an enrolment's history (no database).

Hand-computed examples for each criterion, then properties over generated histories:
more progress never takes a step movement away, readings of different instrument versions
(or by different raters) are never compared, and "since" is where the met period starts.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from stegvis.assessments.stepmovement import (
    EnrolmentFacts,
    Reading,
    RuleSpec,
    SituationFacts,
    evaluate,
    situation_improved,
)
from stegvis.participants.models import Exit, Forsorjning, Phase, Sysselsattning

START = datetime.date(2024, 1, 15)
ALL = RuleSpec(frozenset({1, 2, 3, 4, 5}))


def day(n: int) -> datetime.date:
    return START + datetime.timedelta(days=n)


def facts(**changes) -> EnrolmentFacts:
    base = EnrolmentFacts(1, 1, "kvinna", START, phases=[(START, Phase.KARTLAGGNING)])
    return replace(base, **changes)


def reading(
    pk: int, on: int, scores: dict[int, int], *, instrument: int = 1, rater: str = "joint"
) -> Reading:
    return Reading(pk, day(on), instrument, "stegvis-standard", rater, scores)


# --- criterion 1: a sub-goal reached ------------------------------------------------------------


def test_sub_goal_reached_counts_from_that_day():
    history = facts(sub_goals_reached=[day(40), day(90)])
    assert not evaluate(history, RuleSpec(frozenset({1})), day(39)).met
    result = evaluate(history, RuleSpec(frozenset({1})), day(100))
    assert result.met and result.since == day(40)
    assert result.criteria_met == {1: True, 2: False, 3: False, 4: False, 5: False}


# --- criterion 2: a better reading ----------------------------------------------------------------


def test_one_level_better_in_one_area_first_to_latest():
    history = facts(readings=[reading(1, 0, {10: 2, 11: 3}), reading(2, 60, {10: 2, 11: 4})])
    result = evaluate(history, RuleSpec(frozenset({2})), day(60))
    assert result.met and result.since == day(60)
    assert not evaluate(history, RuleSpec(frozenset({2})), day(59)).met


def test_a_later_lower_reading_ends_the_step_movement_and_since_restarts():
    history = facts(
        readings=[
            reading(1, 0, {10: 2}),
            reading(2, 30, {10: 3}),
            reading(3, 60, {10: 2}),
            reading(4, 90, {10: 4}),
        ]
    )
    rule = RuleSpec(frozenset({2}))
    assert evaluate(history, rule, day(45)).since == day(30)
    assert not evaluate(history, rule, day(75)).met
    assert evaluate(history, rule, day(100)).since == day(90)


def test_readings_of_different_versions_are_never_compared():
    history = facts(readings=[reading(1, 0, {10: 1}, instrument=1), reading(2, 60, {10: 5}, instrument=2)])
    assert not evaluate(history, ALL, day(90)).criteria_met[2]


def test_readings_by_different_raters_are_never_compared():
    history = facts(
        readings=[reading(1, 0, {10: 1}, rater="participant"), reading(2, 60, {10: 5}, rater="coach")]
    )
    assert not evaluate(history, ALL, day(90)).criteria_met[2]


def test_an_area_left_out_keeps_its_last_level():
    history = facts(
        readings=[reading(1, 0, {10: 1, 11: 2}), reading(2, 30, {10: 2}), reading(3, 60, {11: 2})]
    )
    assert evaluate(history, ALL, day(60)).criteria_met[2]


def test_the_rules_instrument_limits_criterion_two_to_its_versions():
    history = facts(
        readings=[
            Reading(1, day(0), 7, "annat-instrument", "joint", {20: 1}),
            Reading(2, day(30), 7, "annat-instrument", "joint", {20: 3}),
        ]
    )
    assert evaluate(history, RuleSpec(frozenset({2})), day(40)).met
    assert not evaluate(history, RuleSpec(frozenset({2}), instrument_key="stegvis-standard"), day(40)).met


# --- criterion 3: a phase forward --------------------------------------------------------------


def test_phase_forward_from_the_first_phase():
    history = facts(
        phases=[(day(0), Phase.KARTLAGGNING), (day(20), Phase.AKTIVITET), (day(50), Phase.PROVNING)]
    )
    result = evaluate(history, RuleSpec(frozenset({3})), day(60))
    assert result.met and result.since == day(20)


def test_back_and_forward_again_is_not_a_step():
    history = facts(
        phases=[(day(0), Phase.AKTIVITET), (day(20), Phase.KARTLAGGNING), (day(50), Phase.AKTIVITET)]
    )
    assert not evaluate(history, RuleSpec(frozenset({3})), day(60)).met


def test_exit_is_not_a_phase_forward():
    history = facts(phases=[(day(0), Phase.KARTLAGGNING), (day(20), Phase.AVSLUT)])
    assert not evaluate(history, RuleSpec(frozenset({3})), day(60)).met


# --- criterion 4: closer to the labour market at exit -------------------------------------------


def situation(sysselsattning: str, *sources: str) -> SituationFacts:
    return SituationFacts(sysselsattning, frozenset(sources))


def test_situation_ordering():
    entry = situation(Sysselsattning.OVRIGT, Forsorjning.FORSORJNINGSSTOD)
    assert situation_improved(entry, situation(Sysselsattning.ARBETSSOKANDE, Forsorjning.FORSORJNINGSSTOD))
    assert situation_improved(entry, situation(Sysselsattning.OVRIGT, Forsorjning.AKTIVITETSSTOD))
    assert situation_improved(entry, situation(Sysselsattning.STUDIER, Forsorjning.STUDIEMEDEL))
    # Sick pay and försörjningsstöd are equally far; "annat" cannot be placed.
    assert not situation_improved(entry, situation(Sysselsattning.OVRIGT, Forsorjning.SJUKPENNING))
    assert not situation_improved(entry, situation(Sysselsattning.OVRIGT, Forsorjning.ANNAT))
    # Work and studies are equally close.
    work = situation(Sysselsattning.FORVARVSARBETE, Forsorjning.LON)
    assert not situation_improved(work, situation(Sysselsattning.STUDIER, Forsorjning.STUDIEMEDEL))
    # With several sources, the one closest to the labour market counts.
    assert situation_improved(
        situation(Sysselsattning.OVRIGT, Forsorjning.INGEN),
        situation(Sysselsattning.OVRIGT, Forsorjning.FORSORJNINGSSTOD, Forsorjning.LON),
    )
    assert not situation_improved(None, work)


def test_situation_counts_at_the_exit_date():
    history = facts(
        entry=situation(Sysselsattning.OVRIGT, Forsorjning.SJUKPENNING),
        exit_situation=situation(Sysselsattning.ARBETSSOKANDE, Forsorjning.A_KASSA),
        exit_date=day(200),
        exit_outcome=Exit.Outcome.JOB_SEEKING,
    )
    rule = RuleSpec(frozenset({4}))
    assert not evaluate(history, rule, day(199)).met
    assert evaluate(history, rule, day(200)).since == day(200)


# --- criterion 5: exit to work, studies or the right party --------------------------------------


def test_exit_outcomes():
    rule = RuleSpec(frozenset({5}))
    for outcome, met in (
        (Exit.Outcome.EMPLOYMENT, True),
        (Exit.Outcome.SUBSIDISED_EMPLOYMENT, True),
        (Exit.Outcome.STUDIES, True),
        (Exit.Outcome.RIGHT_PARTY, True),
        (Exit.Outcome.JOB_SEEKING, False),
        (Exit.Outcome.NO_CHANGE, False),
    ):
        history = facts(exit_date=day(100), exit_outcome=outcome)
        assert evaluate(history, rule, day(100)).met is met, outcome


# --- combinations ------------------------------------------------------------------------------


def test_any_and_all():
    history = facts(
        sub_goals_reached=[day(40)],
        phases=[(day(0), Phase.KARTLAGGNING), (day(70), Phase.AKTIVITET)],
    )
    any_rule = RuleSpec(frozenset({1, 3}), "any")
    all_rule = RuleSpec(frozenset({1, 3}), "all")
    assert evaluate(history, any_rule, day(50)).since == day(40)
    assert not evaluate(history, all_rule, day(50)).met
    assert evaluate(history, all_rule, day(80)).since == day(70)


def test_criteria_outside_the_rule_are_reported_but_do_not_count():
    history = facts(exit_date=day(100), exit_outcome=Exit.Outcome.EMPLOYMENT)
    result = evaluate(history, RuleSpec(frozenset({1})), day(100))
    assert not result.met and result.criteria_met[5] and result.criteria_since[5] == day(100)


# --- properties over generated histories --------------------------------------------------------

AREAS = [10, 11, 12]
levels = st.integers(min_value=1, max_value=5)
scores = st.dictionaries(st.sampled_from(AREAS), levels, min_size=1)
readings = st.lists(
    st.tuples(
        st.integers(0, 300),
        st.sampled_from([1, 2]),
        st.sampled_from(["participant", "coach", "joint"]),
        scores,
    ),
    max_size=8,
)
phases = st.lists(
    st.tuples(st.integers(1, 300), st.sampled_from([Phase.KARTLAGGNING, Phase.AKTIVITET, Phase.PROVNING])),
    max_size=4,
)
outcomes = st.sampled_from([None, *Exit.Outcome.values])
rules = st.builds(
    RuleSpec,
    st.frozensets(st.sampled_from([1, 2, 3, 4, 5]), min_size=1),
    st.sampled_from(["any", "all"]),
)
sysselsattning = st.sampled_from(Sysselsattning.values)
sources = st.frozensets(st.sampled_from(Forsorjning.values), max_size=3)


@st.composite
def histories(draw) -> EnrolmentFacts:
    phase_changes = sorted(draw(phases))
    exit_day = draw(st.one_of(st.none(), st.integers(0, 320)))
    return facts(
        phases=[(day(0), draw(st.sampled_from([Phase.KARTLAGGNING, Phase.AKTIVITET])))]
        + [(day(n), p) for n, p in phase_changes],
        sub_goals_reached=[day(n) for n in draw(st.lists(st.integers(0, 300), max_size=3))],
        readings=[
            reading(pk, on, dict(s), instrument=version, rater=rater)
            for pk, (on, version, rater, s) in enumerate(draw(readings), start=1)
        ],
        entry=SituationFacts(draw(sysselsattning), draw(sources)),
        exit_situation=SituationFacts(draw(sysselsattning), draw(sources)) if exit_day is not None else None,
        exit_date=day(exit_day) if exit_day is not None else None,
        exit_outcome=draw(outcomes) if exit_day is not None else None,
    )


ON = st.integers(0, 330).map(day)


@settings(max_examples=300, deadline=None)
@given(histories(), rules, ON, st.integers(0, 330))
def test_a_reached_sub_goal_never_takes_a_step_movement_away(history, rule, on, reached_on):
    before = evaluate(history, rule, on)
    after = evaluate(
        replace(history, sub_goals_reached=[*history.sub_goals_reached, day(reached_on)]), rule, on
    )
    assert after.met or not before.met
    assert after.criteria_met[1] or not before.criteria_met[1]


@st.composite
def improved(draw, history: EnrolmentFacts) -> EnrolmentFacts:
    """The history with one more reading, after all others of its series, no area lower than before."""
    version = draw(st.sampled_from([1, 2]))
    rater = draw(st.sampled_from(["participant", "coach", "joint"]))
    series = [r for r in history.readings if r.series == (version, rater)]
    latest: dict[int, int] = {}
    for r in sorted(series, key=lambda r: (r.on, r.pk)):
        latest.update(r.scores)
    last_day = max((r.on for r in series), default=START)
    new_scores = {
        area: draw(st.integers(latest.get(area, 1), 5))
        for area in draw(st.sets(st.sampled_from(AREAS), min_size=1))
    }
    offset = draw(st.integers(0, 60))
    new = Reading(
        len(history.readings) + 100,
        last_day + datetime.timedelta(days=offset),
        version,
        "stegvis-standard",
        rater,
        new_scores,
    )
    return replace(history, readings=[*history.readings, new])


@settings(max_examples=300, deadline=None)
@given(st.data(), histories(), rules)
def test_an_improved_reading_never_takes_a_step_movement_away(data, history, rule):
    better = data.draw(improved(history))
    on = max(r.on for r in better.readings) + datetime.timedelta(days=data.draw(st.integers(0, 30)))
    before, after = evaluate(history, rule, on), evaluate(better, rule, on)
    assert after.met or not before.met
    assert after.criteria_met[2] or not before.criteria_met[2]


@settings(max_examples=300, deadline=None)
@given(histories(), ON)
def test_versions_are_never_compared(history, on):
    """Criterion 2 over all readings is exactly "some version on its own shows an improvement"."""
    rule = RuleSpec(frozenset({2}))
    per_version = [
        evaluate(
            replace(history, readings=[r for r in history.readings if r.instrument_id == v]), rule, on
        ).met
        for v in (1, 2)
    ]
    assert evaluate(history, rule, on).met == any(per_version)


@settings(max_examples=300, deadline=None)
@given(histories(), rules, ON)
def test_since_starts_the_met_period(history, rule, on):
    result = evaluate(history, rule, on)
    if not result.met:
        assert result.since is None
        return
    assert result.since <= on
    assert evaluate(history, rule, result.since).met
    assert not evaluate(history, rule, result.since - datetime.timedelta(days=1)).met
