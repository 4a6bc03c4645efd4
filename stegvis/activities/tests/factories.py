"""Test data for activities, built through the services on top of the shared personas.

Each helper is idempotent (get or create), because the access matrix builds its URL
arguments from ``world`` once per persona.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from stegvis.activities import services
from stegvis.activities.models import Activity, ActivityType, GroupActivity, GroupSession
from stegvis.projects.models import Project

GROUP_TITLE = "Friskvård på gymmet"


def first_of_last_month(today: datetime.date | None = None) -> datetime.date:
    today = today or datetime.date.today()
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def activity_type(project: Project, name: str) -> ActivityType:
    services.catalogue_ensure_defaults(project=project, by=None)
    return ActivityType.objects.get(project=project, name=name)


def group_for(world) -> GroupActivity:
    """A weekly group in project A with Aina and Rune (alice's) and Bertil (bob's) booked."""
    existing = GroupActivity.objects.filter(project=world.project_a, title=GROUP_TITLE).first()
    if existing is not None:
        return existing
    group = services.group_activity_create(
        project=world.project_a,
        data=services.GroupActivityData(
            activity_type=activity_type(world.project_a, "Friskvård"),
            title=GROUP_TITLE,
            start_date=datetime.date(2024, 2, 1),
            leader=world.alice,
            place="Hagfors simhall",
        ),
        by=world.petra,
    )
    services.bookings_add(
        group=group,
        enrolments=[world.alice_enrolment, world.bob_enrolment, world.rita_enrolment],
        booked_from=datetime.date(2024, 2, 1),
        by=world.petra,
    )
    return group


def past_session_for(world) -> GroupSession:
    """A session in the previous month with everyone's attendance recorded."""
    group = group_for(world)
    day = first_of_last_month() + datetime.timedelta(days=7)
    session = group.sessions.filter(date=day).first()
    if session is not None:
        return session
    (session,) = services.sessions_add(
        group=group, first_date=day, start_time=datetime.time(10), duration_hours=Decimal(2), by=world.petra
    )
    services.attendance_record(
        session=session,
        entries=[
            services.AttendanceEntry(world.alice_enrolment, "present"),
            services.AttendanceEntry(world.bob_enrolment, "present", Decimal("1.5")),
            services.AttendanceEntry(world.rita_enrolment, "notified"),
        ],
        by=world.petra,
    )
    return session


def today_session_for(world) -> GroupSession:
    group = group_for(world)
    session = group.sessions.filter(date=datetime.date.today()).first()
    if session is None:
        (session,) = services.sessions_add(
            group=group,
            first_date=datetime.date.today(),
            start_time=datetime.time(13),
            duration_hours=Decimal(2),
            by=world.petra,
        )
    return session


def activity_for(world) -> Activity:
    """Alice's participant Aina in arbetsträning since last month, with hours reported."""
    enrolment = world.alice_enrolment
    existing = Activity.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    start = first_of_last_month()
    activity = services.activity_create(
        enrolment=enrolment,
        data=services.ActivityData(
            activity_type=activity_type(world.project_a, "Arbetsträning"),
            start_date=start,
            planned_hours_per_week=Decimal(10),
            place="Hagfors kommun, fastighetsavdelningen",
        ),
        by=world.alice,
    )
    monday = start - datetime.timedelta(days=start.weekday()) + datetime.timedelta(weeks=1)
    services.hours_report(activity=activity, hours={monday: Decimal(8)}, by=world.alice)
    return activity
