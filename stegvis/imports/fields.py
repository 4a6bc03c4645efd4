"""What an import can fill in, how a file's headers are matched to it, and how cell values are read.

Values are read as a Swedish user types them in Excel: dates as 2024-03-15, 20240315,
15/3/2024, 15.3.2024 or 15 mars 2024; choices by their Swedish label (or a short form).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.core.models import Gender
from stegvis.participants.models import Education, Exit, Forsorjning, LabourStatus, Phase, Sysselsattning


@dataclass(frozen=True)
class Target:
    name: str
    label: str | Promise
    synonyms: tuple[str, ...]
    help: str | Promise = ""


TARGETS: list[Target] = [
    Target(
        "personal_id",
        gettext_lazy("Personnummer eller samordningsnummer"),
        (
            "personnummer",
            "pnr",
            "personnr",
            "persnr",
            "samordningsnummer",
            "personsamordningsnummer",
            "idnummer",
            "personid",
        ),
        gettext_lazy("Tom cell: deltagaren registreras anonymt (kräver kön och födelseår)."),
    ),
    Target(
        "first_name",
        gettext_lazy("Förnamn"),
        ("förnamn", "fornamn", "tilltalsnamn", "firstname", "givenname"),
    ),
    Target("last_name", gettext_lazy("Efternamn"), ("efternamn", "lastname", "surname", "familyname")),
    Target("gender", gettext_lazy("Kön"), ("kön", "kon", "gender", "juridisktkön", "könstillhörighet")),
    Target(
        "birth_year",
        gettext_lazy("Födelseår"),
        ("födelseår", "fodelsear", "född", "fodd", "födelseåret", "birthyear", "årsfödd"),
        gettext_lazy("Används för anonyma deltagare."),
    ),
    Target(
        "start_date",
        gettext_lazy("Startdatum"),
        (
            "startdatum",
            "start",
            "inskriven",
            "inskrivningsdatum",
            "inskrivning",
            "datuminskrivning",
            "startdate",
            "börjadatum",
            "frånochmed",
        ),
    ),
    Target(
        "coach",
        gettext_lazy("Handledare"),
        (
            "handledare",
            "coach",
            "ansvarighandledare",
            "handledareanvändarnamn",
            "handledareepost",
            "jobbcoach",
            "stödperson",
        ),
    ),
    Target(
        "municipality",
        gettext_lazy("Kommun"),
        ("kommun", "hemkommun", "bostadskommun", "municipality", "kommunnamn"),
    ),
    Target(
        "referring_organisation",
        gettext_lazy("Anvisande part"),
        (
            "anvisandepart",
            "anvisare",
            "anvisadav",
            "remittent",
            "anvisandeorganisation",
            "anvisning",
            "aktuellhos",
        ),
    ),
    Target(
        "current_with",
        gettext_lazy("Aktuell hos"),
        ("aktuellhos", "aktuellhosparter", "aktuellhosmyndighet", "inskrivenhos"),
        gettext_lazy("Projektets samverkansparter, skilda med kommatecken."),
    ),
    Target(
        "sysselsattning",
        gettext_lazy("Sysselsättning vid inskrivning"),
        ("sysselsättning", "sysselsattning", "sysselsättningvidinskrivning", "sysselsättningvidstart"),
    ),
    Target(
        "labour_status",
        gettext_lazy("Ställning på arbetsmarknaden"),
        ("ställningpåarbetsmarknaden", "arbetsmarknadsstatus", "ställning", "status"),
    ),
    Target(
        "education",
        gettext_lazy("Högsta utbildningsnivå"),
        ("utbildning", "utbildningsnivå", "högstautbildningsnivå", "högstautbildning"),
    ),
    Target(
        "income_sources",
        gettext_lazy("Försörjning vid inskrivning"),
        ("försörjning", "forsorjning", "försörjningvidinskrivning", "inkomst", "ersättning"),
        gettext_lazy("Flera värden skiljs med kommatecken eller snedstreck."),
    ),
    Target("phase", gettext_lazy("Fas"), ("fas", "nuvarandefas", "phase", "steg")),
    Target(
        "phase_date", gettext_lazy("Datum för fasen"), ("fasdatum", "datumförfasen", "ifassedan", "fasfrån")
    ),
    Target(
        "exit_date",
        gettext_lazy("Avslutsdatum"),
        ("avslutsdatum", "avslut", "slutdatum", "utskriven", "utskrivningsdatum", "avslutad"),
    ),
    Target(
        "exit_reason",
        gettext_lazy("Avslutsorsak"),
        ("avslutsorsak", "orsak", "orsaktillavslut", "anledningtillavslut"),
    ),
    Target(
        "exit_outcome",
        gettext_lazy("Resultat vid avslut"),
        ("resultat", "resultatvidavslut", "utfall", "tillvad", "avslutadtill"),
    ),
    Target(
        "exit_sysselsattning",
        gettext_lazy("Sysselsättning efter avslut"),
        ("sysselsättningefteravslut", "sysselsättningvidavslut", "sysselsattningefteravslut"),
    ),
    Target(
        "override_reason",
        gettext_lazy("Motivering till avsteg"),
        ("motivering", "motiveringtillavsteg", "avsteg", "kommentaravsteg"),
        gettext_lazy("Krävs för rader som avviker från projektets villkor (till exempel ålder)."),
    ),
]
TARGET_NAMES = [t.name for t in TARGETS]
TARGET_LABELS = {t.name: t.label for t in TARGETS}
ALWAYS_REQUIRED = ("gender", "start_date", "coach", "sysselsattning")


def normalise_header(text: str) -> str:
    """Lower case, no spaces or punctuation: 'Start-datum ' and 'startdatum' match."""
    return re.sub(r"[^0-9a-zåäöéü]", "", unicodedata.normalize("NFC", str(text)).casefold())


def suggest_mapping(headers: list[str]) -> dict[str, int]:
    """The header each target most likely is, by exact then partial match; a header is used once."""
    normalised = [normalise_header(h) for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for exact in (True, False):
        for target in TARGETS:
            if target.name in mapping:
                continue
            for index, header in enumerate(normalised):
                if index in used or not header:
                    continue
                hit = (
                    header in target.synonyms
                    if exact
                    else any(s in header for s in target.synonyms if len(s) >= 5)
                )
                if hit:
                    mapping[target.name] = index
                    used.add(index)
                    break
    return mapping


# --- values -------------------------------------------------------------------------------

MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "mars": 3, "apr": 4, "april": 4,
    "maj": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augusti": 8, "sep": 9, "sept": 9,
    "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./ ](\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([a-zåäö]+)\.?\s+(\d{4})$")


def parse_date(value: Any) -> datetime.date:
    """A date from a cell; raises ValidationError with a Swedish message naming the accepted forms."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip().casefold()
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    parts: tuple[int, int, int] | None = None
    if m := _ISO.match(text) or _COMPACT.match(text):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif m := _DAY_FIRST.match(text):
        parts = (int(m[3]), int(m[2]), int(m[1]))
    elif (m := _WORDS.match(text)) and m[2] in MONTHS:
        parts = (int(m[3]), MONTHS[m[2]], int(m[1]))
    if parts is None:
        raise ValidationError(
            _("Datumet kan inte läsas. Skriv det som ÅÅÅÅ-MM-DD, till exempel 2024-03-15."),
            code="date_format",
        )
    year, month, day = parts
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(_("Datumet finns inte i kalendern."), code="date_invalid") from None
    if year < 1900:
        raise ValidationError(_("Datumet ligger före år 1900."), code="date_invalid")
    return date


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", str(text).strip().casefold()).rstrip(".")


