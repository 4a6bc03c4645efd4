"""Reads of instruments, assessments, step movement and fidelity reviews, with the access rules.

- Assessments are participant content: they are reached only through an enrolment the
  user may see (participants.selectors.enrolment_get_for).
- Instruments hold no participant data: coaches and the project manager read them, the
  project manager (or an administrator) creates, imports and chooses them.
- The step-movement rule is configured by the project manager; its figures are on the
  project page for every member, with small counts suppressed for roles without
  participant-level access (projects.sections).
- Fidelity reviews rate a team, not a person: every project member may read them when the
  project works with IPS; the project manager records them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from stegvis.accounts.models import User
from stegvis.accounts.selectors import has_participant_access, is_project_manager, project_get_for
from stegvis.assessments import stepmovement
from stegvis.assessments.content import DEFAULT_KEY
from stegvis.assessments.models import (
    Area,
    Assessment,
    AssessmentScore,
    Combination,
    FidelityItem,
    FidelityReview,
    Instrument,
    Level,
    StepMovementRule,
)
from stegvis.core.models import Gender
from stegvis.core.suppression import SUPPRESSED, suppress_breakdown, threshold
from stegvis.participants.models import Enrolment, Exit
from stegvis.participants.selectors import enrolment_get_for
from stegvis.projects.models import Project, ProjectTarget

# --- who may do what ---------------------------------------------------------------------------


def can_manage(user: User, project: Project) -> bool:
    """Instruments, the rule and fidelity reviews: the project manager, or an administrator."""
    return is_project_manager(user, project) or user.is_administrator


def can_read_instruments(user: User, project: Project) -> bool:
    return has_participant_access(user, project) or can_manage(user, project)


def uses_ips(project: Project) -> bool:
    return StepMovementRule.objects.filter(project=project, uses_ips=True).exists()


def may_see_fidelity(user: User, project: Project) -> bool:
    """The project link: every member of a project that works with IPS (visibility of the project is checked)."""
    return uses_ips(project)


# --- instruments -------------------------------------------------------------------------------


def default_instrument() -> Instrument | None:
    return Instrument.objects.filter(is_default=True).first() or (
        Instrument.objects.filter(key=DEFAULT_KEY, is_current=True).first()
    )


def _owners(project: Project) -> Q:
    """Global instruments, the project's own, and its umbrella project's."""
    owners = Q(project__isnull=True) | Q(project_id=project.pk)
    if project.parent_id:
        owners |= Q(project_id=project.parent_id)
    return owners


def _count_of(rows: QuerySet, field: str) -> Subquery:
    """A correlated count, so that two counts on one list do not multiply each other's rows."""
    return Subquery(
        rows.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


def _readings_in(project: Project) -> QuerySet[Assessment]:
    """Readings in the project and its sub-projects: a shared instrument's use elsewhere is not shown."""
    return Assessment.objects.filter(
        Q(enrolment__project_id=project.pk) | Q(enrolment__project__parent_id=project.pk)
    )


def instruments_for(project: Project, *, all_versions: bool = False) -> QuerySet[Instrument]:
    """The instruments a project may use; current versions unless all are asked for."""
    instruments = Instrument.objects.filter(_owners(project)).select_related("project")
    if not all_versions:
        instruments = instruments.filter(is_current=True)
    return instruments.annotate(
        area_count=Coalesce(_count_of(Area.objects.all(), "instrument"), 0),
        used_count=Coalesce(_count_of(_readings_in(project), "instrument"), 0),
    ).order_by("-is_default", "name", "-version")


def instrument_get_for(user: User, project: Project, pk: int) -> Instrument:
    """Any version of an instrument the project may use; 404 otherwise."""
    instrument = Instrument.objects.filter(_owners(project), pk=pk).select_related("project").first()
    if instrument is None:
        raise Http404
    return instrument


def instrument_structure(instrument: Instrument) -> list[Area]:
    """Areas with their levels, in two queries."""
    return list(
        Area.objects.filter(instrument=instrument).prefetch_related(
            Prefetch("levels", queryset=Level.objects.order_by("value"))
        )
    )


def instrument_versions(instrument: Instrument, project: Project) -> QuerySet[Instrument]:
    """Every version of the instrument, with how often the project has used each."""
    return (
        Instrument.objects.filter(key=instrument.key)
        .annotate(used_count=Coalesce(_count_of(_readings_in(project), "instrument"), 0))
        .order_by("-version")
    )


def instrument_use_count(instrument: Instrument, project: Project | None = None) -> int:
    """Readings made with this version: in the project, or anywhere (what decides a new version)."""
    readings = Assessment.objects.all() if project is None else _readings_in(project)
    return readings.filter(instrument=instrument).count()


# --- the rule ----------------------------------------------------------------------------------


def rule_for(project: Project, *, with_instrument: bool = True) -> StepMovementRule:
    """The project's saved rule, or the default (unsaved): criteria 1, 2 or 3, the default instrument.

    with_instrument=False leaves the default rule's instrument unloaded (one query less) for
    callers that only evaluate it.
    """
    rule = StepMovementRule.objects.filter(project=project).select_related("instrument", "updated_by").first()
    if rule is None:
        rule = StepMovementRule(project=project, instrument=default_instrument() if with_instrument else None)
    return rule


def rule_spec(rule: StepMovementRule) -> stepmovement.RuleSpec:
    if rule.pk is None:
        # The default rule counts readings of Stegvis's own instrument.
        key = DEFAULT_KEY
    else:
        key = rule.instrument.key if rule.instrument_id else None
    return stepmovement.RuleSpec(criteria=rule.criteria, combination=rule.combination, instrument_key=key)


def rule_text(rule: StepMovementRule) -> str:
    """The rule in one sentence, as shown next to every figure it produces."""
    criteria = sorted(rule.criteria)
    listed = "; ".join(f"({n}) {str(stepmovement.CRITERION_LABELS[n]).lower()}" for n in criteria)
    if len(criteria) == 1:
        return _("Stegförflyttning räknas när: %(criteria)s.") % {"criteria": listed}
    if rule.combination == Combination.ALL:
        return _("Stegförflyttning räknas när alla gäller: %(criteria)s.") % {"criteria": listed}
    return _("Stegförflyttning räknas när minst ett gäller: %(criteria)s.") % {"criteria": listed}


def project_instrument(project: Project) -> Instrument | None:
    """The instrument the project records with: the rule's (which may be none), else the default."""
    rule = StepMovementRule.objects.filter(project=project).select_related("instrument").first()
    if rule is not None:
        return rule.instrument
    return default_instrument()


# --- one enrolment -----------------------------------------------------------------------------


def enrolment_for_assessments(user: User, pk: int) -> Enrolment:
    """The enrolment whose assessments are asked for; 404 unless the user may see it."""
    return enrolment_get_for(user, pk)


def assessment_get(enrolment: Enrolment, pk: int) -> Assessment:
    """One reading of this (access-checked) enrolment."""
    assessment = (
        Assessment.objects.filter(enrolment=enrolment, pk=pk)
        .select_related("instrument", "recorded_by", "follow_up")
        .first()
    )
    if assessment is None:
        raise Http404
    assessment.enrolment = enrolment
    return assessment


def assessments_of(enrolment: Enrolment) -> list[Assessment]:
    """Every reading of the enrolment, oldest first, with its scores (two queries).

    Kept on the enrolment object for the rest of the request: the participant page's timeline,
    panel and step movement all use the same list.
    """
    cached = enrolment.__dict__.get("_assessments")
    if cached is None:
        cached = list(
            Assessment.objects.filter(enrolment=enrolment)
            .select_related("instrument", "recorded_by", "follow_up")
            .prefetch_related(
                Prefetch(
                    "scores",
                    queryset=AssessmentScore.objects.select_related("level").order_by("area__position"),
                )
            )
            .order_by("assessed_on", "pk")
        )
        enrolment.__dict__["_assessments"] = cached
    return cached


def step_movement_for(enrolment: Enrolment, on: datetime.date | None = None) -> stepmovement.StepMovement:
    """Whether the enrolment has made a step movement by `on` (today), by its project's rule.

    The result is kept on the enrolment object for the rest of the request (panel and timeline).
    """
    on = on or datetime.date.today()
    cache = enrolment.__dict__.setdefault("_step_movement", {})
    if on not in cache:
        rule = rule_for(enrolment.project, with_instrument=False)
        facts = stepmovement.facts_for_enrolment(enrolment, readings=assessments_of(enrolment))
        cache[on] = stepmovement.evaluate(facts, rule_spec(rule), on)
        enrolment.__dict__["_step_movement_rule"] = rule
    return cache[on]


def step_movements_for(
    enrolments: QuerySet[Enrolment], on: datetime.date | None = None
) -> dict[int, stepmovement.StepMovement]:
    """Step movement at `on` for many enrolments, each by its own project's rule, in a fixed number of queries."""
    on = on or datetime.date.today()
    facts = stepmovement.facts_for(enrolments)
    specs = _rule_specs({f.project_id for f in facts.values()})
    return {pk: stepmovement.evaluate(f, specs[f.project_id], on) for pk, f in facts.items()}


def step_movements_at_exit(enrolments: QuerySet[Enrolment]) -> dict[int, stepmovement.StepMovement]:
    """Each ended enrolment judged at its exit date ("vid avslut") by its own project's rule; fixed queries."""
    facts = stepmovement.facts_for(enrolments)
    specs = _rule_specs({f.project_id for f in facts.values()})
    return {
        pk: stepmovement.evaluate(f, specs[f.project_id], f.exit_date)
        for pk, f in facts.items()
        if f.exit_date is not None
    }


def _rule_specs(project_ids: set[int]) -> dict[int, stepmovement.RuleSpec]:
    """Each project's rule as a RuleSpec, in two queries."""
    saved = {
        rule.project_id: rule
        for rule in StepMovementRule.objects.filter(project_id__in=project_ids).select_related("instrument")
    }
    default = None
    specs = {}
    for project_id in project_ids:
        rule = saved.get(project_id)
        if rule is None:
            if default is None:
                default = StepMovementRule()
            rule = default
        specs[project_id] = rule_spec(rule)
    return specs


# --- the project's figures ---------------------------------------------------------------------


@dataclass
class Share:
    """met of total, and the share in per cent; suppressed parts are SUPPRESSED."""

    met: int | str
    total: int | str
    percent: int | str | None

    @property
    def suppressed(self) -> bool:
        return self.percent == SUPPRESSED


@dataclass
class ShareRow:
    label: str
    criterion: int | None  # None: the rule as a whole
    in_rule: bool
    cells: dict[str, Share]
    total: Share
    # Criteria 4 and 5 are about the exit: they say nothing about those still in the project.
    applies: bool = True


@dataclass
class StepMovementFigures:
    rule: StepMovementRule
    rule_text: str
    exited: list[ShareRow]
    current: list[ShareRow]
    exited_count: int | str
    current_count: int | str
    target: ProjectTarget | None
    exited_share: Share
    target_reached: bool | None
    suppressed: bool
    sub_rules: list[tuple[str, str]] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return self.exited_count not in (0,) or self.current_count not in (0,)


AT_EXIT = {4, 5}


def _percent(met: int, total: int) -> int | None:
    return round(100 * met / total) if total else None


def _shares(met: dict[str, int], totals: dict[str, int], suppress: bool) -> tuple[dict[str, Share], Share]:
    """One row: per gender and in total.

    For roles without participant access a count is hidden when it, or its complement (those
    without a step movement), is under the threshold; when one gender's count is hidden and the
    row's total is shown, a second one is hidden too, so that it cannot be derived. A share is
    shown only where both its counts are.
    """
    total_met, total_all = sum(met.values()), sum(totals.values())
    if not suppress:
        cells = {g: Share(met[g], totals[g], _percent(met[g], totals[g])) for g in met}
        return cells, Share(total_met, total_all, _percent(total_met, total_all))
    limit = threshold()

    def small(n: int) -> bool:
        return 0 < n < limit

    shown_totals = suppress_breakdown(totals)
    hidden = {g for g in met if small(met[g]) or small(totals[g] - met[g])}
    if len(hidden) == 1:
        candidates = sorted((met[g], g) for g in met if g not in hidden and met[g] > 0)
        if candidates:
            hidden.add(candidates[0][1])

    def share(m: int, t: int, m_hidden: bool, t_shown: int | str) -> Share:
        if m_hidden or t_shown == SUPPRESSED:
            return Share(SUPPRESSED if m_hidden else m, t_shown, SUPPRESSED)
        return Share(m, t_shown, _percent(m, t))

    cells = {g: share(met[g], totals[g], g in hidden, shown_totals[g]) for g in met}
    total = share(
        total_met,
        total_all,
        small(total_met) or small(total_all - total_met),
        SUPPRESSED if small(total_all) else total_all,
    )
    return cells, total


def _project_ids(project: Project) -> list[int]:
    return [project.pk, *project.subprojects.values_list("pk", flat=True)]


def project_step_movement(
    project: Project, *, suppress: bool, today: datetime.date | None = None
) -> StepMovementFigures:
    """Shares of current and exited participants with a step movement, by gender, each criterion too.

    Exited enrolments are judged at their exit date ("vid avslut"), current ones today; each
    enrolment by its own project's rule (sub-projects of an umbrella may differ). Felregistrering
    is not a participation and is not counted. A fixed number of queries, whatever the size.
    """
    today = today or datetime.date.today()
    project_ids = _project_ids(project)
    enrolments = Enrolment.objects.filter(project_id__in=project_ids).exclude(
        exit__reason=Exit.Reason.MISREGISTRATION
    )
    facts = stepmovement.facts_for(enrolments)
    rules = {
        rule.project_id: rule
        for rule in StepMovementRule.objects.filter(project_id__in=project_ids).select_related("instrument")
    }
    default = StepMovementRule()
    specs = {pid: rule_spec(rules.get(pid, default)) for pid in project_ids}
    genders = list(Gender.values)
    keys = [None, *stepmovement.CRITERIA]
    counts = {group: {key: dict.fromkeys(genders, 0) for key in keys} for group in ("exited", "current")}
    totals = {group: dict.fromkeys(genders, 0) for group in ("exited", "current")}
    for f in facts.values():
        exited = f.exit_date is not None
        group = "exited" if exited else "current"
        on = min(f.exit_date, today) if exited else today
        result = stepmovement.evaluate(f, specs[f.project_id], on)
        gender = f.gender if f.gender in totals[group] else Gender.SAKNAS
        totals[group][gender] += 1
        if result.met:
            counts[group][None][gender] += 1
        for number, met in result.criteria_met.items():
            if met:
                counts[group][number][gender] += 1
    rule = rules.get(project.pk) or StepMovementRule(project=project)
    in_rule = rule.criteria

    def rows(group: str) -> list[ShareRow]:
        out = []
        for key in keys:
            cells, total = _shares(counts[group][key], totals[group], suppress)
            label = (
                _("Stegförflyttning enligt regeln")
                if key is None
                else f"{key}. {stepmovement.CRITERION_SHORT[key]}"
            )
            applies = group == "exited" or key not in AT_EXIT
            out.append(ShareRow(label, key, key is None or key in in_rule, cells, total, applies))
        return out

    exited_rows, current_rows = rows("exited"), rows("current")
    target = ProjectTarget.objects.filter(
        project=project, metric=ProjectTarget.Metric.STEP_MOVEMENT_AT_EXIT
    ).first()
    exited_share = exited_rows[0].total
    reached = None
    if target is not None and isinstance(exited_share.percent, int):
        reached = exited_share.percent >= target.threshold_percent
    sub_rules = []
    if len(project_ids) > 1:
        names = dict(Project.objects.filter(pk__in=project_ids[1:]).values_list("pk", "name"))
        for pid in project_ids[1:]:
            sub = rules.get(pid)
            if sub is not None and (sub.criteria, sub.combination) != (rule.criteria, rule.combination):
                sub_rules.append((names[pid], rule_text(sub)))

    def count(n: int) -> int | str:
        return SUPPRESSED if suppress and 0 < n < threshold() else n

    return StepMovementFigures(
        rule=rule,
        rule_text=rule_text(rule),
        exited=exited_rows,
        current=current_rows,
        exited_count=count(sum(totals["exited"].values())),
        current_count=count(sum(totals["current"].values())),
        target=target,
        exited_share=exited_share,
        target_reached=reached,
        suppressed=suppress,
        sub_rules=sub_rules,
    )


# --- fidelity ----------------------------------------------------------------------------------


def fidelity_project_for(user: User, project_pk: int) -> Project:
    """A project the user may open that works with IPS; 404 otherwise."""
    project = project_get_for(user, project_pk)
    if not uses_ips(project):
        raise Http404
    return project


def fidelity_reviews_for(project: Project) -> list[FidelityReview]:
    """The project's reviews, oldest first, with their totals (one query)."""
    return list(
        FidelityReview.objects.filter(project=project)
        .annotate(total_score=Sum("items__score"))
        .order_by("reviewed_on", "pk")
    )


def fidelity_review_get(project: Project, pk: int) -> FidelityReview:
    review = (
        FidelityReview.objects.filter(project=project, pk=pk)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("items", queryset=FidelityItem.objects.order_by("number")))
        .first()
    )
    if review is None:
        raise Http404
    return review


def fidelity_previous(review: FidelityReview) -> FidelityReview | None:
    """The same team's review before this one, with its items, to compare item by item."""
    return (
        FidelityReview.objects.filter(
            project_id=review.project_id, team_name=review.team_name, reviewed_on__lt=review.reviewed_on
        )
        .prefetch_related(Prefetch("items", queryset=FidelityItem.objects.order_by("number")))
        .order_by("-reviewed_on", "-pk")
        .first()
    )


def fidelity_by_team(reviews: list[FidelityReview]) -> dict[str, list[FidelityReview]]:
    teams: dict[str, list[FidelityReview]] = defaultdict(list)
    for review in reviews:
        teams[review.team_name].append(review)
    return dict(teams)
