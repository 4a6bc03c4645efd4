"""Journal pages through HTTP: the panel, the journal page, opening, correcting, query counts."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.journal import services
from stegvis.journal.models import JournalNote, JournalNoteRevision
from stegvis.journal.tests.factories import write_note

TODAY = datetime.date.today()
SECRET = "Berättar om våld från tidigare partner."


def _note_post(**overrides) -> dict[str, str]:
    data = {
        "journal-written_on": TODAY.isoformat(),
        "journal-title": "Telefonsamtal",
        "journal-text": "Bokade tid för studiebesök på lagret.",
        "journal-sensitivity": "nej",
    }
    data.update(overrides)
    return data


def _correction_post(note, **overrides) -> dict[str, str]:
    data = {key.removeprefix("journal-"): value for key, value in _note_post().items()}
    data.update({"version": str(note.version), "reason": "Stavfel"})
    data.update(overrides)
    return data


def _sensitive(world, **kwargs):
    return write_note(
        enrolment=world.alice_enrolment,
        by=world.alice,
        title="Samtal om hemsituationen",
        text=SECRET,
        **kwargs,
    )


def test_participant_page_panel_shows_latest_notes_with_sensitive_text_hidden(world):
    write_note(enrolment=world.alice_enrolment, by=world.alice, title="Trepartsmöte med Af")
    _sensitive(world, category="vald")
    page = world.client_for("alice").get(reverse("participants:detail", args=[world.alice_enrolment.pk]))
    content = page.content.decode()
    assert "Trepartsmöte med Af" in content and "Samtal om hemsituationen" in content
    assert SECRET not in content
    assert "Känslig: våld" not in content  # the category is sensitive too
    assert 'id="journal-panel"' in content and "Spara anteckning" in content


def test_timeline_shows_a_sensitive_note_without_title_or_text(world):
    _sensitive(world, category="halsa")
    write_note(enrolment=world.alice_enrolment, by=world.alice, title="Studiebesök")
    response = world.client_for("alice").get(reverse("participants:detail", args=[world.alice_enrolment.pk]))
    titles = [event.title for event in response.context["timeline"]]
    assert "Känslig anteckning" in titles and "Anteckning: Studiebesök" in titles
    assert not any("hemsituationen" in t or SECRET in t for t in titles)


def test_quick_add_from_the_panel_returns_the_panel_with_the_note(world):
    client = world.client_for("alice")
    url = reverse("journal:add", args=[world.alice_enrolment.pk])
    response = client.post(url, {**_note_post(), "from": "panel"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert 'id="journal-panel"' in content and "Telefonsamtal" in content
    assert 'hx-swap-oob="true"' in content and "Anteckningen är sparad." in content
    note = JournalNote.objects.get()
    assert (note.author, note.sensitive, note.category) == (world.alice, False, "")


def test_quick_add_keeps_the_input_when_sensitivity_is_not_chosen(world):
    client = world.client_for("alice")
    url = reverse("journal:add", args=[world.alice_enrolment.pk])
    response = client.post(
        url, {**_note_post(**{"journal-sensitivity": ""}), "from": "panel"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert "Bokade tid för studiebesök på lagret." in content and 'value="Telefonsamtal"' in content
    assert 'aria-invalid="true"' in content
    assert not JournalNote.objects.exists()


def test_add_without_htmx_redirects_to_where_it_came_from(world):
    client = world.client_for("petra")
    url = reverse("journal:add", args=[world.alice_enrolment.pk])
    from_panel = client.post(url, {**_note_post(), "from": "panel"})
    assert from_panel["Location"] == reverse("participants:detail", args=[world.alice_enrolment.pk])
    from_journal = client.post(url, _note_post(**{"journal-sensitivity": "missbruk"}))
    assert from_journal["Location"] == reverse("journal:list", args=[world.alice_enrolment.pk])
    assert JournalNote.objects.filter(sensitive=True, category="missbruk", author=world.petra).exists()


def test_add_form_page_keeps_input_and_refuses_a_future_date(world):
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = world.client_for("alice").post(
        reverse("journal:add", args=[world.alice_enrolment.pk]),
        _note_post(**{"journal-written_on": tomorrow}),
    )
    content = response.content.decode()
    assert response.status_code == 200 and "Datumet kan inte ligga i framtiden." in content
    assert "Bokade tid för studiebesök på lagret." in content


def test_journal_page_hides_sensitive_text_and_logs_the_reading(world):
    _sensitive(world, category="vald")
    client = world.client_for("petra")
    url = reverse("journal:list", args=[world.alice_enrolment.pk])
    content = client.get(url).content.decode()
    assert "Samtal om hemsituationen" in content and "Alice Persona" in content and SECRET not in content
    assert "Visa anteckningen" in content
    entry = AuditEntry.objects.get(action="journal.notes.viewed")
    assert (entry.user, entry.enrolment_id, entry.path) == (world.petra, world.alice_enrolment.pk, url)


def test_opening_a_sensitive_note_needs_a_purpose_and_is_logged(world):
    note = _sensitive(world, category="vald")
    client = world.client_for("petra")
    url = reverse("journal:open", args=[note.pk])
    refused = client.post(url, {f"open-{note.pk}-purpose": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert SECRET not in refused and "aria-invalid" in refused
    assert not AuditEntry.objects.filter(action="journal.note.opened").exists()
    opened = client.post(
        url, {f"open-{note.pk}-purpose": "Planering av insatser"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert SECRET in opened and "<html" not in opened and "Öppningen är loggad." in opened
    assert "våld i nära relation" in opened
    entry = AuditEntry.objects.get(action="journal.note.opened")
    assert (entry.user, entry.object_id, entry.purpose) == (world.petra, note.pk, "Planering av insatser")
    assert entry.person_id == world.alice_enrolment.person_id


def test_opening_without_htmx_shows_the_note_on_its_own_page(world):
    note = _sensitive(world, category="halsa")
    response = world.client_for("alice").post(
        reverse("journal:open", args=[note.pk]), {f"open-{note.pk}-purpose": "Uppföljning med deltagaren"}
    )
    content = response.content.decode()
    assert "<html" in content and SECRET in content and "Tillbaka till journalen" in content


def test_correction_keeps_history_visible_in_the_journal(world):
    note = write_note(enrolment=world.alice_enrolment, by=world.alice, title="Samtal", text="Fel deltagare.")
    client = world.client_for("alice")
    url = reverse("journal:correct", args=[note.pk])
    form_page = client.get(url).content.decode()
    assert "Fel deltagare." in form_page
    response = client.post(
        url,
        _correction_post(note, text="Rätt text.", title="Samtal", reason="Skrev på fel rad"),
    )
    assert response.status_code == 302
    journal = client.get(reverse("journal:list", args=[world.alice_enrolment.pk])).content.decode()
    assert "Rätt text." in journal and "Fel deltagare." in journal and "Skrev på fel rad" in journal
    assert "1 tidigare version" in journal


def test_correction_form_without_a_reason_keeps_the_input(world):
    note = write_note(enrolment=world.alice_enrolment, by=world.alice)
    response = world.client_for("alice").post(
        reverse("journal:correct", args=[note.pk]),
        _correction_post(note, text="Min nya text", reason=""),
    )
    content = response.content.decode()
    assert response.status_code == 200 and "Min nya text" in content and 'aria-invalid="true"' in content
    assert not JournalNoteRevision.objects.exists()


def test_opening_the_correction_form_of_a_sensitive_note_is_logged(world):
    note = _sensitive(world, category="ekonomi")
    world.client_for("alice").get(reverse("journal:correct", args=[note.pk]))
    entry = AuditEntry.objects.get(action="journal.note.opened")
    assert entry.purpose == "Rättelse av anteckningen" and entry.object_id == note.pk


def test_history_with_a_sensitive_version_is_shown_only_after_opening(world):
    note = _sensitive(world, category="vald")
    services.note_correct(
        note=note,
        written_on=note.written_on,
        title=note.title,
        text="Inget känsligt här.",
        sensitive=False,
        category="",
        reason="Flyttade det känsliga till rätt anteckning",
        by=world.alice,
        expected_version=note.version,
    )
    content = world.client_for("petra").get(reverse("journal:list", args=[world.alice_enrolment.pk]))
    content = content.content.decode()
    assert "Inget känsligt här." in content and SECRET not in content and "Visa tidigare versioner" in content


def test_a_stale_correction_says_so_and_keeps_the_input(world):
    note = write_note(enrolment=world.alice_enrolment, by=world.alice)
    JournalNote.objects.filter(pk=note.pk).update(version=5)
    response = world.client_for("alice").post(
        reverse("journal:correct", args=[note.pk]),
        _correction_post(note, text="Min version", version="1"),
    )
    content = response.content.decode()
    assert "Någon annan har sparat ändringar" in content and "Min version" in content


def test_empty_journal_says_what_to_write(world):
    content = world.client_for("alice").get(reverse("journal:list", args=[world.alice_enrolment.pk]))
    assert "Inga anteckningar ännu" in content.content.decode()


def test_journal_is_paginated(world):
    for n in range(23):
        write_note(enrolment=world.alice_enrolment, by=world.alice, title=f"Anteckning {n:02d}")
    client = world.client_for("alice")
    url = reverse("journal:list", args=[world.alice_enrolment.pk])
    first = client.get(url)
    assert len(first.context["notes"]) == 20 and "Sida 1 av 2" in first.content.decode()
    assert len(client.get(url, {"page": 2}).context["notes"]) == 3


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _many_notes(world, count: int) -> None:
    for n in range(count):
        note = write_note(
            enrolment=world.alice_enrolment,
            by=world.petra if n % 2 else world.alice,
            title=f"Anteckning {n}",
            category="halsa" if n % 3 == 0 else "",
        )
        if n % 2 == 0:
            services.note_correct(
                note=note,
                written_on=note.written_on,
                title=note.title,
                text=f"Rättad {n}",
                sensitive=note.sensitive,
                category=note.category,
                reason="Stavfel",
                by=world.alice,
                expected_version=note.version,
            )


def test_journal_page_query_count_does_not_grow_with_notes(world):
    client = world.client_for("alice")
    url = reverse("journal:list", args=[world.alice_enrolment.pk])
    write_note(enrolment=world.alice_enrolment, by=world.alice)
    before = _queries(client, url)
    _many_notes(world, 12)
    assert _queries(client, url) == before
    assert before <= 10


def test_participant_page_query_count_does_not_grow_with_notes(world):
    client = world.client_for("alice")
    url = reverse("participants:detail", args=[world.alice_enrolment.pk])
    write_note(enrolment=world.alice_enrolment, by=world.alice)
    before = _queries(client, url)
    _many_notes(world, 12)
    assert _queries(client, url) == before
