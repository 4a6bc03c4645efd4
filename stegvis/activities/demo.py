"""Demo activities for ``manage.py seed_demo`` (see stegvis.core.demo._seed_extensions).

Every project gets the default catalogue through the service. Most enrolments get the
individual activities a coach would plan: a kartläggning at the start, motiverande samtal
for many, and one or two activities that serve the goals of their action plan when they
have one (praktik for "pröva att arbeta", språkstöd for "bli bättre på svenska" ...), with
hours reported week by week. Each project still running gets three group activities with
weekly sessions over the last five months, participants booked and attendance recorded:
mostly present, some absent with notice, a few without.

Rows are bulk-created, as if imported, with the services' invariants: dates inside the
enrolment, the activity and the group; hours only for weeks that have begun, attendance
only for booked participants on sessions that have been held, hours only when present;
every write has its audit entry. The generator draws only from the rng it is given.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from stegvis.accounts.models import Membership, Organisation, Role, User
from stegvis.activities import services
from stegvis.activities.models import (
    Activity,
    ActivityHours,
    ActivityType,
    Attendance,
    AttendanceStatus,
    GroupActivity,
    GroupBooking,
    GroupSession,
    week_start,
)
from stegvis.audit.models import AuditEntry
from stegvis.participants.models import Enrolment, Exit, Phase
from stegvis.plans.models import Goal
from stegvis.projects.models import Project

D = datetime.date
WEEK = datetime.timedelta(weeks=1)

# Goal words → the activity that serves such a goal, per project profile (first match wins).
GOAL_ACTIVITIES: list[tuple[tuple[str, ...], dict[str, str]]] = [
    (("behålla",), {"*": "IPS/Supported Employment – stöd på arbetsplatsen"}),
    (("svenska",), {"*": "Språkstöd"}),
    (("arbetsplats", "praktik"), {"rebus": "Arbetsträning", "mia": "Arbetsträning", "*": "Praktik"}),
    (("studera", "gymnasiet", "skolan"), {"*": "Studievägledning"}),
    (
        ("arbete", "jobb"),
        {
            "ips": "IPS/Supported Employment – jobbsökning",
            "rebus": "IPS/Supported Employment – jobbsökning",
            "egen": "Matchning från dag 1 (handledningsmetod)",
            "*": "Praktik",
        },
    ),
    (("må bättre", "hälsa", "friskvård"), {"egen": "Livsstil och hälsa", "*": "Friskvård"}),
    (("träffa andra",), {"*": "Social träning"}),
    (("struktur",), {"egen": "BIP (handledningsmetod)", "*": "Social träning"}),
]
# Without a plan: what the project mostly offers one to one.
PROFILE_ACTIVITIES: dict[str, list[str]] = {
    "egen": ["Språkstöd", "Praktik", "Matchning från dag 1 (handledningsmetod)", "BIP (handledningsmetod)"],
    "rebus": ["Arbetsträning", "Arbetsprövning", "Social träning", "Praktik"],
    "isa": ["Studievägledning", "Praktik", "Social träning"],
    "ips": ["IPS/Supported Employment – jobbsökning", "Praktik"],
    "mia": ["Arbetsträning", "Praktik", "Friskvård", "IPS/Supported Employment – jobbsökning"],
}
# (lowest, highest) planned hours a week.
PLANNED_HOURS: dict[str, tuple[float, float]] = {
    "Kartläggning": (1.5, 3),
    "Motiverande samtal": (1, 1),
    "Arbetsträning": (10, 25),
    "Arbetsprövning": (8, 20),
    "Praktik": (12, 30),
    "Språkstöd": (4, 8),
    "Studievägledning": (1, 2),
    "Social träning": (2, 4),
    "Friskvård": (2, 3),
    "Livsstil och hälsa": (1.5, 3),
    "IPS/Supported Employment – jobbsökning": (2, 5),
    "IPS/Supported Employment – stöd på arbetsplatsen": (1, 2),
    "BIP (handledningsmetod)": (1, 2),
    "Matchning från dag 1 (handledningsmetod)": (1, 3),
}
# (shortest, longest) weeks an activity runs.
WEEKS: dict[str, tuple[int, int]] = {
    "Kartläggning": (3, 6),
    "Studievägledning": (2, 6),
    "Arbetsprövning": (4, 12),
}
PLACES: dict[str, list[str]] = {
    "Praktik": [
        "ICA Kvantum",
        "Coop",
        "Second hand-butiken",
        "Kommunens förskola",
        "Lokala bageriet",
        "Bilverkstaden",
    ],
    "Arbetsträning": ["Kommunens förråd", "Återbruket", "Caféet i medborgarhuset", "Parkförvaltningen"],
    "Arbetsprövning": ["Fastighetsavdelningen", "Äldreboendets kök", "Lagret på industriområdet"],
}

# Group activities of the projects still running: (project, title, activity, weekday, time, hours, place, capacity).
GROUPS: list[tuple[str, str, str, int, tuple[int, int], str, str, int | None]] = [
    (
        "24-006-S01",
        "Språkcafé – svenska i vardagen",
        "Språkstöd",
        1,
        (9, 30),
        "2.5",
        "Fornby folkhögskola",
        14,
    ),
    ("24-006-S01", "Må bra-gruppen", "Livsstil och hälsa", 3, (13, 0), "1.5", "Borlänge, Medborgarhuset", 12),
    ("24-006-S01", "Jobbklubben", "Gruppaktivitet", 0, (10, 0), "2", "Falun, projektlokalen", None),
    (
        "KLASAM-REBUS-2017",
        "Friskvård – bassäng och gym",
        "Friskvård",
        2,
        (10, 0),
        "1.5",
        "Hagfors simhall",
        10,
    ),
    ("KLASAM-REBUS-2017", "Fika och samtal", "Social träning", 1, (13, 0), "2", "Träffpunkten, Forshaga", 12),
    (
        "KLASAM-REBUS-2017",
        "Praktikbesök i Klarälvdalen",
        "Praktikbesök",
        4,
        (9, 0),
        "3",
        "Samling vid stationen, Hagfors",
        8,
    ),
    (
        "23-079-S10",
        "Studieteknik och motivation",
        "Gruppaktivitet",
        1,
        (14, 0),
        "1.5",
        "Uppsala, Stationsgatan 12",
        12,
    ),
    ("23-079-S10", "Spelkväll", "Social träning", 3, (16, 0), "2", "Enköpings ungdomsgård", 15),
    ("23-079-S10", "Träning tillsammans", "Friskvård", 0, (15, 0), "1.5", "Tierps sporthall", 12),
]
GROUP_WEEKS = 22  # how far back the groups started
GROUP_WEEKS_AHEAD = 3


@dataclass
class _Counts:
    activities: int = 0
    with_goals: int = 0
    hours_rows: int = 0
    groups: int = 0
    sessions: int = 0
    bookings: int = 0
    attendance: int = 0
    statuses: Counter | None = None


def _hours(rng: random.Random, low: float, high: float) -> Decimal:
    """A number of hours in quarter hours."""
    return Decimal(round(rng.uniform(low, high) * 4) / 4).quantize(Decimal("0.01")) or Decimal("0.25")


def _profile(project: Project) -> str:
    name = project.name
    if project.parent_id is not None or name.startswith("MIA"):
        return "mia"
    for key, word in (("egen", "Egenmakt"), ("rebus", "REBUS"), ("isa", "ISA"), ("ips", "IPS")):
        if word in name:
            return key
    return "rebus"


def _activity_for_goal(goal: Goal, profile: str) -> str | None:
    text = goal.description.lower()
    for words, by_profile in GOAL_ACTIVITIES:
        if any(word in text for word in words):
            return by_profile.get(profile, by_profile["*"])
    return None


class _Writer:
    """Collects rows and audit entries, then bulk-creates them in dependency order."""

    def __init__(self, today: datetime.date, rng: random.Random) -> None:
        self.today = today
        self.rng = rng
        self.counts = _Counts(statuses=Counter())
        self.audit: list[AuditEntry] = []

    def log(self, user: User | None, action: str, project_id: int, **ids: int | None) -> None:
        self.audit.append(
            AuditEntry(
                user=user,
                organisation_id=user.organisation_id if user else None,
                action=action,
                project_id=project_id,
                **ids,
            )
        )

    def flush_audit(self) -> None:
        AuditEntry.objects.bulk_create(self.audit, batch_size=2000)
        self.audit = []


def _enrolment_end(enrolment: Enrolment, today: datetime.date) -> datetime.date:
    exit_ = getattr(enrolment, "exit", None) if enrolment.phase == Phase.AVSLUT else None
    return exit_.exit_date if exit_ is not None else today


def _individual(
    writer: _Writer, types: dict[int, dict[str, ActivityType]], orgs: dict[int, list[Organisation]]
) -> None:
    rng, today = writer.rng, writer.today
    enrolments = list(
        Enrolment.objects.select_related("project", "coach", "person", "exit")
        .exclude(exit__reason=Exit.Reason.MISREGISTRATION)
        .order_by("pk")
    )
    goals_by_enrolment: dict[int, list[Goal]] = {}
    for goal in Goal.objects.filter(plan__enrolment__in=enrolments).select_related("plan").order_by("pk"):
        goals_by_enrolment.setdefault(goal.plan.enrolment_id, []).append(goal)

    planned: list[tuple[Activity, list[Goal], list[tuple[datetime.date, Decimal]]]] = []
    for enrolment in enrolments:
        end = _enrolment_end(enrolment, today)
        if (end - enrolment.start_date).days < 10 or rng.random() < 0.08:
            continue  # just started, or nothing registered yet
        profile = _profile(enrolment.project)
        catalogue = types[enrolment.project_id]
        goals = goals_by_enrolment.get(enrolment.pk, [])
        top = [g for g in goals if g.parent_id is None]
        wanted: list[tuple[str, list[Goal]]] = [("Kartläggning", [])]
        if rng.random() < 0.7:
            wanted.append(("Motiverande samtal", [g for g in top if "struktur" in g.description.lower()][:1]))
        for goal in top:
            name = _activity_for_goal(goal, profile)
            if name and name in catalogue and all(name != w for w, _g in wanted):
                children = [g for g in goals if g.parent_id == goal.pk]
                wanted.append((name, [goal, *rng.sample(children, min(len(children), rng.randint(0, 2)))]))
        if not top:
            wanted.append((rng.choice(PROFILE_ACTIVITIES[profile]), []))
        for index, (name, served) in enumerate(wanted[:4]):
            activity_type = catalogue.get(name)
            if activity_type is None:
                continue
            if index == 0:
                start = enrolment.start_date + datetime.timedelta(days=rng.randint(0, 7))
            else:
                start = enrolment.start_date + datetime.timedelta(days=rng.randint(14, 70))
            if start > min(end, today):
                continue
            low_weeks, high_weeks = WEEKS.get(name, (8, 30))
            planned_end = start + WEEK * rng.randint(low_weeks, high_weeks)
            finished = planned_end < today or end < today
            end_date = min(planned_end, end) if finished else (planned_end if rng.random() < 0.5 else None)
            reason = ""
            if finished:
                reason = (
                    Activity.EndReason.DISCONTINUED if rng.random() < 0.15 else Activity.EndReason.COMPLETED
                )
            low, high = PLANNED_HOURS.get(name, (2, 6))
            planned_hours = max(Decimal(round(rng.uniform(low, high) * 2) / 2), Decimal("0.5"))
            provider_choices = orgs.get(enrolment.project_id, [])
            activity = Activity(
                enrolment=enrolment,
                activity_type=activity_type,
                start_date=start,
                end_date=end_date,
                end_reason=reason,
                provider=rng.choice(provider_choices) if provider_choices and name in PLACES else None,
                place=rng.choice(PLACES[name]) if name in PLACES else "",
                planned_hours_per_week=planned_hours.quantize(Decimal("0.1")),
                created_by=enrolment.coach,
            )
            # One report a week while it ran (the current week is not over), each a share of the plan;
            # a week missed now and then.
            weeks = []
            last_day = min(end_date or today, end, week_start(today) - datetime.timedelta(days=1))
            week = week_start(start)
            attendance = rng.uniform(0.55, 1.0)
            while week <= last_day:
                if rng.random() < 0.9:
                    done = _hours(
                        rng,
                        float(planned_hours) * attendance * 0.7,
                        float(planned_hours) * min(1.1, attendance + 0.2),
                    )
                    weeks.append((week, min(done, Decimal(168))))
                week += WEEK
            planned.append((activity, served, weeks))

    Activity.objects.bulk_create([a for a, _g, _w in planned], batch_size=1000)
    Through = Activity.goals.through
    links = [Through(activity_id=a.pk, goal_id=g.pk) for a, served, _w in planned for g in served]
    Through.objects.bulk_create(links, batch_size=2000)
    rows = [
        ActivityHours(activity=a, week=w, hours=h, reported_by=a.created_by)
        for a, _g, weeks in planned
        for w, h in weeks
    ]
    ActivityHours.objects.bulk_create(rows, batch_size=2000)
    for activity, _served, weeks in planned:
        enrolment = activity.enrolment
        ids = {"person_id": enrolment.person_id, "enrolment_id": enrolment.pk, "object_id": activity.pk}
        writer.log(activity.created_by, "activities.activity.created", enrolment.project_id, **ids)
        if activity.end_reason:
            writer.log(activity.created_by, "activities.activity.ended", enrolment.project_id, **ids)
        for _week in weeks:
            writer.log(activity.created_by, "activities.hours.reported", enrolment.project_id, **ids)
    writer.counts.activities = len(planned)
    writer.counts.with_goals = sum(1 for _a, served, _w in planned if served)
    writer.counts.hours_rows = len(rows)


def _groups(writer: _Writer, types: dict[int, dict[str, ActivityType]], users: dict[str, User]) -> None:
    rng, today = writer.rng, writer.today
    projects = {p.diarienummer: p for p in Project.objects.filter(diarienummer__in={g[0] for g in GROUPS})}
    coaches: dict[int, list[User]] = {}
    for membership in (
        Membership.objects.filter(project__in=projects.values(), role=Role.COACH)
        .select_related("user")
        .order_by("pk")
    ):
        coaches.setdefault(membership.project_id, []).append(membership.user)
    showcase = users.get("handledare")
    for number, (dnr, title, activity_name, weekday, (hour, minute), length, place, capacity) in enumerate(
        GROUPS
    ):
        project = projects.get(dnr)
        if project is None or (project.end_date is not None and project.end_date < today):
            continue
        activity_type = types[project.pk].get(activity_name)
        team = coaches.get(project.pk, [])
        if activity_type is None or not team:
            continue
        leader = showcase if showcase in team and number % 3 == 0 else rng.choice(team)
        first = today - WEEK * GROUP_WEEKS
        first += datetime.timedelta(days=(weekday - first.weekday()) % 7)
        start = max(first, project.start_date or first)
        group = GroupActivity.objects.create(
            project=project,
            activity_type=activity_type,
            title=title,
            leader=leader,
            start_date=start,
            place=place,
            capacity=capacity,
            description="",
            created_by=leader,
        )
        writer.log(leader, "activities.group.created", project.pk, object_id=group.pk)
        duration = Decimal(length)
        days = []
        day = start
        while day <= today + WEEK * GROUP_WEEKS_AHEAD:
            days.append(day)
            day += WEEK
        cancelled_day = rng.choice(days[2:-4]) if len(days) > 8 else None
        sessions = GroupSession.objects.bulk_create(
            GroupSession(
                group_activity=group,
                date=d,
                start_time=datetime.time(hour, minute),
                duration_hours=duration,
                cancelled=d == cancelled_day,
                note="Ledaren sjuk" if d == cancelled_day else "",
            )
            for d in days
        )
        writer.log(leader, "activities.session.added", project.pk, object_id=group.pk)

        # Participants open at some point in the group's time; the showcase coach's caseload first in REBUS.
        candidates = list(
            Enrolment.objects.filter(project=project, start_date__lte=today - WEEK)
            .exclude(exit__exit_date__lt=start)
            .exclude(exit__reason=Exit.Reason.MISREGISTRATION)
            .select_related("exit")
            .order_by("pk")
        )
        rng.shuffle(candidates)
        size = min(len(candidates), capacity or 12, rng.randint(7, 12))
        if leader == showcase:
            # Mostly the showcase coach's own participants, and a few of a colleague's, whom she
            # sees only as a count.
            own = [e for e in candidates if e.coach_id == leader.pk]
            others = [e for e in candidates if e.coach_id != leader.pk]
            candidates = own[: size - 3] + others[:3]
        bookings: list[GroupBooking] = []
        for enrolment in candidates[:size]:
            opens = max(start, enrolment.start_date)
            booked_from = next((d for d in days if d >= opens), None)
            if booked_from is None or booked_from > today:
                continue
            exit_date = enrolment.exit.exit_date if enrolment.phase == Phase.AVSLUT else None
            if exit_date is not None and exit_date < booked_from:
                continue
            left_on = exit_date
            if left_on is None and rng.random() < 0.12:
                left_on = booked_from + WEEK * rng.randint(3, 10)
                left_on = left_on if left_on < today else None
            bookings.append(
                GroupBooking(
                    group_activity=group,
                    enrolment=enrolment,
                    booked_from=booked_from,
                    left_on=left_on,
                    booked_by=enrolment.coach,
                )
            )
        GroupBooking.objects.bulk_create(bookings)
        for booking in bookings:
            enrolment = booking.enrolment
            writer.log(
                booking.booked_by,
                "activities.booking.added",
                project.pk,
                person_id=enrolment.person_id,
                enrolment_id=enrolment.pk,
                object_id=group.pk,
            )

        # Attendance for every session held, except the latest one, which waits for the leader.
        held = [s for s in sessions if s.date <= today and not s.cancelled]
        to_record = held[:-1] if held and rng.random() < 0.7 else held
        rows = []
        reliability = {b.enrolment_id: rng.uniform(0.7, 0.97) for b in bookings}
        for session in to_record:
            for booking in bookings:
                if not booking.covers(session.date) or booking.enrolment.start_date > session.date:
                    continue
                roll = rng.random()
                if roll < reliability[booking.enrolment_id]:
                    status = AttendanceStatus.PRESENT
                    hours = (
                        duration if rng.random() > 0.08 else max(duration - Decimal("0.5"), Decimal("0.5"))
                    )
                elif roll < reliability[booking.enrolment_id] + (1 - reliability[booking.enrolment_id]) * 0.6:
                    status, hours = AttendanceStatus.NOTIFIED, Decimal(0)
                else:
                    status, hours = AttendanceStatus.ABSENT, Decimal(0)
                rows.append(
                    Attendance(
                        session=session,
                        enrolment=booking.enrolment,
                        status=status,
                        hours=hours,
                        recorded_by=leader,
                    )
                )
                writer.counts.statuses[status] += 1
                writer.log(
                    leader,
                    "activities.attendance.recorded",
                    project.pk,
                    person_id=booking.enrolment.person_id,
                    enrolment_id=booking.enrolment_id,
                    object_id=session.pk,
                )
        Attendance.objects.bulk_create(rows, batch_size=2000)
        writer.counts.groups += 1
        writer.counts.sessions += len(sessions)
        writer.counts.bookings += len(bookings)
        writer.counts.attendance += len(rows)


def seed(*, today: datetime.date, rng: random.Random, users: dict[str, User]) -> list[str]:
    """The catalogue for every project, individual activities with hours, and group activities."""
    added = 0
    for project in Project.objects.order_by("pk"):
        added += services.catalogue_ensure_defaults(project=project, by=None)
    types: dict[int, dict[str, ActivityType]] = {}
    for activity_type in ActivityType.objects.order_by("pk"):
        types.setdefault(activity_type.project_id, {})[activity_type.name] = activity_type
    orgs: dict[int, list[Organisation]] = {}
    for project in Project.objects.prefetch_related("partners__organisation").order_by("pk"):
        orgs[project.pk] = [p.organisation for p in project.partners.all() if p.organisation.kind == "kommun"]

    writer = _Writer(today, rng)
    _individual(writer, types, orgs)
    _groups(writer, types, users)
    writer.flush_audit()

    counts = writer.counts
    statuses = counts.statuses or Counter()
    total_hours = (ActivityHours.objects.aggregate(h=Sum("hours"))["h"] or 0) + (
        Attendance.objects.aggregate(h=Sum("hours"))["h"] or 0
    )
    with_activities = Activity.objects.aggregate(n=Count("enrolment", distinct=True))["n"]
    return [
        "",
        f"Insatskatalog: {added} insatser i {len(types)} projekt.",
        f"Individuella insatser: {counts.activities} för {with_activities} inskrivningar "
        f"({counts.with_goals} kopplade till mål); veckor med rapporterade timmar: {counts.hours_rows}.",
        f"Gruppaktiviteter: {counts.groups} med {counts.sessions} tillfällen och {counts.bookings} bokningar; "
        f"närvaro: {counts.attendance} registreringar ({statuses[AttendanceStatus.PRESENT]} närvarande, "
        f"{statuses[AttendanceStatus.NOTIFIED]} anmäld frånvaro, {statuses[AttendanceStatus.ABSENT]} oanmäld frånvaro).",
        f"Timmar i insatser totalt: {round(total_hours)}.",
    ]
