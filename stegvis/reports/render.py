"""Report → file: csv (Swedish Excel), xlsx (openpyxl write-only) and PDF (WeasyPrint).

Cells that a spreadsheet would take for a formula (starting with = + - @, a tab or a
carriage return) get a leading apostrophe, in csv and xlsx alike: a participant's
free text or a name must never run as a formula on the funder's computer.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from stegvis.reports.exporters import PERCENT, Report

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
PDF = "application/pdf"


def escape_formula(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell(value: Any) -> Any:
    """A cell for a file: numbers and dates stay typed, text is escaped, None is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, int | float | datetime.date):
        return value
    return escape_formula(str(value))


def report_rows(report: Report) -> Iterator[list[Any]]:
    """The whole report as rows: title, period, notes, then each table with its header."""
    yield [report.title]
    yield [_("Projekt"), report.project.name]
    yield [_("Period"), str(report.period)]
    for note in report.notes:
        yield [note]
    for table in report.tables:
        yield []
        yield [table.title]
        if table.note:
            yield [table.note]
        for index, row in enumerate(table.rows_with_header()):
            if index and any(c.kind == PERCENT for c in table.columns):
                row = [
                    f"{v} %" if column.kind == PERCENT and isinstance(v, int) else v
                    for v, column in zip(row, table.columns, strict=False)
                ]
            yield row
        if table.is_empty:
            yield [_("Inga uppgifter för perioden.")]


def to_csv(report: Report) -> bytes:
    """UTF-8 with BOM and semicolons, as Swedish Excel opens it without an import dialogue."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in report_rows(report):
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=report.title[:31])
    bold = Font(bold=True)
    headers = {id(table): table.header() for table in report.tables}
    titles = {table.title for table in report.tables} | {report.title}
    for row in report_rows(report):
        cells = []
        is_heading = len(row) == 1 and row[0] in titles
        is_header = any(row == header for header in headers.values())
        for value in row:
            cell = WriteOnlyCell(sheet, value=_cell(value))
            if is_heading or is_header:
                cell.font = bold
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_pdf(report: Report) -> bytes:
    from stegvis.plans.pdf import render_pdf

    html = render_to_string("reports/report_print.html", {"report": report, "pdf": True})
    return render_pdf(html)


FORMATS = {
    "csv": (to_csv, CSV),
    "xlsx": (to_xlsx, XLSX),
    "pdf": (to_pdf, PDF),
}
