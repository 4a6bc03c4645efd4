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


def _plan_and_follow_ups(enrolment: Enrolment) -> tuple[ActionPlan | None, list[FollowUp]]:
    """Read once per page: the timeline and the panel both need them (two queries, not four)."""
    cached = getattr(enrolment, "_plans_read", None)
    if cached is None:
        plan = ActionPlan.objects.filter(enrolment=enrolment).first()
        follow_ups = list(FollowUp.objects.filter(enrolment=enrolment).order_by("-held_on", "-pk"))
        cached = enrolment._plans_read = (plan, follow_ups)  # type: ignore[attr-defined]
    return cached


def plan_panel_context(request: HttpRequest, enrolment: Enrolment) -> dict[str, Any]:
    """The participant page has already checked access to the enrolment."""
    today = datetime.date.today()
    plan, follow_ups = _plan_and_follow_ups(enrolment)
    tree = selectors.goal_tree(plan) if plan else []
    return {
        "plan": plan,
        "goals": tree,
        "summary": selectors.goal_summary(tree, today),
        "follow_ups": follow_ups[:RECENT_FOLLOW_UPS],
        "follow_up_count": len(follow_ups),
        "today": today,
    }


PLAN_PANEL = Panel(order=10, template="plans/_panel.html", context=plan_panel_context)


def _short(text: str) -> str:
    return Truncator(text).chars(80)


STATUS_TITLES = {
    GoalStatus.NOT_STARTED: gettext_lazy("%(kind)s inte påbörjat: %(goal)s"),
    GoalStatus.IN_PROGRESS: gettext_lazy("%(kind)s påbörjat: %(goal)s"),
    GoalStatus.REACHED: gettext_lazy("%(kind)s uppnått: %(goal)s"),
    GoalStatus.PARTLY_REACHED: gettext_lazy("%(kind)s delvis uppnått: %(goal)s"),
    GoalStatus.NOT_REACHED: gettext_lazy("%(kind)s inte uppnått: %(goal)s"),
    GoalStatus.DROPPED: gettext_lazy("%(kind)s avbrutet: %(goal)s"),
}


def _changes_in_words(changes: list[GoalStatusChange]) -> str:
    """ "Uppnått: Skriva ett CV, Söka två jobb i veckan. Pågår: …" in the order of the statuses."""
    by_status: dict[str, list[str]] = {}
    for change in changes:
        by_status.setdefault(change.status, []).append(_short(change.goal.description))
    return " ".join(
        f"{GoalStatus(status).label}: {', '.join(by_status[status])}."
        for status in GoalStatus.values
        if status in by_status
    )


def plan_events(enrolment: Enrolment) -> Iterable[Event]:
    """The plan in the participant's timeline, in a few queries and few lines.

    Goals set with the plan are counted in its event; the goal changes made at a follow-up
    are told in that follow-up's event; other status changes are grouped by day.
    """
    plan, follow_ups = _plan_and_follow_ups(enrolment)
    at_follow_up: dict[int, list[GoalStatusChange]] = {}
    if plan is not None:
        changes = list(
            GoalStatusChange.objects.filter(goal__plan=plan)
            .select_related("goal")
            .order_by("changed_on", "pk")
        )
        seen: set[int] = set()
        with_plan = {"goals": 0, "sub_goals": 0}
        by_day: dict[datetime.date, list[GoalStatusChange]] = {}
        for change in changes:
            goal = change.goal
            kind = _("Delmål") if goal.parent_id else _("Mål")
            if change.goal_id not in seen:
                seen.add(change.goal_id)
                if change.changed_on == plan.drawn_up_on:
                    with_plan["sub_goals" if goal.parent_id else "goals"] += 1
                else:
                    title = _("%(kind)s satt: %(goal)s") % {"kind": kind, "goal": _short(goal.description)}
                    yield Event(change.changed_on, "goal", title, order=5)
                if change.status == GoalStatus.NOT_STARTED:
                    continue
            if change.follow_up_id:
                at_follow_up.setdefault(change.follow_up_id, []).append(change)
            else:
                by_day.setdefault(change.changed_on, []).append(change)
        detail = _("%(goals)s mål och %(subs)s delmål") % {
            "goals": with_plan["goals"],
            "subs": with_plan["sub_goals"],
        }
        yield Event(plan.drawn_up_on, "plan", _("Handlingsplan upprättad"), detail, order=4)
        agreed: dict[datetime.date, list[str]] = {}
        for on, who in (
            (plan.agreed_by_participant_on, _("deltagaren")),
            (plan.agreed_by_coach_on, _("handledaren")),
            (plan.agreed_by_referrer_on, _("anvisande part")),
        ):
            if on is not None:
                agreed.setdefault(on, []).append(who)
        for on, whom in agreed.items():
            yield Event(
                on, "plan", _("Handlingsplanen godkänd av %(who)s") % {"who": ", ".join(whom)}, order=5
            )
        for on, day in by_day.items():
            if len(day) == 1:
                kind = _("Delmål") if day[0].goal.parent_id else _("Mål")
                title = STATUS_TITLES[day[0].status] % {"kind": kind, "goal": _short(day[0].goal.description)}
                yield Event(on, "goal", title, order=5)
            else:
                yield Event(
                    on,
                    "goal",
                    _("Status ändrad för %(n)s mål") % {"n": len(day)},
                    _changes_in_words(day),
                    order=5,
                )
    for follow_up in follow_ups:
        parts = [_changes_in_words(at_follow_up.get(follow_up.pk, []))]
        if follow_up.next_follow_up_on:
            parts.append(_("Nästa uppföljning %(date)s.") % {"date": follow_up.next_follow_up_on.isoformat()})
        yield Event(
            follow_up.held_on, "follow_up", _("Uppföljning"), " ".join(p for p in parts if p), order=7
        )


def _sees_project_caseload(user: User, project: Project) -> bool:
    return sees_whole_project(user, project)


CASELOAD_LINK = ProjectLink(
    order=10,
    label=gettext_lazy("Ärendeöversikt"),
    url_name="plans:project_caseload",
    visible=_sees_project_caseload,
)
