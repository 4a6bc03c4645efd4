"""Hours per participant and per activity type add up, computed set-based.

The expectation is worked out by hand below, from individual weeks and group sessions in
and around one period (March 2024), for three participants of both genders.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.activities import selectors, services
from stegvis.activities.tests.factories import activity_type
from stegvis.participants.tests.factories import enrol

D = datetime.date
MARCH = (D(2024, 3, 1), D(2024, 3, 31))


def _activity(world, enrolment, name, start, by):
    return services.activity_create(
        enrolment=enrolment,
        data=services.ActivityData(activity_type=activity_type(world.project_a, name), start_date=start),
        by=by,
    )


def _session(world, group, day, hours):
    (session,) = services.sessions_add(
        group=group,
        first_date=day,
        start_time=datetime.time(10),
        duration_hours=Decimal(hours),
        by=world.petra,
    )
    return session


@pytest.fixture
def march(world):
    """Aina (kvinna, alice), Bertil (man, bob) and Rune (man, alice) in March 2024.

    Individual weeks (Monday → hours); a week counts where its Thursday falls:
      Aina, Arbetsträning: 26 Feb 8 (Thu 29 Feb: February, not counted), 4 Mar 8, 11 Mar 6.5,
                           25 Mar 4 (Thu 28 Mar: March)                        → 18.5 in March
      Aina, Motiverande samtal: 18 Mar 1                                       →  1
      Bertil, Praktik: 11 Mar 20, 1 Apr 20 (April, not counted)                → 20
    Group "Friskvård" (2 h sessions) on 5, 12 and 19 Mar, and 2 Apr (April):
      Aina: present, present (1.5 h), absent with notice                       →  3.5
      Bertil: present, absent, present                                         →  4
      Rune: absent with notice, present, present; and present on 2 Apr         →  4
    Per type: Arbetsträning 18.5, Motiverande samtal 1, Praktik 20, Friskvård 11.5 → 51
    Per participant: Aina 18.5 + 1 + 3.5 = 23, Bertil 20 + 4 = 24, Rune 4      → 51
    Per gender: kvinna 23, man 28                                              → 51
    """
    a, b, r = world.alice_enrolment, world.bob_enrolment, world.rita_enrolment
    alice, bob = world.alice, world.bob
    training = _activity(world, a, "Arbetsträning", D(2024, 2, 26), alice)
    services.hours_report(
        activity=training,
        hours={
            D(2024, 2, 26): Decimal(8),
            D(2024, 3, 4): Decimal(8),
            D(2024, 3, 11): Decimal("6.5"),
            D(2024, 3, 25): Decimal(4),
        },
        by=alice,
    )
    talks = _activity(world, a, "Motiverande samtal", D(2024, 3, 1), alice)
    services.hours_report(activity=talks, hours={D(2024, 3, 18): Decimal(1)}, by=alice)
    placement = _activity(world, b, "Praktik", D(2024, 3, 11), bob)
    services.hours_report(
        activity=placement, hours={D(2024, 3, 11): Decimal(20), D(2024, 4, 1): Decimal(20)}, by=bob
    )

    group = services.group_activity_create(
        project=world.project_a,
        data=services.GroupActivityData(
            activity_type=activity_type(world.project_a, "Friskvård"), title="Gym", start_date=D(2024, 3, 1)
        ),
        by=world.petra,
    )
    services.bookings_add(group=group, enrolments=[a, b, r], booked_from=D(2024, 3, 1), by=world.petra)
    Entry = services.AttendanceEntry
    plan = {
        D(2024, 3, 5): [Entry(a, "present"), Entry(b, "present"), Entry(r, "notified")],
        D(2024, 3, 12): [Entry(a, "present", Decimal("1.5")), Entry(b, "absent"), Entry(r, "present")],
        D(2024, 3, 19): [Entry(a, "notified"), Entry(b, "present"), Entry(r, "present")],
        D(2024, 4, 2): [Entry(r, "present")],
    }
    for day, entries in plan.items():
        services.attendance_record(session=_session(world, group, day, 2), entries=entries, by=world.petra)
    return world


def test_hours_per_type_and_per_participant_add_up_to_the_hand_computed_total(march):
    world = march
    summary = selectors.hours_summary(world.petra, world.project_a, start=MARCH[0], end=MARCH[1])
    by_type = {t.activity_type.name: (t.individual, t.group, t.participants) for t in summary.by_type}
    assert by_type == {
        "Arbetsträning": (Decimal("18.5"), 0, 1),
        "Motiverande samtal": (Decimal(1), 0, 1),
        "Praktik": (Decimal(20), 0, 1),
        "Friskvård": (0, Decimal("11.5"), 3),
    }
    by_person = {p.enrolment.person.first_name: (p.individual, p.group) for p in summary.by_participant}
    assert by_person == {
        "Aina": (Decimal("19.5"), Decimal("3.5")),
        "Bertil": (Decimal(20), Decimal(4)),
        "Rune": (0, Decimal(4)),
    }
    total = Decimal(51)
    assert summary.total == total
    assert (summary.individual_total, summary.group_total) == (Decimal("39.5"), Decimal("11.5"))
    assert sum(t.total for t in summary.by_type) == total
    assert sum(p.total for p in summary.by_participant) == total
    genders = dict(zip(["kvinna", "man", "annan", "saknas"], summary.gender_totals, strict=True))
    assert genders == {"kvinna": Decimal(23), "man": Decimal(28), "annan": 0, "saknas": 0}


def test_coach_sums_only_own_participants(march):
    world = march
    summary = selectors.hours_summary(world.alice, world.project_a, start=MARCH[0], end=MARCH[1])
    assert {p.enrolment.person.first_name for p in summary.by_participant} == {"Aina", "Rune"}
    assert summary.total == Decimal(23) + Decimal(4)
    assert sum(t.total for t in summary.by_type) == summary.total


def test_hours_page_shows_the_tables_with_their_sums(march):
    page = (
        march.client_for("petra")
        .get(
            reverse("activities:hours", args=[march.project_a.pk]),
            {"start": "2024-03-01", "end": "2024-03-31"},
        )
        .content.decode()
    )
    assert "Arbetsträning" in page and "Bertil" in page
    assert page.count(">51<") >= 3  # stat tile, type table, gender table and participant table totals
    bob_page = (
        march.client_for("bob")
        .get(
            reverse("activities:hours", args=[march.project_a.pk]),
            {"start": "2024-03-01", "end": "2024-03-31"},
        )
        .content.decode()
    )
    assert "Aina" not in bob_page and "Rune" not in bob_page


def test_hours_page_empty_state(world):
    page = (
        world.client_for("alice").get(reverse("activities:hours", args=[world.project_a.pk])).content.decode()
    )
    assert "Inga timmar under perioden" in page


def test_summary_query_count_does_not_grow_with_participants(march):
    world = march

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.hours_summary(world.petra, world.project_a, start=MARCH[0], end=MARCH[1])
        return len(captured)

    queries()  # the user's roles are read once and cached on the user
    before = queries()
    for n in range(6):
        extra = enrol(
            project=world.project_a, coach=world.bob, first_name=f"Extra{n}", birth=D(1985, 1, n + 1)
        )
        activity = _activity(world, extra, "Praktik", D(2024, 3, 4), world.bob)
        services.hours_report(activity=activity, hours={D(2024, 3, 4): Decimal(n + 1)}, by=world.bob)
    assert queries() == before <= 12
    summary = selectors.hours_summary(world.petra, world.project_a, start=MARCH[0], end=MARCH[1])
    assert summary.total == Decimal(51) + sum(Decimal(n + 1) for n in range(6))
    assert (
        sum(p.total for p in summary.by_participant) == summary.total == sum(t.total for t in summary.by_type)
    )
