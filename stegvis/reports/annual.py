"""Årsrapport: the project's year for the board, as one PDF built from a registry of sections.

Each section is a callable taking an AnnualContext and returning a Section (a title,
paragraphs and report Tables) or None to leave itself out. SECTIONS holds them in order;
another app adds its own in its AppConfig.ready() with `register(section, before=...)`.
Every figure passes through the same exporters and suppression as the other reports:
a section must use `context.suppress` for any count of people it shows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from stegvis.assessments import charts
from stegvis.assessments.charts import Chart
from stegvis.assessments.models import AssessmentScore
from stegvis.core.suppression import SUPPRESSED, threshold
from stegvis.projects.models import Project
from stegvis.reports import figures
from stegvis.reports.cost import Cost
from stegvis.reports.esf import EsfIndicators
from stegvis.reports.exporters import (
    DATE,
    GENDER_HEADERS,
    GENDERS,
    PERCENT,
    TEXT,
    Column,
    Period,
    Table,
    gender_table,
    percent,
    share_table,
    small_count_note,
)
from stegvis.reports.goals import GoalFulfilment
from stegvis.reports.models import AnnualReportText


@dataclass(frozen=True)
class AnnualContext:
    project: Project
    year: int
    suppress: bool
    today: datetime.date

    @property
    def period(self) -> Period:
        return Period(datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31))


@dataclass
class Section:
    title: str
    tables: list[Table] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    key: str = ""
    # Headed passages of text after the tables: (heading, paragraphs).
    subsections: list[tuple[str, list[str]]] = field(default_factory=list)


SectionBuilder = Callable[[AnnualContext], Section | None]
SECTIONS: list[SectionBuilder] = []


def register(builder: SectionBuilder, *, before: SectionBuilder | None = None) -> SectionBuilder:
    """Add a section, at the end or before another one (e.g. before `texts`, the manager's words)."""
    if builder in SECTIONS:
        return builder
    if before is not None and before in SECTIONS:
        SECTIONS.insert(SECTIONS.index(before), builder)
    else:
        SECTIONS.append(builder)
    return builder


def _gender_columns(first: str) -> list[Column]:
    return [Column(first, TEXT), *(Column(str(label)) for label in GENDER_HEADERS)]


# --- the sections, in order -----------------------------------------------------------------


def facts(context: AnnualContext) -> Section:
    project = context.project
    until_further_notice = _("tills vidare")
    rows = [
        [_("Projekt"), project.name],
        [_("Diarienummer"), project.diarienummer],
        [_("Finansiering"), project.get_fund_display()],
        [_("Projektägare"), str(project.owner)],
        [_("Projekttid"), f"{project.start_date or '–'} – {project.end_date or until_further_notice}"],
        [_("Planerat antal deltagare"), project.planned_participants],
        [_("Kommuner"), ", ".join(m.name for m in project.municipalities.all()) or "–"],
    ]
    paragraphs = [project.target_group] if project.target_group else []
    return Section(
        _("Om projektet"),
        [Table(_("Projektfakta"), [Column(_("Uppgift"), TEXT), Column(_("Värde"), TEXT)], rows, key="facts")],
        paragraphs,
        key="facts",
    )


def reached(context: AnnualContext) -> Section:
    active = figures.active_in(context.project, context.period)
    counted = figures.counted(context.project)
    started = counted.filter(start_date__gte=context.period.start, start_date__lte=context.period.end)
    counts = [figures.persons_by_gender(q) for q in (active, started)]
    rows = []
    for label, count in zip((_("Nådda under året"), _("Började under året")), counts, strict=True):
        rows.append([label, *gender_table([count], suppress=context.suppress)[0]])
    leavers = figures.leavers(context.project, context.period)
    rows.append(
        [
            _("Avslutade under året"),
            *gender_table([figures.count_by_gender(leavers)], suppress=context.suppress)[0],
        ]
    )
    table = Table(_("Deltagare per kön"), _gender_columns(_("Personer")), rows, key="reached")
    total = rows[0][-1]
    table.chart = charts.share_bars(
        [
            (str(label), percent(cell, total))
            for label, cell in zip(GENDER_HEADERS[:-1], rows[0][1:-1], strict=True)
        ],
        target=None,
        title=_("Andel av de nådda, per kön"),
    )
    return Section(
        _("Nådda deltagare"),
        [table],
        [_("En person räknas en gång även om hen skrivits in flera gånger. Felregistreringar räknas inte.")],
        key="reached",
    )


def goals(context: AnnualContext) -> Section:
    exporter = GoalFulfilment(
        project=context.project, period=context.period, suppress=context.suppress, today=context.today
    )
    return Section(_("Måluppfyllelse"), exporter.tables(), exporter.notes(), key="goals")


def indicators(context: AnnualContext) -> Section:
    exporter = EsfIndicators(
        project=context.project, period=context.period, suppress=context.suppress, today=context.today
    )
    return Section(_("ESF+-indikatorer"), exporter.tables(), list(exporter.notes()), key="indicators")


def step_movement_by_area(context: AnnualContext) -> Section:
    """Per area: of the persons with two readings of the same instrument version by the same rater
    up to the year's end (first and latest), the share whose level rose. One query."""
    active_ids = figures.active_in(context.project, context.period).values("pk")
    rows = (
        AssessmentScore.objects.filter(
            assessment__enrolment__in=active_ids, assessment__assessed_on__lte=context.period.end
        )
        .order_by("assessment__assessed_on", "assessment_id")
        .values_list(
            "assessment__enrolment__person_id",
            "assessment__enrolment__person__gender",
            "assessment__instrument_id",
            "assessment__rater",
            "area_id",
            "area__name",
            "area__position",
            "level__value",
        )
    )
    readings: dict[tuple, list] = {}
    names: dict[int, tuple[int, str]] = {}
    for person, gender, instrument, rater, area, name, position, value in rows:
        names[area] = (position, name)
        key = (person, instrument, rater, area)
        entry = readings.setdefault(key, [figures.gender_of(gender), value, value])
        entry[2] = value
    # One pair per person and area: the last instrument/rater seen wins.
    per_person: dict[tuple[int, int], tuple[str, int, int]] = {}
    for (person, _instrument, _rater, area), (gender, first, latest) in readings.items():
        per_person[(person, area)] = (gender, first, latest)
    met: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(GENDERS, 0))
    total: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(GENDERS, 0))
    for (_person, area), (gender, first, latest) in per_person.items():
        total[area][gender] += 1
        if latest > first:
            met[area][gender] += 1
    ordered = sorted((a for a in total if sum(total[a].values())), key=lambda a: names[a])
    table_rows, chart_rows = [], []
    for area in ordered:
        met_row, total_row = share_table(met[area], total[area], suppress=context.suppress)
        share = percent(met_row[-1], total_row[-1])
        table_rows.append([names[area][1], met_row[-1], total_row[-1], share, *met_row[:-1]])
        chart_rows.append((names[area][1], share))
    table = Table(
        _("Andel med förbättring per område"),
        [
            Column(_("Område"), TEXT),
            Column(_("Med förbättring")),
            Column(_("Med två skattningar")),
            Column(_("Andel"), PERCENT),
            *(Column(_("Förbättring: %(gender)s") % {"gender": label}) for label in GENDER_HEADERS[:-1]),
        ],
        table_rows,
        note=_(
            "Första mot senaste skattningen fram till årets slut, med samma version av instrumentet och "
            "samma skattare. Personer som varit inskrivna under året."
        ),
        key="areas",
    )
    if chart_rows:
        table.chart = charts.share_bars(chart_rows, target=None, title=_("Andel med förbättring per område"))
    return Section(_("Stegförflyttning per område"), [table], key="areas")


