"""Reading cell values as a Swedish user writes them, and guessing columns from headers."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from stegvis.core.models import Gender
from stegvis.imports import fields
from stegvis.participants.models import Forsorjning, Sysselsattning
from stegvis.participants.personal_id import normalise_personal_id
from stegvis.participants.tests.factories import make_personal_id

dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31))
SWEDISH_MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"]  # fmt: skip


@given(dates)
def test_every_supported_date_form_reads_back_the_same_date(date):
    forms = [
        date.isoformat(),
        f"{date:%Y%m%d}",
        f"{date.day}/{date.month}/{date.year}",
        f"{date.day:02d}.{date.month:02d}.{date.year}",
        f"{date.day} {SWEDISH_MONTHS[date.month - 1]} {date.year}",
        f"{date.day} {SWEDISH_MONTHS[date.month - 1][:3].upper()} {date.year}",
        datetime.datetime.combine(date, datetime.time(0)),
        date,
        int(f"{date:%Y%m%d}"),
    ]
    for value in forms:
        assert fields.parse_date(value) == date, value


@given(st.text(max_size=20))
def test_a_date_is_read_or_refused_with_a_swedish_message_never_a_crash(text):
    try:
        result = fields.parse_date(text)
    except ValidationError as error:
        assert error.messages[0].startswith("Datumet")
    else:
        assert isinstance(result, datetime.date)


@pytest.mark.parametrize("text", ["2024-02-30", "31/4/2024", "15/3/24", "mars 2024", "2024-13-01"])
def test_impossible_or_ambiguous_dates_are_refused(text):
    with pytest.raises(ValidationError):
        fields.parse_date(text)


@given(
    birth=st.dates(min_value=datetime.date(1901, 1, 1), max_value=datetime.date(2020, 12, 31)),
    serial=st.integers(min_value=0, max_value=999),
    female=st.booleans(),
    short=st.booleans(),
)
def test_masking_never_shows_the_last_four_digits(birth, serial, female, short):
    pid = make_personal_id(birth, female=female, serial=serial)
    written = f"{pid[2:8]}-{pid[8:]}" if short else f"{pid[:8]}-{pid[8:]}"
    masked = fields.mask_personal_id(written)
    # Only the birth date part stays; the four last digits never appear.
    assert masked == f"{written.split('-')[0]}-****"
    # What the import reads is what the enrolment form reads.
    assert normalise_personal_id(written, today=datetime.date(2030, 1, 1)) == pid or short


@pytest.mark.parametrize(
    ("text", "value"),
    [("Kvinna", "kvinna"), ("K", "kvinna"), (" man ", "man"), ("Annan könstillhörighet", "annan"), ("uppgift saknas", "saknas")],
)  # fmt: skip
def test_gender_by_swedish_label_or_short_form(text, value):
    assert fields.parse_choice(text, Gender) == value


def test_choices_by_label_without_the_explanation_in_brackets():
    assert fields.parse_choices("Sjukpenning, A-kassa / Lön", Forsorjning) == [
        "sjukpenning",
        "a_kassa",
        "lon",
    ]
    with pytest.raises(ValidationError) as error:
        fields.parse_choice("Flyger", Sysselsattning)
    assert "Aktivt arbetssökande" in error.value.messages[0]


def test_headers_are_guessed_from_common_swedish_names():
    headers = ["Pnr", "Tilltalsnamn", "Efternamn", "Kön", "Inskrivningsdatum", "Handledare (e-post)", "Hemkommun", "Anvisad av", "Sysselsättning vid start", "Anteckning"]  # fmt: skip
    assert fields.suggest_mapping(headers) == {
        "personal_id": 0, "first_name": 1, "last_name": 2, "gender": 3, "start_date": 4,
        "coach": 5, "municipality": 6, "referring_organisation": 7, "sysselsattning": 8,
    }  # fmt: skip
