"""Reading an instrument a project holds a licence for from a CSV or JSON file.

All or nothing: the file is read and checked in full, and every problem is reported
with its row (CSV) or place (JSON), before anything is saved.

CSV: one row per level, with a header row. Columns (in any order, case ignored):
  område; områdesbeskrivning (may be left out); nivå; beskrivning
Semicolon, comma or tab separated; UTF-8 (with or without BOM) or Windows-1252, as Excel
saves it. Rows of one area may come in any order; areas keep the order of their first row.

JSON: {"name": "...", "description": "...", "areas": [{"name": "...", "description": "...",
  "levels": ["level 1 text", "level 2 text", ...]}]}; a level may also be
  {"value": 1, "description": "..."}.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from stegvis.assessments.models import SCALE_MAX, SCALE_MIN

MAX_FILE_BYTES = 512 * 1024
MAX_AREAS = 20
MAX_ERRORS = 20
NAME_MAX, TEXT_MAX = 100, 300

CSV_COLUMNS = {
    "område": "area",
    "omrade": "area",
    "area": "area",
    "områdesbeskrivning": "area_description",
    "omradesbeskrivning": "area_description",
    "area_description": "area_description",
    "nivå": "level",
    "niva": "level",
    "level": "level",
    "beskrivning": "description",
    "nivåbeskrivning": "description",
    "description": "description",
}


@dataclass
class AreaData:
    name: str
    description: str = ""
    levels: list[str] = field(default_factory=list)  # level 1 first


@dataclass
class InstrumentData:
    """An instrument as a form or a file describes it, before it is saved."""

    name: str
    areas: list[AreaData]
    description: str = ""
    licence_note: str = ""
    raters: str = "both"

    @property
    def scale_max(self) -> int:
        return len(self.areas[0].levels) if self.areas else 0


def structure_errors(areas: list[AreaData]) -> list[str]:
    """What is wrong with a set of areas and levels, in words a project manager can act on."""
    errors: list[str] = []
    if not areas:
        return [_("Instrumentet måste ha minst ett område.")]
    if len(areas) > MAX_AREAS:
        errors.append(_("Instrumentet kan ha högst %(n)s områden.") % {"n": MAX_AREAS})
    seen: set[str] = set()
    for position, area in enumerate(areas, start=1):
        name = area.name.strip()
        if not name:
            errors.append(_("Område %(n)s saknar namn.") % {"n": position})
            continue
        if len(name) > NAME_MAX:
            errors.append(
                _("Området ”%(area)s”: namnet får vara högst %(n)s tecken.")
                % {"area": name[:40], "n": NAME_MAX}
            )
        if name.casefold() in seen:
            errors.append(_("Området ”%(area)s” finns två gånger.") % {"area": name})
        seen.add(name.casefold())
        if len(area.description) > TEXT_MAX:
            errors.append(
                _("Området ”%(area)s”: beskrivningen får vara högst %(n)s tecken.")
                % {"area": name, "n": TEXT_MAX}
            )
        if not SCALE_MIN <= len(area.levels) <= SCALE_MAX:
            errors.append(
                _("Området ”%(area)s” har %(count)s nivåer; ett område ska ha %(min)s–%(max)s nivåer.")
                % {"area": name, "count": len(area.levels), "min": SCALE_MIN, "max": SCALE_MAX}
            )
        for value, text in enumerate(area.levels, start=1):
            if not text.strip():
                errors.append(
                    _("Området ”%(area)s”: nivå %(level)s saknar beskrivning.")
                    % {"area": name, "level": value}
                )
            elif len(text) > TEXT_MAX:
                errors.append(
                    _("Området ”%(area)s”: beskrivningen av nivå %(level)s får vara högst %(n)s tecken.")
                    % {"area": name, "level": value, "n": TEXT_MAX}
                )
    counts = {len(a.levels) for a in areas}
    if len(counts) > 1:
        errors.append(
            _("Alla områden ska ha lika många nivåer, så att skattningarna går att jämföra (nu: %(counts)s).")
            % {"counts": ", ".join(str(c) for c in sorted(counts))}
        )
    return errors


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel in Swedish saves "CSV (semikolonavgränsad)" as Windows-1252.
        return content.decode("cp1252", errors="strict")


def parse_csv(text: str) -> list[AreaData]:
    """Areas from CSV text; raises ValidationError listing every problem with its row number."""
    # The header row has no free text, so its most frequent separator is the file's.
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise ValidationError(_("Filen är tom."))
    header = [CSV_COLUMNS.get(cell.strip().casefold(), "") for cell in rows[0]]
    missing = [name for name in ("area", "level", "description") if name not in header]
    if missing:
        raise ValidationError(
            _(
                "Rad 1 ska vara en rubrikrad med kolumnerna område, nivå och beskrivning "
                "(och gärna områdesbeskrivning). Hittade: %(found)s."
            )
            % {"found": ", ".join(cell.strip() for cell in rows[0]) or _("inget")}
        )
    column = {name: header.index(name) for name in set(header) if name}
    errors: list[str] = []
    areas: dict[str, AreaData] = {}
    levels: dict[str, dict[int, str]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            index = column.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        name, level_text, description = cell("area"), cell("level"), cell("description")
        if not name:
            errors.append(_("Rad %(row)s: området saknar namn.") % {"row": number})
            continue
        try:
            value = int(level_text)
        except ValueError:
            errors.append(
                _("Rad %(row)s: nivån ”%(value)s” är inte ett heltal.") % {"row": number, "value": level_text}
            )
            continue
        if not 1 <= value <= SCALE_MAX:
            errors.append(
                _("Rad %(row)s: nivån ska vara mellan 1 och %(max)s, inte %(value)s.")
                % {"row": number, "max": SCALE_MAX, "value": value}
            )
            continue
        key = name.casefold()
        area = areas.setdefault(key, AreaData(name, cell("area_description")))
        if not area.description and cell("area_description"):
            area.description = cell("area_description")
        by_value = levels.setdefault(key, {})
        if value in by_value:
            errors.append(
                _("Rad %(row)s: nivå %(value)s i området ”%(area)s” finns redan.")
                % {"row": number, "value": value, "area": name}
            )
            continue
        by_value[value] = description
    for key, area in areas.items():
        values = sorted(levels[key])
        expected = list(range(1, len(values) + 1))
        if values != expected:
            errors.append(
                _("Området ”%(area)s” har nivåerna %(values)s; nivåerna ska vara 1, 2, 3 … utan glapp.")
                % {"area": area.name, "values": ", ".join(str(v) for v in values)}
            )
        area.levels = [levels[key][v] for v in values]
    if errors:
        raise ValidationError(errors[:MAX_ERRORS])
    return list(areas.values())


def parse_json(text: str) -> tuple[list[AreaData], dict[str, str]]:
    """Areas and the instrument's own name and description from JSON text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("Filen är inte giltig JSON (rad %(line)s, kolumn %(col)s).")
            % {"line": error.lineno, "col": error.colno}
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("areas"), list):
        raise ValidationError(_("JSON-filen ska vara ett objekt med en lista ”areas”."))
    errors: list[str] = []
    areas: list[AreaData] = []
    for index, item in enumerate(data["areas"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("levels"), list):
            errors.append(_("Område %(n)s: ska ha ”name” och en lista ”levels”.") % {"n": index})
            continue
        name = str(item.get("name") or "").strip()
        texts: dict[int, str] = {}
        for position, level in enumerate(item["levels"], start=1):
            if isinstance(level, str):
                value, description = position, level
            elif isinstance(level, dict) and isinstance(level.get("value"), int):
                value, description = level["value"], str(level.get("description") or "")
            else:
                errors.append(
                    _('Område %(n)s, nivå %(level)s: ska vara en text eller {"value": …, "description": …}.')
                    % {"n": index, "level": position}
                )
                continue
            if value in texts:
                errors.append(
                    _("Område %(n)s: nivå %(level)s finns två gånger.") % {"n": index, "level": value}
                )
            texts[value] = description.strip()
        if sorted(texts) != list(range(1, len(texts) + 1)):
            errors.append(
                _("Område %(n)s: nivåerna ska vara 1, 2, 3 … utan glapp (nu %(values)s).")
                % {"n": index, "values": ", ".join(str(v) for v in sorted(texts))}
            )
            continue
        areas.append(
            AreaData(name, str(item.get("description") or "").strip(), [texts[v] for v in sorted(texts)])
        )
    if errors:
        raise ValidationError(errors[:MAX_ERRORS])
    meta = {k: str(data.get(k) or "").strip() for k in ("name", "description", "licence_note")}
    return areas, meta


def parse_instrument_file(filename: str, content: bytes) -> tuple[list[AreaData], dict[str, str]]:
    """Areas (and, from JSON, name and description) from an uploaded file, fully checked."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(_("Filen är för stor (högst %(kb)s kB).") % {"kb": MAX_FILE_BYTES // 1024})
    if not content.strip():
        raise ValidationError(_("Filen är tom."))
    unreadable = _("Filen går inte att läsa som text. Spara den som CSV (UTF-8) eller JSON.")
    try:
        text = _decode(content)
    except UnicodeDecodeError:
        raise ValidationError(unreadable) from None
    if "\x00" in text:
        raise ValidationError(unreadable)
    if filename.lower().endswith(".json") or text.lstrip().startswith("{"):
        areas, meta = parse_json(text)
    else:
        areas, meta = parse_csv(text), {}
    errors = structure_errors(areas)
    if errors:
        raise ValidationError(errors[:MAX_ERRORS])
    return areas, meta


def template_csv(areas: list[AreaData]) -> str:
    """A CSV in the import format (a template, or an export of an instrument)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["område", "områdesbeskrivning", "nivå", "beskrivning"])
    for area in areas:
        for value, text in enumerate(area.levels, start=1):
            writer.writerow([area.name, area.description if value == 1 else "", value, text])
    return out.getvalue()


def template_json(name: str, description: str, areas: list[AreaData]) -> str:
    return json.dumps(
        {
            "name": name,
            "description": description,
            "areas": [{"name": a.name, "description": a.description, "levels": a.levels} for a in areas],
        },
        ensure_ascii=False,
        indent=2,
    )
