"""Årsrapport: the PDF (read back with pdftotext) holds every section and the key figures of
the fixed data set; the steering group gets the suppressed version; the project manager's
text form keeps its input on error; other apps can add a section."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.jobs.models import Job, JobStatus
from stegvis.reports import annual
from stegvis.reports.models import AnnualReportText
from stegvis.reports.tests.test_cost import set_budget

D = datetime.date
H = ".."
HEADINGS = [
    "Innehåll",
    "Om projektet",
    "Nådda deltagare",
    "Måluppfyllelse",
    "ESF+-indikatorer",
    "Stegförflyttning per område",
    "Enkätresultat",
    "Aktiviteter och timmar",
    "Strukturella hinder",
    "Kostnad",
    "Analys och föreslagna åtgärder",
]


def _pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext is not installed")
    return subprocess.run(  # noqa: S603 - a fixed program on our own PDF
        [pdftotext, "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def _make(world, who: str, year: int = 2024) -> Job:
    client = world.client_for(who)
    response = client.post(reverse("reports:annual_export", args=[world.project_a.pk]), {"year": year})
    job = Job.objects.filter(kind="reports.annual").latest("created_at")
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    return job


def _content(world, who, job) -> bytes:
    response = world.client_for(who).get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def year_data(world, data):
    set_budget(world.project_a)
    AnnualReportText.objects.create(
        project=world.project_a,
        year=2024,
        analysis="Fler kvinnor än män gick vidare till arbete.",
        proposed_measures="Stärk samarbetet med Arbetsförmedlingen.",
        updated_by=world.petra,
    )
    return data


def test_the_pdf_holds_every_section_and_the_key_figures(world, year_data):
    job = _make(world, "petra")
    content = _content(world, "petra", job)
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    for heading in HEADINGS:
        assert heading in text, heading
    assert "Årsrapport 2024" in text and world.project_a.diarienummer in text
    assert "Nådda under året" in text
    # Reached in 2024: 3 kvinnor, 3 män, 1 annan, 7 in all; cost per reached person in 2024.
    line = next(line for line in text.splitlines() if "Nådda under året" in line)
    assert line.split()[-5:] == ["3", "3", "1", "0", "7"]
    assert "522 857 kr" in text.replace("\u00a0", " ")
    assert "Fler kvinnor än män gick vidare till arbete." in text
    assert "Stärk samarbetet med Arbetsförmedlingen." in text
    assert "Antal under" not in text  # the exact version
    assert job.result_name == f"arsrapport-{world.project_a.diarienummer.replace('/', '-')}-2024.pdf"
    assert AuditEntry.objects.filter(
        action="reports.report.downloaded", purpose="arsrapport:pdf:2024"
    ).exists()


def test_the_steering_group_gets_the_suppressed_version(world, year_data):
    text = _pdf_text(_content(world, "sven", _make(world, "sven")))
    assert "visas som ”..”" in text
    line = next(line for line in text.splitlines() if "Nådda under året" in line)
    assert line.split()[-5:] == ["..", "..", "..", "0", "7"]


def test_sections_in_order_and_another_app_can_add_one(world, year_data):
    def extra(context: annual.AnnualContext) -> annual.Section:
        return annual.Section("Extra avsnitt", paragraphs=[f"År {context.year}"], key="extra")

    annual.register(extra, before=annual.texts)
    try:
        context = annual.AnnualContext(world.project_a, 2024, suppress=False, today=D(2025, 3, 1))
        titles = [section.title for section in annual.build(context)]
        assert titles[-2:] == ["Extra avsnitt", "Analys och föreslagna åtgärder"]
        assert titles[:3] == ["Om projektet", "Nådda deltagare", "Måluppfyllelse"]
    finally:
        annual.SECTIONS.remove(extra)


def test_reached_and_wellbeing_figures(world, year_data):
    context = annual.AnnualContext(world.project_a, 2024, suppress=False, today=D(2025, 3, 1))
    reached = annual.reached(context).tables[0].rows
    # Everyone reached started in 2024 (Aina, Bertil and Rune on 2024-01-15; P3 counted once);
    # left: P1, P2 (kvinna) and P3 (man, latest exit).
    assert reached == [
        ["Nådda under året", 3, 3, 1, 0, 7],
        ["Började under året", 3, 3, 1, 0, 7],
        ["Avslutade under året", 2, 1, 0, 0, 3],
    ]
    wellbeing = annual.questionnaires(context).tables[0].rows
    # P1 2 → 4 and P3 3 → 5 rose, P2 3 → 3 did not.
    assert wellbeing == [
        ["Med ökat välbefinnande", 1, 1, 0, 0, 2],
        ["Besvarat start och avslut", 2, 1, 0, 0, 3],
        ["Andel (%)", 50, 100, None, None, 67],
    ]


def test_the_page_lists_the_text_and_offers_the_pdf(world, year_data):
    url = reverse("reports:annual", args=[world.project_a.pk])
    content = world.client_for("petra").get(url, {"year": 2024}).content.decode()
    assert "Fler kvinnor än män" in content and "Skapa årsrapport 2024 (PDF)" in content
    assert reverse("reports:annual_text", args=[world.project_a.pk, 2024]) in content
    content = world.client_for("sven").get(url, {"year": 2024}).content.decode()
    assert "små antal döljs" in content
    assert reverse("reports:annual_text", args=[world.project_a.pk, 2024]) not in content


def test_the_text_form_keeps_input_on_error_and_saves(world, year_data):
    url = reverse("reports:annual_text", args=[world.project_a.pk, 2024])
    client = world.client_for("petra")
    response = client.post(url, {"analysis": "x" * 20001, "proposed_measures": "Behåll detta"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Behåll detta" in content and "20000" in content.replace("\u00a0", "").replace(" ", "")
    response = client.post(url, {"analysis": "  ", "proposed_measures": ""})
    assert "Skriv en analys eller föreslagna åtgärder" in response.content.decode()
    response = client.post(url, {"analysis": "Ny analys", "proposed_measures": "Nya åtgärder"})
    assert response.status_code == 302
    text = AnnualReportText.objects.get(project=world.project_a, year=2024)
    assert (text.analysis, text.proposed_measures) == ("Ny analys", "Nya åtgärder")
    assert AuditEntry.objects.filter(action="reports.annual_text.changed").exists()


def test_a_year_outside_the_project_is_not_found(world, year_data):
    url = reverse("reports:annual_text", args=[world.project_a.pk, 2030])
    assert world.client_for("petra").get(url).status_code == 404


def test_step_movement_by_area_and_hours(world, year_data):
    from decimal import Decimal

    from stegvis.activities import services as activity_services
    from stegvis.activities.tests.factories import activity_type
    from stegvis.assessments.services import instrument_ensure_default
    from stegvis.assessments.tests.conftest import areas_of, record

    instrument = instrument_ensure_default()
    areas = areas_of(instrument)
    n = len(areas)
    # P1 (kvinna): area 1 up; P2 (kvinna): unchanged; P3 (man): every area up.
    for enrolment, first, latest, days in (
        (year_data.p1, [1] * n, [2] + [1] * (n - 1), (D(2024, 2, 5), D(2024, 7, 1))),
        (year_data.p2, [2] * n, [2] * n, (D(2024, 3, 5), D(2024, 8, 1))),
        (year_data.p3_again, [1] * n, [3] * n, (D(2024, 5, 5), D(2024, 9, 1))),
    ):
        record(enrolment, instrument, first, on=days[0], by=world.alice)
        record(enrolment, instrument, latest, on=days[1], by=world.alice)
    context = annual.AnnualContext(world.project_a, 2024, suppress=False, today=D(2025, 3, 1))
    rows = annual.step_movement_by_area(context).tables[0].rows
    assert rows[0] == [areas[0].name, 2, 3, 67, 1, 1, 0, 0]
    assert rows[1] == [areas[1].name, 1, 3, 33, 0, 1, 0, 0]
    assert len(rows) == n
    hidden = (
        annual.step_movement_by_area(
            annual.AnnualContext(world.project_a, 2024, suppress=True, today=D(2025, 3, 1))
        )
        .tables[0]
        .rows
    )
    assert hidden[0][1:4] == [H, H, H]

    talks = activity_services.activity_create(
        enrolment=year_data.p1,
        data=activity_services.ActivityData(
            activity_type=activity_type(world.project_a, "Arbetsträning"), start_date=D(2024, 3, 1)
        ),
        by=world.alice,
    )
    # Two weeks in March 2024: 4 + 2.5 hours.
    activity_services.hours_report(
        activity=talks, hours={D(2024, 3, 4): Decimal(4), D(2024, 3, 11): Decimal("2.5")}, by=world.alice
    )
    rows = annual.activities(context).tables[0].rows
    assert rows == [["Arbetsträning", 1, 6.5, 0.0, 0.0, 0.0, 6.5]]
    rows = (
        annual.activities(annual.AnnualContext(world.project_a, 2024, suppress=True, today=D(2025, 3, 1)))
        .tables[0]
        .rows
    )
    assert rows == [["Arbetsträning", H, H, 0.0, 0.0, 0.0, 6.5]]


def test_queries_do_not_grow_with_the_participants(world, year_data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stegvis.participants.tests.factories import enrol

    context = annual.AnnualContext(world.project_a, 2024, suppress=True, today=D(2025, 3, 1))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            annual.build(context)
        return len(queries)

    count()  # warm the per-object caches

    def add(n: int, offset: int) -> None:
        for index in range(n):
            enrol(
                project=world.project_a,
                coach=world.alice,
                first_name=f"Extra{offset + index}",
                birth=D(1990, 1, 1 + offset + index),
                start=D(2024, 4, 1),
            )

    add(1, 0)  # a participant of the same shape as those added below
    before = count()
    add(5, 10)
    assert count() == before