# Short forms people write in Excel, besides the labels and stored values.
ALIASES: dict[type[models.TextChoices], dict[str, str]] = {
    Gender: {"k": "kvinna", "kv": "kvinna", "m": "man", "annan": "annan", "icke-binär": "annan", "ickebinär": "annan", "okänt": "saknas", "vill ej uppge": "saknas"},
    Phase: {"kartläggning": "kartlaggning", "prövning": "provning"},
    Sysselsattning: {"arbete": "forvarvsarbete", "arbetssökande": "arbetssokande", "studerar": "studier"},
}  # fmt: skip


def choice_lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        label_text = str(label)
        lookup[_key(value)] = value
        lookup[_key(label_text)] = value
        # "Sjukpenning (inkl. rehabiliteringspenning)" is also just "Sjukpenning".
        if "(" in label_text:
            lookup[_key(label_text.split("(", 1)[0])] = value
    lookup.update({_key(k): v for k, v in ALIASES.get(choices, {}).items()})
    return lookup


def parse_choice(value: Any, choices: type[models.TextChoices]) -> str:
    text = _key(value)
    found = choice_lookup(choices).get(text)
    if found is None:
        labels = ", ".join(str(label) for _value, label in choices.choices)
        raise ValidationError(
            _("Värdet finns inte bland valen. Skriv ett av: %(labels)s.") % {"labels": labels}, code="choice"
        )
    return found


def parse_choices(value: Any, choices: type[models.TextChoices]) -> list[str]:
    parts = [p for p in re.split(r"[,/;\n]|\s+och\s+", str(value)) if p.strip()]
    return list(dict.fromkeys(parse_choice(p, choices) for p in parts))


def parse_year(value: Any) -> int:
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise ValidationError(_("Skriv födelseåret med fyra siffror, till exempel 1990."), code="year")
    return int(text)


def mask_personal_id(raw: Any) -> str:
    """Never echo a full personnummer: keep at most the birth date, hide the last four digits."""
    digits = re.sub(r"\D", "", str(raw))
    if len(digits) < 6:
        return "****"
    return f"{digits[:-4] if len(digits) > 4 else ''}-****"


CHOICE_TARGETS: dict[str, type[models.TextChoices]] = {
    "gender": Gender,
    "sysselsattning": Sysselsattning,
    "labour_status": LabourStatus,
    "education": Education,
    "phase": Phase,
    "exit_reason": Exit.Reason,
    "exit_outcome": Exit.Outcome,
    "exit_sysselsattning": Sysselsattning,
}
MULTI_CHOICE_TARGETS: dict[str, type[models.TextChoices]] = {"income_sources": Forsorjning}
DATE_TARGETS = ("start_date", "phase_date", "exit_date")
