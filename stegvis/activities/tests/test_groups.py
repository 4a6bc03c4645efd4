"""Group activities: creating them, weekly sessions and bookings, with what each user may see."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stegvis.activities import services
from stegvis.activities.models import GroupActivity, GroupBooking, GroupSession
from stegvis.activities.tests.factories import GROUP_TITLE, activity_type

TODAY = datetime.date.today()


def test_coach_creates_a_group_adds_weekly_sessions_and_books_own_participants(world):
    client = world.client_for("alice")
    project = world.project_a
    response = client.post(
        reverse("activities:group_add", args=[project.pk]),
        {
            "activity_type": activity_type(project, "Social träning").pk,
            "title": "Fika och samtal",
            "leader": world.alice.pk,
            "start_date": TODAY.isoformat(),
            "place": "Träffpunkten",
        },
    )
    group = GroupActivity.objects.get(title="Fika och samtal")
    assert response["Location"] == reverse("activities:group_detail", args=[project.pk, group.pk])

    until = TODAY + datetime.timedelta(weeks=3)
    response = client.post(
        reverse("activities:session_add", args=[project.pk, group.pk]),
        {
            "first_date": TODAY.isoformat(),
            "start_time": "13:30",
            "duration_hours": "1,5",
            "repeat_until": until.isoformat(),
        },
    )
    assert response.status_code == 302
    sessions = list(group.sessions.all())
    assert [s.date for s in sessions] == [TODAY + datetime.timedelta(weeks=n) for n in range(4)]
    assert {s.duration_hours for s in sessions} == {Decimal("1.50")}

    url = reverse("activities:bookings", args=[project.pk, group.pk])
    page = client.get(url).content.decode()
    assert "Aina" in page and "Rune" in page and "Bertil" not in page
    response = client.post(
        url,
        {"enrolments": [world.alice_enrolment.pk, world.rita_enrolment.pk], "booked_from": TODAY.isoformat()},
    )
    assert response.status_code == 302
    assert set(group.bookings.values_list("enrolment", flat=True)) == {
        world.alice_enrolment.pk,
        world.rita_enrolment.pk,
    }


def test_coach_cannot_book_a_colleagues_participant(world, group):
    other = services.group_activity_create(
        project=world.project_a,
        data=services.GroupActivityData(
            activity_type=activity_type(world.project_a, "Friskvård"), title="Promenad", start_date=TODAY
        ),
        by=world.alice,
    )
    response = world.client_for("alice").post(
        reverse("activities:bookings", args=[world.project_a.pk, other.pk]),
        {"enrolments": [world.bob_enrolment.pk], "booked_from": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not other.bookings.exists()


def test_group_page_names_own_participants_and_counts_the_others(world, group, past_session):
    alice_page = (
        world.client_for("alice")
        .get(reverse("activities:group_detail", args=[world.project_a.pk, group.pk]))
        .content.decode()
    )
    assert "Aina" in alice_page and "Rune" in alice_page and "Bertil" not in alice_page
    assert "Dessutom 1 deltagare hos en annan handledare" in alice_page
    petra_page = (
        world.client_for("petra")
        .get(reverse("activities:group_detail", args=[world.project_a.pk, group.pk]))
        .content.decode()
    )
    assert "Bertil" in petra_page and "Dessutom" not in petra_page


def test_weekly_sessions_must_fit_the_group_and_not_clash(world, group):
    with pytest.raises(ValidationError, match="inom gruppaktivitetens period"):
        services.sessions_add(
            group=group,
            first_date=datetime.date(2024, 1, 1),
            start_time=datetime.time(9),
            duration_hours=Decimal(2),
            by=world.alice,
        )
    services.sessions_add(
        group=group, first_date=TODAY, start_time=datetime.time(9), duration_hours=Decimal(2), by=world.alice
    )
    with pytest.raises(ValidationError, match="redan ett tillfälle"):
        services.sessions_add(
            group=group,
            first_date=TODAY - datetime.timedelta(weeks=1),
            repeat_until=TODAY,
            start_time=datetime.time(9),
            duration_hours=Decimal(2),
            by=world.alice,
        )
    assert group.sessions.count() == 1


def test_session_form_keeps_input_on_error(world, group):
    response = world.client_for("alice").post(
        reverse("activities:session_add", args=[world.project_a.pk, group.pk]),
        {"first_date": TODAY.isoformat(), "start_time": "10:15", "duration_hours": "20"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="10:15"' in page and 'value="20"' in page


def test_capacity_is_kept(world):
    group = services.group_activity_create(
        project=world.project_a,
        data=services.GroupActivityData(
            activity_type=activity_type(world.project_a, "Friskvård"),
            title="Liten grupp",
            start_date=TODAY,
            capacity=1,
        ),
        by=world.petra,
    )
    with pytest.raises(ValidationError, match="1 platser"):
        services.bookings_add(
            group=group,
            enrolments=[world.alice_enrolment, world.bob_enrolment],
            booked_from=TODAY,
            by=world.petra,
        )


def test_unbooking_removes_or_ends_the_booking(world, group, past_session):
    # Aina has attendance: her booking ends and stays; a fresh booking without attendance is removed.
    aina = group.bookings.get(enrolment=world.alice_enrolment)
    client = world.client_for("alice")
    url = reverse("activities:booking_end", args=[world.project_a.pk, group.pk, aina.pk])
    assert client.post(url, {"left_on": TODAY.isoformat()}).status_code == 302
    aina.refresh_from_db()
    assert aina.left_on == TODAY
    other = services.group_activity_create(
        project=world.project_a,
        data=services.GroupActivityData(
            activity_type=activity_type(world.project_a, "Friskvård"), title="Ny grupp", start_date=TODAY
        ),
        by=world.alice,
    )
    (booking,) = services.bookings_add(
        group=other, enrolments=[world.alice_enrolment], booked_from=TODAY, by=world.alice
    )
    url = reverse("activities:booking_end", args=[world.project_a.pk, other.pk, booking.pk])
    client.post(url, {"left_on": TODAY.isoformat()})
    assert not GroupBooking.objects.filter(pk=booking.pk).exists()


def test_coach_cannot_unbook_a_colleagues_participant(world, group):
    bertil = group.bookings.get(enrolment=world.bob_enrolment)
    url = reverse("activities:booking_end", args=[world.project_a.pk, group.pk, bertil.pk])
    assert world.client_for("alice").post(url, {"left_on": TODAY.isoformat()}).status_code == 404
    assert GroupBooking.objects.filter(pk=bertil.pk, left_on__isnull=True).exists()


def test_session_with_attendance_cannot_be_deleted_or_cancelled(world, group, past_session):
    client = world.client_for("petra")
    client.post(reverse("activities:session_delete", args=[world.project_a.pk, group.pk, past_session.pk]))
    assert GroupSession.objects.filter(pk=past_session.pk).exists()
    with pytest.raises(ValidationError, match="kan inte ställas in"):
        services.session_update(
            session=past_session,
            date=past_session.date,
            start_time=past_session.start_time,
            duration_hours=past_session.duration_hours,
            cancelled=True,
            note="",
            by=world.petra,
        )


def test_group_list_shows_ongoing_groups_and_the_empty_state(world, group):
    client = world.client_for("bob")
    url = reverse("activities:group_list", args=[world.project_a.pk])
    assert GROUP_TITLE in client.get(url).content.decode()
    GroupActivity.objects.filter(pk=group.pk).update(end_date=TODAY - datetime.timedelta(days=1))
    page = client.get(url).content.decode()
    assert GROUP_TITLE not in page and "Inga pågående gruppaktiviteter" in page
    assert GROUP_TITLE in client.get(url, {"visa": "alla"}).content.decode()


def test_group_page_empty_state_before_any_session(world, group):
    page = (
        world.client_for("alice")
        .get(reverse("activities:group_detail", args=[world.project_a.pk, group.pk]))
        .content.decode()
    )
    assert "Inga tillfällen ännu" in page
