"""Finsam follow-up: sysselsättning and försörjning before and after, and time in the project, by gender.

Counted among the persons who left in the period (each once, by their latest exit; never
a felregistrering), comparing the situation recorded at entry with the one at exit of
that enrolment. Umbrella projects include their sub-projects. Sysselsättning uses the
SUS groups; försörjning can be several sources at once, so its rows do not add up. For
the table of försörjning after by försörjning before, each person has one main source:
the one closest to the labour market (the ranking of the step-movement rule).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.assessments.stepmovement import FORSORJNING_RANK
from stegvis.core.suppression import suppress_table
from stegvis.participants.models import Forsorjning, IncomeSource, Situation, Sysselsattning
from stegvis.reports import figures
from stegvis.reports.exporters import (
    GENDER_HEADERS,
    TEXT,
    Column,
    Exporter,
    Table,
    gender_table,
    register,
)
from stegvis.reports.figures import count_by_gender

UNKNOWN = "saknas"
# Time in the project, in days: up to three months, six months, a year, and longer.
TIME_BANDS = [
    (91, gettext_lazy("Upp till 3 månader")),
    (182, gettext_lazy("3–6 månader")),
    (365, gettext_lazy("6–12 månader")),
    (None, gettext_lazy("Mer än 12 månader")),
]


@dataclass
class Journey:
    gender: str
    days: int
    before: str | None  # sysselsättning at entry
    after: str | None
    sources_before: frozenset[str]
    sources_after: frozenset[str]


def main_source(sources: frozenset[str]) -> str:
    """The source closest to the labour market; "annat" when only that; UNKNOWN when none."""
    ranked = sorted(
        (s for s in sources if s in FORSORJNING_RANK),
        key=lambda s: (-FORSORJNING_RANK[s], Forsorjning.values.index(s)),
    )
    if ranked:
        return ranked[0]
    return Forsorjning.ANNAT if Forsorjning.ANNAT in sources else UNKNOWN


def journeys(project, period) -> list[Journey]:
    """The leavers with their situations at entry and exit, in four queries."""
    leavers = figures.leavers(project, period)
    ids = [leaver.enrolment_id for leaver in leavers]
    starts = dict(figures.counted(project).filter(pk__in=ids).values_list("pk", "start_date"))
    situations = {
        (enrolment_id, moment): (pk, sysselsattning)
        for pk, enrolment_id, moment, sysselsattning in Situation.objects.filter(
            enrolment_id__in=ids
        ).values_list("pk", "enrolment_id", "moment", "sysselsattning")
    }
    sources: dict[int, set[str]] = defaultdict(set)
    for situation_id, source in IncomeSource.objects.filter(situation__enrolment_id__in=ids).values_list(
        "situation_id", "source"
    ):
        sources[situation_id].add(source)

    def situation(enrolment_id: int, moment: str) -> tuple[str | None, frozenset[str]]:
        found = situations.get((enrolment_id, moment))
        if found is None:
            return None, frozenset()
        return found[1], frozenset(sources.get(found[0], ()))

    out = []
    for leaver in leavers:
        before, sources_before = situation(leaver.enrolment_id, Situation.Moment.ENTRY)
        after, sources_after = situation(leaver.enrolment_id, Situation.Moment.EXIT)
        days = (leaver.exit_date - starts[leaver.enrolment_id]).days
        out.append(Journey(leaver.gender, days, before, after, sources_before, sources_after))
    return out


def _columns(first: str) -> list[Column]:
    return [Column(first, TEXT), *(Column(str(label)) for label in GENDER_HEADERS)]


@register
class FinsamFollowUp(Exporter):
    identifier = "finsam-uppfoljning"
    name = gettext_lazy("Finsam-uppföljning")
    description = gettext_lazy(
        "Sysselsättning och försörjning före och efter, försörjning efter fördelad på försörjning före, "
        "och tid i projektet, per kön, för dem som avslutades under perioden."
    )

    def notes(self) -> list[str]:
        return [
            _(
                "Bland dem som avslutades under perioden, var och en en gång med sitt senaste avslut; före är "
                "situationen vid inskrivningen, efter situationen vid avslut. Felregistreringar räknas inte."
            )
        ]

    def tables(self) -> list[Table]:
        people = journeys(self.project, self.period)
        labels = dict(Sysselsattning.choices)
        groups = [*Sysselsattning.values, None]

        def label(value) -> str:
            return str(labels.get(value, _("Uppgift saknas")))

        tables = []
        for moment, attr, title in (
            ("before", "before", _("Sysselsättning före (vid inskrivning)")),
            ("after", "after", _("Sysselsättning efter (vid avslut)")),
        ):
            rows = gender_table(
                [count_by_gender(people, lambda p, g=g, a=attr: getattr(p, a) == g) for g in groups],
                suppress=self.suppress,
                column_totals=True,
            )
            names = [label(g) for g in groups] + [_("Totalt")]
            tables.append(
                Table(
                    title,
                    _columns(_("Sysselsättning")),
                    [[n, *r] for n, r in zip(names, rows, strict=True)],
                    key=f"sysselsattning_{moment}",
                )
            )

        source_labels = dict(Forsorjning.choices)
        source_rows = []
        for source in Forsorjning.values:
            before = count_by_gender(people, lambda p, s=source: s in p.sources_before)
            after = count_by_gender(people, lambda p, s=source: s in p.sources_after)
            if sum(before.values()) or sum(after.values()):
                source_rows.append((source_labels[source], before, after))
        shown_before = gender_table([b for _l, b, _a in source_rows], suppress=self.suppress)
        shown_after = gender_table([a for _l, _b, a in source_rows], suppress=self.suppress)
        tables.append(
            Table(
                _("Försörjning före och efter"),
                [
                    Column(_("Försörjning"), TEXT),
                    Column(_("Före eller efter"), TEXT),
                    *(Column(str(h)) for h in GENDER_HEADERS),
                ],
                [
                    row
                    for (name, _b, _a), before, after in zip(
                        source_rows, shown_before, shown_after, strict=True
                    )
                    for row in ([str(name), _("Före"), *before], [str(name), _("Efter"), *after])
                ],
                note=_(
                    "En person kan ha flera försörjningskällor samtidigt, så raderna summerar inte till antalet personer."
                ),
                key="forsorjning",
            )
        )

        keys = [*Forsorjning.values, UNKNOWN]
        names = {**source_labels, UNKNOWN: _("Uppgift saknas")}
        cross: dict[tuple[str, str], int] = defaultdict(int)
        for person in people:
            cross[(main_source(person.sources_before), main_source(person.sources_after))] += 1
        used_before = [k for k in keys if any(cross[(k, a)] for a in keys)]
        used_after = [k for k in keys if any(cross[(b, k)] for b in keys)]
        if used_before:
            cells = [[cross[(b, a)] for a in used_after] for b in used_before]
            shown = suppress_table(cells) if self.suppress else _with_totals(cells)
            tables.append(
                Table(
                    _("Försörjning efter, fördelad på försörjning före (huvudsaklig källa)"),
                    [
                        Column(_("Före \\ efter"), TEXT),
                        *(Column(str(names[a])) for a in used_after),
                        Column(_("Totalt")),
                    ],
                    [[str(names[b]), *row] for b, row in zip(used_before, shown, strict=False)]
                    + [[_("Totalt"), *shown[-1]]],
                    note=_(
                        "Huvudsaklig källa är den som ligger närmast arbetsmarknaden. Alla kön tillsammans."
                    ),
                    key="forsorjning_cross",
                )
            )
        else:
            tables.append(
                Table(
                    _("Försörjning efter, fördelad på försörjning före (huvudsaklig källa)"),
                    [Column(_("Före \\ efter"), TEXT)],
                    [],
                    key="forsorjning_cross",
                )
            )

        def band(days: int) -> int:
            return next(i for i, (limit, _text) in enumerate(TIME_BANDS) if limit is None or days <= limit)

        bands = [count_by_gender(people, lambda p, i=i: band(p.days) == i) for i in range(len(TIME_BANDS))]
        rows = gender_table(bands, suppress=self.suppress, column_totals=True)
        names = [str(text) for _limit, text in TIME_BANDS] + [_("Totalt")]
        tables.append(
            Table(
                _("Tid i projektet"),
                _columns(_("Tid från start till avslut")),
                [[n, *r] for n, r in zip(names, rows, strict=True)],
                key="time",
            )
        )
        return tables


def _with_totals(cells: list[list[int]]) -> list[list[int]]:
    rows = [[*row, sum(row)] for row in cells]
    return [*rows, [sum(row[j] for row in rows) for j in range(len(rows[0]))]]
