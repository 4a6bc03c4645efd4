"""ESF+ common indicators (Regulation (EU) 2021/1057, Annex I) and the monthly participant list.

Counting rules (DESIGN.md): a person counts once per project (umbrella projects roll
up their sub-projects). Output indicators (EECO) count a person in the period of their
first entry, from the situation recorded then; a re-entry does not count again.
Immediate results (EECR01–04) count each person who left in the period once, by
their latest exit; longer-term results (EECR05–06) come from the check about six
months after that exit. Felregistrering never counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Min
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.participants.models import Education, Exit, LabourStatus, Situation
from stegvis.participants.models import Sysselsattning as S
from stegvis.reports import figures
from stegvis.reports.exporters import (
    DATE,
    GENDER_HEADERS,
    TEXT,
    Column,
    Exporter,
    Table,
    gender_table,
    register,
)
from stegvis.reports.figures import count_by_gender
from stegvis.reports.models import PostExitCheck


@dataclass
class Entrant:
    """A person counted at entry: their first enrolment in the project and its entry situation."""

    gender: str
    age: int
    entry: dict[str, Any]  # Situation fields; empty when no entry situation was recorded


@dataclass
class LeaverFacts:
    gender: str
    outcome: str
    qualification_gained: bool | None
    exit_sysselsattning: str | None
    check: dict[str, Any] | None  # the post-exit check, if recorded


def _age(birth_date: datetime.date | None, birth_year: int, on: datetime.date) -> int:
    # Anonymous persons carry only the birth year: their age is the year difference.
    if birth_date is not None:
        return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return on.year - birth_year


def _is(field: str, value: object) -> Callable[[Entrant], bool]:
    return lambda e: e.entry.get(field) == value


# The one place where each ESF+ indicator is mapped to Stegvis's data; a comment per code.
OUTPUT_INDICATORS: list[tuple[str, Any, Callable[[Entrant], bool]]] = [
    # EECO01: every participant, once.
    ("EECO01", gettext_lazy("Totalt antal deltagare"), lambda e: True),
    # EECO02: labour status at entry arbetslös or långtidsarbetslös (long-term unemployed are unemployed).
    (
        "EECO02",
        gettext_lazy("Arbetslösa, inklusive långtidsarbetslösa"),
        lambda e: (
            e.entry.get("labour_status") in (LabourStatus.UNEMPLOYED, LabourStatus.LONG_TERM_UNEMPLOYED)
        ),
    ),
    # EECO03: labour status at entry långtidsarbetslös.
    ("EECO03", gettext_lazy("Långtidsarbetslösa"), _is("labour_status", LabourStatus.LONG_TERM_UNEMPLOYED)),
    # EECO04: labour status at entry utanför arbetskraften.
    ("EECO04", gettext_lazy("Personer utanför arbetskraften"), _is("labour_status", LabourStatus.INACTIVE)),
    # EECO05: labour status at entry sysselsatt, self-employed included.
    (
        "EECO05",
        gettext_lazy("Sysselsatta, inklusive egenföretagare"),
        _is("labour_status", LabourStatus.EMPLOYED),
    ),
    # EECO06–08: age on the first day of the first enrolment (birth date, else birth year).
    ("EECO06", gettext_lazy("Under 18 år"), lambda e: e.age < 18),
    ("EECO07", gettext_lazy("18–29 år"), lambda e: 18 <= e.age <= 29),
    ("EECO08", gettext_lazy("55 år och äldre"), lambda e: e.age >= 55),
    # EECO09–11: highest education at entry, by ISCED level; "uppgift saknas" counts in none.
    (
        "EECO09",
        gettext_lazy("Högst förgymnasial utbildning (ISCED 0–2)"),
        _is("education", Education.ISCED_0_2),
    ),
    (
        "EECO10",
        gettext_lazy("Gymnasial eller eftergymnasial utbildning (ISCED 3–4)"),
        _is("education", Education.ISCED_3_4),
    ),
    ("EECO11", gettext_lazy("Högskoleutbildning (ISCED 5–8)"), _is("education", Education.ISCED_5_8)),
    # EECO12–17: the characteristics at entry answered yes; no answer (None) counts in none.
    ("EECO12", gettext_lazy("Deltagare med funktionsnedsättning"), _is("disability", True)),
    ("EECO13", gettext_lazy("Medborgare i tredjeland"), _is("third_country_national", True)),
    ("EECO14", gettext_lazy("Deltagare med utländsk bakgrund"), _is("foreign_background", True)),
    (
        "EECO15",
        gettext_lazy("Minoriteter (inklusive marginaliserade grupper som romer)"),
        _is("minority", True),
    ),
    (
        "EECO16",
        gettext_lazy("Hemlösa eller personer som är utestängda från bostadsmarknaden"),
        _is("homeless", True),
    ),
    ("EECO17", gettext_lazy("Deltagare från landsbygdsområden"), _is("rural_area", True)),
]

RESULT_INDICATORS: list[tuple[str, Any, Callable[[LeaverFacts], bool]]] = [
    # EECR01: left to job seeking: outcome arbetssökande, or sysselsättning at exit aktivt arbetssökande.
    (
        "EECR01",
        gettext_lazy("Deltagare som söker arbete när de lämnar insatsen"),
        lambda f: f.outcome == Exit.Outcome.JOB_SEEKING or f.exit_sysselsattning == S.ARBETSSOKANDE,
    ),
    # EECR02: left to education or training: outcome studier, or sysselsättning at exit studier.
    (
        "EECR02",
        gettext_lazy("Deltagare i utbildning när de lämnar insatsen"),
        lambda f: f.outcome == Exit.Outcome.STUDIES or f.exit_sysselsattning == S.STUDIER,
    ),
    # EECR03: the exit records a qualification gained.
    (
        "EECR03",
        gettext_lazy("Deltagare som uppnår en kvalifikation när de lämnar insatsen"),
        lambda f: f.qualification_gained is True,
    ),
    # EECR04: left to work (also with support, or own business), or förvärvsarbete at exit.
    (
        "EECR04",
        gettext_lazy("Deltagare i arbete, inklusive egenföretagare, när de lämnar insatsen"),
        lambda f: (
            f.outcome in (Exit.Outcome.EMPLOYMENT, Exit.Outcome.SUBSIDISED_EMPLOYMENT)
            or f.exit_sysselsattning == S.FORVARVSARBETE
        ),
    ),
    # EECR05: the post-exit check found the person in work (own business included).
    (
        "EECR05",
        gettext_lazy(
            "Deltagare i arbete, inklusive egenföretagare, sex månader efter att de lämnat insatsen"
        ),
        lambda f: f.check is not None and f.check["employed"] is True,
    ),
    # EECR06: the post-exit check found a better labour-market situation than at exit.
    (
        "EECR06",
        gettext_lazy(
            "Deltagare med bättre ställning på arbetsmarknaden sex månader efter att de lämnat insatsen"
        ),
        lambda f: f.check is not None and f.check["improved"] is True,
    ),
]

ENTRY_FIELDS = (
    "labour_status",
    "education",
    "disability",
    "third_country_national",
    "foreign_background",
    "minority",
    "homeless",
    "rural_area",
)


def entrants(project, period) -> list[Entrant]:
    """Persons whose first (counted) enrolment in the project started in the period; three queries."""
    enrolments = figures.counted(project)
    first_starts = dict(
        enrolments.values("person_id")
        .annotate(first=Min("start_date"))
        .order_by()
        .values_list("person_id", "first")
    )
    rows = (
        enrolments.filter(start_date__gte=period.start, start_date__lte=period.end)
        .order_by("start_date", "pk")
        .values_list(
            "pk", "person_id", "start_date", "person__gender", "person__birth_date", "person__birth_year"
        )
    )
    chosen: dict[int, tuple] = {}
    for pk, person, start, gender, birth_date, birth_year in rows:
        if person not in chosen and first_starts.get(person) == start:
            chosen[person] = (pk, start, gender, birth_date, birth_year)
    situations = {
        row[0]: dict(zip(ENTRY_FIELDS, row[1:], strict=True))
        for row in Situation.objects.filter(
            moment=Situation.Moment.ENTRY, enrolment_id__in=[c[0] for c in chosen.values()]
        ).values_list("enrolment_id", *ENTRY_FIELDS)
    }
    return [
        Entrant(figures.gender_of(gender), _age(birth_date, birth_year, start), situations.get(pk, {}))
        for pk, start, gender, birth_date, birth_year in chosen.values()
    ]


def leaver_facts(project, period) -> list[LeaverFacts]:
    """Each person who left in the period once (latest exit), with exit situation and check; three queries."""
    leavers = figures.leavers(project, period)
    ids = [leaver.enrolment_id for leaver in leavers]
    exit_situations = dict(
        Situation.objects.filter(moment=Situation.Moment.EXIT, enrolment_id__in=ids).values_list(
            "enrolment_id", "sysselsattning"
        )
    )
    checks = {
        row["enrolment_id"]: row
        for row in PostExitCheck.objects.filter(enrolment_id__in=ids).values(
            "enrolment_id", "reached", "employed", "improved"
        )
    }
    return [
        LeaverFacts(
            leaver.gender,
            leaver.outcome,
            leaver.qualification_gained,
            exit_situations.get(leaver.enrolment_id),
            checks.get(leaver.enrolment_id),
        )
        for leaver in leavers
    ]


def _indicator_columns() -> list[Column]:
    return [
        Column(_("Kod"), TEXT),
        Column(_("Indikator"), TEXT),
        *(Column(str(label)) for label in GENDER_HEADERS),
    ]


@register
class EsfIndicators(Exporter):
    identifier = "esf-indikatorer"
    name = gettext_lazy("ESF+-indikatorer")
    description = gettext_lazy(
        "Gemensamma indikatorer för ESF+: EECO01–EECO17 vid inträde, EECR01–EECR04 vid avslut och "
        "EECR05–EECR06 sex månader efter avslut, per kön."
    )

    def notes(self) -> list[str]:
        return [
            _(
                "Koderna följer bilaga I till förordning (EU) 2021/1057. Kontrollera dem mot ESF-rådets "
                "anvisningar innan siffrorna rapporteras in."
            ),
            _(
                "En person räknas en gång: vid sitt första inträde i projektet (EECO) och med sitt senaste "
                "avslut under perioden (EECR). Felregistreringar räknas inte."
            ),
        ]

    def tables(self) -> list[Table]:
        people = entrants(self.project, self.period)
        left = leaver_facts(self.project, self.period)
        checked = [f for f in left if f.check is not None]

        def table(title, indicators, items, note, key) -> Table:
            counts = [count_by_gender(items, condition) for _code, _label, condition in indicators]
            rows = gender_table(counts, suppress=self.suppress)
            return Table(
                title,
                _indicator_columns(),
                [[code, str(label), *row] for (code, label, _c), row in zip(indicators, rows, strict=True)],
                note=note,
                key=key,
            )

        follow_up = gender_table(
            [
                count_by_gender(left, lambda f: True),
                count_by_gender(checked, lambda f: True),
                count_by_gender(checked, lambda f: f.check["reached"]),
            ],
            suppress=self.suppress,
        )
        return [
            table(
                _("Deltagare vid inträde (EECO01–EECO17)"),
                OUTPUT_INDICATORS,
                people,
                _(
                    "Personer vars första inskrivning i projektet började under perioden, enligt situationen vid inskrivningen."
                ),
                "output",
            ),
            table(
                _("Resultat vid avslut (EECR01–EECR04)"),
                RESULT_INDICATORS[:4],
                left,
                _("Personer som avslutades under perioden, enligt avslutet och situationen vid avslut."),
                "immediate",
            ),
            table(
                _("Resultat sex månader efter avslut (EECR05–EECR06)"),
                RESULT_INDICATORS[4:],
                left,
                _("Personer som avslutades under perioden och följdes upp omkring sex månader senare."),
                "longer",
            ),
            Table(
                _("Uppföljning efter avslut"),
                [Column(_("Mått"), TEXT), *(Column(str(label)) for label in GENDER_HEADERS)],
                [
                    [_("Avslutade under perioden"), *follow_up[0]],
                    [_("Uppföljda efter avslut"), *follow_up[1]],
                    [_("Uppföljda som gick att nå"), *follow_up[2]],
                ],
                key="checks",
            ),
        ]


@register
class MonthlyParticipants(Exporter):
    identifier = "manadslista"
    name = gettext_lazy("Månadslista över deltagare")
    description = gettext_lazy(
        "Vilka som började och vilka som avslutades, månad för månad, som fil att lämna vidare."
    )
    participant_level = True

    def notes(self) -> list[str]:
        return [
            _(
                "Innehåller personuppgifter. Anonyma deltagare redovisas utan identitet. Felregistreringar "
                "är inte med."
            )
        ]

    def tables(self) -> list[Table]:
        enrolments = (
            figures.counted(self.project)
            .filter(
                _in_period("start_date", self.period) | _in_period("exit__exit_date", self.period),
            )
            .select_related("person", "municipality", "project", "exit")
            .order_by("start_date", "pk")
        )
        events: list[tuple[datetime.date, int, list]] = []
        for enrolment in enrolments:
            person = enrolment.person
            exit_ = getattr(enrolment, "exit", None) if not enrolment.is_open else None
            identity = (
                [_("Anonym"), "", ""]
                if person.is_anonymous
                else [person.personal_id_display, person.first_name, person.last_name]
            )
            common = [
                *identity,
                person.get_gender_display(),
                person.birth_year,
                enrolment.start_date,
                exit_.exit_date if exit_ else None,
                exit_.get_reason_display() if exit_ else "",
                exit_.get_outcome_display() if exit_ else "",
                enrolment.municipality.name if enrolment.municipality else "",
                enrolment.project.name,
            ]
            if self.period.contains(enrolment.start_date):
                events.append(
                    (enrolment.start_date, 0, [enrolment.start_date.strftime("%Y-%m"), _("Började"), *common])
                )
            if exit_ is not None and self.period.contains(exit_.exit_date):
                events.append(
                    (exit_.exit_date, 1, [exit_.exit_date.strftime("%Y-%m"), _("Avslutades"), *common])
                )
        events.sort(key=lambda e: (e[0].strftime("%Y-%m"), e[1], e[0]))
        summary: dict[str, list[int]] = {}
        for _day, kind, row in events:
            summary.setdefault(row[0], [0, 0])[kind] += 1
        return [
            Table(
                _("Antal per månad"),
                [Column(_("Månad"), TEXT), Column(_("Började")), Column(_("Avslutades"))],
                [[month, started, ended] for month, (started, ended) in sorted(summary.items())],
                key="summary",
            ),
            Table(
                _("Deltagare som började eller avslutades"),
                [
                    Column(_("Månad"), TEXT),
                    Column(_("Händelse"), TEXT),
                    Column(_("Personnummer"), TEXT),
                    Column(_("Förnamn"), TEXT),
                    Column(_("Efternamn"), TEXT),
                    Column(_("Kön"), TEXT),
                    Column(_("Födelseår")),
                    Column(_("Startdatum"), DATE),
                    Column(_("Avslutsdatum"), DATE),
                    Column(_("Anledning till avslut"), TEXT),
                    Column(_("Utfall"), TEXT),
                    Column(_("Kommun"), TEXT),
                    Column(_("Projekt"), TEXT),
                ],
                [row for _day, _kind, row in events],
                key="list",
            ),
        ]


def _in_period(field: str, period):
    from django.db.models import Q

    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})
