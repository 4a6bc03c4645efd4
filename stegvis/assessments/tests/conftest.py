"""Assessment fixtures on top of the shared personas (stegvis/conftest.py)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import pytest

from stegvis.accounts.models import User
from stegvis.assessments import services
from stegvis.assessments.models import Area, Assessment, Instrument, Rater
from stegvis.participants.models import Enrolment


@pytest.fixture
def instrument(db) -> Instrument:
    """Stegvis's own default instrument (created by the data migration; ensured for flushed databases)."""
    return services.instrument_ensure_default()


def areas_of(instrument: Instrument) -> list[Area]:
    return list(instrument.areas.order_by("position"))


def record(
    enrolment: Enrolment,
    instrument: Instrument,
    levels: Sequence[int | None],
    *,
    on: datetime.date,
    by: User,
    rater: str = Rater.JOINT,
    occasion: str = Assessment.Occasion.FOLLOW_UP,
) -> Assessment:
    """A reading with one level per area, in the instrument's order (None: not assessed)."""
    areas = areas_of(instrument)
    return services.assessment_record(
        enrolment=enrolment,
        instrument=instrument,
        assessed_on=on,
        occasion=occasion,
        rater=rater,
        levels={area.pk: value for area, value in zip(areas, levels, strict=False)},
        by=by,
    )
