"""Plan pages through HTTP with the shared personas: content, forms, conflicts, htmx, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.accounts.models import Role
from stegvis.accounts.tests.factories import MembershipFactory
from stegvis.audit.models import AuditEntry
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.participants.models import Enrolment, Phase
from stegvis.participants.tests.factories import enrol
from stegvis.plans import services
from stegvis.plans.models import ActionPlan, FollowUp, Goal, GoalStatus
from stegvis.plans.tests.conftest import make_plan

TODAY = datetime.date.today()
CONFLICT = str(ConcurrentEditError.message)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


# --- start page and caseloads -------------------------------------------------------------------


def test_coach_starts_at_caseload_others_keep_their_start(world):
    assert world.client_for("alice").get("/").url == reverse("plans:caseload")
    assert world.client_for("petra").get("/").url == reverse("projects:detail", args=[world.project_a.pk])
    for persona in ("rita", "sven"):
        assert world.client_for(persona).get("/").url == reverse("projects:detail", args=[world.project_a.pk])
    assert world.client_for("ada").get("/").url == reverse("projects:list")


def test_caseload_shows_own_open_participants_overdue_first(world, plans):
    Enrolment.objects.filter(pk=world.rita_enrolment.pk).update(
        next_follow_up_on=TODAY + datetime.timedelta(5)
    )
    Enrolment.objects.filter(pk=world.alice_enrolment.pk).update(
        next_follow_up_on=TODAY - datetime.timedelta(3)
    )
    response = world.client_for("alice").get(reverse("plans:caseload"))
    rows = response.context["rows"]
    assert [r.pk for r in rows] == [world.alice_enrolment.pk, world.rita_enrolment.pk]
    assert rows[0].needs_attention and rows[0].follow_up_overdue and not rows[1].needs_attention
    assert rows[0].goals_total == 4 and rows[0].has_plan and not rows[1].has_plan
    content = response.content.decode()
    assert "Bertil" not in content and "Cecilia" not in content
    assert "row-attention" in content and "Försenad" in content
    figures = response.context["figures"]
    assert (figures.open, figures.follow_ups_overdue, figures.follow_ups_soon, figures.without_plan) == (
        2,
        1,
        1,
        1,
    )
    assert AuditEntry.objects.filter(user=world.alice, action="plans.caseload.viewed").exists()


def test_goal_past_target_puts_participant_first(world, plans):
    Enrolment.objects.filter(project=world.project_a).update(next_follow_up_on=TODAY + datetime.timedelta(30))
    Enrolment.objects.filter(pk=world.rita_enrolment.pk).update(
        next_follow_up_on=TODAY + datetime.timedelta(1)
    )
    Goal.objects.filter(pk=plans.cv.pk).update(target_date=TODAY - datetime.timedelta(1))
    rows = world.client_for("alice").get(reverse("plans:caseload")).context["rows"]
    assert rows[0].pk == world.alice_enrolment.pk and rows[0].goals_past_target == 1


def test_caseload_excludes_exited_and_spans_projects(world):
    MembershipFactory(user=world.alice, project=world.project_b, role=Role.COACH)
    other = enrol(
        project=world.project_b, coach=world.alice, first_name="Olle", birth=datetime.date(1979, 2, 3)
    )
    response = world.client_for("alice").get(reverse("plans:caseload"))
    assert {r.pk for r in response.context["rows"]} == {
        world.alice_enrolment.pk,
        world.rita_enrolment.pk,
        other.pk,
    }
    assert response.context["several_projects"]
    assert "Projekt B" in response.content.decode()


def test_empty_caseload_says_what_will_show(world):
    Enrolment.objects.filter(coach=world.bob).update(phase=Phase.AVSLUT)
    content = world.client_for("bob").get(reverse("plans:caseload")).content.decode()
    assert "Du har inga pågående deltagare" in content


def _add_participants(world, count: int) -> None:
    for index in range(count):
        # Distinct birth dates: the factory's serials can repeat a personnummer.
        birth = datetime.date(1980, 1, 1) + datetime.timedelta(days=index)
        enrolment = enrol(project=world.project_a, coach=world.alice, first_name=f"Extra{index}", birth=birth)
        if index % 2:
            make_plan(enrolment, world.alice)


def test_caseload_query_count_does_not_grow_with_participants(world):
    client = world.client_for("alice")
    url = reverse("plans:caseload")
    few = _queries(client, url)
    _add_participants(world, 6)
    many = _queries(client, url)
    assert many == few
    assert few <= 12


def test_project_caseload_shows_load_per_coach_and_municipality(world, plans):
    response = world.client_for("petra").get(reverse("plans:project_caseload", args=[world.project_a.pk]))
    loads = {c.coach.username: c.open for c in response.context["coaches"]}
    assert loads == {"alice": 2, "bob": 1}
    municipalities = {(m.name, m.open, m.planned, m.free) for m in response.context["municipalities"]}
    assert municipalities == {("Hagfors", 1, 17, 16), ("", 2, None, None)}
    content = response.content.decode()
    assert "Annan kommun" in content and "Belastning per handledare" in content


def test_project_caseload_query_count_does_not_grow(world):
    client = world.client_for("petra")
    url = reverse("plans:project_caseload", args=[world.project_a.pk])
    few = _queries(client, url)
    _add_participants(world, 6)
    assert _queries(client, url) == few
    assert few <= 14


def test_project_page_links_to_caseload_for_manager_only(world):
    url = reverse("plans:project_caseload", args=[world.project_a.pk])
    page = reverse("projects:detail", args=[world.project_a.pk])
    assert url in world.client_for("petra").get(page).content.decode()
    assert url not in world.client_for("alice").get(page).content.decode()
    assert url not in world.client_for("sven").get(page).content.decode()


def test_coach_granted_whole_project_gets_project_caseload(world):
    world.alice.memberships.filter(project=world.project_a).update(whole_project=True)
    url = reverse("plans:project_caseload", args=[world.project_a.pk])
    assert world.client_for("alice").get(url).status_code == 200


# --- the plan page ---------------------------------------------------------------------------


def test_plan_page_without_plan_offers_to_create_one(world):
    client = world.client_for("alice")
    url = reverse("plans:plan", args=[world.alice_enrolment.pk])
    assert "Ingen handlingsplan ännu" in client.get(url).content.decode()
    response = client.post(
        reverse("plans:plan_create", args=[world.alice_enrolment.pk]), {"drawn_up_on": TODAY}
    )
    assert response.url == reverse("plans:goal_add", args=[world.alice_enrolment.pk])
    assert ActionPlan.objects.filter(enrolment=world.alice_enrolment).exists()
    assert "Inga mål ännu" in client.get(url).content.decode()


def test_plan_create_keeps_a_bad_date_with_the_error(world):
    future = TODAY + datetime.timedelta(days=3)
    response = world.client_for("alice").post(
        reverse("plans:plan_create", args=[world.alice_enrolment.pk]), {"drawn_up_on": future.isoformat()}
    )
    assert response.status_code == 200
    assert "framtiden" in response.content.decode()
    assert response.context["create_form"]["drawn_up_on"].value() == future.isoformat()


def test_plan_page_shows_tree_agreement_and_follow_ups(world, plans):
    enrolment = world.alice_enrolment
    services.follow_up_record(
        enrolment=enrolment,
        held_on=TODAY,
        agreed="Vi bokar ett studiebesök.",
        goal_statuses={plans.cv.pk: GoalStatus.IN_PROGRESS},
        plan_version=plans.plan.version,
        enrolment_version=enrolment.version,
        by=world.alice,
    )
    content = world.client_for("alice").get(reverse("plans:plan", args=[enrolment.pk])).content.decode()
    for text in (
        "Hitta ett arbete som passar mig",
        "Delmål 1.2",
        "Söka två jobb i veckan",
        "Inte godkänd ännu",
    ):
        assert text in content
    assert "Vi bokar ett studiebesök." in content and "badge-goal-in_progress" in content
    assert AuditEntry.objects.filter(enrolment_id=enrolment.pk, action="plans.plan.viewed").exists()


def _one_follow_up(world, plans) -> None:
    """Prefetches run only when there is something to prefetch: compare pages that both have some."""
    services.follow_up_record(
        enrolment=world.alice_enrolment,
        held_on=TODAY,
        goal_statuses={plans.cv.pk: GoalStatus.IN_PROGRESS},
        plan_version=plans.plan.version,
        enrolment_version=world.alice_enrolment.version,
        by=world.alice,
    )


def test_plan_page_query_count_does_not_grow_with_goals(world, plans):
    _one_follow_up(world, plans)
    client = world.client_for("alice")
    url = reverse("plans:plan", args=[world.alice_enrolment.pk])
    few = _queries(client, url)
    plan = ActionPlan.objects.get(pk=plans.plan.pk)
    for index in range(4):
        goal = services.goal_create(
            plan=plan,
            expected_version=plan.version,
            description=f"Mål {index}",
            target_date=None,
            by=world.alice,
        )
        services.goal_create(
            plan=plan,
            expected_version=plan.version,
            description=f"Delmål {index}",
            target_date=None,
            parent=goal,
            by=world.alice,
        )
        services.follow_up_record(
            enrolment=world.alice_enrolment,
            held_on=TODAY,
            goal_statuses={goal.pk: GoalStatus.IN_PROGRESS},
            plan_version=plan.version,
            enrolment_version=Enrolment.objects.get(pk=world.alice_enrolment.pk).version,
            by=world.alice,
        )
        plan.refresh_from_db()
    assert _queries(client, url) == few
    assert few <= 16


def test_participant_page_panel_and_timeline(world, plans):
    enrolment = world.alice_enrolment
    services.follow_up_record(
        enrolment=enrolment,
        held_on=TODAY,
        goal_statuses={plans.cv.pk: GoalStatus.REACHED},
        plan_version=plans.plan.version,
        enrolment_version=enrolment.version,
        by=world.alice,
    )
    response = world.client_for("alice").get(reverse("participants:detail", args=[enrolment.pk]))
    content = response.content.decode()
    assert "Öppna handlingsplanen" in content
    assert "badge-goal-reached" in content and "Skriva ett CV" in content
    titles = [event.title for event in response.context["timeline"]]
    assert "Handlingsplan upprättad" in titles and "Uppföljning" in titles
    follow_up = next(e for e in response.context["timeline"] if e.title == "Uppföljning")
    assert "Uppnått: Skriva ett CV." in follow_up.detail


def test_participant_page_query_count_with_plan_does_not_grow(world, plans):
    _one_follow_up(world, plans)
    client = world.client_for("alice")
    url = reverse("participants:detail", args=[world.alice_enrolment.pk])
    few = _queries(client, url)
    plan = ActionPlan.objects.get(pk=plans.plan.pk)
    for index in range(3):
        services.goal_create(
            plan=plan,
            expected_version=plan.version,
            description=f"Mål {index}",
            target_date=None,
            by=world.alice,
        )
        services.follow_up_record(
            enrolment=world.alice_enrolment,
            held_on=TODAY,
            enrolment_version=Enrolment.objects.get(pk=world.alice_enrolment.pk).version,
            by=world.alice,
        )
    assert _queries(client, url) == few


def test_panel_offers_a_plan_when_there_is_none(world):
    content = (
        world.client_for("bob").get(reverse("participants:detail", args=[world.bob_enrolment.pk])).content
    )
    assert "Ingen handlingsplan ännu." in content.decode()


# --- goal forms --------------------------------------------------------------------------------


def test_add_sub_goal_and_another(world, plans):
    client = world.client_for("alice")
    url = reverse("plans:goal_add", args=[world.alice_enrolment.pk])
    page = client.get(url, {"delmal_till": plans.work.pk})
    assert "Delmål till:" in page.content.decode()
    response = client.post(
        url,
        {
            "version": plans.plan.version,
            "parent": plans.work.pk,
            "description": "Öva inför intervju",
            "status": GoalStatus.NOT_STARTED,
            "another": "1",
        },
    )
    assert response.status_code == 302 and f"delmal_till={plans.work.pk}" in response.url
    goal = Goal.objects.get(description="Öva inför intervju")
    assert goal.parent_id == plans.work.pk and goal.position == 2


def test_goal_form_keeps_input_on_errors(world, plans):
    response = world.client_for("alice").post(
        reverse("plans:goal_add", args=[world.alice_enrolment.pk]),
        {
            "version": plans.plan.version,
            "description": "Ta körkort",
            "target_date": "2020-01-01",
            "status": "reached",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "target_date" in form.errors
    assert form["description"].value() == "Ta körkort"
    assert (
        'value="Ta körkort"' in response.content.decode()
        or "Ta körkort</textarea>" in response.content.decode()
    )


def test_second_coach_saving_the_same_goal_is_refused_and_keeps_typing(world, plans):
    """Alice and Petra open the goal at the same time; Alice saves first."""
    url = reverse("plans:goal_edit", args=[world.alice_enrolment.pk, plans.cv.pk])
    alice, petra = world.client_for("alice"), world.client_for("petra")
    seen = petra.get(url).context["form"].initial["version"]
    assert alice.get(url).context["form"].initial["version"] == seen
    alice.post(url, {"version": seen, "description": "Skriva ett CV på svenska", "target_date": ""})
    response = petra.post(
        url, {"version": seen, "description": "Skriva CV och personligt brev", "target_date": ""}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert CONFLICT[:40] in content
    assert "Skriva CV och personligt brev" in content  # what Petra typed
    assert "Det här är sparat nu" in content and "Skriva ett CV på svenska" in content
    assert Goal.objects.get(pk=plans.cv.pk).description == "Skriva ett CV på svenska"


def test_follow_up_conflict_keeps_what_was_typed(world, plans):
    enrolment = world.alice_enrolment
    url = reverse("plans:follow_up_add", args=[enrolment.pk])
    client = world.client_for("alice")
    initial = client.get(url).context["form"].initial
    # Petra moves a goal meanwhile.
    services.goal_status_change(
        goal=plans.cv, expected_version=plans.plan.version, status=GoalStatus.IN_PROGRESS, by=world.petra
    )
    data = {
        "enrolment_version": initial["enrolment_version"],
        "plan_version": initial["plan_version"],
        "held_on": TODAY.isoformat(),
        "participant_present": "on",
        "coach_present": "on",
        "agreed": "Deltagaren har skrivit sitt CV.",
        f"goal_{plans.cv.pk}": GoalStatus.REACHED,
        f"goal_{plans.apply.pk}": GoalStatus.NOT_STARTED,
        f"goal_{plans.work.pk}": GoalStatus.NOT_STARTED,
        f"goal_{plans.health.pk}": GoalStatus.NOT_STARTED,
        "phase": "",
        "next_follow_up_on": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert CONFLICT[:40] in content and "Deltagaren har skrivit sitt CV." in content
    assert not FollowUp.objects.exists()
    assert Goal.objects.get(pk=plans.cv.pk).status == GoalStatus.IN_PROGRESS


def test_inline_status_change_with_htmx_returns_the_goal_list(world, plans):
    url = reverse("plans:goal_status", args=[world.alice_enrolment.pk, plans.cv.pk])
    client = world.client_for("alice")
    response = client.post(
        url, {"version": plans.plan.version, "status": "reached"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.startswith('<div id="plan-goals">')
    assert "är nu uppnått" in content
    assert f'name="version" value="{plans.plan.version + 1}"' in content
    assert Goal.objects.get(pk=plans.cv.pk).status == GoalStatus.REACHED
    # The same stale version again: refused, shown beside the goal.
    stale = client.post(
        url, {"version": plans.plan.version, "status": "dropped"}, headers={"HX-Request": "true"}
    )
    assert CONFLICT[:40] in stale.content.decode()
    assert Goal.objects.get(pk=plans.cv.pk).status == GoalStatus.REACHED


def test_inline_status_change_without_javascript_redirects(world, plans):
    url = reverse("plans:goal_status", args=[world.alice_enrolment.pk, plans.cv.pk])
    response = world.client_for("petra").post(url, {"version": plans.plan.version, "status": "in_progress"})
    assert response.url == reverse("plans:plan", args=[world.alice_enrolment.pk])


def test_agreement_form_saves_dates(world, plans):
    response = world.client_for("alice").post(
        reverse("plans:agreement", args=[world.alice_enrolment.pk]),
        {"version": plans.plan.version, "participant_on": TODAY, "coach_on": TODAY, "referrer_on": ""},
    )
    assert response.status_code == 302
    assert ActionPlan.objects.get(pk=plans.plan.pk).is_agreed


def test_goal_delete_confirms_then_removes(world, plans):
    url = reverse("plans:goal_delete", args=[world.alice_enrolment.pk, plans.health.pk])
    client = world.client_for("alice")
    assert "Det går inte att ångra" in client.get(url).content.decode()
    assert client.post(url, {"version": plans.plan.version}).status_code == 302
    assert not Goal.objects.filter(pk=plans.health.pk).exists()
    blocked = client.get(reverse("plans:goal_delete", args=[world.alice_enrolment.pk, plans.work.pk]))
    assert "Målet har delmål" in blocked.content.decode()


def test_goal_of_another_plan_is_not_found(world, plans):
    other = make_plan(world.rita_enrolment, world.alice)
    url = reverse("plans:goal_edit", args=[world.alice_enrolment.pk, other.cv.pk])
    assert world.client_for("alice").get(url).status_code == 404


# --- follow-up form ----------------------------------------------------------------------------


def test_follow_up_form_shows_goals_with_current_status(world, plans):
    response = world.client_for("alice").get(reverse("plans:follow_up_add", args=[world.alice_enrolment.pk]))
    form = response.context["form"]
    assert form[f"goal_{plans.cv.pk}"].initial == GoalStatus.NOT_STARTED
    content = response.content.decode()
    assert "Skriva ett CV" in content and "Nu: Inte påbörjat" in content
    interval = world.project_a.follow_up_interval_days
    assert form["next_follow_up_on"].initial == TODAY + datetime.timedelta(days=interval)


def test_follow_up_through_the_form(world, plans):
    enrolment = world.alice_enrolment
    url = reverse("plans:follow_up_add", args=[enrolment.pk])
    client = world.client_for("alice")
    initial = client.get(url).context["form"].initial
    next_on = TODAY + datetime.timedelta(days=45)
    response = client.post(
        url,
        {
            "enrolment_version": initial["enrolment_version"],
            "plan_version": initial["plan_version"],
            "held_on": TODAY.isoformat(),
            "participant_present": "on",
            "coach_present": "on",
            "referrer_present": "on",
            "agreed": "CV klart.",
            f"goal_{plans.cv.pk}": GoalStatus.REACHED,
            f"goal_{plans.apply.pk}": GoalStatus.IN_PROGRESS,
            f"goal_{plans.work.pk}": GoalStatus.IN_PROGRESS,
            f"goal_{plans.health.pk}": GoalStatus.NOT_STARTED,
            "phase": Phase.AKTIVITET,
            "next_follow_up_on": next_on.isoformat(),
        },
    )
    assert response.url == reverse("participants:detail", args=[enrolment.pk])
    enrolment.refresh_from_db()
    assert (enrolment.phase, enrolment.next_follow_up_on) == (Phase.AKTIVITET, next_on)
    follow_up = FollowUp.objects.get()
    assert follow_up.referrer_present and follow_up.goal_changes.count() == 3


def test_follow_up_form_keeps_input_on_errors(world, plans):
    response = world.client_for("alice").post(
        reverse("plans:follow_up_add", args=[world.alice_enrolment.pk]),
        {
            "enrolment_version": world.alice_enrolment.version,
            "plan_version": plans.plan.version,
            "held_on": TODAY.isoformat(),
            "agreed": "Vi ses om två veckor.",
            f"goal_{plans.cv.pk}": GoalStatus.REACHED,
            "next_follow_up_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "participant_present" in form.errors and "next_follow_up_on" in form.errors
    assert form[f"goal_{plans.cv.pk}"].value() == GoalStatus.REACHED
    assert "Vi ses om två veckor." in response.content.decode()
    assert not FollowUp.objects.exists()


def test_ended_enrolment_plan_is_read_only(world, plans):
    Enrolment.objects.filter(pk=world.alice_enrolment.pk).update(phase=Phase.AVSLUT)
    client = world.client_for("alice")
    content = client.get(reverse("plans:plan", args=[world.alice_enrolment.pk])).content.decode()
    assert "kan inte ändras" in content and "Spara status" not in content
    for name in ("plans:goal_add", "plans:agreement", "plans:follow_up_add"):
        assert client.get(reverse(name, args=[world.alice_enrolment.pk])).status_code == 302


# --- the printable plan --------------------------------------------------------------------------


def test_print_view_is_plain_swedish_and_logged(world, plans):
    response = world.client_for("alice").get(reverse("plans:print", args=[world.alice_enrolment.pk]))
    content = response.content.decode()
    for text in (
        "Min handlingsplan",
        "Aina",
        "Projekt A",
        "Hitta ett arbete som passar mig",
        "Steg på vägen",
        "Så här är vi överens",
        "ungefär varannan månad",
    ):
        assert text in content, text
    assert AuditEntry.objects.filter(
        enrolment_id=world.alice_enrolment.pk, action="plans.plan.printed", user=world.alice
    ).exists()


def test_print_without_plan_is_not_found(world):
    assert (
        world.client_for("alice").get(reverse("plans:print", args=[world.alice_enrolment.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("days", [7, 14, 30, 61, 91, 42])
def test_follow_up_interval_in_words(days):
    from stegvis.plans.views import how_often

    assert how_often(days)