def questionnaires(context: AnnualContext) -> Section:
    from stegvis.surveys.models import Measure
    from stegvis.surveys.selectors import wellbeing_pairs

    total = dict.fromkeys(GENDERS, 0)
    up = dict.fromkeys(GENDERS, 0)
    for pair in wellbeing_pairs(context.project):
        start, end = pair["start"]["values"], pair["exit"]["values"]
        if (
            not context.period.contains(pair["exit"]["on"])
            or Measure.WELLBEING not in start
            or Measure.WELLBEING not in end
        ):
            continue
        gender = figures.gender_of(pair["gender"])
        total[gender] += 1
        up[gender] += end[Measure.WELLBEING] > start[Measure.WELLBEING]
    met_row, total_row = share_table(up, total, suppress=context.suppress)
    shares = [percent(m, t) for m, t in zip(met_row, total_row, strict=True)]
    table = Table(
        _("Ökat välbefinnande mellan start- och avslutsenkät"),
        [Column(_("Mått"), TEXT), *(Column(str(label)) for label in GENDER_HEADERS)],
        [
            [_("Med ökat välbefinnande"), *met_row],
            [_("Besvarat start och avslut"), *total_row],
            [_("Andel (%)"), *shares],
        ],
        note=_("Deltagare vars avslutsenkät besvarades under året, med samma version vid start och avslut."),
        key="wellbeing",
    )
    table.chart = charts.share_bars(
        list(zip((str(label) for label in GENDER_HEADERS), shares, strict=True)),
        target=None,
        title=_("Andel med ökat välbefinnande"),
    )
    return Section(_("Enkätresultat"), [table], key="questionnaires")


