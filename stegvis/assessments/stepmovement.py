"""Stegförflyttning: whether an enrolment has made a step towards work, studies or own income.

There is no national definition (DESIGN.md), so each project chooses criteria in its
StepMovementRule and whether any or all of them must hold. Every criterion is also
reported on its own. At a date D, for one enrolment:

1. Delmål: a sub-goal (a Goal with a parent) was set to Uppnått on or before D.
2. Skattning: in some area, the latest level is at least one above the first, among the
   readings on or before D by the same rater ("gemensam" is a rater of its own) with the
   same instrument version. Readings of different versions, or by different raters, are
   never compared. With an instrument in the rule, only that instrument's versions count.
3. Fas: the enrolment has reached a working phase later than the one it started in
   (kartläggning → aktivitet → prövning). Going back and forward again is not a step.
4. Situation: at exit (on or before D), sysselsättning or försörjning is closer to the
   labour market than at entry, by SYSSELSATTNING_RANK and FORSORJNING_RANK below.
   With several income sources, the one closest to the labour market counts.
5. Avslut: the enrolment ended (on or before D) with work or studies, or with the person
   handed over to the right party.

"since" is the first day of the unbroken period, up to D, in which the rule is met.
Criteria 1, 3, 4 and 5 never stop holding once met; criterion 2 can (a later reading
can be lower), so "since" is the last time the rule became met.

The evaluation is a pure function of EnrolmentFacts. facts_for_enrolment() loads one
enrolment through its relations; facts_for() loads any number with a fixed number of
queries. Both feed the same evaluate().
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stegvis.participants.models import PHASE_ORDER, Enrolment, Exit, Forsorjning, Phase, Situation
from stegvis.participants.models import Sysselsattning as S

CRITERIA = (1, 2, 3, 4, 5)

CRITERION_LABELS = {
    1: _("Minst ett delmål uppnått"),
    2: _("Minst en nivå bättre i något område i skattningen"),
    3: _("Fas framåt (kartläggning → aktivitet → prövning)"),
    4: _("Sysselsättning eller försörjning närmare arbetsmarknaden vid avslut än vid start"),
    5: _("Avslut till arbete eller studier, eller till rätt part"),
}
CRITERION_SHORT = {
    1: _("Delmål uppnått"),
    2: _("Bättre skattning"),
    3: _("Fas framåt"),
    4: _("Närmare arbetsmarknaden vid avslut"),
    5: _("Arbete, studier eller rätt part"),
}

# Closer to the labour market is higher (SUS groups; DESIGN.md).
SYSSELSATTNING_RANK = {
    S.FORVARVSARBETE: 3,
    S.STUDIER: 3,
    S.ARBETSSOKANDE: 2,
    S.OVRIGT: 1,
}
# Own income first, then benefits tied to looking for work, then benefits for those who
# cannot work now, then none. "Annat" cannot be placed and is left out of the comparison.
FORSORJNING_RANK = {
    Forsorjning.LON: 4,
    Forsorjning.STUDIEMEDEL: 4,
    Forsorjning.A_KASSA: 3,
    Forsorjning.AKTIVITETSSTOD: 3,
    Forsorjning.SJUKPENNING: 2,
    Forsorjning.AKTIVITETSERSATTNING: 2,
    Forsorjning.SJUKERSATTNING: 2,
    Forsorjning.FORSORJNINGSSTOD: 2,
    Forsorjning.ETABLERINGSERSATTNING: 2,
    Forsorjning.INGEN: 1,
}
WORKING_PHASES = {p: PHASE_ORDER[p] for p in (Phase.KARTLAGGNING, Phase.AKTIVITET, Phase.PROVNING)}
RIGHT_PARTY = Exit.Outcome.RIGHT_PARTY


@dataclass(frozen=True)
class Reading:
    """One assessment as the rule sees it: a series is (instrument version, rater)."""

    pk: int
    on: datetime.date
    instrument_id: int
    instrument_key: str
    rater: str
    scores: Mapping[int, int]  # area id -> level value

    @property
    def series(self) -> tuple[int, str]:
        return (self.instrument_id, self.rater)


@dataclass(frozen=True)
class SituationFacts:
    sysselsattning: str
    income_sources: frozenset[str]


@dataclass
class EnrolmentFacts:
    """Everything the rule needs about one enrolment, loaded once."""

    enrolment_id: int
    project_id: int
    gender: str
    start_date: datetime.date
    phases: list[tuple[datetime.date, str]] = field(default_factory=list)  # in order
    sub_goals_reached: list[datetime.date] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    entry: SituationFacts | None = None
    exit_situation: SituationFacts | None = None
    exit_date: datetime.date | None = None
    exit_outcome: str | None = None
    exit_reason: str | None = None


@dataclass(frozen=True)
class RuleSpec:
    """The part of a StepMovementRule the evaluation needs (hashable, no database)."""

    criteria: frozenset[int]
    combination: str = "any"
    instrument_key: str | None = None


@dataclass(frozen=True)
class StepMovement:
    """The result at one date. criteria_met holds all five criteria, whether in the rule or not."""

    met: bool
    criteria_met: dict[int, bool]
    since: datetime.date | None
    criteria_since: dict[int, datetime.date | None]
    on: datetime.date


# --- the criteria ------------------------------------------------------------------------------


def _first(dates: Iterable[datetime.date]) -> datetime.date | None:
    return min(dates, default=None)


def sub_goal_date(facts: EnrolmentFacts) -> datetime.date | None:
    """Criterion 1: the first day a sub-goal was reached."""
    return _first(facts.sub_goals_reached)


def phase_date(facts: EnrolmentFacts) -> datetime.date | None:
    """Criterion 3: the first day the enrolment was in a working phase later than its first."""
    working = [(on, phase) for on, phase in facts.phases if phase in WORKING_PHASES]
    if not working:
        return None
    start_rank = WORKING_PHASES[working[0][1]]
    return _first(on for on, phase in working[1:] if WORKING_PHASES[phase] > start_rank)


def _situation_rank(situation: SituationFacts) -> tuple[int | None, int | None]:
    ranks = [FORSORJNING_RANK[s] for s in situation.income_sources if s in FORSORJNING_RANK]
    return SYSSELSATTNING_RANK.get(situation.sysselsattning), max(ranks, default=None)


def situation_improved(entry: SituationFacts | None, exit_: SituationFacts | None) -> bool:
    """Criterion 4's comparison: either measure closer to the labour market at exit."""
    if entry is None or exit_ is None:
        return False
    return any(
        before is not None and after is not None and after > before
        for before, after in zip(_situation_rank(entry), _situation_rank(exit_), strict=True)
    )


