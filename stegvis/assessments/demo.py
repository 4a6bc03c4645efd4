"""Demo assessments, step-movement rules and IPS fidelity reviews for ``manage.py seed_demo``.

(see stegvis.core.demo._seed_extensions; runs after the plans, activities, journal and
teamwork demos, so follow-ups and reached sub-goals exist.)

- Every project skattar with Stegvis's own default instrument.
- Most enrolments have readings: at entry, at one to three of their follow-ups and, for
  most who have left, at exit. Half are made together (gemensam), a third as a pair (the
  participant and the coach on the same day), the rest by the participant alone. Most drift
  upwards, some stay flat, a few go down.
- REBUS counts step movement "mätt mot uppsatta delmål" (criterion 1) against its 80 % target;
  ISA 2.0 needs both a better reading and a phase forward (all of 2 and 3); MIA and its
  sub-projects count a situation closer to the labour market at exit (4); IPS 2.0 works with IPS and
  has four fidelity reviews with rising totals. EgenmaktsArenan keeps the default rule.

Readings are bulk-created, as if imported, with the services' invariants: dates inside the
enrolment and never in the future, one reading per rater, instrument and day, a level for
each assessed area, and an audit entry for each. The rules and fidelity reviews go through
the services. The generator draws only from the rng it is given.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from stegvis.accounts.models import Membership, Role, User
from stegvis.assessments import services
from stegvis.assessments.content import FIDELITY_ITEMS
from stegvis.assessments.models import Assessment, AssessmentScore, FidelityReview, Instrument, Level, Rater
from stegvis.assessments.selectors import project_step_movement
from stegvis.audit.models import AuditEntry
from stegvis.participants.models import Enrolment, Exit
from stegvis.plans.models import FollowUp
from stegvis.projects.models import Project

REBUS = "KLASAM-REBUS-2017"
ISA = "23-079-S10"
IPS = "2020/00651"
MIA = "2016/00403"

RULES = {
    REBUS: (
        {1},
        "80 % ska, mätt mot uppsatta delmål, ha gjort en stegförflyttning vid avslut.",
        False,
    ),
    ISA: (
        {2, 3},
        "ISA 2.0 räknar stegförflyttning när deltagaren både skattar sig minst en nivå bättre och har gått vidare i fas.",
        False,
    ),
    MIA: (
        {4},
        "MIA räknar stegförflyttning närmare arbetsmarknaden: sysselsättning eller försörjning närmare "
        "arbetsmarknaden vid avslut än vid start.",
        False,
    ),
    IPS: (
        {1, 2, 3},
        "Stegförflyttning enligt standardregeln; målet för IPS är arbete eller studier.",
        True,
    ),
}

# Where a project's participants usually start, per area (index in the default instrument):
# hälsa, tilltro, kunskap, jobbsökande, samarbete, språk, struktur, boende och ekonomi.
START_LEVELS: dict[str, list[tuple[int, int]]] = {
    "egen": [(1, 3), (1, 2), (1, 2), (1, 2), (2, 3), (1, 3), (2, 3), (1, 2)],
    "rebus": [(1, 2), (1, 2), (1, 3), (1, 2), (1, 3), (3, 5), (1, 3), (2, 3)],
    "isa": [(2, 3), (1, 3), (1, 2), (1, 2), (1, 3), (3, 5), (1, 3), (3, 4)],
    "ips": [(1, 3), (1, 2), (2, 3), (1, 3), (1, 2), (4, 5), (1, 3), (2, 3)],
    "mia": [(1, 2), (1, 2), (1, 2), (1, 2), (2, 3), (2, 4), (1, 3), (1, 3)],
}
GOOD_OUTCOMES = {*Exit.WORK_OR_STUDIES, Exit.Outcome.JOB_SEEKING, Exit.Outcome.RIGHT_PARTY}
FIDELITY_TARGETS = [
    (datetime.date(2021, 6, 15), 71),
    (datetime.date(2021, 12, 7), 86),
    (datetime.date(2022, 6, 14), 101),
    (datetime.date(2022, 12, 6), 113),
]
FIDELITY_SUMMARIES = [
    "Teamet har kommit igång. Jobbsökandet startar sent och kontakterna med arbetsgivare är få. "
    "Rekommendation: börja söka arbete inom en månad och planera arbetsgivarkontakter varje vecka.",
    "Fler kontakter med arbetsgivare och snabbare start. Samordningen med habiliteringen behöver "
    "fasta tider. Rekommendation: gemensamma möten varannan vecka.",
    "Tydlig förbättring: teamet arbetar tillsammans och stödet efter anställning fungerar. "
    "Rekommendation: fler olika slags arbeten och arbetsgivare.",
    "Arbetssättet ligger nära modellen. Kvar att utveckla: råd om ersättningar vid arbete och "
    "ledningens uppföljning av resultaten.",
]


def _profile(project: Project) -> str:
    name = (project.parent.name if project.parent_id else project.name).lower()
    for key, profile in (("rebus", "rebus"), ("egenmakt", "egen"), ("isa", "isa"), ("ips", "ips")):
        if key in name:
            return profile
    return "mia"


def _manager(project: Project) -> User | None:
    membership = (
        Membership.objects.filter(project=project, role=Role.PROJECT_MANAGER).select_related("user").first()
    )
    if membership is None and project.parent_id:
        return _manager(project.parent)
    return membership.user if membership else None


class _Readings:
    """Draws each enrolment's readings and collects the rows to insert."""

    def __init__(self, rng: random.Random, today: datetime.date, instrument: Instrument) -> None:
        self.rng = rng
        self.today = today
        self.instrument = instrument
        self.areas = list(instrument.areas.order_by("position").values_list("pk", flat=True))
        self.levels = {
            (area_id, value): pk
            for pk, area_id, value in Level.objects.filter(area__instrument=instrument).values_list(
                "pk", "area_id", "value"
            )
        }
        self.assessments: list[Assessment] = []
        self.scores: list[list[int | None]] = []
        self.enrolments = 0
        self.pairs = 0

    def step(self, values: list[int], trend: str) -> list[int]:
        top = self.instrument.scale_max
        out = []
        for value in values:
            roll = self.rng.random()
            if trend == "up":
                change = 1 if roll < 0.38 else (-1 if roll > 0.95 else 0)
            elif trend == "down":
                change = -1 if roll < 0.25 else (1 if roll > 0.95 else 0)
            else:
                change = 1 if roll < 0.06 else (-1 if roll > 0.9 else 0)
            out.append(min(top, max(1, value + change)))
        return out

    def gaps(self, values: list[int]) -> list[int | None]:
        """Now and then an area is not discussed."""
        return [None if self.rng.random() < 0.03 else v for v in values]

    def dates(
        self, enrolment: Enrolment, follow_ups: list[tuple[int, datetime.date]], last: datetime.date
    ) -> list[tuple[datetime.date, str, int | None]]:
        entry = enrolment.start_date + datetime.timedelta(days=self.rng.randint(0, 14))
        if entry > last:
            return []
        days = [(entry, Assessment.Occasion.ENTRY, None)]
        later = [(fid, day) for fid, day in follow_ups if entry + datetime.timedelta(days=30) <= day < last]
        if later:
            count = min(len(later), self.rng.choice((1, 2, 2, 3, 3)))
            chosen = sorted(self.rng.sample(later, count), key=lambda f: f[1])
            days += [(day, Assessment.Occasion.FOLLOW_UP, fid) for fid, day in chosen]
        elif (last - entry).days > 75:
            days.append(
                (entry + datetime.timedelta(days=self.rng.randint(55, 75)), Assessment.Occasion.OTHER, None)
            )
        if not enrolment.is_open and self.rng.random() < 0.85 and last > days[-1][0]:
            days.append((last, Assessment.Occasion.EXIT, None))
        return days

    def enrolment(self, enrolment: Enrolment, follow_ups: list[tuple[int, datetime.date]]) -> None:
        if self.rng.random() < 0.1:
            return  # some never had a reading
        exit_ = enrolment.exit if not enrolment.is_open else None
        last = min(exit_.exit_date if exit_ else self.today, self.today)
        days = self.dates(enrolment, follow_ups, last)
        if not days:
            return
        good = exit_ is None or exit_.outcome in GOOD_OUTCOMES
        roll = self.rng.random()
        trend = "up" if roll < (0.78 if good else 0.5) else ("flat" if roll < 0.92 else "down")
        mode_roll = self.rng.random()
        mode = "joint" if mode_roll < 0.5 else ("pair" if mode_roll < 0.82 else "participant")
        values = [self.rng.randint(low, high) for low, high in START_LEVELS[_profile(enrolment.project)]]
        self.enrolments += 1
        # Coaches often see it a little differently, more often lower than higher, and keep to it.
        offsets = [self.rng.choices((-1, 0, 1), (30, 55, 15))[0] for _area in self.areas]
        top = self.instrument.scale_max
        for index, (day, occasion, follow_up_id) in enumerate(days):
            if index:
                values = self.step(values, trend)
            raters = {"joint": [Rater.JOINT], "pair": [Rater.PARTICIPANT, Rater.COACH]}.get(
                mode, [Rater.PARTICIPANT]
            )
            for rater in raters:
                shown = values
                if rater == Rater.COACH:
                    shown = [min(top, max(1, v + o)) for v, o in zip(values, offsets, strict=True)]
                self.assessments.append(
                    Assessment(
                        enrolment=enrolment,
                        instrument=self.instrument,
                        assessed_on=day,
                        occasion=occasion,
                        rater=rater,
                        follow_up_id=follow_up_id,
                        recorded_by=enrolment.coach,
                    )
                )
                self.scores.append(self.gaps(shown) if index else list(shown))
            if mode == "pair":
                self.pairs += 1

    def flush(self) -> None:
        Assessment.objects.bulk_create(self.assessments, batch_size=500)
        AssessmentScore.objects.bulk_create(
            (
                AssessmentScore(assessment=a, area_id=area, level_id=self.levels[(area, value)])
                for a, values in zip(self.assessments, self.scores, strict=True)
                for area, value in zip(self.areas, values, strict=True)
                if value is not None
            ),
            batch_size=1000,
        )
        AuditEntry.objects.bulk_create(
            (
                AuditEntry(
                    user=a.recorded_by,
                    organisation_id=a.recorded_by.organisation_id,
                    action="assessments.assessment.recorded",
                    project_id=a.enrolment.project_id,
                    person_id=a.enrolment.person_id,
                    enrolment_id=a.enrolment_id,
                    object_id=a.pk,
                )
                for a in self.assessments
            ),
            batch_size=500,
        )


