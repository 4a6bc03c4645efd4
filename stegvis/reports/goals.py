"""Måluppfyllelse: each project target against its actual value for a period, by gender.

The measures, for a chosen period:
- stegförflyttning vid avslut: of the persons who left in the period (latest exit), the
  share whose enrolment met the project's step-movement rule at the exit date;
- arbete eller studier vid avslut: of the same, the share whose exit outcome was work
  (also with support) or studies;
- fastställd handlingsplan vid avslut: of the same, the share with a plan agreed by
  participant and coach on or before the exit;
- ökat välbefinnande: of the persons whose exit answer falls in the period and who
  answered start and exit on the same version, the share whose well-being rose;
- nådda deltagare: distinct persons enrolled some day of the period, against the
  planned number, and per municipality against its planned places.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.assessments import charts
from stegvis.assessments import selectors as assessment_selectors
from stegvis.core.suppression import SUPPRESSED
from stegvis.participants.models import Enrolment, Exit
from stegvis.plans.models import ActionPlan
from stegvis.projects.models import ProjectTarget
from stegvis.reports import charts as report_charts
from stegvis.reports import figures
from stegvis.reports.exporters import (
    GENDER_HEADERS,
    GENDERS,
    PERCENT,
    TEXT,
    Column,
    Exporter,
    Table,
    gender_table,
    percent,
    register,
    share_table,
)
from stegvis.surveys.models import Measure
from stegvis.surveys.selectors import wellbeing_pairs

Metric = ProjectTarget.Metric


def _share_rows(met: dict[str, int], total: dict[str, int], suppress: bool, met_label: str) -> list[list]:
    met_row, total_row = share_table(met, total, suppress=suppress)
    shares = [percent(m, t) for m, t in zip(met_row, total_row, strict=True)]
    return [
        [met_label, *met_row],
        [_("Antal i underlaget"), *total_row],
        [_("Andel (%)"), *shares],
    ]


def _columns() -> list[Column]:
    return [Column(_("Mått"), TEXT), *(Column(str(label)) for label in GENDER_HEADERS)]


class MetricResult:
    """One measure's three rows (met, base, share per gender and total) and its overall share."""

    def __init__(self, rows: list[list]):
        self.rows = rows
        self.share = rows[2][-1]  # None: no one to measure
        self.base = rows[1][-1]