def situation_date(facts: EnrolmentFacts) -> datetime.date | None:
    """Criterion 4: the exit date, when the situation then was closer to the labour market."""
    if facts.exit_date is None or not situation_improved(facts.entry, facts.exit_situation):
        return None
    return facts.exit_date


def exit_date(facts: EnrolmentFacts) -> datetime.date | None:
    """Criterion 5: the exit date, for an exit to work or studies or to the right party."""
    if facts.exit_date is None:
        return None
    if facts.exit_outcome in Exit.WORK_OR_STUDIES or facts.exit_outcome == RIGHT_PARTY:
        return facts.exit_date
    return None


def assessment_changes(facts: EnrolmentFacts, instrument_key: str | None) -> list[tuple[datetime.date, bool]]:
    """Criterion 2 after each day with readings: [(day, met after that day's readings)].

    Per series (instrument version, rater) and area, the first level and the latest one.
    """
    readings = sorted(
        (r for r in facts.readings if instrument_key is None or r.instrument_key == instrument_key),
        key=lambda r: (r.on, r.pk),
    )
    first: dict[tuple[tuple[int, str], int], int] = {}
    latest: dict[tuple[tuple[int, str], int], int] = {}
    changes: list[tuple[datetime.date, bool]] = []
    for index, reading in enumerate(readings):
        for area, value in reading.scores.items():
            key = (reading.series, area)
            first.setdefault(key, value)
            latest[key] = value
        last_of_day = index + 1 == len(readings) or readings[index + 1].on != reading.on
        if last_of_day:
            met = any(latest[key] - first[key] >= 1 for key in latest)
            changes.append((reading.on, met))
    return changes


