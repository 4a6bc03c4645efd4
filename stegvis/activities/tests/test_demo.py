"""The demo generator keeps the invariants the services keep, and is deterministic."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import transaction

from stegvis.accounts.models import Role
from stegvis.accounts.tests.factories import MembershipFactory, UserFactory
from stegvis.activities import demo, selectors, services
from stegvis.activities.models import (
    Activity,
    ActivityHours,
    ActivityType,
    Attendance,
    AttendanceStatus,
    GroupActivity,
    GroupBooking,
)
from stegvis.audit.models import AuditEntry
from stegvis.participants import services as participant_services
from stegvis.participants.tests.factories import enrol
from stegvis.plans.models import ActionPlan, Goal
from stegvis.projects.tests.factories import ProjectFactory

TODAY = datetime.date.today()


@pytest.fixture
def rebus(world):
    """A small REBUS (the demo's groups are keyed by its diarienummer) with plans and exits."""
    project = ProjectFactory(
        diarienummer="KLASAM-REBUS-2017", name="REBUS", start_date=datetime.date(2017, 1, 1)
    )
    coach = UserFactory(username="handledare")
    MembershipFactory(user=coach, project=project, role=Role.COACH)
    MembershipFactory(user=UserFactory(username="kollega"), project=project, role=Role.COACH)
    starts = [TODAY - datetime.timedelta(days=d) for d in (400, 300, 200, 150, 120, 90, 60, 40, 20, 5)]
    enrolments = []
    for n, start in enumerate(starts):
        enrolment = enrol(
            project=project,
            coach=coach,
            first_name=f"Demo{n}",
            birth=datetime.date(1980, 1, n + 1),
            start=start,
        )
        plan = ActionPlan.objects.create(enrolment=enrolment, created_by=coach)
        goal = Goal.objects.create(plan=plan, description="Pröva att arbeta på en riktig arbetsplats")
        Goal.objects.create(plan=plan, parent=goal, description="Besöka tre arbetsplatser")
        Goal.objects.create(plan=plan, description="Må bättre i kropp och huvud")
        enrolments.append(enrolment)
    for enrolment in enrolments[:2]:
        participant_services.enrolment_exit(
            enrolment=enrolment,
            exit_date=enrolment.start_date + datetime.timedelta(days=100),
            reason="planned",
            outcome="job_seeking",
            qualification_gained=None,
            situation=participant_services.SituationData(sysselsattning="arbetssokande"),
            by=coach,
            expected_version=enrolment.version,
        )
    return {"handledare": coach}


def _fingerprint() -> tuple:
    return (
        sorted(
            Activity.objects.values_list("enrolment__person__first_name", "activity_type__name", "start_date")
        ),
        sorted(ActivityHours.objects.values_list("activity__start_date", "week", "hours")),
        sorted(
            Attendance.objects.values_list(
                "session__date", "enrolment__person__first_name", "status", "hours"
            )
        ),
    )


def test_demo_is_deterministic(world, rebus):
    prints = []
    for _run in range(2):
        with pytest.raises(RuntimeError), transaction.atomic():
            demo.seed(today=TODAY, rng=random.Random("x"), users=rebus)  # noqa: S311 - demo data
            prints.append(_fingerprint())
            raise RuntimeError("roll back")
    assert prints[0] == prints[1] and prints[0][0]


def test_demo_keeps_the_services_invariants(world, rebus):
    lines = demo.seed(today=TODAY, rng=random.Random("stegvis-demo-stegvis.activities"), users=rebus)  # noqa: S311
    assert any("Gruppaktiviteter: 3" in line for line in lines)
    assert ActivityType.objects.filter(project=world.project_a).count() == len(services.DEFAULT_CATALOGUE)

    for activity in Activity.objects.select_related("enrolment__exit", "enrolment"):
        enrolment = activity.enrolment
        assert activity.start_date >= enrolment.start_date
        exited = enrolment.exit.exit_date if not enrolment.is_open else None
        if exited:
            assert (
                activity.start_date <= exited
                and activity.end_date is not None
                and activity.end_date <= exited
            )
        window = services.reportable_weeks(activity, TODAY)
        weeks = list(activity.hours.values_list("week", flat=True))
        assert all(window[0] <= week <= window[1] for week in weeks), activity
        assert set(activity.goals.values_list("plan__enrolment", flat=True)) <= {enrolment.pk}
        assert (
            activity.activity_type.allows_individual
            and activity.activity_type.project_id == enrolment.project_id
        )

    assert Activity.goals.through.objects.exists()
    groups = GroupActivity.objects.all()
    assert groups.count() == 3 and {g.leader.username for g in groups} <= {"handledare", "kollega"}
    for attendance in Attendance.objects.select_related("session__group_activity", "enrolment"):
        session = attendance.session
        booking = GroupBooking.objects.get(
            group_activity=session.group_activity, enrolment=attendance.enrolment
        )
        assert booking.covers(session.date) and session.date <= TODAY and not session.cancelled
        assert attendance.enrolment.start_date <= session.date
        if attendance.status == AttendanceStatus.PRESENT:
            assert 0 < attendance.hours <= session.duration_hours
    statuses = set(Attendance.objects.values_list("status", flat=True))
    assert statuses == {"present", "notified", "absent"}
    assert (
        AuditEntry.objects.filter(action="activities.attendance.recorded").count()
        == Attendance.objects.count()
    )

    # The project's hours add up both ways on the demo data too.
    manager = UserFactory(username="pl")
    MembershipFactory(user=manager, project=groups[0].project, role=Role.PROJECT_MANAGER)
    summary = selectors.hours_summary(
        manager, groups[0].project, start=TODAY - datetime.timedelta(days=400), end=TODAY
    )
    assert summary.total > 0
    assert (
        sum(t.total for t in summary.by_type) == summary.total == sum(p.total for p in summary.by_participant)
    )
