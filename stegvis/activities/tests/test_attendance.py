"""The attendance list of a session: quick to fill in, nothing typed lost, others' participants hidden."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stegvis.activities import services
from stegvis.activities.models import Attendance
from stegvis.audit.models import AuditEntry

TODAY = datetime.date.today()


def _url(world, session) -> str:
    return reverse("activities:attendance", args=[world.project_a.pk, session.group_activity_id, session.pk])


def test_one_submit_records_every_answered_row(world, today_session):
    a, r = world.alice_enrolment.pk, world.rita_enrolment.pk
    response = world.client_for("alice").post(
        _url(world, today_session), {f"d{a}-status": "present", f"d{a}-hours": "", f"d{r}-status": "notified"}
    )
    assert response.status_code == 302
    recorded = {x.enrolment_id: (x.status, x.hours) for x in today_session.attendances.all()}
    assert recorded == {a: ("present", Decimal("2.00")), r: ("notified", Decimal("0.00"))}
    entry = AuditEntry.objects.filter(action="activities.attendance.recorded", enrolment_id=a).get()
    assert entry.object_id == today_session.pk and entry.user == world.alice


def test_htmx_saves_one_row_and_answers_with_that_row(world, today_session):
    a = world.alice_enrolment.pk
    response = world.client_for("alice").post(
        _url(world, today_session),
        {"row": str(a), f"d{a}-status": "present", f"d{a}-hours": "1,25"},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert f'id="row-{a}"' in content and "Sparad" in content and 'hx-swap-oob="true"' in content
    assert Attendance.objects.get(session=today_session, enrolment_id=a).hours == Decimal("1.25")


def test_bad_hours_keep_every_row_as_typed_and_save_nothing(world, today_session):
    a, r = world.alice_enrolment.pk, world.rita_enrolment.pk
    response = world.client_for("alice").post(
        _url(world, today_session),
        {f"d{a}-status": "present", f"d{a}-hours": "3", f"d{r}-status": "absent"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tillfället är 2 timmar långt." in page
    assert 'value="3"' in page
    assert f'id="id_d{r}-status_2" checked' in page or f'value="absent" id="id_d{r}-status_2" checked' in page
    assert "Närvaron är inte sparad" in page
    assert not Attendance.objects.filter(session=today_session).exists()


def test_htmx_row_with_an_error_is_returned_with_the_input(world, today_session):
    a = world.alice_enrolment.pk
    response = world.client_for("alice").post(
        _url(world, today_session),
        {"row": str(a), f"d{a}-status": "present", f"d{a}-hours": "abc"},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert 'value="abc"' in content and "field-error" in content and "Sparad" not in content


def test_coach_sees_own_participants_by_name_and_the_others_as_counts(world, past_session):
    page = world.client_for("alice").get(_url(world, past_session)).content.decode()
    assert "Aina" in page and "Rune" in page and "Bertil" not in page
    assert "Dessutom 1 bokad deltagare hos en annan handledare" in page
    assert "1 närvarande, 0 med anmäld frånvaro, 0 med oanmäld frånvaro" in page
    petra = world.client_for("petra").get(_url(world, past_session)).content.decode()
    assert "Bertil" in petra and "Dessutom" not in petra


def test_coach_cannot_record_for_a_colleagues_participant(world, today_session):
    b = world.bob_enrolment.pk
    response = world.client_for("alice").post(
        _url(world, today_session), {"row": str(b), f"d{b}-status": "present"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404
    response = world.client_for("alice").post(_url(world, today_session), {f"d{b}-status": "present"})
    assert not Attendance.objects.filter(enrolment_id=b).exists()
    assert "Välj närvaro för minst en deltagare" in response.content.decode()


def test_future_or_cancelled_session_cannot_be_recorded(world, group):
    (future,) = services.sessions_add(
        group=group,
        first_date=TODAY + datetime.timedelta(days=7),
        start_time=datetime.time(10),
        duration_hours=Decimal(2),
        by=world.petra,
    )
    a = world.alice_enrolment.pk
    page = world.client_for("alice").get(_url(world, future)).content.decode()
    assert "Tillfället har inte varit ännu" in page
    world.client_for("alice").post(_url(world, future), {f"d{a}-status": "present"})
    assert not Attendance.objects.exists()
    with pytest.raises(ValidationError):
        services.attendance_record(
            session=future,
            entries=[services.AttendanceEntry(world.alice_enrolment, "present")],
            by=world.alice,
        )


def test_only_booked_participants_can_be_recorded(world, group, today_session):
    booking = group.bookings.get(enrolment=world.alice_enrolment)
    booking.booked_from = TODAY + datetime.timedelta(days=1)
    booking.save()
    with pytest.raises(ValidationError) as raised:
        services.attendance_record(
            session=today_session,
            entries=[services.AttendanceEntry(world.alice_enrolment, "present")],
            by=world.alice,
        )
    assert str(world.alice_enrolment.pk) in raised.value.message_dict


def test_prefill_marks_unrecorded_rows_present_without_saving(world, today_session):
    page = (
        world.client_for("alice").get(_url(world, today_session), {"forval": "narvarande"}).content.decode()
    )
    assert page.count('value="present" id="id_d') == 2
    assert page.count("checked") >= 2
    assert not Attendance.objects.exists()


def test_session_without_bookings_shows_the_empty_state(world):
    from stegvis.activities.tests.factories import activity_type

    group = services.group_activity_create(
        project=world.project_a,
        data=services.GroupActivityData(
            activity_type=activity_type(world.project_a, "Friskvård"), title="Tom grupp", start_date=TODAY
        ),
        by=world.petra,
    )
    (session,) = services.sessions_add(
        group=group, first_date=TODAY, start_time=datetime.time(9), duration_hours=Decimal(1), by=world.petra
    )
    page = world.client_for("petra").get(_url(world, session)).content.decode()
    assert "Ingen är bokad på det här tillfället" in page