def _met_at(changes: list[tuple[datetime.date, bool]], on: datetime.date) -> bool:
    met = False
    for day, value in changes:
        if day > on:
            break
        met = value
    return met


def _run_start(days: list[datetime.date], met_at, on: datetime.date) -> datetime.date | None:
    """The first day of the unbroken met period that reaches `on` (met changes only on `days`)."""
    start = None
    for day in sorted(d for d in set(days) if d <= on):
        if met_at(day):
            start = start or day
        else:
            start = None
    return start if met_at(on) else None


def evaluate(facts: EnrolmentFacts, rule: RuleSpec, on: datetime.date) -> StepMovement:
    """The step movement of one enrolment at the end of day `on`."""
    once = {
        1: sub_goal_date(facts),
        3: phase_date(facts),
        4: situation_date(facts),
        5: exit_date(facts),
    }
    changes = assessment_changes(facts, rule.instrument_key)

    def criterion_at(number: int, day: datetime.date) -> bool:
        if number == 2:
            return _met_at(changes, day)
        first = once[number]
        return first is not None and first <= day

    def days_of(number: int) -> list[datetime.date]:
        if number == 2:
            return [day for day, _met in changes]
        return [once[number]] if once[number] is not None else []

    criteria_met = {n: criterion_at(n, on) for n in CRITERIA}
    criteria_since = {n: _run_start(days_of(n), lambda d, n=n: criterion_at(n, d), on) for n in CRITERIA}

    combine = all if rule.combination == "all" else any

    def rule_at(day: datetime.date) -> bool:
        return bool(rule.criteria) and combine(criterion_at(n, day) for n in rule.criteria)

    days = [day for n in rule.criteria for day in days_of(n)]
    met = rule_at(on)
    return StepMovement(
        met=met,
        criteria_met=criteria_met,
        since=_run_start(days, rule_at, on) if met else None,
        criteria_since=criteria_since,
        on=on,
    )


def evaluation_day(facts: EnrolmentFacts, today: datetime.date) -> datetime.date:
    """The day a figure looks at: the exit for an ended enrolment ("vid avslut"), else today."""
    if facts.exit_date is not None and facts.exit_date < today:
        return facts.exit_date
    return today


# --- loading facts -----------------------------------------------------------------------------


def _situation(sysselsattning: str, sources: Iterable[str]) -> SituationFacts:
    return SituationFacts(sysselsattning, frozenset(sources))


def facts_for_enrolment(enrolment: Enrolment, readings: Iterable | None = None) -> EnrolmentFacts:
    """One enrolment's facts through its relations (the participant page).

    readings: the enrolment's assessments with instrument and scores (with level) loaded, if the
    page already has them.
    """
    from stegvis.assessments.models import Assessment
    from stegvis.plans.models import GoalStatus, GoalStatusChange

    facts = EnrolmentFacts(enrolment.pk, enrolment.project_id, enrolment.person.gender, enrolment.start_date)
    # Through .all() and sorted here, so a page that prefetched the relations reuses them.
    changes = sorted(enrolment.phase_changes.all(), key=lambda c: (c.changed_on, c.pk))
    facts.phases = [(c.changed_on, c.phase) for c in changes]
    facts.sub_goals_reached = list(
        GoalStatusChange.objects.filter(
            goal__plan__enrolment=enrolment, goal__parent__isnull=False, status=GoalStatus.REACHED
        ).values_list("changed_on", flat=True)
    )
    if readings is None:
        readings = (
            Assessment.objects.filter(enrolment=enrolment)
            .select_related("instrument")
            .prefetch_related("scores__level")
        )
    facts.readings = [
        Reading(
            a.pk,
            a.assessed_on,
            a.instrument_id,
            a.instrument.key,
            a.rater,
            {s.area_id: s.level.value for s in a.scores.all()},
        )
        for a in readings
    ]
    for situation in enrolment.situations.all():
        data = _situation(situation.sysselsattning, (i.source for i in situation.income_sources.all()))
        if situation.moment == Situation.Moment.ENTRY:
            facts.entry = data
        else:
            facts.exit_situation = data
    # Through the accessor, so that a page that has shown the exit does not load it again.
    exit_ = None
    if not enrolment.is_open:
        try:
            exit_ = enrolment.exit
        except Exit.DoesNotExist:
            exit_ = None
    if exit_ is not None:
        facts.exit_date, facts.exit_outcome, facts.exit_reason = exit_.exit_date, exit_.outcome, exit_.reason
    return facts