def _fidelity(project: Project, by: User, rng: random.Random, today: datetime.date) -> list[int]:
    """Four reviews over the project's period, each total higher than the last."""
    scores = dict.fromkeys(FIDELITY_ITEMS, 2)
    totals = []
    for (day, target), summary in zip(FIDELITY_TARGETS, FIDELITY_SUMMARIES, strict=True):
        if day > today:
            break
        while sum(scores.values()) < target:
            number = rng.choice([n for n, s in scores.items() if s < 5])
            scores[number] += 1
        review = services.fidelity_review_save(
            project=project,
            review=None,
            expected_version=None,
            team_name="IPS-teamet i Örebro",
            reviewed_on=day,
            reviewers="Två externa trohetsgranskare (fiktiva i demon)",
            summary=summary,
            scores=scores,
            by=by,
        )
        totals.append(review.total)
    return totals


def seed(*, today: datetime.date, rng: random.Random, users: dict[str, User]) -> list[str]:
    """Rules, readings and fidelity reviews for the demo projects; returns summary lines (counts only)."""
    instrument = services.instrument_ensure_default()
    projects = {p.diarienummer: p for p in Project.objects.select_related("parent")}
    rules = []
    for diarienummer, (criteria, description, uses_ips) in RULES.items():
        project = projects.get(diarienummer)
        if project is None:
            continue
        # An umbrella's sub-projects count by the same rule, so that its figures add up.
        for each in [project, *(p for p in projects.values() if p.parent_id == project.pk)]:
            manager = _manager(each)
            if manager is None:
                continue
            services.rule_save(
                project=each,
                expected_version=None,
                criteria=criteria,
                combination="all" if diarienummer == ISA else "any",
                instrument=instrument,
                description=description,
                uses_ips=uses_ips,
                by=manager,
            )
        joined = " och " if diarienummer == ISA else " eller "
        rules.append(f"{project.name} ({joined.join(str(c) for c in sorted(criteria))})")

    follow_ups: dict[int, list[tuple[int, datetime.date]]] = defaultdict(list)
    for pk, enrolment_id, held_on in FollowUp.objects.order_by("held_on", "pk").values_list(
        "pk", "enrolment_id", "held_on"
    ):
        follow_ups[enrolment_id].append((pk, held_on))
    readings = _Readings(rng, today, instrument)
    enrolments = (
        Enrolment.objects.select_related("project", "project__parent", "coach", "exit")
        .exclude(exit__reason=Exit.Reason.MISREGISTRATION)
        .order_by("pk")
    )
    for enrolment in enrolments:
        readings.enrolment(enrolment, follow_ups[enrolment.pk])
    readings.flush()

    lines = [
        "",
        f"Skattningar: {len(readings.assessments)} för {readings.enrolments} inskrivningar "
        f"({readings.pairs} tillfällen med både deltagarens och handledarens skattning).",
        f"Regler för stegförflyttning (kriterier): {'; '.join(rules)}; övriga har standardregeln (1, 2 eller 3).",
    ]
    rebus = projects.get(REBUS)
    if rebus is not None:
        figures = project_step_movement(rebus, suppress=False, today=today)
        share = figures.exited_share.percent
        target = figures.target.threshold_percent if figures.target else None
        lines.append(f"REBUS: {share} % av de avslutade med stegförflyttning vid avslut (mål {target} %).")
    ips = projects.get(IPS)
    manager = _manager(ips) if ips else None
    if ips is not None and manager is not None and not FidelityReview.objects.filter(project=ips).exists():
        totals = _fidelity(ips, manager, rng, today)
        lines.append(
            f"IPS-trohet: {len(totals)} granskningar, totalpoäng {' → '.join(str(t) for t in totals)}."
        )
    return lines
