"""Plans fixtures on top of the shared personas (stegvis/conftest.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from stegvis.plans import services
from stegvis.plans.models import ActionPlan, Goal


@dataclass
class PlanWorld:
    """Alice's participant's plan: two goals, the first with two sub-goals."""

    plan: ActionPlan
    work: Goal
    cv: Goal
    apply: Goal
    health: Goal


def make_plan(enrolment, by, *, on: datetime.date | None = None) -> PlanWorld:
    plan = services.plan_create(enrolment=enrolment, by=by, on=on)
    today = datetime.date.today()

    def goal(description: str, parent: Goal | None = None, days: int = 90) -> Goal:
        return services.goal_create(
            plan=plan,
            expected_version=plan.version,
            description=description,
            target_date=today + datetime.timedelta(days=days),
            parent=parent,
            on=on,
            by=by,
        )

    work = goal("Hitta ett arbete som passar mig", days=180)
    cv = goal("Skriva ett CV", parent=work, days=30)
    apply = goal("Söka två jobb i veckan", parent=work, days=60)
    health = goal("Delta i friskvård två gånger i veckan")
    plan.refresh_from_db()
    return PlanWorld(plan, work, cv, apply, health)


@pytest.fixture
def plans(world) -> PlanWorld:
    return make_plan(world.alice_enrolment, world.alice)
