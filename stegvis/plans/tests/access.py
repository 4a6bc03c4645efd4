"""The plans app's rows in the access matrix (stegvis/core/tests/test_access_matrix.py).

Every plan page hangs off an enrolment: only its coach and the project manager get it;
colleagues, other projects, referrers, the steering group and administrators get 404,
as for the participant page. Caseloads: a coach's own, and the whole project's for
those who see the whole project.
"""

from __future__ import annotations

from stegvis.conftest import PERSONAS
from stegvis.plans import services
from stegvis.plans.models import Goal


def _row(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    row = {p: default for p in PERSONAS}
    row["anonymous"] = anonymous
    row.update(overrides)
    return row


def _goal(w) -> Goal:
    """Alice's participant gets a plan with one goal, made once per world."""
    goal = getattr(w, "_plans_goal", None)
    if goal is None:
        plan = services.plan_create(enrolment=w.alice_enrolment, by=w.alice)
        goal = services.goal_create(
            plan=plan,
            expected_version=plan.version,
            description="Skriva ett CV",
            target_date=None,
            by=w.alice,
        )
        w._plans_goal = goal
    return goal


def _enrolment(w) -> dict:
    return {"pk": _goal(w).plan.enrolment_id}


def _goal_kwargs(w) -> dict:
    goal = _goal(w)
    return {"pk": goal.plan.enrolment_id, "goal_pk": goal.pk}


PLAN_ONLY = _row(404, alice=200, petra=200)

MATRIX = {
    "plans:caseload": ("get", lambda w: {}, _row(403, alice=200, bob=200, charlie=200)),
    "plans:project_caseload": (
        "get",
        lambda w: {"project_pk": w.project_a.pk},
        _row(403, petra=200, charlie=404),
    ),
    "plans:plan": ("get", _enrolment, PLAN_ONLY),
    # The plan exists, so creating it again only leads back to it.
    "plans:plan_create": ("post", _enrolment, _row(404, alice=302, petra=302)),
    "plans:goal_add": ("get", _enrolment, PLAN_ONLY),
    "plans:goal_edit": ("get", _goal_kwargs, PLAN_ONLY),
    # An empty inline status change is refused and leads back to the plan.
    "plans:goal_status": ("post", _goal_kwargs, _row(404, alice=302, petra=302)),
    "plans:goal_delete": ("get", _goal_kwargs, PLAN_ONLY),
    "plans:agreement": ("get", _enrolment, PLAN_ONLY),
    "plans:follow_up_add": ("get", _enrolment, PLAN_ONLY),
    "plans:print": ("get", _enrolment, PLAN_ONLY),
    "plans:pdf": ("get", _enrolment, PLAN_ONLY),
}
