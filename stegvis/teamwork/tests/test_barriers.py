"""Samverkanshinder pages through HTTP: recording, the project manager's steps, the steering group's view."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.teamwork import services
from stegvis.teamwork.models import Barrier, BarrierStatus
from stegvis.teamwork.tests.factories import barrier

TODAY = datetime.date.today()


def _post(world, **overrides) -> dict:
    data = {
        "title": "Väntetid på utredning hos regionen",
        "category": "vantetider",
        "agencies": [world.af.pk],
        "description": "Utredning av arbetsförmåga dröjer över sex månader; under tiden står planeringen still.",
        "enrolment": world.alice_enrolment.pk,
    }
    data.update(overrides)
    return data


def test_coach_records_a_barrier_linked_to_a_case(world):
    response = world.client_for("alice").post(
        reverse("teamwork:barrier_create", args=[world.project_a.pk]), _post(world)
    )
    created = Barrier.objects.get()
    assert response["Location"] == reverse("teamwork:barrier", args=[created.pk])
    assert (created.raised_by, created.enrolment, created.status) == (
        world.alice,
        world.alice_enrolment,
        "registrerat",
    )
    assert list(created.agencies.all()) == [world.af]


def test_barrier_form_keeps_input_and_explains_the_personal_data_rule(world):
    response = world.client_for("alice").post(
        reverse("teamwork:barrier_create", args=[world.project_a.pk]),
        _post(world, description="Aina har väntat i sex månader."),
    )
    content = response.content.decode()
    assert response.status_code == 200 and "Aina har väntat i sex månader." in content
    assert "visa för styrgruppen utan personuppgifter" in content and not Barrier.objects.exists()


def test_steering_group_sees_barriers_without_personal_data(world):
    b = barrier(world)
    services.barrier_raise(
        barrier=b, on=TODAY, note="Förslag: gemensam rutin", by=world.petra, expected_version=1
    )
    client = world.client_for("sven")
    listing = client.get(reverse("teamwork:barriers", args=[world.project_a.pk]))
    content = listing.content.decode()
    assert b.title in content and "Utan personuppgifter" in content
    assert "Registrera hinder" not in content
    detail = client.get(reverse("teamwork:barrier", args=[b.pk])).content.decode()
    assert b.description in detail and "Förslag: gemensam rutin" in detail
    for private in (
        "Aina",
        "Alice Persona",
        "Petra Persona",
        reverse("participants:detail", args=[world.alice_enrolment.pk]),
    ):
        assert private not in content and private not in detail


def test_link_to_the_case_is_shown_only_to_those_who_may_see_it(world):
    b = barrier(world)
    url = reverse("teamwork:barrier", args=[b.pk])
    link = reverse("participants:detail", args=[world.alice_enrolment.pk])
    assert link in world.client_for("alice").get(url).content.decode()
    assert link in world.client_for("petra").get(url).content.decode()
    bob_sees = world.client_for("bob").get(url).content.decode()
    assert link not in bob_sees and "Aina" not in bob_sees
    # Only the readings that showed the name are logged.
    readers = AuditEntry.objects.filter(action="teamwork.barrier.viewed").values_list(
        "user__username", flat=True
    )
    assert sorted(readers) == ["alice", "petra"]


def test_counts_by_category_and_status_are_on_the_list(world):
    barrier(world)
    response = world.client_for("sven").get(reverse("teamwork:barriers", args=[world.project_a.pk]))
    counts = response.context["counts"]
    assert counts.total == 1
    assert "Hinder per kategori och status" in response.content.decode()


def test_filter_by_status(world):
    first = barrier(world)
    second = barrier(
        world, title="Motstridiga krav på aktivitet", category="motstridiga_krav", enrolment=None
    )
    services.barrier_raise(barrier=second, on=TODAY, by=world.petra, expected_version=1)
    response = world.client_for("petra").get(
        reverse("teamwork:barriers", args=[world.project_a.pk]), {"status": "lyft"}
    )
    assert [b.pk for b in response.context["page_obj"].object_list] == [second.pk]
    assert first.pk not in {b.pk for b in response.context["page_obj"].object_list}


def test_project_manager_raises_decides_and_closes_through_the_pages(world):
    b = barrier(world)
    client = world.client_for("petra")
    response = client.post(
        reverse("teamwork:barrier_raise", args=[b.pk]), {"on": TODAY.isoformat(), "note": "", "version": 1}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("teamwork:barrier_decide", args=[b.pk]),
        {
            "decision": "Förbundet bjuder in parterna till en gemensam rutin.",
            "on": TODAY.isoformat(),
            "version": 2,
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("teamwork:barrier_close", args=[b.pk]),
        {"follow_up": "Rutinen är antagen av alla parter.", "on": TODAY.isoformat(), "version": 3},
    )
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.status == BarrierStatus.CLOSED and b.decision.startswith("Förbundet")
    detail = client.get(reverse("teamwork:barrier", args=[b.pk])).content.decode()
    assert "Åtgärdat/avslutat" in detail and "Rutinen är antagen av alla parter." in detail


def test_coach_cannot_raise_and_sees_no_such_button(world):
    b = barrier(world)
    client = world.client_for("alice")
    assert (
        client.post(
            reverse("teamwork:barrier_raise", args=[b.pk]), {"on": TODAY.isoformat(), "version": 1}
        ).status_code
        == 403
    )
    assert (
        "Lyft till styrgruppen" not in client.get(reverse("teamwork:barrier", args=[b.pk])).content.decode()
    )


def test_step_form_keeps_input_when_the_version_is_stale(world):
    b = barrier(world)
    response = world.client_for("petra").post(
        reverse("teamwork:barrier_raise", args=[b.pk]),
        {"on": TODAY.isoformat(), "note": "Vårt förslag", "version": 9},
    )
    content = response.content.decode()
    assert (
        response.status_code == 200
        and "Någon annan har sparat ändringar" in content
        and "Vårt förslag" in content
    )


def test_raised_barrier_is_not_edited_any_more(world):
    b = barrier(world)
    services.barrier_raise(barrier=b, on=TODAY, by=world.petra, expected_version=1)
    response = world.client_for("alice").get(reverse("teamwork:barrier_edit", args=[b.pk]))
    assert response.status_code == 302


def test_author_edits_a_registered_barrier(world):
    b = barrier(world)
    response = world.client_for("alice").post(
        reverse("teamwork:barrier_edit", args=[b.pk]),
        _post(world, title="Ny rubrik", enrolment="", version=1),
    )
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.title == "Ny rubrik" and b.enrolment is None and b.version == 2


def test_empty_barrier_list_says_what_to_record(world):
    content = (
        world.client_for("bob").get(reverse("teamwork:barriers", args=[world.project_a.pk])).content.decode()
    )
    assert "Inga samverkanshinder registrerade" in content and "Registrera hinder" in content


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more(world, count: int) -> None:
    for n in range(count):
        b = barrier(world, title=f"Hinder {n}", category="regelverk" if n % 2 else "annat")
        if n % 2:
            services.barrier_raise(barrier=b, on=TODAY, by=world.petra, expected_version=1)


def test_barrier_list_query_count_does_not_grow(world):
    barrier(world)
    for persona in ("petra", "sven"):
        client = world.client_for(persona)
        url = reverse("teamwork:barriers", args=[world.project_a.pk])
        before = _queries(client, url)
        _more(world, 4)
        assert _queries(client, url) == before
        assert before <= 10


def test_barrier_detail_query_count_is_bounded(world):
    b = barrier(world)
    services.barrier_raise(barrier=b, on=TODAY, by=world.petra, expected_version=1)
    assert _queries(world.client_for("petra"), reverse("teamwork:barrier", args=[b.pk])) <= 10