def activities(context: AnnualContext) -> Section:
    from stegvis.activities.models import ActivityHours, ActivityType, Attendance
    from stegvis.activities.selectors import THURSDAY, _exact

    enrolments = figures.counted(context.project).values("pk")
    start, end = context.period.start, context.period.end
    hours: dict[int, dict[str, object]] = defaultdict(lambda: dict.fromkeys(GENDERS, _exact(0)))
    persons: dict[int, dict[str, set]] = defaultdict(lambda: {g: set() for g in GENDERS})
    sources = (
        ActivityHours.objects.filter(
            activity__enrolment__in=enrolments, week__gte=start - THURSDAY, week__lte=end - THURSDAY
        ).values_list(
            "activity__activity_type",
            "activity__enrolment__person",
            "activity__enrolment__person__gender",
            "hours",
        ),
        Attendance.objects.filter(
            enrolment__in=enrolments, session__date__gte=start, session__date__lte=end, hours__gt=0
        ).values_list(
            "session__group_activity__activity_type",
            "enrolment__person",
            "enrolment__person__gender",
            "hours",
        ),
    )
    for source in sources:
        for type_id, person, gender, value in source:
            gender = figures.gender_of(gender)
            hours[type_id][gender] += _exact(value)
            persons[type_id][gender].add(person)
    names = dict(ActivityType.objects.filter(pk__in=list(hours)).values_list("pk", "name"))
    limit = threshold()
    rows = []
    for type_id in sorted(hours, key=lambda t: names.get(t, "")):
        counts = {g: len(persons[type_id][g]) for g in GENDERS}
        people = gender_table([counts], suppress=context.suppress)[0]
        cells = [
            SUPPRESSED
            if people[i] == SUPPRESSED or (context.suppress and 0 < counts[g] < limit)
            else float(hours[type_id][g])
            for i, g in enumerate(GENDERS)
        ]
        total_hours = float(sum(hours[type_id].values()))
        rows.append([names.get(type_id, "–"), people[-1], *cells, total_hours])
    table = Table(
        _("Timmar per aktivitetstyp och kön"),
        [
            Column(_("Aktivitetstyp"), TEXT),
            Column(_("Deltagare")),
            *(Column(_("Timmar: %(gender)s") % {"gender": label}) for label in GENDER_HEADERS[:-1]),
            Column(_("Timmar totalt")),
        ],
        rows,
        note=_("Individuella aktiviteter (timmar per vecka) och närvaro vid gruppaktiviteter under året."),
        key="activities",
    )
    return Section(_("Aktiviteter och timmar"), [table], key="activities")


