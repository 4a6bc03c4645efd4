"""Report files: xlsx read back with openpyxl, csv parsed as Swedish Excel would, formulas escaped,
PDF text; files made in the background; and the number of queries does not grow with the data."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from stegvis.audit.models import AuditEntry
from stegvis.jobs.models import Job, JobStatus
from stegvis.participants.tests.factories import enrol
from stegvis.reports import selectors
from stegvis.reports.esf import EsfIndicators, MonthlyParticipants
from stegvis.reports.exporters import Column, Report, Table
from stegvis.reports.finsam import FinsamFollowUp
from stegvis.reports.goals import GoalFulfilment
from stegvis.reports.render import escape_formula, to_csv, to_xlsx
from stegvis.reports.tests.conftest import YEAR_2024

PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


def _download(client, world, identifier, file_format, **period):
    url = reverse("reports:download", args=[world.project_a.pk, identifier, file_format])
    return client.get(url, period or PERIOD)


def _sheet_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _row(rows, first):
    return next(row for row in rows if row and row[0] == first)


def test_esf_xlsx_opens_with_the_figures_as_numbers(world, data):
    response = _download(world.client_for("petra"), world, "esf-indikatorer", "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="esf-indikatorer-' in response["Content-Disposition"]
    rows = _sheet_rows(response.content)
    assert rows[0][0] == "ESF+-indikatorer"
    assert _row(rows, "EECO01")[2:7] == [3, 3, 1, 0, 7]
    assert _row(rows, "EECR04")[2:7] == [1, 1, 0, 0, 2]
    assert AuditEntry.objects.filter(
        action="reports.report.downloaded", purpose="esf-indikatorer:xlsx"
    ).exists()


def test_esf_csv_for_the_steering_group_is_suppressed(world, data):
    response = _download(world.client_for("sven"), world, "esf-indikatorer", "csv")
    rows = _csv_rows(response.content)
    assert _row(rows, "EECO01")[2:7] == ["..", "..", "..", "0", "7"]
    assert any("visas som ”..”" in row[0] for row in rows if row)


def test_goal_fulfilment_csv_and_pdf(world, data):
    client = world.client_for("petra")
    rows = _csv_rows(_download(client, world, "maluppfyllelse", "csv").content)
    assert _row(rows, "Stegförflyttning vid avslut")[1:5] == ["80 %", "33 %", "3", "Nej"]
    assert any(row and row[0].startswith("Stegförflyttning räknas när") for row in rows)
    pdf = _download(client, world, "maluppfyllelse", "pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_pdf_text_holds_the_figures(world, data):
    import shutil
    import subprocess

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext is not installed")
    pdf = _download(world.client_for("petra"), world, "maluppfyllelse", "pdf").content
    text = subprocess.run(  # noqa: S603 - a fixed program on our own PDF
        [pdftotext, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Måluppfyllelse" in text and "Nådda deltagare mot planerat" in text


@pytest.mark.parametrize("dangerous", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_like_text_is_escaped_in_csv_and_xlsx(world, dangerous):
    assert escape_formula(dangerous) == "'" + dangerous
    report = Report(
        "test",
        "Test",
        world.project_a,
        YEAR_2024,
        [Table("Tabell", [Column("Namn", "text"), Column("Antal")], [[dangerous, -3]])],
    )
    csv_rows = _csv_rows(to_csv(report))
    assert _row(csv_rows, "'" + dangerous) == ["'" + dangerous, "-3"]
    # The last row is the table's row (XML turns a carriage return into a line feed).
    cell, number = _sheet_rows(to_xlsx(report))[-1]
    assert cell.replace("\n", "\r") == ("'" + dangerous).replace("\n", "\r") and number == -3


def test_a_name_that_looks_like_a_formula_is_escaped_in_the_monthly_list(world, data):
    enrol(
        project=world.project_a,
        coach=world.alice,
        first_name="=HYPERLINK(1)",
        birth=datetime.date(1977, 7, 7),
        start=datetime.date(2024, 7, 1),
    )
    rows = _csv_rows(_download(world.client_for("petra"), world, "manadslista", "csv").content)
    assert any("'=HYPERLINK(1)" in row for row in rows)
    assert AuditEntry.objects.filter(action="reports.report.downloaded", purpose="manadslista:csv").exists()


def test_invalid_period_keeps_the_input_and_says_why(world, data):
    url = reverse("reports:report", args=[world.project_a.pk, "maluppfyllelse"])
    response = world.client_for("petra").get(url, {"start": "2024-12-01", "end": "2024-01-01"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Slutdatum måste vara samma dag som startdatum eller senare." in content
    assert 'value="2024-12-01"' in content


def test_dashboard_shows_charts_with_numbers_beside_them(world, data):
    url = reverse("reports:report", args=[world.project_a.pk, "maluppfyllelse"])
    content = world.client_for("sven").get(url, PERIOD).content.decode()
    assert content.count('role="img"') >= 5
    assert "Stegförflyttning räknas när" in content
    assert ">..<" in content
    # The charts are suppressed too: a hidden share is written as "..", never drawn.
    assert "Kvinna: .." in content


def test_large_project_makes_its_file_in_the_background(world, data, monkeypatch):
    monkeypatch.setattr(selectors, "DIRECT_DOWNLOAD_MAX", 0)
    client = world.client_for("petra")
    page = client.get(reverse("reports:report", args=[world.project_a.pk, "esf-indikatorer"]), PERIOD)
    assert b"skapas i bakgrunden" in page.content
    url = (
        reverse("reports:export", args=[world.project_a.pk, "esf-indikatorer"])
        + "?start=2024-01-01&end=2024-12-31"
    )
    response = client.post(url, {"file_format": "xlsx"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.DONE and job.result_name.endswith(".xlsx")
    download = client.get(reverse("jobs:download", args=[job.pk]))
    rows = _sheet_rows(b"".join(download.streaming_content))
    assert _row(rows, "EECO01")[2:7] == [3, 3, 1, 0, 7]
    # Someone else cannot fetch it.
    assert world.client_for("sven").get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_background_file_for_the_steering_group_is_suppressed(world, data):
    client = world.client_for("sven")
    url = (
        reverse("reports:export", args=[world.project_a.pk, "esf-indikatorer"])
        + "?start=2024-01-01&end=2024-12-31"
    )
    client.post(url, {"file_format": "csv"})
    job = Job.objects.get()
    rows = _csv_rows(b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content))
    assert _row(rows, "EECO01")[2:7] == ["..", "..", "..", "0", "7"]


def _queries(exporter_cls, world) -> int:
    from stegvis.projects.models import Project

    project = Project.objects.get(pk=world.project_a.pk)  # fresh: nothing cached on it
    with CaptureQueriesContext(connection) as queries:
        exporter_cls(project=project, period=YEAR_2024, suppress=True).report()
    return len(queries)


@pytest.mark.parametrize("exporter_cls", [GoalFulfilment, EsfIndicators, MonthlyParticipants, FinsamFollowUp])
def test_queries_do_not_grow_with_participants(world, data, exporter_cls):
    before = _queries(exporter_cls, world)
    from stegvis.reports.tests.conftest import _exit

    for n in range(6):
        extra = enrol(
            project=world.project_a,
            coach=world.bob,
            first_name=f"Extra{n}",
            birth=datetime.date(1980 + n, 1, 1),
            female=n % 2 == 0,
            start=datetime.date(2024, 3, 1 + n),
            municipality=world.project_a.municipalities.first(),
        )
        if n % 2:
            _exit(extra, datetime.date(2024, 11, 1), "work", "employment", "forvarvsarbete", world.bob)
    assert _queries(exporter_cls, world) == before
