"""Personnummer and samordningsnummer handling on top of python-stdnum.

python-stdnum validates personnummer; a samordningsnummer is the same number
with 60 added to the day, which stdnum does not know, so the day is shifted back
before stdnum checks the date, and the check digit is verified on the digits as
written.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, InvalidComponent
from stdnum.se import personnummer

COORDINATION_DAY_OFFSET = 60


def _as_personnummer(compact: str) -> str:
    """The compact form with a samordningsnummer's day shifted back by 60."""
    day = int(compact[-7:-5])
    if day > COORDINATION_DAY_OFFSET:
        return f"{compact[:-7]}{day - COORDINATION_DAY_OFFSET:02d}{compact[-5:]}"
    return compact


def normalise_personal_id(raw: str, *, today: datetime.date | None = None) -> str:
    """Return the twelve-digit form ÅÅÅÅMMDDNNNN or raise ValidationError in Swedish.

    Accepts ÅÅMMDD-NNNN, ÅÅMMDD+NNNN (100 years or older), ÅÅÅÅMMDD-NNNN and the
    same without separator. Samordningsnummer (day + 60) are accepted.
    """
    value = (raw or "").strip()
    if not value:
        raise ValidationError(_("Ange personnummer eller samordningsnummer."), code="required")
    compact = personnummer.compact(value)
    if len(compact) not in (11, 13):
        raise ValidationError(
            _("Personnumret har fel längd. Skriv ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN."), code="length"
        )
    digits = compact[:-5] + compact[-4:]
    if compact[-5] not in "-+" or not digits.isdigit() or not digits.isascii():
        raise ValidationError(
            _("Personnumret får bara innehålla siffror och ett bindestreck (eller plustecken)."),
            code="format",
        )
    try:
        birth = personnummer.get_birth_date(_as_personnummer(compact))
    except InvalidComponent:
        raise ValidationError(
            _("Datumdelen av personnumret är inte ett giltigt datum."), code="date"
        ) from None
    try:
        luhn.validate(digits[-10:])
    except InvalidChecksum:
        raise ValidationError(
            _("Kontrollsiffran stämmer inte. Kontrollera personnumret."), code="checksum"
        ) from None
    if birth > (today or datetime.date.today()):
        raise ValidationError(_("Födelsedatumet ligger i framtiden."), code="future")
    # Keep MMDD as written: a samordningsnummer keeps its day + 60.
    return f"{birth.year:04d}{compact[-9:-5]}{compact[-4:]}"


def birth_date_of(personal_id: str) -> datetime.date:
    """Birth date from a normalised number (samordningsnummer: day minus 60)."""
    return personnummer.get_birth_date(_as_personnummer(f"{personal_id[:8]}-{personal_id[8:]}"))


def is_samordningsnummer(personal_id: str) -> bool:
    return int(personal_id[6:8]) > COORDINATION_DAY_OFFSET