def barriers(context: AnnualContext) -> Section:
    from django.db.models import Q

    from stegvis.teamwork.models import Barrier

    rows = [
        [
            b.title,
            b.get_category_display(),
            b.registered_on,
            b.get_status_display(),
            b.decided_on,
            b.decision or "–",
        ]
        for b in Barrier.objects.filter(project_id__in=figures.project_ids(context.project))
        .filter(
            Q(registered_on__year=context.year)
            | Q(decided_on__year=context.year)
            | Q(raised_to_steering_on__year=context.year)
        )
        .order_by("registered_on", "pk")
    ]
    table = Table(
        _("Hinder och styrgruppens beslut"),
        [
            Column(_("Hinder"), TEXT),
            Column(_("Kategori"), TEXT),
            Column(_("Registrerat"), DATE),
            Column(_("Status"), TEXT),
            Column(_("Beslutsdatum"), DATE),
            Column(_("Beslut"), TEXT),
        ],
        rows,
        key="barriers",
    )
    return Section(
        _("Strukturella hinder"),
        [table],
        [_("Hinder som registrerats, lyfts till styrgruppen eller beslutats under året.")],
        key="barriers",
    )


def cost(context: AnnualContext) -> Section:
    exporter = Cost(
        project=context.project, period=context.period, suppress=context.suppress, today=context.today
    )
    return Section(_("Kostnad"), exporter.tables(), exporter.notes(), key="cost")


def texts(context: AnnualContext) -> Section:
    text = AnnualReportText.objects.filter(project=context.project, year=context.year).first()
    missing = _("Projektledaren har inte skrivit något här ännu.")

    def paragraphs(value: str) -> list[str]:
        return [p.strip() for p in value.split("\n\n") if p.strip()] or [missing]

    return Section(
        _("Analys och föreslagna åtgärder"),
        key="texts",
        subsections=[
            (_("Analys"), paragraphs(text.analysis if text else "")),
            (_("Föreslagna åtgärder"), paragraphs(text.proposed_measures if text else "")),
        ],
    )


for _builder in (
    facts,
    reached,
    goals,
    indicators,
    step_movement_by_area,
    questionnaires,
    activities,
    barriers,
    cost,
    texts,
):
    register(_builder)


# --- the document ----------------------------------------------------------------------------


def build(context: AnnualContext, progress: Callable[[int, str], None] | None = None) -> list[Section]:
    out = []
    for index, builder in enumerate(list(SECTIONS)):
        section = builder(context)
        if section is not None:
            section.key = section.key or f"section-{index}"
            out.append(section)
        if progress is not None:
            progress(index + 1, section.title if section else "")
    return out


# WeasyPrint draws an inline SVG with its own stylesheet only, so the chart colours travel inside it.
CHART_STYLE = (
    "<style>.gridline{fill:none;stroke:#d5dde3;stroke-width:1}.tick{fill:#4f5d6b;font-size:11px}"
    ".label{fill:#1b2630;font-size:13px;font-weight:600}.value{fill:#1b2630;font-size:12px;font-weight:700}"
    ".bar{fill:#0b6b75}.bar-total{fill:#08525a}.target,.threshold{stroke:#1b2630;stroke-width:2;"
    "stroke-dasharray:6 3}.threshold-label,.target-label{fill:#1b2630;font-size:12px}</style>"
)


def _styled_charts(sections: list[Section]) -> None:
    for section in sections:
        for table in section.tables:
            if table.chart is not None and CHART_STYLE not in table.chart.svg:
                svg = str(table.chart.svg).replace("<title", CHART_STYLE + "<title", 1)
                table.chart = Chart(mark_safe(svg), table.chart.title, table.chart.description)  # noqa: S308


def to_html(context: AnnualContext, sections: list[Section]) -> str:
    _styled_charts(sections)
    return render_to_string(
        "reports/annual_print.html",
        {
            "project": context.project,
            "year": context.year,
            "sections": sections,
            "suppressed": context.suppress,
            "small_count_note": small_count_note() if context.suppress else "",
            "made_on": context.today,
            "pdf": True,
        },
    )


def to_pdf(context: AnnualContext, progress: Callable[[int, str], None] | None = None) -> bytes:
    from stegvis.plans.pdf import render_pdf

    return render_pdf(to_html(context, build(context, progress)))


def filename(context: AnnualContext) -> str:
    number = (context.project.diarienummer or str(context.project.pk)).replace("/", "-").replace(" ", "-")
    return f"arsrapport-{number}-{context.year}.pdf"
