"""Assessment pages through HTTP: readings, the participant panel, instruments, the rule, IPS fidelity,
the project's step-movement section, and query counts that do not grow with the data."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.assessments import services
from stegvis.assessments.models import Assessment, FidelityReview, Instrument, Rater, StepMovementRule
from stegvis.assessments.tests.conftest import areas_of, record
from stegvis.audit.models import AuditEntry
from stegvis.participants.tests.factories import enrol
from stegvis.projects import services as project_services
from stegvis.projects.models import ProjectTarget

TODAY = datetime.date.today()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _form_data(instrument: Instrument, levels: list[int | str], **extra) -> dict:
    data = {"assessed_on": TODAY.isoformat(), "occasion": "follow_up", "rater": "participant", **extra}
    for area, value in zip(areas_of(instrument), levels, strict=False):
        data[f"area_{area.pk}"] = str(value)
    return data


@pytest.fixture
def two_readings(world, instrument):
    enrolment = world.alice_enrolment
    record(
        enrolment,
        instrument,
        [1, 2, 2, 1, 2, 3, 2, 2],
        on=enrolment.start_date,
        by=world.alice,
        rater=Rater.PARTICIPANT,
    )
    record(
        enrolment,
        instrument,
        [1, 1, 2, 1, 2, 3, 2, 2],
        on=enrolment.start_date,
        by=world.alice,
        rater=Rater.COACH,
    )
    record(
        enrolment,
        instrument,
        [2, 3, 2, 2, 2, 3, 3, 2],
        on=enrolment.start_date + datetime.timedelta(days=60),
        by=world.alice,
        rater=Rater.PARTICIPANT,
    )
    return enrolment


# --- one participant ---------------------------------------------------------------------------


def test_participant_page_shows_readings_side_by_side_and_the_step_movement(world, two_readings):
    content = (
        world.client_for("alice").get(reverse("participants:detail", args=[two_readings.pk])).content.decode()
    )
    assert "Skattning och stegförflyttning" in content
    assert 'role="img"' in content and "<title" in content and "<desc" in content
    assert "Deltagaren" in content and "Handledaren" in content
    since = (two_readings.start_date + datetime.timedelta(days=60)).isoformat()
    assert f"Stegförflyttning sedan {since}" in content
    assert "Stegförflyttning räknas när minst ett gäller" in content
    # The timeline has one event for the pair and one for the later reading, and the step.
    assert content.count("Skattning: Stegvis stegskattning") == 2
    assert "Stegförflyttning enligt projektets regel" in content


def test_assessments_page_has_charts_with_tables_and_is_logged(world, two_readings):
    response = world.client_for("petra").get(reverse("assessments:enrolment", args=[two_readings.pk]))
    content = response.content.decode()
    assert content.count('role="img"') == 1 + 8  # radar and one chart per area
    assert "Alla skattningar med den här versionen" in content
    assert "(+1)" in content  # tilltro 2 -> 3 for the participant
    assert AuditEntry.objects.filter(action="assessments.enrolment.viewed", user=world.petra).exists()


def test_record_a_reading_through_the_form(world, instrument):
    enrolment = world.alice_enrolment
    client = world.client_for("alice")
    url = reverse("assessments:record", args=[enrolment.pk])
    page = client.get(url).content.decode()
    assert "Min hälsa styr det mesta i min vardag" in page and "Inte bedömt den här gången" in page
    response = client.post(url, _form_data(instrument, [1, 2, 3, 4, 5, "none", 2, 2], next="participant"))
    assert response.status_code == 302 and response.url == reverse("participants:detail", args=[enrolment.pk])
    reading = Assessment.objects.get()
    assert (
        reading.rater == "participant" and reading.scores.count() == 7 and reading.recorded_by == world.alice
    )


def test_every_area_must_be_answered(world, instrument):
    url = reverse("assessments:record", args=[world.alice_enrolment.pk])
    response = world.client_for("alice").post(url, _form_data(instrument, [1, 2]))
    assert response.status_code == 200
    assert "Välj en nivå, eller ”Inte bedömt”." in response.content.decode()
    assert not Assessment.objects.exists()


def test_service_errors_keep_the_input(world, instrument):
    url = reverse("assessments:record", args=[world.alice_enrolment.pk])
    data = _form_data(instrument, [4] * 8, assessed_on="2001-01-01")
    content = world.client_for("alice").post(url, data).content.decode()
    assert "före inskrivningen" in content
    assert re.search(r'value="4"[^>]*checked', content)


def test_colleague_cannot_record_for_someone_elses_participant(world, instrument):
    url = reverse("assessments:record", args=[world.alice_enrolment.pk])
    assert world.client_for("bob").post(url, _form_data(instrument, [1] * 8)).status_code == 404
    assert not Assessment.objects.exists()


def test_an_instrument_the_enrolment_has_not_used_cannot_be_chosen(world, instrument):
    other = services.instrument_create(
        project=world.project_b,
        data=services.InstrumentData("B", [services.AreaData("A", "", ["1", "2"])]),
        by=world.charlie,
    )
    url = reverse("assessments:record", args=[world.alice_enrolment.pk]) + f"?instrument={other.pk}"
    assert world.client_for("alice").get(url).status_code == 404


def test_correct_and_delete_a_reading(world, two_readings, instrument):
    reading = Assessment.objects.filter(enrolment=two_readings).first()
    client = world.client_for("alice")
    url = reverse("assessments:edit", args=[two_readings.pk, reading.pk])
    data = _form_data(
        instrument, [5] * 8, assessed_on=reading.assessed_on.isoformat(), occasion="entry", version=1
    )
    assert client.post(url, data).status_code == 302
    assert set(reading.scores.values_list("level__value", flat=True)) == {5}
    stale = client.post(url, data).content.decode()
    assert "Någon annan har sparat ändringar" in stale
    delete = reverse("assessments:delete", args=[two_readings.pk, reading.pk])
    assert client.post(delete, {"version": 2}).status_code == 302
    assert not Assessment.objects.filter(pk=reading.pk).exists()


# --- instruments -------------------------------------------------------------------------------


def test_create_an_instrument_adding_an_area_without_losing_text(world):
    client = world.client_for("petra")
    url = reverse("assessments:instrument_create", args=[world.project_a.pk])
    data = {
        "name": "Vår trappa",
        "raters": "both",
        "scale_max": "3",
        "shown_scale": "5",
        "area_count": "1",
        "area_1_name": "Vardag",
        "area_1_level_1": "Svårt",
        "refresh": "1",
    }
    shown = client.post(url, data).content.decode()
    assert 'value="Vardag"' in shown and "Svårt" in shown and "area_1_level_4" not in shown
    data.update(shown_scale="3", add_area="1")
    data.pop("refresh")
    shown = client.post(url, data).content.decode()
    assert "area_2_name" in shown and not Instrument.objects.filter(project=world.project_a).exists()
    data.pop("add_area")
    data.update(
        area_count="2",
        area_1_level_2="Ibland",
        area_1_level_3="Lätt",
        area_2_name="Arbete",
        area_2_level_1="a",
        area_2_level_2="b",
        area_2_level_3="c",
    )
    response = client.post(url, data)
    instrument = Instrument.objects.get(project=world.project_a)
    assert response.status_code == 302 and instrument.scale_max == 3
    assert [a.name for a in areas_of(instrument)] == ["Vardag", "Arbete"]


def test_instrument_form_shows_structure_errors(world):
    url = reverse("assessments:instrument_create", args=[world.project_a.pk])
    data = {
        "name": "X",
        "raters": "both",
        "scale_max": "2",
        "shown_scale": "2",
        "area_count": "1",
        "area_1_level_1": "a",
    }
    content = world.client_for("petra").post(url, data).content.decode()
    assert "Område 1 saknar namn." in content


def test_editing_a_used_instrument_warns_and_makes_a_new_version(world):
    instrument = services.instrument_create(
        project=world.project_a,
        data=services.InstrumentData("Trappa", [services.AreaData("A", "", ["1", "2"])]),
        by=world.petra,
    )
    record(world.alice_enrolment, instrument, [1], on=world.alice_enrolment.start_date, by=world.alice)
    client = world.client_for("petra")
    url = reverse("assessments:instrument_edit", args=[world.project_a.pk, instrument.pk])
    assert "Version 2 skapas när du sparar" in client.get(url).content.decode()
    data = {"name": "Trappa", "raters": "both", "scale_max": "2", "shown_scale": "2", "area_count": "1"}
    data |= {"area_1_name": "A", "area_1_level_1": "Låg", "area_1_level_2": "Hög"}
    response = client.post(url, data)
    successor = Instrument.objects.get(key=instrument.key, version=2)
    assert response.url == reverse("assessments:instrument", args=[world.project_a.pk, successor.pk])


def test_import_an_instrument_file(world):
    url = reverse("assessments:instrument_import", args=[world.project_a.pk])
    upload = SimpleUploadedFile(
        "trappa.csv", "område;nivå;beskrivning\nA;1;x\nA;2;y\n".encode(), content_type="text/csv"
    )
    data = {
        "file": upload,
        "name": "Licensierad",
        "raters": "both",
        "licence_note": "Avtal 2025",
        "licence_confirmed": "on",
    }
    response = world.client_for("petra").post(url, data)
    assert response.status_code == 302
    assert Instrument.objects.get(project=world.project_a).source == "import"


def test_import_shows_all_errors_with_rows(world):
    url = reverse("assessments:instrument_import", args=[world.project_a.pk])
    upload = SimpleUploadedFile("fel.csv", "område;nivå;beskrivning\nA;x;y\nA;1;z\n".encode())
    data = {
        "file": upload,
        "name": "Fel",
        "raters": "both",
        "licence_note": "Avtal",
        "licence_confirmed": "on",
    }
    content = world.client_for("petra").post(url, data).content.decode()
    assert "Rad 2: nivån ”x” är inte ett heltal." in content
    assert not Instrument.objects.filter(project=world.project_a).exists()


def test_import_template_is_a_csv_the_import_reads(world):
    response = world.client_for("petra").get(
        reverse("assessments:import_template", args=[world.project_a.pk])
    )
    assert response["Content-Type"].startswith("text/csv")
    services.instrument_import(
        project=world.project_a,
        filename="mall.csv",
        content=response.content,
        name="Mall",
        raters="both",
        licence_note="Eget",
        by=world.petra,
    )


# --- the rule ----------------------------------------------------------------------------------


def test_project_manager_sets_the_rule(world, instrument):
    client = world.client_for("petra")
    url = reverse("assessments:rule", args=[world.project_a.pk])
    data = {
        "version": 0,
        "criteria": ["1"],
        "combination": "any",
        "instrument": instrument.pk,
        "description": "Mätt mot uppsatta delmål.",
        "uses_ips": "on",
    }
    assert client.post(url, data).status_code == 302
    rule = StepMovementRule.objects.get(project=world.project_a)
    assert rule.criteria == {1} and rule.uses_ips
    stale = client.post(url, data).content.decode()
    assert "Någon annan har sparat ändringar" in stale
    assert world.client_for("sven").post(url, data).status_code == 403


# --- the project page --------------------------------------------------------------------------


def test_project_section_shows_the_rule_and_the_target(world, instrument):
    project_services.target_save(
        project=world.project_a,
        metric=ProjectTarget.Metric.STEP_MOVEMENT_AT_EXIT,
        threshold_percent=80,
        description="",
        by=world.petra,
    )
    response = world.client_for("petra").get(reverse("projects:detail", args=[world.project_a.pk]))
    content = response.content.decode()
    assert "Regel:" in content and "Stegförflyttning räknas när minst ett gäller" in content
    assert "Mål: 80 %" in content
    figures = dict(response.context["sections"])["assessments/_project_section.html"]["figures"]
    assert figures.current_count == 3 and not figures.suppressed


def test_steering_group_sees_small_counts_suppressed(world, two_readings):
    content = (
        world.client_for("sven").get(reverse("projects:detail", args=[world.project_a.pk])).content.decode()
    )
    section = content[content.index('id="step-movement-heading"') :]
    assert ".." in section and "av 3" not in section


# --- IPS fidelity ------------------------------------------------------------------------------


def test_fidelity_pages_exist_only_for_projects_with_ips(world):
    url = reverse("assessments:fidelity_list", args=[world.project_a.pk])
    assert world.client_for("petra").get(url).status_code == 404
    services.rule_save(
        project=world.project_a,
        expected_version=None,
        criteria={1},
        combination="any",
        instrument=None,
        description="",
        uses_ips=True,
        by=world.petra,
    )
    assert world.client_for("sven").get(url).status_code == 200
    content = (
        world.client_for("petra").get(reverse("projects:detail", args=[world.project_a.pk])).content.decode()
    )
    assert "IPS-trohet" in content


def test_record_fidelity_review_and_see_it_over_time(world):
    services.rule_save(
        project=world.project_a,
        expected_version=None,
        criteria={1},
        combination="any",
        instrument=None,
        description="",
        uses_ips=True,
        by=world.petra,
    )
    client = world.client_for("petra")
    for on, score in ((datetime.date(2023, 5, 1), 3), (datetime.date(2024, 5, 1), 4)):
        data = {
            "team_name": "IPS-teamet",
            "reviewed_on": on.isoformat(),
            "reviewers": "Granskare",
            "summary": "",
        }
        data |= {f"item_{n}": score for n in range(1, 26)}
        assert (
            client.post(reverse("assessments:fidelity_create", args=[world.project_a.pk]), data).status_code
            == 302
        )
    content = client.get(reverse("assessments:fidelity_list", args=[world.project_a.pk])).content.decode()
    assert 'role="img"' in content and "Acceptabel" in content and "God" in content
    latest = FidelityReview.objects.order_by("-reviewed_on").first()
    detail = client.get(
        reverse("assessments:fidelity", args=[world.project_a.pk, latest.pk])
    ).content.decode()
    assert "100" in detail and "75 vid granskningen 2023-05-01" in detail


# --- queries -----------------------------------------------------------------------------------


def test_participant_pages_do_not_grow_with_readings(world, two_readings, instrument):
    client = world.client_for("alice")
    urls = [
        reverse("participants:detail", args=[two_readings.pk]),
        reverse("assessments:enrolment", args=[two_readings.pk]),
        reverse("assessments:record", args=[two_readings.pk]),
    ]
    before = [_queries(client, url) for url in urls]
    for n in range(1, 5):
        on = two_readings.start_date + datetime.timedelta(days=60 + 30 * n)
        if on <= TODAY:
            record(two_readings, instrument, [n % 5 + 1] * 8, on=on, by=world.alice, rater=Rater.JOINT)
    after = [_queries(client, url) for url in urls]
    assert after == before
    assert before[1] <= 24 and before[2] <= 16


def test_project_pages_do_not_grow_with_participants(world, instrument):
    services.rule_save(
        project=world.project_a,
        expected_version=None,
        criteria={1, 2},
        combination="any",
        instrument=instrument,
        description="",
        uses_ips=True,
        by=world.petra,
    )
    client = world.client_for("petra")
    urls = [
        reverse("projects:detail", args=[world.project_a.pk]),
        reverse("assessments:instruments", args=[world.project_a.pk]),
        reverse("assessments:fidelity_list", args=[world.project_a.pk]),
    ]
    before = [_queries(client, url) for url in urls]
    for n in range(6):
        extra = enrol(
            project=world.project_a,
            coach=world.bob,
            first_name=f"Extra{n}",
            birth=datetime.date(1984, 3, n + 1),
        )
        record(extra, instrument, [1, 2, 3], on=extra.start_date, by=world.bob)
        services.fidelity_review_save(
            project=world.project_a,
            review=None,
            expected_version=None,
            team_name="IPS-teamet",
            reviewed_on=datetime.date(2023, 1, n + 1),
            reviewers="G",
            summary="",
            scores=dict.fromkeys(range(1, 26), 3),
            by=world.petra,
        )
    after = [_queries(client, url) for url in urls]
    assert after == before
    assert before[1] <= 10 and before[2] <= 10
