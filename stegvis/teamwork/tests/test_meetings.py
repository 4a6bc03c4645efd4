"""Samverkansteam pages through HTTP: pseudonymised agenda, forms, tasks, logging, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.participants.tests.factories import enrol
from stegvis.teamwork import services
from stegvis.teamwork.models import AgendaItem, TeamMeeting
from stegvis.teamwork.tests.factories import LAST_WEEK, first_agenda_item, first_task, team_meeting

TODAY = datetime.date.today()
PSEUDONYM_AINA = "Ärende 1 (kvinna, 30–39 år)"
PSEUDONYM_BERTIL = "Ärende 2 (man, 30–39 år)"
PSEUDONYM_RUNE = "Ärende 3 (man, 40–49 år)"


def _page(world, persona: str) -> str:
    response = world.client_for(persona).get(reverse("teamwork:meeting", args=[team_meeting(world).pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("persona", "names", "pseudonyms"),
    [
        ("alice", {"Aina", "Rune"}, {PSEUDONYM_BERTIL}),
        ("bob", {"Bertil"}, {PSEUDONYM_AINA, PSEUDONYM_RUNE}),
        ("petra", {"Aina", "Bertil", "Rune"}, set()),
        ("rita", {"Rune"}, {PSEUDONYM_AINA, PSEUDONYM_BERTIL}),
    ],
)
def test_agenda_names_only_the_people_each_reader_may_see(world, persona, names, pseudonyms):
    content = _page(world, persona)
    for name in {"Aina", "Bertil", "Rune"}:
        assert (name in content) == (name in names), name
    for label in pseudonyms:
        assert label in content
    for enrolment in (world.alice_enrolment, world.bob_enrolment, world.rita_enrolment):
        personal_id = enrolment.person.personal_id
        assert personal_id[:8] not in content and personal_id[2:8] not in content


def test_only_readers_with_participant_access_get_a_link_to_the_participant(world):
    alice_link = reverse("participants:detail", args=[world.alice_enrolment.pk])
    rune_link = reverse("participants:detail", args=[world.rita_enrolment.pk])
    assert alice_link in _page(world, "alice")
    assert rune_link not in _page(world, "rita")
    assert "Ärende 3: Rune Remissson" in _page(world, "rita")


def test_a_general_question_is_shown_as_such(world):
    assert "Ärende 4 (allmän fråga)" in _page(world, "bob")


def test_reading_a_meeting_is_logged(world):
    _page(world, "rita")
    entry = AuditEntry.objects.get(action="teamwork.meeting.viewed")
    assert entry.user == world.rita and entry.object_id == team_meeting(world).pk


def test_steering_group_sees_no_meetings_and_no_link_to_them(world):
    client = world.client_for("sven")
    assert client.get(reverse("teamwork:meetings", args=[world.project_a.pk])).status_code == 403
    project_page = client.get(reverse("projects:detail", args=[world.project_a.pk])).content.decode()
    assert reverse("teamwork:meetings", args=[world.project_a.pk]) not in project_page
    assert reverse("teamwork:barriers", args=[world.project_a.pk]) in project_page


def test_referrer_reaches_meetings_but_not_barriers_from_the_project_page(world):
    project_page = world.client_for("rita").get(reverse("projects:detail", args=[world.project_a.pk]))
    content = project_page.content.decode()
    assert reverse("teamwork:meetings", args=[world.project_a.pk]) in content
    assert reverse("teamwork:barriers", args=[world.project_a.pk]) not in content


def test_referrer_may_read_but_not_plan(world):
    client = world.client_for("rita")
    assert client.get(reverse("teamwork:meeting_create", args=[world.project_a.pk])).status_code == 403
    content = client.get(reverse("teamwork:meeting", args=[team_meeting(world).pk])).content.decode()
    assert "Lägg till ärende" not in content and "Markera som klar" in content


def test_meeting_list_shows_upcoming_past_and_open_tasks(world):
    meeting = team_meeting(world)
    services.meeting_create(
        project=world.project_a, held_on=TODAY + datetime.timedelta(days=20), organisations=[], by=world.petra
    )
    overdue = services.task_add(
        meeting=meeting,
        what="Skicka underlag till FK",
        responsible="Projektet",
        due_on=LAST_WEEK,
        by=world.petra,
    )
    response = world.client_for("bob").get(reverse("teamwork:meetings", args=[world.project_a.pk]))
    content = response.content.decode()
    assert len(response.context["upcoming"]) == 1 and len(response.context["page_obj"].object_list) == 1
    assert "Skicka underlag till FK" in content and "Försenad" in content
    assert response.context["open_task_count"] == 4
    past = response.context["page_obj"].object_list[0]
    assert (past.case_count, past.decision_count, past.open_task_count, past.overdue_task_count) == (
        4,
        3,
        4,
        1,
    )
    assert overdue.pk in {t.pk for t in response.context["open_tasks"]}


def test_empty_meeting_list_says_what_to_do(world):
    content = world.client_for("alice").get(reverse("teamwork:meetings", args=[world.project_a.pk]))
    content = content.content.decode()
    assert (
        "Inga möten ännu" in content
        and reverse("teamwork:meeting_create", args=[world.project_a.pk]) in content
    )


def test_create_meeting_and_add_a_case_through_the_pages(world):
    client = world.client_for("alice")
    response = client.post(
        reverse("teamwork:meeting_create", args=[world.project_a.pk]),
        {
            "held_on": TODAY.isoformat(),
            "organisations": [world.af.pk],
            "notes": "Af informerade om nya rutiner.",
        },
    )
    meeting = TeamMeeting.objects.get()
    assert response["Location"] == reverse("teamwork:meeting", args=[meeting.pk])
    response = client.post(
        reverse("teamwork:agenda_add", args=[meeting.pk]),
        {"enrolment": world.alice_enrolment.pk, "question": "Behov av arbetsprövning?", "decision": "Ja"},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert (item.enrolment, item.position, item.decision) == (world.alice_enrolment, 1, "Ja")


def test_case_choices_hold_only_the_coachs_own_participants(world):
    meeting = team_meeting(world)
    client = world.client_for("bob")
    form = client.get(reverse("teamwork:agenda_add", args=[meeting.pk])).context["form"]
    assert set(form.fields["enrolment"].queryset) == {world.bob_enrolment}
    response = client.post(
        reverse("teamwork:agenda_add", args=[meeting.pk]),
        {"enrolment": world.alice_enrolment.pk, "question": "Fråga"},
    )
    assert response.status_code == 200 and "aria-invalid" in response.content.decode()
    assert meeting.agenda_items.count() == 4


def test_agenda_form_keeps_input_when_the_question_names_the_person(world):
    response = world.client_for("alice").post(
        reverse("teamwork:agenda_add", args=[team_meeting(world).pk]),
        {"enrolment": world.alice_enrolment.pk, "question": "Hur går det för Aina på praktiken?"},
    )
    content = response.content.decode()
    assert response.status_code == 200 and "Hur går det för Aina på praktiken?" in content
    assert "Skriv inte deltagarens namn här" in content


def test_colleague_records_a_decision_on_a_case_known_only_by_pseudonym(world):
    item = first_agenda_item(world)
    client = world.client_for("bob")
    url = reverse("teamwork:agenda_edit", args=[item.pk])
    page = client.get(url)
    content = page.content.decode()
    assert "enrolment" not in page.context["form"].fields
    assert PSEUDONYM_AINA in content and "Aina" not in content
    response = client.post(
        url, {"question": item.question, "discussion": "", "decision": "Kartläggning hos FK."}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.enrolment == world.alice_enrolment and item.decision == "Kartläggning hos FK."


def test_task_toggle_with_htmx_returns_the_row_and_is_logged(world):
    task = first_task(world)
    response = world.client_for("rita").post(
        reverse("teamwork:task_toggle", args=[task.pk]),
        {"done": "1", "where": "meeting"},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert content.lstrip().startswith(f'<tr id="task-{task.pk}"') and "Ångra" in content
    task.refresh_from_db()
    assert task.done_on == TODAY and task.done_by == world.rita
    assert AuditEntry.objects.filter(action="teamwork.task.done", user=world.rita).exists()


def test_task_toggle_without_htmx_goes_back(world):
    task = first_task(world)
    url = reverse("teamwork:meetings", args=[world.project_a.pk])
    response = world.client_for("alice").post(
        reverse("teamwork:task_toggle", args=[task.pk]), {"done": "1", "next": url}
    )
    assert response["Location"] == url
    evil = world.client_for("alice").post(
        reverse("teamwork:task_toggle", args=[task.pk]), {"done": "0", "next": "https://example.com/"}
    )
    assert evil["Location"] == reverse("teamwork:meeting", args=[task.meeting_id])


def test_task_form_keeps_input_on_a_date_before_the_meeting(world):
    meeting = team_meeting(world)
    response = world.client_for("petra").post(
        reverse("teamwork:task_add", args=[meeting.pk]),
        {
            "what": "Ring FK",
            "responsible": "Projektet",
            "due_on": (LAST_WEEK - datetime.timedelta(days=2)).isoformat(),
        },
    )
    content = response.content.decode()
    assert response.status_code == 200 and 'value="Ring FK"' in content and "före mötet" in content


def test_timeline_shows_the_case_in_the_team_with_its_decision(world):
    team_meeting(world)
    response = world.client_for("alice").get(reverse("participants:detail", args=[world.alice_enrolment.pk]))
    events = [e for e in response.context["timeline"] if e.kind == "teamwork"]
    assert [(e.on, e.title, e.detail) for e in events] == [
        (LAST_WEEK, "Togs upp i samverkansteamet (ärende 1)", "Beslut: Trepartsmöte bokas.")
    ]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_cases(world, meeting, count: int) -> None:
    for n in range(count):
        enrolment = enrol(
            project=world.project_a,
            coach=world.bob,
            first_name=f"Extra{n}",
            birth=datetime.date(1980, 1, n + 1),
        )
        item = services.agenda_item_add(meeting=meeting, enrolment=enrolment, question="Fråga", by=world.bob)
        services.task_add(
            meeting=meeting, agenda_item=item, what="Uppgift", responsible="Af", due_on=None, by=world.bob
        )


@pytest.mark.parametrize("persona", ["alice", "rita"])
def test_meeting_page_query_count_does_not_grow_with_the_agenda(world, persona):
    meeting = team_meeting(world)
    client = world.client_for(persona)
    url = reverse("teamwork:meeting", args=[meeting.pk])
    before = _queries(client, url)
    _more_cases(world, meeting, 6)
    assert _queries(client, url) == before
    assert before <= 14


def test_meeting_list_query_count_does_not_grow_with_meetings(world):
    client = world.client_for("petra")
    url = reverse("teamwork:meetings", args=[world.project_a.pk])
    team_meeting(world)
    before = _queries(client, url)
    for n in range(5):
        meeting = services.meeting_create(
            project=world.project_a,
            held_on=TODAY - datetime.timedelta(days=30 * (n + 2)),
            organisations=[world.af],
            by=world.petra,
        )
        _more_cases(world, meeting, 1) if n == 0 else None
        services.task_add(meeting=meeting, what="Uppgift", responsible="Af", due_on=TODAY, by=world.petra)
    assert _queries(client, url) == before
    assert before <= 14
