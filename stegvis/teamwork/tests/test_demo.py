"""The teamwork demo: monthly meetings with cases, tasks and barriers in every status, same every run, no personal data."""

from __future__ import annotations

import datetime
import random
import re

from django.db import transaction

from stegvis.participants.models import Person
from stegvis.teamwork import demo
from stegvis.teamwork.models import AgendaItem, Barrier, BarrierStatus, Task, TeamMeeting

TODAY = datetime.date.today()


def _seed(world) -> list[str]:
    return demo.seed(today=TODAY, rng=random.Random("teamwork-test"), users={})  # noqa: S311 - demo data


def _snapshot() -> list[tuple]:
    return [
        *TeamMeeting.objects.order_by("pk").values_list("held_on", "project_id"),
        *AgendaItem.objects.order_by("pk").values_list(
            "meeting__held_on", "position", "enrolment_id", "decision"
        ),
        *Task.objects.order_by("pk").values_list("what", "due_on", "done_on"),
        *Barrier.objects.order_by("pk").values_list("title", "status", "registered_on", "enrolment_id"),
    ]


def test_demo_holds_monthly_meetings_cases_tasks_and_barriers(world):
    world.project_a.name = "REBUS"
    world.project_a.save()
    lines = _seed(world)
    meetings = list(TeamMeeting.objects.filter(project=world.project_a).order_by("held_on"))
    assert len(meetings) == demo.PAST_MEETINGS + 1
    assert sum(m.held_on > TODAY for m in meetings) == 1
    assert all(m.held_on.weekday() == 1 for m in meetings)  # the second Tuesday
    for meeting in meetings:
        assert 2 <= meeting.agenda_items.exclude(enrolment=None).count() <= 5 or meeting.held_on > TODAY
    assert set(AgendaItem.objects.values_list("enrolment__project", flat=True)) <= {world.project_a.pk, None}
    assert Task.objects.filter(done_on__isnull=True, due_on__lt=TODAY).exists() or Task.objects.count() < 5
    statuses = set(Barrier.objects.filter(project=world.project_a).values_list("status", flat=True))
    assert statuses == set(BarrierStatus.values)
    assert all(re.search(r"\d", line) for line in lines)


def test_demo_texts_name_nobody(world):
    world.project_a.name = "REBUS"
    world.project_a.save()
    _seed(world)
    names = {n for p in Person.objects.all() for n in (p.first_name, p.last_name) if n}
    texts = [
        *AgendaItem.objects.values_list("question", "discussion", "decision"),
        *Task.objects.values_list("what", "responsible"),
        *Barrier.objects.values_list("title", "description", "decision", "follow_up"),
        *TeamMeeting.objects.values_list("notes"),
    ]
    joined = " ".join(" ".join(row) for row in texts)
    assert not {name for name in names if re.search(rf"\b{name}\b", joined)}
    assert not re.search(r"\d{6}[-+]?\d{4}", joined)


def test_demo_is_the_same_every_run(world):
    world.project_a.name = "REBUS"
    world.project_a.save()
    runs = []
    for _ in range(2):
        with transaction.atomic():
            _seed(world)
            runs.append(_snapshot())
            transaction.set_rollback(True)
    assert runs[0] == runs[1] and runs[0]
