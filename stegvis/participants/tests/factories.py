"""Factories for participants: valid synthetic personnummer, enrolments through the services."""

from __future__ import annotations

import datetime
import itertools

from stdnum import luhn

from stegvis.accounts.models import User
from stegvis.participants import services
from stegvis.participants.models import Enrolment, Sysselsattning
from stegvis.projects.models import Project

_serials = itertools.count(9800)


def make_personal_id(birth: datetime.date, *, female: bool = True, serial: int | None = None) -> str:
    """A synthetic twelve-digit personnummer with a correct check digit."""
    serial = next(_serials) if serial is None else serial
    three = serial % 1000
    if (three % 10 % 2 == 0) != female:
        three = (three + 1) % 1000
    body = f"{birth:%y%m%d}{three:03d}"
    return f"{birth.year:04d}{birth:%m%d}{three:03d}{luhn.calc_check_digit(body)}"


def enrol(
    *,
    project: Project,
    coach: User,
    by: User | None = None,
    birth: datetime.date = datetime.date(1990, 5, 17),
    female: bool = True,
    start: datetime.date = datetime.date(2024, 1, 15),
    first_name: str = "Anna",
    last_name: str = "Testsson",
    **kwargs,
) -> Enrolment:
    return services.participant_enrol(
        project=project,
        person_data=services.PersonData(
            anonymous=False,
            gender="kvinna" if female else "man",
            personal_id=make_personal_id(birth, female=female),
            first_name=first_name,
            last_name=last_name,
        ),
        consent_form_version="1.0",
        by=by or coach,
        coach=coach,
        start_date=start,
        municipality=kwargs.pop("municipality", None),
        entry=kwargs.pop(
            "entry", services.SituationData(sysselsattning=Sysselsattning.OVRIGT, income_sources=["ingen"])
        ),
        override_reason=kwargs.pop("override_reason", "Testfall"),
        **kwargs,
    )
