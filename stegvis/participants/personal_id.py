"""Personnummer and samordningsnummer handling on top of python-stdnum."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.se import personnummer


def normalise_personal_id(raw: str, *, today: datetime.date | None = None) -> str:
    """Return the twelve-digit form ÅÅÅÅMMDDNNNN or raise ValidationError in Swedish.

    Accepts ÅÅMMDD-NNNN, ÅÅMMDD+NNNN (100 years or older), ÅÅÅÅMMDD-NNNN and the
    same without separator. Samordningsnummer (day + 60) are accepted.
    """
    value = (raw or "").strip()
    if not value:
        raise ValidationError(_("Ange personnummer eller samordningsnummer."), code="required")
    try:
        compact = personnummer.validate(value)
    except InvalidLength:
        raise ValidationError(
            _("Personnumret har fel längd. Skriv ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN."), code="length"
        ) from None
    except InvalidFormat:
        raise ValidationError(
            _("Personnumret får bara innehålla siffror och ett bindestreck (eller plustecken)."),
            code="format",
        ) from None
    except InvalidComponent:
        raise ValidationError(
            _("Datumdelen av personnumret är inte ett giltigt datum."), code="date"
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            _("Kontrollsiffran stämmer inte. Kontrollera personnumret."), code="checksum"
        ) from None
    birth = personnummer.get_birth_date(compact)
    if birth > (today or datetime.date.today()):
        raise ValidationError(_("Födelsedatumet ligger i framtiden."), code="future")
    # Keep MMDD as written: a samordningsnummer keeps its day + 60.
    return f"{birth.year:04d}{compact[-9:-5]}{compact[-4:]}"


def birth_date_of(personal_id: str) -> datetime.date:
    """Birth date from a normalised number (samordningsnummer: day minus 60)."""
    return personnummer.get_birth_date(f"{personal_id[:8]}-{personal_id[8:]}")


def is_samordningsnummer(personal_id: str) -> bool:
    return int(personal_id[6:8]) > 60


def legal_gender_of(personal_id: str) -> str:
    """'kvinna' or 'man' from the second-to-last digit (a default the user may change)."""
    return "kvinna" if int(personal_id[10]) % 2 == 0 else "man"
