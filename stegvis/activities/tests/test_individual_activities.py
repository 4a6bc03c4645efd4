"""Individual activities on an enrolment: services directly, pages through HTTP."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stegvis.activities import services
from stegvis.activities.models import Activity, ActivityHours, week_start
from stegvis.activities.tests.factories import activity_type
from stegvis.audit.models import AuditEntry
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.plans.models import ActionPlan, Goal

TODAY = datetime.date.today()


def _plan_with_goal(enrolment, by, text="Komma ut i arbetsträning") -> Goal:
    plan = ActionPlan.objects.create(enrolment=enrolment, created_by=by)
    return Goal.objects.create(plan=plan, description=text)


def _data(world, name="Arbetsträning", **extra) -> services.ActivityData:
    return services.ActivityData(
        activity_type=activity_type(world.project_a, name), start_date=extra.pop("start_date", TODAY), **extra
    )


def test_activity_serves_goals_of_its_own_plan_only(world):
    own = _plan_with_goal(world.alice_enrolment, world.alice)
    other = _plan_with_goal(world.bob_enrolment, world.bob, "Bertils mål")
    activity = services.activity_create(
        enrolment=world.alice_enrolment, data=_data(world, goals=[own]), by=world.alice
    )
    assert list(own.activities.all()) == [activity]
    with pytest.raises(ValidationError, match="egen handlingsplan"):
        services.activity_create(
            enrolment=world.alice_enrolment, data=_data(world, goals=[other]), by=world.alice
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "Gruppaktivitet"}, "bara i grupp"),
        ({"start_date": datetime.date(2023, 12, 31)}, "före inskrivningen"),
        ({"end_date": datetime.date(2024, 1, 1), "start_date": datetime.date(2024, 2, 1)}, "före startdatum"),
    ],
)
def test_activity_rules(world, change, message):
    with pytest.raises(ValidationError, match=message):
        services.activity_create(enrolment=world.alice_enrolment, data=_data(world, **change), by=world.alice)


def test_activity_type_from_another_project_or_inactive_is_refused(world):
    other = activity_type(world.project_b, "Praktik")
    with pytest.raises(ValidationError, match="katalog"):
        services.activity_create(
            enrolment=world.alice_enrolment,
            data=services.ActivityData(activity_type=other, start_date=TODAY),
            by=world.alice,
        )
    inactive = activity_type(world.project_a, "Praktik")
    inactive.active = False
    inactive.save()
    with pytest.raises(ValidationError, match="inte längre"):
        services.activity_create(
            enrolment=world.alice_enrolment, data=_data(world, "Praktik"), by=world.alice
        )


def test_stale_edit_is_refused(world, activity):
    stale = activity.version
    services.activity_update(
        activity=activity,
        data=_data(world, start_date=activity.start_date),
        expected_version=stale,
        by=world.alice,
    )
    with pytest.raises(ConcurrentEditError):
        services.activity_update(
            activity=activity,
            data=_data(world, start_date=activity.start_date),
            expected_version=stale,
            by=world.petra,
        )


def test_hours_are_reported_per_week_inside_the_activity(world, activity):
    this_week = week_start(TODAY)
    first = week_start(activity.start_date)
    services.hours_report(activity=activity, hours={this_week: Decimal("7.5")}, by=world.alice)
    assert activity.hours.get(week=this_week).hours == Decimal("7.50")
    with pytest.raises(ValidationError, match="utanför"):
        services.hours_report(
            activity=activity, hours={this_week + datetime.timedelta(weeks=1): Decimal(3)}, by=world.alice
        )
    with pytest.raises(ValidationError, match="utanför"):
        services.hours_report(
            activity=activity, hours={first - datetime.timedelta(weeks=1): Decimal(3)}, by=world.alice
        )
    # None or 0 clears the week.
    assert services.hours_report(activity=activity, hours={this_week: Decimal(0)}, by=world.alice) == 1
    assert not activity.hours.filter(week=this_week).exists()
    assert AuditEntry.objects.filter(action="activities.hours.reported", object_id=activity.pk).count() == 3


def test_ending_keeps_hours_consistent(world, activity):
    last = activity.hours.order_by("-week").first()
    with pytest.raises(ValidationError, match="timmar efter"):
        services.activity_end(
            activity=activity,
            end_date=last.week - datetime.timedelta(days=1),
            end_reason="completed",
            expected_version=activity.version,
            by=world.alice,
        )
    services.activity_end(
        activity=activity,
        end_date=TODAY,
        end_reason="discontinued",
        expected_version=activity.version,
        by=world.alice,
    )
    assert activity.status(TODAY) == "ended"
    with pytest.raises(ValidationError, match="redan avslutad"):
        services.activity_end(
            activity=activity,
            end_date=TODAY,
            end_reason="completed",
            expected_version=activity.version,
            by=world.alice,
        )


# --- pages ------------------------------------------------------------------------------


def test_coach_adds_an_activity_towards_a_goal(world):
    goal = _plan_with_goal(world.alice_enrolment, world.alice)
    client = world.client_for("alice")
    url = reverse("activities:activity_add", args=[world.alice_enrolment.pk])
    page = client.get(url).content.decode()
    assert "Komma ut i arbetsträning" in page
    response = client.post(
        url,
        {
            "activity_type": activity_type(world.project_a, "Arbetsträning").pk,
            "start_date": TODAY.isoformat(),
            "planned_hours_per_week": "12,5",
            "place": "Kommunförrådet",
            "goals": [goal.pk],
            "note": "",
        },
    )
    activity = Activity.objects.get(enrolment=world.alice_enrolment)
    assert response["Location"] == reverse(
        "activities:activity_detail", args=[world.alice_enrolment.pk, activity.pk]
    )
    assert activity.planned_hours_per_week == Decimal("12.5")
    assert list(activity.goals.all()) == [goal]
    participant_page = client.get(
        reverse("participants:detail", args=[world.alice_enrolment.pk])
    ).content.decode()
    assert "Arbetsträning" in participant_page and "Kommunförrådet" in participant_page


def test_add_form_keeps_what_was_typed(world):
    client = world.client_for("alice")
    response = client.post(
        reverse("activities:activity_add", args=[world.alice_enrolment.pk]),
        {
            "activity_type": activity_type(world.project_a, "Praktik").pk,
            "start_date": "2024-03-10",
            "end_date": "2024-03-01",
            "place": "ICA Kvantum Hagfors",
            "planned_hours_per_week": "20",
            "note": "Börjar med halvdagar",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Slutdatum kan inte vara före startdatum." in page
    assert "ICA Kvantum Hagfors" in page and "Börjar med halvdagar" in page and 'value="2024-03-10"' in page
    assert not Activity.objects.exists()


def test_participant_without_plan_gets_a_note_instead_of_goals(world):
    page = (
        world.client_for("alice")
        .get(reverse("activities:activity_add", args=[world.alice_enrolment.pk]))
        .content.decode()
    )
    assert "ingen handlingsplan" in page


def test_stale_edit_shows_the_conflict_and_keeps_input(world, activity):
    client = world.client_for("alice")
    url = reverse("activities:activity_edit", args=[world.alice_enrolment.pk, activity.pk])
    Activity.objects.filter(pk=activity.pk).update(version=activity.version + 1)
    response = client.post(
        url,
        {
            "activity_type": activity.activity_type_id,
            "start_date": activity.start_date.isoformat(),
            "place": "Ny arbetsplats",
            "version": activity.version,
        },
    )
    page = response.content.decode()
    assert "Någon annan har sparat ändringar" in page and "Ny arbetsplats" in page
    activity.refresh_from_db()
    assert activity.place != "Ny arbetsplats"


def test_weekly_hours_form_saves_and_shows_the_total(world, activity):
    client = world.client_for("alice")
    url = reverse("activities:activity_detail", args=[world.alice_enrolment.pk, activity.pk])
    this_week = week_start(TODAY)
    field = f"w{this_week:%Y%m%d}"
    page = client.get(url).content.decode()
    assert f'name="{field}"' in page
    response = client.post(url, {field: "4,25"})
    assert response.status_code == 302
    assert ActivityHours.objects.get(activity=activity, week=this_week).hours == Decimal("4.25")
    page = client.get(url).content.decode()
    assert "12,25" in page  # 8 from the fixture plus 4,25


def test_bad_hours_keep_the_other_weeks(world, activity):
    client = world.client_for("alice")
    url = reverse("activities:activity_detail", args=[world.alice_enrolment.pk, activity.pk])
    this_week = week_start(TODAY)
    previous = this_week - datetime.timedelta(weeks=1)
    response = client.post(url, {f"w{this_week:%Y%m%d}": "200", f"w{previous:%Y%m%d}": "6"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="6"' in page and 'value="200"' in page
    assert not ActivityHours.objects.filter(activity=activity, week=previous).exists()


def test_end_page_ends_the_activity(world, activity):
    client = world.client_for("alice")
    url = reverse("activities:activity_end", args=[world.alice_enrolment.pk, activity.pk])
    response = client.post(
        url, {"end_date": TODAY.isoformat(), "end_reason": "completed", "version": activity.version}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.end_reason == "completed" and activity.end_date == TODAY
    timeline = client.get(reverse("participants:detail", args=[world.alice_enrolment.pk])).content.decode()
    assert (
        "Insats startade: Arbetsträning" in timeline
        and "Insats slutade: Arbetsträning (genomförd)" in timeline
    )


def test_enrolment_activities_page_empty_state(world):
    page = (
        world.client_for("alice")
        .get(reverse("activities:enrolment_activities", args=[world.alice_enrolment.pk]))
        .content.decode()
    )
    assert "Inga individuella insatser ännu" in page
    assert "inte bokad på någon gruppaktivitet" in page


def test_colleague_cannot_open_or_change_the_activity(world, activity):
    client = world.client_for("bob")
    for name in ("activity_detail", "activity_edit", "activity_end"):
        url = reverse(f"activities:{name}", args=[world.alice_enrolment.pk, activity.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404
    # Not through another enrolment's URL either.
    url = reverse("activities:activity_detail", args=[world.bob_enrolment.pk, activity.pk])
    assert client.get(url).status_code == 404


def test_opening_a_participants_activities_is_logged(world, activity):
    client = world.client_for("alice")
    for url in (
        reverse("activities:enrolment_activities", args=[world.alice_enrolment.pk]),
        reverse("activities:activity_detail", args=[world.alice_enrolment.pk, activity.pk]),
    ):
        client.get(url)
        entry = AuditEntry.objects.filter(action="activities.enrolment.viewed").latest("pk")
        assert (entry.user, entry.enrolment_id, entry.person_id, entry.path) == (
            world.alice,
            world.alice_enrolment.pk,
            world.alice_enrolment.person_id,
            url,
        )
