"""Checking an uploaded file before anything parses it, then reading it as a table.

Every check runs on bytes or on the zip's central directory first, so a hostile file is
refused without being unpacked: wrong magic bytes, old binary Excel, zip bombs (entry
count, total uncompressed size and compression ratio, as the directory declares them;
zipfile never inflates an entry past its declared size), macro-enabled workbooks, and XML
with a DOCTYPE or entities. Only then does openpyxl read the workbook, in read-only mode,
through defusedxml (openpyxl uses it whenever it is installed; we refuse to run without).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

# Limits on what the zip's central directory declares. A real export of a few thousand
# participants has about a dozen entries, a few MB unpacked and ratios around 5–20.
MAX_ZIP_ENTRIES = 200
MAX_UNCOMPRESSED_BYTES = 25 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_COLUMNS = 60
SCAN_CHUNK = 64 * 1024

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Other binary formats someone may rename to .csv or .xlsx.
BINARY_MAGICS = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"MZ",
    b"\x7fELF",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)
MACRO_CONTENT_TYPES = (b"macroenabled", b"vbaproject", b"macrosheet", b"ms-office.activex", b"ms-excel.intl")
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml", "macrosheets/", "activex/")

CSV = "csv"
XLSX = "xlsx"


class FileRefused(Exception):
    """The file is not accepted; `message` says why in Swedish, without the file's content."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """What the file holds: its headers and the data rows (cells as text or dates), and how it was read."""

    file_format: str
    headers: list[str]
    rows: list[list[Any]]
    first_row: int = 2
    encoding: str = ""
    delimiter: str = ""

    def numbered_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number as the file shows it, cells) for every row that is not blank."""
        for i, row in enumerate(self.rows):
            if row:
                yield self.first_row + i, row


def _head(stream: IO[bytes], n: int = 8) -> bytes:
    stream.seek(0)
    head = stream.read(n)
    stream.seek(0)
    return head


def detect_format(name: str, stream: IO[bytes]) -> str:
    """xlsx or csv, from the name and the first bytes; refuse everything else."""
    lower = name.lower()
    head = _head(stream, 16)
    if lower.endswith((".xlsm", ".xltm", ".xlsb")):
        raise FileRefused(
            _(
                "Filer med makron (.xlsm, .xlsb) tas inte emot. Spara filen som en vanlig Excel-arbetsbok (.xlsx)."
            )
        )
    if head.startswith(OLE_MAGIC) or lower.endswith(".xls"):
        raise FileRefused(
            _(
                "Det gamla Excel-formatet (.xls) tas inte emot. Spara filen som Excel-arbetsbok (.xlsx) eller CSV."
            )
        )
    if lower.endswith(".xlsx"):
        if not head.startswith(ZIP_MAGIC):
            raise FileRefused(
                _(
                    "Filen heter .xlsx men är ingen Excel-arbetsbok. Öppna den i Excel och spara den som .xlsx igen."
                )
            )
        return XLSX
    if lower.endswith((".csv", ".txt")):
        if head.startswith(ZIP_MAGIC) or head.startswith(BINARY_MAGICS):
            raise FileRefused(
                _(
                    "Filen heter .csv men är ingen textfil. Spara den som CSV (semikolonavgränsad) eller .xlsx."
                )
            )
        return CSV
    raise FileRefused(_("Välj en Excel-arbetsbok (.xlsx) eller en CSV-fil (.csv)."))


# --- xlsx ---------------------------------------------------------------------------------


def _check_zip_directory(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileRefused(
            _(
                "Filen innehåller ovanligt många delar (%(n)s) och kan vara en så kallad zip-bomb. Den tas inte emot."
            )
            % {"n": len(entries)}
        )
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise FileRefused(
            _(
                "Filen skulle bli %(mb)s MB uppackad, mer än de %(max)s MB som tas emot. Den kan vara en zip-bomb."
            )
            % {"mb": total // (1024 * 1024), "max": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )
    for entry in entries:
        if entry.file_size >= RATIO_CHECK_FROM_BYTES:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if ratio > MAX_COMPRESSION_RATIO:
                raise FileRefused(
                    _(
                        "Filen är komprimerad ovanligt hårt (%(ratio)s gånger) och kan vara en zip-bomb. Den tas inte emot."
                    )
                    % {"ratio": int(ratio)}
                )
    return entries


def _check_no_macros(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    refused = _(
        "Filen innehåller makron eller inbäddad kod och tas inte emot. Spara den som en vanlig Excel-arbetsbok (.xlsx) utan makron."
    )
    for entry in entries:
        if any(part in entry.filename.lower() for part in MACRO_PARTS):
            raise FileRefused(refused)
    try:
        content_types = archive.read("[Content_Types].xml")
    except KeyError:
        raise FileRefused(
            _(
                "Filen är ingen giltig Excel-arbetsbok (innehållsförteckningen saknas). Spara den som .xlsx igen."
            )
        ) from None
    if any(marker in content_types.lower() for marker in MACRO_CONTENT_TYPES):
        raise FileRefused(refused)


def _check_xml_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """No DOCTYPE or ENTITY anywhere, read in chunks; and only an encoding a byte scan can see through."""
    refused = _(
        "Filen innehåller XML med dokumenttypsdefinitioner eller entiteter (till exempel en så kallad entitetsbomb) och tas inte emot."
    )
    with archive.open(entry) as part:
        head = part.read(4)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
            raise FileRefused(
                _(
                    "Filen innehåller XML i en ovanlig teckenkodning (UTF-16) och tas inte emot. Spara den som .xlsx igen."
                )
            )
        tail = head.lower()
        while True:
            chunk = part.read(SCAN_CHUNK)
            window = tail + chunk.lower()
            if b"<!doctype" in window or b"<!entity" in window:
                raise FileRefused(refused)
            if not chunk:
                return
            tail = window[-16:]


def check_xlsx(stream: IO[bytes]) -> None:
    """Every check that can be made without parsing the workbook."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileRefused(
            _("Filen är skadad eller ingen Excel-arbetsbok. Öppna den i Excel och spara den igen.")
        ) from None
    with archive:
        entries = _check_zip_directory(archive)
        _check_no_macros(archive, entries)
        for entry in entries:
            if entry.filename.lower().endswith((".xml", ".rels", ".vml")):
                _check_xml_part(archive, entry)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def read_xlsx(stream: IO[bytes]) -> Table:
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a locked dependency
        raise RuntimeError("openpyxl must parse XML through defusedxml")
    check_xlsx(stream)
    stream.seek(0)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    except Exception:
        raise FileRefused(
            _("Excel-arbetsboken kunde inte läsas. Öppna den i Excel och spara den igen.")
        ) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise FileRefused(_("Arbetsboken har inget kalkylblad."))
        rows = _bounded_rows([_cell(v) for v in row] for row in sheet.iter_rows(values_only=True))
        return _table(XLSX, rows)
    finally:
        workbook.close()