@register
class GoalFulfilment(Exporter):
    identifier = "maluppfyllelse"
    formats = ("xlsx", "csv", "pdf")
    name = gettext_lazy("Måluppfyllelse")
    description = gettext_lazy(
        "Projektets mål mot utfallet för perioden: stegförflyttning, arbete eller studier och "
        "handlingsplan vid avslut, ökat välbefinnande och nådda deltagare, per kön."
    )

    def notes(self) -> list[str]:
        rule = assessment_selectors.rule_for(self.project, with_instrument=False)
        return [
            assessment_selectors.rule_text(rule),
            _(
                "Den som avslutats flera gånger under perioden räknas en gång, med sitt senaste avslut. "
                "Felregistreringar räknas inte."
            ),
        ]

    # --- the measures ---------------------------------------------------------------------------

    def _exit_measures(self) -> dict[str, MetricResult]:
        leavers = figures.leavers(self.project, self.period)
        ids = [leaver.enrolment_id for leaver in leavers]
        total = figures.count_by_gender(leavers)
        steps = assessment_selectors.step_movements_at_exit(Enrolment.objects.filter(pk__in=ids))
        agreed = {
            enrolment_id: (participant, coach)
            for enrolment_id, participant, coach in ActionPlan.objects.filter(
                enrolment_id__in=ids,
                agreed_by_participant_on__isnull=False,
                agreed_by_coach_on__isnull=False,
            ).values_list("enrolment_id", "agreed_by_participant_on", "agreed_by_coach_on")
        }

        def plan_at_exit(leaver) -> bool:
            days = agreed.get(leaver.enrolment_id)
            return days is not None and max(days) <= leaver.exit_date

        def moved(leaver) -> bool:
            result = steps.get(leaver.enrolment_id)
            return result is not None and result.met

        conditions = {
            Metric.STEP_MOVEMENT_AT_EXIT: (moved, _("Med stegförflyttning")),
            Metric.WORK_OR_STUDIES_AT_EXIT: (
                lambda leaver: leaver.outcome in Exit.WORK_OR_STUDIES,
                _("Till arbete eller studier"),
            ),
            Metric.ACTION_PLAN_AT_EXIT: (plan_at_exit, _("Med fastställd handlingsplan")),
        }
        return {
            metric: MetricResult(
                _share_rows(figures.count_by_gender(leavers, condition), total, self.suppress, label)
            )
            for metric, (condition, label) in conditions.items()
        }

    def _wellbeing(self) -> MetricResult:
        pairs = [
            p
            for p in wellbeing_pairs(self.project)
            if self.period.contains(p["exit"]["on"])
            and Measure.WELLBEING in p["start"]["values"]
            and Measure.WELLBEING in p["exit"]["values"]
        ]
        total = dict.fromkeys(GENDERS, 0)
        met = dict.fromkeys(GENDERS, 0)
        for pair in pairs:
            gender = figures.gender_of(pair["gender"])
            total[gender] += 1
            if pair["exit"]["values"][Measure.WELLBEING] > pair["start"]["values"][Measure.WELLBEING]:
                met[gender] += 1
        return MetricResult(_share_rows(met, total, self.suppress, _("Med ökat välbefinnande")))

    def _reached(self) -> tuple[Table, Table, int | str | None]:
        active = figures.active_in(self.project, self.period)
        reached = gender_table([figures.persons_by_gender(active)], suppress=self.suppress)[0]
        planned = self.project.planned_participants
        share = percent(reached[-1], planned) if planned else None
        reached_table = Table(
            _("Nådda deltagare mot planerat"),
            [*_columns(), Column(_("Planerat")), Column(_("Andel av planerat"), PERCENT)],
            [[_("Nådda personer"), *reached, planned, share]],
            key="reached",
        )
        municipalities = list(self.project.municipalities.all())
        by_municipality = figures.persons_by_municipality(active)
        rows = gender_table(
            [by_municipality.get(m.pk, dict.fromkeys(GENDERS, 0)) for m in municipalities],
            suppress=self.suppress,
            column_totals=True,
        )
        table_rows = []
        for municipality, row in zip(municipalities, rows, strict=False):
            planned_places = municipality.planned_places
            table_rows.append(
                [
                    municipality.name,
                    *row,
                    planned_places,
                    percent(row[-1], planned_places) if planned_places else None,
                ]
            )
        if municipalities:
            planned_sum = sum(m.planned_places or 0 for m in municipalities) or None
            total_row = rows[-1]
            table_rows.append(
                [
                    _("Totalt"),
                    *total_row,
                    planned_sum,
                    percent(total_row[-1], planned_sum) if planned_sum else None,
                ]
            )
        municipality_table = Table(
            _("Nådda deltagare per kommun mot planerade platser"),
            [
                Column(_("Kommun"), TEXT),
                *(Column(str(label)) for label in GENDER_HEADERS),
                Column(_("Planerade platser")),
                Column(_("Andel av planerat"), PERCENT),
            ],
            table_rows,
            note=_("Den som varit inskriven i flera kommuner under perioden räknas i var och en.")
            if municipalities
            else "",
            key="municipalities",
        )
        return reached_table, municipality_table, share

    # --- the tables -----------------------------------------------------------------------------

    def tables(self) -> list[Table]:
        measures = self._exit_measures()
        measures[Metric.INCREASED_WELLBEING] = self._wellbeing()
        reached_table, municipality_table, reached_share = self._reached()
        targets = list(self.project.targets.all())

        goal_rows = []
        for target in targets:
            if target.metric == Metric.PARTICIPANTS_REACHED:
                actual, base = reached_share, self.project.planned_participants
            else:
                result = measures[target.metric]
                actual, base = result.share, result.base
            goal_rows.append(
                [
                    target.description or target.get_metric_display(),
                    target.threshold_percent,
                    actual,
                    base,
                    _fulfilled(actual, target.threshold_percent),
                ]
            )
        goal_table = Table(
            _("Projektets mål mot utfall"),
            [
                Column(_("Mål"), TEXT),
                Column(_("Målvärde"), PERCENT),
                Column(_("Utfall"), PERCENT),
                Column(_("Underlag (antal)")),
                Column(_("Uppnått"), TEXT),
            ],
            goal_rows,
            note=""
            if targets
            else _(
                "Projektet har inga mål inlagda. Projektledaren lägger in dem under projektets inställningar."
            ),
            key="targets",
        )
        if goal_rows:
            goal_table.chart = report_charts.target_bars(
                [(str(row[0]), row[2], row[1]) for row in goal_rows], title=_("Utfall mot mål")
            )

        out = [goal_table]
        thresholds = {t.metric: t.threshold_percent for t in targets}
        titles = {
            Metric.STEP_MOVEMENT_AT_EXIT: _("Stegförflyttning vid avslut, per kön"),
            Metric.WORK_OR_STUDIES_AT_EXIT: _("Arbete eller studier vid avslut, per kön"),
            Metric.ACTION_PLAN_AT_EXIT: _("Fastställd handlingsplan vid avslut, per kön"),
            Metric.INCREASED_WELLBEING: _("Ökat välbefinnande (start- och avslutsenkät), per kön"),
        }
        notes = {
            Metric.STEP_MOVEMENT_AT_EXIT: self.notes()[0],
            Metric.INCREASED_WELLBEING: _(
                "Bland dem som besvarat enkäten både vid start och avslut (samma version) och vars "
                "avslutsenkät ligger i perioden."
            ),
        }
        for metric, title in titles.items():
            result = measures[metric]
            table = Table(title, _columns(), result.rows, note=notes.get(metric, ""), key=metric)
            table.chart = charts.share_bars(
                [
                    (str(label), share)
                    for label, share in zip(GENDER_HEADERS, result.rows[2][1:], strict=True)
                ],
                target=thresholds.get(metric),
                title=title,
            )
            out.append(table)
        out += [reached_table, municipality_table]
        return out


def _fulfilled(actual, threshold: int) -> str:
    if actual is None:
        return _("Inget underlag")
    if actual == SUPPRESSED:
        return SUPPRESSED
    return _("Ja") if actual >= threshold else _("Nej")
