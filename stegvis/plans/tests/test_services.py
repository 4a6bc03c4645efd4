"""Plan, goal and follow-up services, tested directly."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from stegvis.audit.models import AuditEntry
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.participants import services as participant_services
from stegvis.participants.models import Phase, PhaseChange, Sysselsattning
from stegvis.plans import selectors, services
from stegvis.plans.models import ActionPlan, FollowUp, Goal, GoalStatus, GoalStatusChange
from stegvis.plans.tests.conftest import make_plan

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def _actions(enrolment) -> list[str]:
    return list(
        AuditEntry.objects.filter(enrolment_id=enrolment.pk).order_by("pk").values_list("action", flat=True)
    )


# --- the plan and its goal tree -------------------------------------------------------------


def test_plan_is_created_once_per_enrolment(world):
    plan = services.plan_create(enrolment=world.alice_enrolment, by=world.alice)
    assert plan.version == 1 and plan.drawn_up_on == TODAY
    with pytest.raises(ValidationError):
        services.plan_create(enrolment=world.alice_enrolment, by=world.alice)
    assert ActionPlan.objects.filter(enrolment=world.alice_enrolment).count() == 1
    assert "plans.plan.created" in _actions(world.alice_enrolment)


def test_plan_date_must_lie_within_the_enrolment(world):
    with pytest.raises(ValidationError) as error:
        services.plan_create(enrolment=world.alice_enrolment, by=world.alice, on=TODAY + DAY)
    assert "framtiden" in str(error.value)
    with pytest.raises(ValidationError):
        services.plan_create(
            enrolment=world.alice_enrolment, by=world.alice, on=world.alice_enrolment.start_date - DAY
        )


def test_goal_tree_keeps_goals_and_sub_goals_in_order(plans):
    tree = selectors.goal_tree(plans.plan)
    assert [g.description for g in tree] == [
        "Hitta ett arbete som passar mig",
        "Delta i friskvård två gånger i veckan",
    ]
    assert [g.description for g in tree[0].sub_goals] == ["Skriva ett CV", "Söka två jobb i veckan"]
    assert tree[1].sub_goals == []
    summary = selectors.goal_summary(tree, TODAY)
    assert (summary.total, summary.reached, summary.past_target) == (4, 0, 0)


def test_sub_goal_cannot_have_sub_goals_nor_belong_to_another_plan(world, plans):
    with pytest.raises(ValidationError) as error:
        services.goal_create(
            plan=plans.plan,
            expected_version=plans.plan.version,
            description="Ett steg för långt",
            target_date=None,
            parent=plans.cv,
            by=world.alice,
        )
    assert "parent" in error.value.error_dict
    other = make_plan(world.bob_enrolment, world.bob)
    with pytest.raises(ValidationError):
        services.goal_create(
            plan=other.plan,
            expected_version=other.plan.version,
            description="Fel plan",
            target_date=None,
            parent=plans.work,
            by=world.bob,
        )


def test_goal_text_is_required_and_target_not_before_it_is_set(world, plans):
    for description, target, field in (("   ", None, "description"), ("Ett mål", TODAY - DAY, "target_date")):
        with pytest.raises(ValidationError) as error:
            services.goal_create(
                plan=plans.plan,
                expected_version=plans.plan.version,
                description=description,
                target_date=target,
                by=world.alice,
            )
        assert field in error.value.error_dict


def test_new_goal_starts_its_status_history(plans):
    history = list(plans.cv.status_changes.values_list("status", "changed_on"))
    assert history == [(GoalStatus.NOT_STARTED, TODAY)]
    assert plans.cv.status_changed_on == TODAY


def test_status_change_is_dated_and_kept_in_history(world, plans):
    services.goal_status_change(
        goal=plans.cv, expected_version=plans.plan.version, status=GoalStatus.IN_PROGRESS, by=world.alice
    )
    services.goal_status_change(
        goal=plans.cv, expected_version=plans.plan.version, status=GoalStatus.REACHED, by=world.alice
    )
    plans.cv.refresh_from_db()
    assert plans.cv.status == GoalStatus.REACHED
    assert plans.cv.status_changed_on == TODAY
    assert list(plans.cv.status_changes.values_list("status", flat=True)) == [
        GoalStatus.NOT_STARTED,
        GoalStatus.IN_PROGRESS,
        GoalStatus.REACHED,
    ]
    assert _actions(world.alice_enrolment).count("plans.goal.status_changed") == 2


def test_status_change_cannot_be_dated_before_the_last_one(world, plans):
    with pytest.raises(ValidationError) as error:
        services.goal_status_change(
            goal=plans.cv,
            expected_version=plans.plan.version,
            status=GoalStatus.IN_PROGRESS,
            on=TODAY - DAY,
            by=world.alice,
        )
    assert "senast" in str(error.value)
    with pytest.raises(ValidationError):
        services.goal_status_change(
            goal=plans.cv, expected_version=plans.plan.version, status=GoalStatus.NOT_STARTED, by=world.alice
        )


def test_goal_past_its_target_date_counts_only_while_open(world, plans):
    Goal.objects.filter(pk=plans.cv.pk).update(target_date=TODAY - DAY)
    Goal.objects.filter(pk=plans.apply.pk).update(target_date=TODAY - DAY, status=GoalStatus.REACHED)
    summary = selectors.goal_summary(selectors.goal_tree(plans.plan), TODAY)
    assert (summary.past_target, summary.reached) == (1, 1)


def test_agreement_dates_are_recorded_and_can_be_cleared(world, plans):
    plan = services.plan_agreement_update(
        plan=plans.plan,
        expected_version=plans.plan.version,
        participant_on=TODAY,
        coach_on=TODAY,
        referrer_on=None,
        by=world.alice,
    )
    plan.refresh_from_db()
    assert plan.is_agreed and plan.agreed_by_referrer_on is None
    with pytest.raises(ValidationError) as error:
        services.plan_agreement_update(
            plan=plan,
            expected_version=plan.version,
            participant_on=plan.drawn_up_on - DAY,
            coach_on=None,
            referrer_on=None,
            by=world.alice,
        )
    assert "agreed_by_participant_on" in error.value.error_dict
    assert "plans.plan.agreed" in _actions(world.alice_enrolment)


def test_goal_update_rewords_and_moves_the_date(world, plans):
    services.goal_update(
        goal=plans.cv,
        expected_version=plans.plan.version,
        description="  Skriva ett CV   med hjälp av handledaren ",
        target_date=TODAY + 10 * DAY,
        by=world.alice,
    )
    plans.cv.refresh_from_db()
    assert plans.cv.description == "Skriva ett CV med hjälp av handledaren"
    assert plans.cv.target_date == TODAY + 10 * DAY


def test_goal_that_was_followed_up_cannot_be_deleted(world, plans):
    enrolment = world.alice_enrolment
    services.follow_up_record(
        enrolment=enrolment,
        held_on=TODAY,
        goal_statuses={plans.cv.pk: GoalStatus.IN_PROGRESS},
        plan_version=plans.plan.version,
        enrolment_version=enrolment.version,
        by=world.alice,
    )
    plans.plan.refresh_from_db()
    with pytest.raises(ValidationError):
        services.goal_delete(goal=plans.cv, expected_version=plans.plan.version, by=world.alice)
    with pytest.raises(ValidationError):  # has sub-goals
        services.goal_delete(goal=plans.work, expected_version=plans.plan.version, by=world.alice)
    services.goal_delete(goal=plans.health, expected_version=plans.plan.version, by=world.alice)
    assert not Goal.objects.filter(pk=plans.health.pk).exists()
    assert "plans.goal.deleted" in _actions(enrolment)


# --- optimistic locking ------------------------------------------------------------------------


def test_stale_plan_version_is_refused_and_nothing_is_lost(world, plans):
    seen = plans.plan.version
    # Alice saves first...
    services.goal_update(
        goal=plans.cv,
        expected_version=seen,
        description="Skriva ett CV på svenska",
        target_date=None,
        by=world.alice,
    )
    # ...then Petra, who opened the page at the same time, is refused.
    with pytest.raises(ConcurrentEditError):
        services.goal_update(
            goal=Goal.objects.get(pk=plans.cv.pk),
            expected_version=seen,
            description="Skriva ett CV och ett personligt brev",
            target_date=None,
            by=world.petra,
        )
    for write in (
        lambda: services.goal_create(
            plan=ActionPlan.objects.get(pk=plans.plan.pk),
            expected_version=seen,
            description="Nytt",
            target_date=None,
            by=world.petra,
        ),
        lambda: services.goal_status_change(
            goal=Goal.objects.get(pk=plans.apply.pk),
            expected_version=seen,
            status=GoalStatus.REACHED,
            by=world.petra,
        ),
        lambda: services.plan_agreement_update(
            plan=ActionPlan.objects.get(pk=plans.plan.pk),
            expected_version=seen,
            participant_on=TODAY,
            coach_on=None,
            referrer_on=None,
            by=world.petra,
        ),
        lambda: services.goal_delete(
            goal=Goal.objects.get(pk=plans.health.pk), expected_version=seen, by=world.petra
        ),
    ):
        with pytest.raises(ConcurrentEditError):
            write()
    plans.cv.refresh_from_db()
    assert plans.cv.description == "Skriva ett CV på svenska"
    assert Goal.objects.filter(plan=plans.plan).count() == 4
    assert Goal.objects.get(pk=plans.apply.pk).status == GoalStatus.NOT_STARTED
    assert ActionPlan.objects.get(pk=plans.plan.pk).agreed_by_participant_on is None
    assert not AuditEntry.objects.filter(user=world.petra).exists()


def test_follow_up_with_stale_plan_version_changes_nothing(world, plans):
    enrolment = world.alice_enrolment
    seen_plan, seen_enrolment, next_before = (
        plans.plan.version,
        enrolment.version,
        enrolment.next_follow_up_on,
    )
    services.goal_status_change(
        goal=plans.cv, expected_version=seen_plan, status=GoalStatus.IN_PROGRESS, by=world.bob
    )
    with pytest.raises(ConcurrentEditError):
        services.follow_up_record(
            enrolment=enrolment,
            held_on=TODAY,
            goal_statuses={plans.cv.pk: GoalStatus.REACHED},
            plan_version=seen_plan,
            enrolment_version=seen_enrolment,
            by=world.alice,
        )
    enrolment.refresh_from_db()
    assert not FollowUp.objects.exists()
    assert enrolment.next_follow_up_on == next_before and enrolment.version == seen_enrolment
    assert Goal.objects.get(pk=plans.cv.pk).status == GoalStatus.IN_PROGRESS


def test_follow_up_with_stale_enrolment_version_changes_nothing(world, plans):
    enrolment = world.alice_enrolment
    seen = enrolment.version
    participant_services.phase_change(
        enrolment=enrolment, phase=Phase.AKTIVITET, on=TODAY, by=world.petra, expected_version=seen
    )
    with pytest.raises(ConcurrentEditError):
        services.follow_up_record(
            enrolment=enrolment,
            held_on=TODAY,
            goal_statuses={plans.cv.pk: GoalStatus.REACHED},
            plan_version=plans.plan.version,
            enrolment_version=seen,
            by=world.alice,
        )
    assert not FollowUp.objects.exists()
    assert Goal.objects.get(pk=plans.cv.pk).status == GoalStatus.NOT_STARTED


# --- follow-ups ----------------------------------------------------------------------------------


def test_follow_up_changes_goals_and_sets_the_default_next_date(world, plans):
    enrolment = world.alice_enrolment
    held_on = TODAY - 2 * DAY
    # The goals were set today; set them earlier so that the meeting can move them.
    Goal.objects.filter(plan=plans.plan).update(status_changed_on=held_on - DAY)
    follow_up = services.follow_up_record(
        enrolment=enrolment,
        held_on=held_on,
        participant_present=True,
        coach_present=True,
        referrer_present=True,
        others_present="  Handläggare   från Försäkringskassan ",
        agreed="Deltagaren söker jobb på tisdagar.",
        goal_statuses={
            plans.cv.pk: GoalStatus.REACHED,
            plans.apply.pk: GoalStatus.IN_PROGRESS,
            plans.health.pk: GoalStatus.NOT_STARTED,  # unchanged: not recorded
        },
        plan_version=plans.plan.version,
        enrolment_version=enrolment.version,
        by=world.alice,
    )
    interval = world.project_a.follow_up_interval_days
    enrolment.refresh_from_db()
    assert follow_up.next_follow_up_on == held_on + datetime.timedelta(days=interval)
    assert enrolment.next_follow_up_on == follow_up.next_follow_up_on
    assert follow_up.others_present == "Handläggare från Försäkringskassan"
    changes = GoalStatusChange.objects.filter(follow_up=follow_up)
    assert set(changes.values_list("goal_id", "status", "changed_on")) == {
        (plans.cv.pk, GoalStatus.REACHED, held_on),
        (plans.apply.pk, GoalStatus.IN_PROGRESS, held_on),
    }
    cv = Goal.objects.get(pk=plans.cv.pk)
    assert (cv.status, cv.status_changed_on) == (GoalStatus.REACHED, held_on)
    assert ActionPlan.objects.get(pk=plans.plan.pk).version == plans.plan.version + 1
    actions = _actions(enrolment)
    assert actions.count("plans.goal.status_changed") == 2
    assert actions[-1] == "plans.follow_up.recorded"


def test_follow_up_may_change_phase_and_choose_the_next_date(world, plans):
    enrolment = world.alice_enrolment
    chosen = TODAY + 30 * DAY
    services.follow_up_record(
        enrolment=enrolment,
        held_on=TODAY,
        phase=Phase.AKTIVITET,
        next_follow_up_on=chosen,
        enrolment_version=enrolment.version,
        by=world.alice,
    )
    enrolment.refresh_from_db()
    assert enrolment.phase == Phase.AKTIVITET
    assert enrolment.next_follow_up_on == chosen
    assert PhaseChange.objects.filter(enrolment=enrolment, phase=Phase.AKTIVITET, changed_on=TODAY).exists()
    assert "participants.phase.changed" in _actions(enrolment)


def test_follow_up_is_all_or_nothing(world, plans):
    """A refused phase change leaves no follow-up, no goal change and the old next date."""
    enrolment = world.alice_enrolment
    before = enrolment.next_follow_up_on
    with pytest.raises(ValidationError):
        services.follow_up_record(
            enrolment=enrolment,
            held_on=TODAY,
            phase=Phase.KARTLAGGNING,  # the phase it already has
            goal_statuses={plans.cv.pk: GoalStatus.REACHED},
            plan_version=plans.plan.version,
            enrolment_version=enrolment.version,
            by=world.alice,
        )
    enrolment.refresh_from_db()
    assert not FollowUp.objects.exists()
    assert enrolment.next_follow_up_on == before
    assert Goal.objects.get(pk=plans.cv.pk).status == GoalStatus.NOT_STARTED
    assert ActionPlan.objects.get(pk=plans.plan.pk).version == plans.plan.version


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"held_on": TODAY + DAY}, "framtiden"),
        ({"held_on": datetime.date(2024, 1, 1)}, "före inskrivningen"),
        ({"participant_present": False, "coach_present": False}, "vilka som deltog"),
        ({"next_follow_up_on": TODAY}, "efter den här uppföljningen"),
    ],
)
def test_follow_up_rules(world, kwargs, message):
    enrolment = world.alice_enrolment
    data = {"held_on": TODAY, **kwargs}
    with pytest.raises(ValidationError) as error:
        services.follow_up_record(
            enrolment=enrolment, enrolment_version=enrolment.version, by=world.alice, **data
        )
    assert message in str(error.value)


def test_follow_up_without_a_plan_sets_the_next_date(world):
    enrolment = world.bob_enrolment
    services.follow_up_record(
        enrolment=enrolment, held_on=TODAY, enrolment_version=enrolment.version, by=world.bob
    )
    enrolment.refresh_from_db()
    assert enrolment.next_follow_up_on > TODAY
    with pytest.raises(ValidationError):
        services.follow_up_record(
            enrolment=enrolment,
            held_on=TODAY,
            goal_statuses={1: GoalStatus.REACHED},
            enrolment_version=enrolment.version,
            by=world.bob,
        )


def test_ended_enrolment_takes_history_dated_before_its_exit_only(world, plans):
    enrolment = world.alice_enrolment
    exit_date = TODAY - 10 * DAY
    Goal.objects.filter(plan=plans.plan).update(status_changed_on=enrolment.start_date)
    participant_services.enrolment_exit(
        enrolment=enrolment,
        exit_date=exit_date,
        reason="planned",
        outcome="job_seeking",
        qualification_gained=None,
        situation=participant_services.SituationData(sysselsattning=Sysselsattning.ARBETSSOKANDE),
        by=world.alice,
        expected_version=enrolment.version,
    )
    with pytest.raises(ValidationError) as error:
        services.follow_up_record(
            enrolment=enrolment, held_on=TODAY, enrolment_version=enrolment.version, by=world.alice
        )
    assert "avslutades" in str(error.value)
    with pytest.raises(ValidationError):
        services.follow_up_record(
            enrolment=enrolment,
            held_on=exit_date,
            phase=Phase.AKTIVITET,
            enrolment_version=enrolment.version,
            by=world.alice,
        )
    follow_up = services.follow_up_record(
        enrolment=enrolment,
        held_on=exit_date,
        goal_statuses={plans.cv.pk: GoalStatus.REACHED},
        plan_version=plans.plan.version,
        enrolment_version=enrolment.version,
        by=world.alice,
    )
    enrolment.refresh_from_db()
    assert follow_up.next_follow_up_on is None and enrolment.next_follow_up_on is None
    assert Goal.objects.get(pk=plans.cv.pk).status == GoalStatus.REACHED
