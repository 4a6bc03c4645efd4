"""The demo's plans keep the invariants the services keep, through both of its writers."""

from __future__ import annotations

import datetime
import random

from django.db.models import Count

from stegvis.participants.models import Enrolment, Phase
from stegvis.plans import demo
from stegvis.plans.models import ActionPlan, FollowUp, Goal, GoalStatusChange
from stegvis.projects.models import Project


def _seed(world) -> list[str]:
    # Project B has ended: an ended enrolment's history there goes through the bulk writer.
    today = datetime.date.today()
    Project.objects.filter(pk=world.project_b.pk).update(
        start_date=datetime.date(2023, 1, 1), end_date=today - datetime.timedelta(days=1)
    )
    rng = random.Random("plans-test")  # noqa: S311 - synthetic demo data
    return demo.seed(today=today, rng=rng, users={"handledare": world.alice})


def test_demo_plans_keep_the_invariants(world):
    from stegvis.participants import services as participant_services

    enrolment = world.charlie_enrolment
    participant_services.enrolment_exit(
        enrolment=enrolment,
        exit_date=datetime.date.today() - datetime.timedelta(days=2),
        reason="planned",
        outcome="studies",
        qualification_gained=None,
        situation=participant_services.SituationData(sysselsattning="studier"),
        by=world.charlie,
        expected_version=enrolment.version,
    )
    lines = _seed(world)
    assert any("Handlingsplaner:" in line for line in lines)
    assert not any("Aina" in line or "Cecilia" in line for line in lines)  # counts only
    assert ActionPlan.objects.filter(enrolment=world.charlie_enrolment).exists()  # bulk
    assert ActionPlan.objects.filter(enrolment__project=world.project_a).exists()  # services
    assert FollowUp.objects.count() > 0
    for goal in Goal.objects.prefetch_related("status_changes"):
        history = list(goal.status_changes.all())
        assert history, "every goal starts its history"
        assert (history[-1].status, history[-1].changed_on) == (goal.status, goal.status_changed_on)
        assert goal.parent is None or goal.parent.parent_id is None
    for plan in ActionPlan.objects.annotate(n=Count("goals")):
        assert plan.n >= 1
        assert plan.version > plan.n  # every goal written counts
    for change in GoalStatusChange.objects.select_related("follow_up"):
        assert change.follow_up is None or change.follow_up.held_on == change.changed_on
    for enrolment in Enrolment.objects.exclude(phase=Phase.AVSLUT):
        last = enrolment.follow_ups.order_by("-held_on").first()
        if last is not None:
            assert enrolment.next_follow_up_on == last.next_follow_up_on


def test_demo_is_deterministic(world):
    _seed(world)
    first = list(Goal.objects.order_by("pk").values_list("description", "status", "target_date"))
    assert first
    Goal.objects.all().delete()
    FollowUp.objects.all().delete()
    ActionPlan.objects.all().delete()
    _seed(world)
    assert list(Goal.objects.order_by("pk").values_list("description", "status", "target_date")) == first
