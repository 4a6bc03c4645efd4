"""What the plans app adds to other apps' pages: the participant page's plan panel and
timeline events, and the project page's link to the caseload overview."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.accounts.models import User
from stegvis.accounts.selectors import sees_whole_project
from stegvis.participants.models import Enrolment
from stegvis.participants.panels import Panel
from stegvis.participants.timeline import Event
from stegvis.plans import selectors
from stegvis.plans.models import ActionPlan, FollowUp, GoalStatus, GoalStatusChange
from stegvis.projects.links import ProjectLink
from stegvis.projects.models import Project

RECENT_FOLLOW_UPS = 3


def plan_panel_context(request: HttpRequest, enrolment: Enrolment) -> dict[str, Any]:
    """The participant page has already checked access to the enrolment."""
    today = datetime.date.today()
    plan = ActionPlan.objects.filter(enrolment=enrolment).first()
    tree = selectors.goal_tree(plan) if plan else []
    follow_ups = list(
        FollowUp.objects.filter(enrolment=enrolment).order_by("-held_on", "-pk")[:RECENT_FOLLOW_UPS]
    )
    return {
        "plan": plan,
        "goals": tree,
        "summary": selectors.goal_summary(tree, today),
        "follow_ups": follow_ups,
        "follow_up_count": FollowUp.objects.filter(enrolment=enrolment).count() if follow_ups else 0,
        "today": today,
    }


PLAN_PANEL = Panel(order=10, template="plans/_panel.html", context=plan_panel_context)


def _short(text: str) -> str:
    return Truncator(text).chars(80)


STATUS_TITLES = {
    GoalStatus.IN_PROGRESS: gettext_lazy("%(kind)s påbörjat: %(goal)s"),
    GoalStatus.REACHED: gettext_lazy("%(kind)s uppnått: %(goal)s"),
    GoalStatus.PARTLY_REACHED: gettext_lazy("%(kind)s delvis uppnått: %(goal)s"),
    GoalStatus.NOT_REACHED: gettext_lazy("%(kind)s inte uppnått: %(goal)s"),
    GoalStatus.DROPPED: gettext_lazy("%(kind)s avbrutet: %(goal)s"),
    GoalStatus.NOT_STARTED: gettext_lazy("%(kind)s inte påbörjat: %(goal)s"),
}


def plan_events(enrolment: Enrolment) -> Iterable[Event]:
    """Plan drawn up and agreed, goals set and their status changes, follow-ups held (three queries)."""
    plan = ActionPlan.objects.filter(enrolment=enrolment).first()
    if plan is not None:
        yield Event(plan.drawn_up_on, "plan", _("Handlingsplan upprättad"), order=4)
        agreed = [
            (plan.agreed_by_participant_on, _("deltagaren")),
            (plan.agreed_by_coach_on, _("handledaren")),
            (plan.agreed_by_referrer_on, _("anvisande part")),
        ]
        by_day: dict[datetime.date, list[str]] = {}
        for on, who in agreed:
            if on is not None:
                by_day.setdefault(on, []).append(who)
        for on, whom in by_day.items():
            yield Event(
                on, "plan", _("Handlingsplanen godkänd av %(who)s") % {"who": ", ".join(whom)}, order=6
            )
        seen: set[int] = set()
        changes = (
            GoalStatusChange.objects.filter(goal__plan=plan)
            .select_related("goal")
            .order_by("changed_on", "pk")
        )
        for change in changes:
            goal = change.goal
            kind = _("Delmål") if goal.parent_id else _("Mål")
            if change.goal_id not in seen:
                seen.add(change.goal_id)
                title = _("%(kind)s satt: %(goal)s") % {"kind": kind, "goal": _short(goal.description)}
                detail = (
                    _("Måldatum %(date)s") % {"date": goal.target_date.isoformat()}
                    if goal.target_date
                    else ""
                )
                yield Event(change.changed_on, "goal", title, detail, order=5)
                if change.status == GoalStatus.NOT_STARTED:
                    continue
            title = STATUS_TITLES[change.status] % {"kind": kind, "goal": _short(goal.description)}
            yield Event(change.changed_on, "goal", title, order=7)
    for follow_up in FollowUp.objects.filter(enrolment=enrolment).order_by("held_on", "pk"):
        detail = (
            _("Nästa uppföljning %(date)s") % {"date": follow_up.next_follow_up_on.isoformat()}
            if follow_up.next_follow_up_on
            else ""
        )
        yield Event(follow_up.held_on, "follow_up", _("Uppföljning"), detail, order=6)


def _sees_project_caseload(user: User, project: Project) -> bool:
    return sees_whole_project(user, project)


CASELOAD_LINK = ProjectLink(
    order=10,
    label=gettext_lazy("Ärendeöversikt"),
    url_name="plans:project_caseload",
    visible=_sees_project_caseload,
)