# --- csv ----------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel saves it in Sweden, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def read_csv(stream: IO[bytes]) -> Table:
    stream.seek(0)
    data = stream.read(settings.IMPORT_MAX_BYTES + 1)
    if b"\x00" in data[:8192]:
        raise FileRefused(
            _("Filen heter .csv men är ingen textfil. Spara den som CSV (semikolonavgränsad) eller .xlsx.")
        )
    text, encoding = decode_text(data)
    delimiter = sniff_delimiter(text)
    try:
        rows = _bounded_rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise FileRefused(
            _("CSV-filen kunde inte läsas (till exempel ett citattecken som aldrig avslutas).")
        ) from None
    table = _table(CSV, rows)
    table.encoding, table.delimiter = encoding, delimiter
    return table


# --- shared -------------------------------------------------------------------------------


def _bounded_rows(rows: Iterator[list[Any]] | Any) -> list[list[Any]]:
    """Rows up to the cap (header included), stripped of wholly empty ones; refuses a larger file."""
    limit = settings.IMPORT_MAX_ROWS
    kept: list[list[Any]] = []
    for row in rows:
        cells = [c.strip() if isinstance(c, str) else c for c in row][: MAX_COLUMNS + 1]
        if len(cells) > MAX_COLUMNS:
            raise FileRefused(
                _("Filen har fler än %(n)s kolumner. Ta bort kolumner som inte ska importeras.")
                % {"n": MAX_COLUMNS}
            )
        if not any(c != "" for c in cells):
            kept.append([])
            continue
        kept.append(cells)
        if sum(1 for r in kept if r) > limit + 1:
            raise FileRefused(_("Filen har fler än %(n)s rader. Dela upp den i flera filer.") % {"n": limit})
    return kept


def _table(file_format: str, rows: list[list[Any]]) -> Table:
    # Keep file row numbers: blank rows stay as [] until here, then are dropped with their numbers.
    skipped = 0
    while rows and not rows[0]:
        rows.pop(0)
        skipped += 1
    if not rows:
        raise FileRefused(_("Filen är tom. Den första raden ska innehålla kolumnrubriker."))
    headers = [
        str(h).strip() if str(h).strip() else _("Kolumn %(n)s") % {"n": i + 1} for i, h in enumerate(rows[0])
    ]
    width = len(headers)
    data = [(row + [""] * (width - len(row)))[:width] if row else [] for row in rows[1:]]
    if not any(data):
        raise FileRefused(_("Filen har kolumnrubriker men inga rader med deltagare."))
    return Table(file_format=file_format, headers=headers, rows=data, first_row=skipped + 2)


def read_table(name: str, stream: IO[bytes]) -> Table:
    """Check and read an upload; raises FileRefused with a Swedish message."""
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    if size > settings.IMPORT_MAX_BYTES:
        raise FileRefused(
            _("Filen är större än %(mb)s MB. Dela upp den i flera filer.")
            % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if size == 0:
        raise FileRefused(_("Filen är tom. Den första raden ska innehålla kolumnrubriker."))
    file_format = detect_format(name, stream)
    return read_xlsx(stream) if file_format == XLSX else read_csv(stream)
