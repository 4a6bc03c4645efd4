"""Query counts of every activities list and detail page do not grow with participants (NetBox's baselines)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from stegvis.activities import services
from stegvis.activities.tests.factories import activity_type, first_of_last_month
from stegvis.participants.tests.factories import enrol
from stegvis.plans.models import ActionPlan, Goal

TODAY = datetime.date.today()


def _more_participants(world, group, session, n=6):
    """n more of bob's participants, each booked on the group, recorded, with an activity and hours."""
    added = []
    for i in range(n):
        enrolment = enrol(
            project=world.project_a,
            coach=world.bob,
            first_name=f"Extra{i}",
            birth=datetime.date(1982, 3, i + 1),
        )
        services.bookings_add(group=group, enrolments=[enrolment], booked_from=session.date, by=world.petra)
        services.attendance_record(
            session=session, entries=[services.AttendanceEntry(enrolment, "present")], by=world.petra
        )
        activity = services.activity_create(
            enrolment=enrolment,
            data=services.ActivityData(
                activity_type=activity_type(world.project_a, "Praktik"), start_date=session.date
            ),
            by=world.bob,
        )
        monday = session.date - datetime.timedelta(days=session.date.weekday())
        services.hours_report(activity=activity, hours={monday: Decimal(10)}, by=world.bob)
        added.append(enrolment)
    return added


PAGES = [
    ("petra", "activities:catalogue", lambda w, g, s: [w.project_a.pk], 12),
    ("petra", "activities:group_list", lambda w, g, s: [w.project_a.pk], 10),
    ("petra", "activities:group_detail", lambda w, g, s: [w.project_a.pk, g.pk], 14),
    ("alice", "activities:group_detail", lambda w, g, s: [w.project_a.pk, g.pk], 14),
    ("petra", "activities:bookings", lambda w, g, s: [w.project_a.pk, g.pk], 16),
    ("petra", "activities:attendance", lambda w, g, s: [w.project_a.pk, g.pk, s.pk], 14),
    ("alice", "activities:attendance", lambda w, g, s: [w.project_a.pk, g.pk, s.pk], 16),
    ("petra", "activities:hours", lambda w, g, s: [w.project_a.pk], 18),
]


@pytest.mark.parametrize(("persona", "name", "args", "bound"), PAGES)
def test_page_query_count_does_not_grow_with_participants(
    world, group, past_session, count_queries, persona, name, args, bound
):
    client = world.client_for(persona)
    url = reverse(name, args=args(world, group, past_session))
    params = {"start": first_of_last_month().isoformat(), "end": TODAY.isoformat()}
    count_queries(client, url, data=params)  # first visit adds the catalogue defaults
    before = count_queries(client, url, data=params)
    _more_participants(world, group, past_session)
    after = count_queries(client, url, data=params)
    assert after == before <= bound


def test_participant_pages_query_count_does_not_grow_with_activities(
    world, activity, group, past_session, count_queries
):
    client = world.client_for("alice")
    enrolment = world.alice_enrolment
    urls = [
        reverse("activities:enrolment_activities", args=[enrolment.pk]),
        reverse("activities:activity_detail", args=[enrolment.pk, activity.pk]),
        reverse("participants:detail", args=[enrolment.pk]),
    ]
    plan = ActionPlan.objects.create(enrolment=enrolment, created_by=world.alice)
    goals = [Goal.objects.create(plan=plan, description=f"Mål {n}") for n in range(3)]
    before = [count_queries(client, url) for url in urls]
    for _n in range(4):
        extra = services.activity_create(
            enrolment=enrolment,
            data=services.ActivityData(
                activity_type=activity_type(world.project_a, "Motiverande samtal"),
                start_date=activity.start_date,
                goals=goals,
            ),
            by=world.alice,
        )
        monday = activity.start_date - datetime.timedelta(days=activity.start_date.weekday())
        services.hours_report(
            activity=extra,
            hours={monday + datetime.timedelta(weeks=w): Decimal(1) for w in range(3)},
            by=world.alice,
        )
    services.activity_update(
        activity=activity,
        data=services.ActivityData(
            activity_type=activity.activity_type, start_date=activity.start_date, goals=goals
        ),
        expected_version=activity.version,
        by=world.alice,
    )
    after = [count_queries(client, url) for url in urls]
    assert after == before
    assert before[0] <= 10 and before[1] <= 12