def facts_for(enrolments: QuerySet[Enrolment]) -> dict[int, EnrolmentFacts]:
    """Facts for every enrolment in a queryset, in eight queries however many there are."""
    from stegvis.assessments.models import AssessmentScore
    from stegvis.participants.models import IncomeSource, PhaseChange
    from stegvis.plans.models import GoalStatus, GoalStatusChange

    ids = enrolments.order_by().values("pk")
    facts = {
        pk: EnrolmentFacts(pk, project_id, gender, start)
        for pk, project_id, gender, start in enrolments.order_by().values_list(
            "pk", "project_id", "person__gender", "start_date"
        )
    }
    for enrolment_id, on, phase in (
        PhaseChange.objects.filter(enrolment__in=ids)
        .order_by("changed_on", "pk")
        .values_list("enrolment_id", "changed_on", "phase")
    ):
        facts[enrolment_id].phases.append((on, phase))
    for enrolment_id, on in (
        GoalStatusChange.objects.filter(
            goal__plan__enrolment__in=ids, goal__parent__isnull=False, status=GoalStatus.REACHED
        )
        .order_by()
        .values_list("goal__plan__enrolment_id", "changed_on")
    ):
        facts[enrolment_id].sub_goals_reached.append(on)
    readings: dict[int, dict] = {}
    for row in (
        AssessmentScore.objects.filter(assessment__enrolment__in=ids)
        .order_by()
        .values_list(
            "assessment_id",
            "assessment__enrolment_id",
            "assessment__assessed_on",
            "assessment__instrument_id",
            "assessment__instrument__key",
            "assessment__rater",
            "area_id",
            "level__value",
        )
    ):
        pk, enrolment_id, on, instrument_id, key, rater, area, value = row
        reading = readings.setdefault(
            pk,
            {
                "enrolment": enrolment_id,
                "on": on,
                "instrument": instrument_id,
                "key": key,
                "rater": rater,
                "scores": {},
            },
        )
        reading["scores"][area] = value
    for pk, r in sorted(readings.items()):
        facts[r["enrolment"]].readings.append(
            Reading(pk, r["on"], r["instrument"], r["key"], r["rater"], r["scores"])
        )
    sources: dict[int, list[str]] = defaultdict(list)
    for situation_id, source in (
        IncomeSource.objects.filter(situation__enrolment__in=ids)
        .order_by()
        .values_list("situation_id", "source")
    ):
        sources[situation_id].append(source)
    for pk, enrolment_id, moment, sysselsattning in (
        Situation.objects.filter(enrolment__in=ids)
        .order_by()
        .values_list("pk", "enrolment_id", "moment", "sysselsattning")
    ):
        data = _situation(sysselsattning, sources[pk])
        if moment == Situation.Moment.ENTRY:
            facts[enrolment_id].entry = data
        else:
            facts[enrolment_id].exit_situation = data
    for enrolment_id, day, outcome, reason in (
        Exit.objects.filter(enrolment__in=ids)
        .order_by()
        .values_list("enrolment_id", "exit_date", "outcome", "reason")
    ):
        f = facts[enrolment_id]
        f.exit_date, f.exit_outcome, f.exit_reason = day, outcome, reason
    return facts
