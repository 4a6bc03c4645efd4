"""Step movement from real records: one enrolment through its relations, many at once in bulk.

The two loaders must agree for every enrolment at every date, and the bulk one must not
grow in queries with the number of participants.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stegvis.assessments import selectors, services
from stegvis.assessments.models import Assessment, AssessmentScore, Instrument, Level, Rater
from stegvis.assessments.tests.conftest import record
from stegvis.participants import services as participant_services
from stegvis.participants.models import Enrolment, Exit, Forsorjning, Phase, PhaseChange, Sysselsattning
from stegvis.participants.tests.factories import enrol
from stegvis.plans import services as plan_services
from stegvis.plans.models import ActionPlan, Goal, GoalStatus, GoalStatusChange

START = datetime.date(2024, 1, 15)
_births = (datetime.date(1960, 1, 1) + datetime.timedelta(days=n) for n in itertools.count())


def day(n: int) -> datetime.date:
    return START + datetime.timedelta(days=n)


def _rule(project, criteria, by, instrument=None):
    return services.rule_save(
        project=project,
        expected_version=None,
        criteria=set(criteria),
        combination="any",
        instrument=instrument,
        description="",
        uses_ips=False,
        by=by,
    )


def test_default_rule_is_any_of_one_two_three(world, instrument):
    rule = selectors.rule_for(world.project_a)
    assert rule.pk is None and rule.criteria == {1, 2, 3} and rule.combination == "any"
    assert rule.instrument == instrument


def test_sub_goal_reached_through_the_plan(world, instrument):
    enrolment = world.alice_enrolment
    plan = plan_services.plan_create(enrolment=enrolment, by=world.alice, on=day(5))
    goal = plan_services.goal_create(
        plan=plan,
        expected_version=plan.version,
        description="Arbete",
        target_date=None,
        on=day(5),
        by=world.alice,
    )
    sub = plan_services.goal_create(
        plan=plan,
        expected_version=plan.version,
        description="Skriva ett CV",
        target_date=None,
        parent=goal,
        on=day(5),
        by=world.alice,
    )
    _rule(world.project_a, {1}, world.petra)
    # Reaching the goal itself is not a sub-goal.
    plan_services.goal_status_change(
        goal=goal, expected_version=plan.version, status=GoalStatus.REACHED, on=day(20), by=world.alice
    )
    assert not selectors.step_movement_for(Enrolment.objects.get(pk=enrolment.pk), day(60)).met
    plan_services.goal_status_change(
        goal=sub, expected_version=plan.version, status=GoalStatus.REACHED, on=day(30), by=world.alice
    )
    result = selectors.step_movement_for(Enrolment.objects.get(pk=enrolment.pk), day(60))
    assert result.met and result.since == day(30)
    assert not selectors.step_movement_for(Enrolment.objects.get(pk=enrolment.pk), day(29)).met


def test_better_reading_and_phase_forward(world, instrument):
    enrolment = world.alice_enrolment
    record(enrolment, instrument, [2, 2, 2], on=day(0), by=world.alice)
    record(enrolment, instrument, [2, 3, 2], on=day(45), by=world.alice)
    participant_services.phase_change(
        enrolment=enrolment,
        phase=Phase.AKTIVITET,
        on=day(20),
        by=world.alice,
        expected_version=enrolment.version,
    )
    result = selectors.step_movement_for(Enrolment.objects.get(pk=enrolment.pk), day(60))
    assert result.criteria_met == {1: False, 2: True, 3: True, 4: False, 5: False}
    assert result.criteria_since[2] == day(45) and result.criteria_since[3] == day(20)
    assert result.met and result.since == day(20)


def test_exit_to_work_with_a_better_situation(world, instrument):
    enrolment = world.bob_enrolment  # entered as övrigt with no income
    participant_services.enrolment_exit(
        enrolment=enrolment,
        exit_date=day(120),
        reason=Exit.Reason.WORK,
        outcome=Exit.Outcome.EMPLOYMENT,
        qualification_gained=None,
        situation=participant_services.SituationData(
            sysselsattning=Sysselsattning.FORVARVSARBETE, income_sources=[Forsorjning.LON]
        ),
        by=world.bob,
        expected_version=enrolment.version,
    )
    _rule(world.project_a, {4, 5}, world.petra)
    result = selectors.step_movement_for(Enrolment.objects.get(pk=enrolment.pk), day(200))
    assert result.criteria_met[4] and result.criteria_met[5]
    assert result.met and result.since == day(120)


def test_rule_instrument_limits_criterion_two(world, instrument):
    from stegvis.assessments.importing import AreaData, InstrumentData

    own = services.instrument_create(
        project=world.project_a,
        data=InstrumentData(name="Egen", areas=[AreaData("Vardag", "", ["1", "2", "3"])]),
        by=world.petra,
    )
    enrolment = world.alice_enrolment
    record(enrolment, own, [1], on=day(0), by=world.alice)
    record(enrolment, own, [3], on=day(30), by=world.alice)
    _rule(world.project_a, {2}, world.petra, instrument=instrument)
    assert not selectors.step_movement_for(Enrolment.objects.get(pk=enrolment.pk), day(40)).met
    services.rule_save(
        project=world.project_a,
        expected_version=1,
        criteria={2},
        combination="any",
        instrument=own,
        description="",
        uses_ips=False,
        by=world.petra,
    )
    assert selectors.step_movement_for(Enrolment.objects.get(pk=enrolment.pk), day(40)).met


# --- per enrolment == bulk, over generated histories --------------------------------------------


@st.composite
def histories(draw):
    return {
        "phases": sorted(
            draw(
                st.lists(
                    st.tuples(
                        st.integers(1, 200),
                        st.sampled_from([Phase.AKTIVITET, Phase.PROVNING, Phase.KARTLAGGNING]),
                    ),
                    max_size=3,
                )
            )
        ),
        "sub_goals": draw(st.lists(st.tuples(st.integers(0, 200), st.booleans()), max_size=3)),
        "readings": draw(
            st.lists(
                st.tuples(
                    st.integers(0, 200),
                    st.sampled_from([0, 1]),
                    st.sampled_from(Rater.values),
                    st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=3, max_size=3),
                ),
                max_size=5,
            )
        ),
        "exit": draw(
            st.one_of(
                st.none(),
                st.tuples(
                    st.integers(201, 260),
                    st.sampled_from(Exit.Outcome.values),
                    st.sampled_from(Sysselsattning.values),
                    st.lists(st.sampled_from(Forsorjning.values), max_size=2, unique=True),
                ),
            )
        ),
    }


def _write(enrolment: Enrolment, history: dict, versions: list[Instrument], by) -> None:
    """The history written straight to the tables (the services' date checks refer to today)."""
    for n, phase in history["phases"]:
        PhaseChange.objects.create(enrolment=enrolment, phase=phase, changed_on=day(n), changed_by=by)
    if history["sub_goals"]:
        plan = ActionPlan.objects.create(enrolment=enrolment, created_by=by, drawn_up_on=START)
        top = Goal.objects.create(plan=plan, description="Mål")
        for n, is_sub in history["sub_goals"]:
            goal = Goal.objects.create(plan=plan, description="Steg", parent=top if is_sub else None)
            GoalStatusChange.objects.create(
                goal=goal, status=GoalStatus.REACHED, changed_on=day(n), changed_by=by
            )
    levels = {(lv.area_id, lv.value): lv for lv in Level.objects.filter(area__instrument__in=versions)}
    seen = set()
    for n, version, rater, values in history["readings"]:
        instrument = versions[version]
        if (n, version, rater) in seen or all(v is None for v in values):
            continue
        seen.add((n, version, rater))
        assessment = Assessment.objects.create(
            enrolment=enrolment,
            instrument=instrument,
            assessed_on=day(n),
            occasion=Assessment.Occasion.OTHER,
            rater=rater,
            recorded_by=by,
        )
        areas = list(instrument.areas.order_by("position"))
        AssessmentScore.objects.bulk_create(
            AssessmentScore(assessment=assessment, area=area, level=levels[(area.pk, value)])
            for area, value in zip(areas, values, strict=False)
            if value is not None
        )
    if history["exit"]:
        n, outcome, sysselsattning, sources = history["exit"]
        Exit.objects.create(
            enrolment=enrolment, exit_date=day(n), reason=Exit.Reason.OTHER, outcome=outcome, recorded_by=by
        )
        situation = enrolment.situations.create(moment="exit", sysselsattning=sysselsattning)
        for source in sources:
            situation.income_sources.create(source=source)
        Enrolment.objects.filter(pk=enrolment.pk).update(phase=Phase.AVSLUT)


@pytest.fixture
def versions(world, instrument):
    """Two versions of one small instrument (same key): readings of them must never be compared."""
    from stegvis.assessments.importing import AreaData, InstrumentData

    data = InstrumentData(
        name="Trappan", areas=[AreaData(f"Område {i}", "", ["1", "2", "3", "4", "5"]) for i in range(3)]
    )
    first = services.instrument_create(project=world.project_a, data=data, by=world.petra)
    record(world.alice_enrolment, first, [1, 1, 1], on=START, by=world.alice)
    second = services.instrument_update(instrument=first, data=data, by=world.petra)
    Assessment.objects.filter(instrument=first).delete()
    return [first, second]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories(), rule=st.frozensets(st.sampled_from([1, 2, 3, 4, 5]), min_size=1))
def test_bulk_agrees_with_one_enrolment_at_a_time(world, versions, history, rule):
    enrolment = enrol(
        project=world.project_a, coach=world.alice, start=START, first_name="Hypo", birth=next(_births)
    )
    _write(enrolment, history, versions, world.alice)
    services.rule_save(
        project=world.project_a,
        expected_version=selectors.rule_for(world.project_a).version
        if selectors.rule_for(world.project_a).pk
        else None,
        criteria=set(rule),
        combination="any",
        instrument=None,
        description="",
        uses_ips=False,
        by=world.petra,
    )
    every = Enrolment.objects.filter(project=world.project_a)
    for on in (day(100), day(300)):
        bulk = selectors.step_movements_for(every, on)
        for one in every.select_related("person", "project"):
            assert selectors.step_movement_for(one, on) == bulk[one.pk], (one.pk, on)


# --- queries -----------------------------------------------------------------------------------


def _count(callable_) -> int:
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def test_bulk_queries_do_not_grow_with_participants(world, instrument):
    every = Enrolment.objects.filter(project=world.project_a)
    before = _count(lambda: selectors.step_movements_for(every, day(300)))
    for n in range(6):
        extra = enrol(
            project=world.project_a,
            coach=world.bob,
            first_name=f"Extra{n}",
            birth=datetime.date(1985, 1, n + 1),
        )
        record(extra, instrument, [1, 2, 3], on=extra.start_date, by=world.bob)
        record(extra, instrument, [2, 2, 3], on=extra.start_date + datetime.timedelta(days=30), by=world.bob)
    after = _count(lambda: selectors.step_movements_for(every, day(300)))
    assert after == before <= 10


def test_project_figures_queries_do_not_grow(world, instrument):
    before = _count(lambda: selectors.project_step_movement(world.project_a, suppress=True))
    for n in range(6):
        extra = enrol(
            project=world.project_a,
            coach=world.bob,
            first_name=f"Extra{n}",
            birth=datetime.date(1985, 2, n + 1),
        )
        record(extra, instrument, [1, 2, 3], on=extra.start_date, by=world.bob)
    after = _count(lambda: selectors.project_step_movement(world.project_a, suppress=True))
    assert after == before <= 14
