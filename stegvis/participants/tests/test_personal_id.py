"""Personnummer handling: every valid number in every written form normalises to one value."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from stegvis.participants.personal_id import birth_date_of, is_samordningsnummer, normalise_personal_id
from stegvis.participants.tests.factories import make_personal_id

TODAY = datetime.date(2026, 11, 23)
births = st.dates(min_value=datetime.date(1927, 1, 1), max_value=datetime.date(2025, 12, 31))


def _forms(twelve: str, birth: datetime.date) -> list[str]:
    short_separator = "+" if TODAY.year - birth.year >= 100 else "-"
    return [
        twelve,
        f"{twelve[:8]}-{twelve[8:]}",
        f"{twelve[2:8]}{short_separator}{twelve[8:]}",
        f" {twelve[:8]} {twelve[8:]} ",
    ]


@given(birth=births, serial=st.integers(0, 999), female=st.booleans())
def test_every_written_form_normalises_to_the_same_number(birth, serial, female):
    twelve = make_personal_id(birth, female=female, serial=serial)
    for written in _forms(twelve, birth):
        assert normalise_personal_id(written, today=TODAY) == twelve
    assert birth_date_of(twelve) == birth


@given(birth=births, serial=st.integers(0, 999), position=st.integers(0, 9), delta=st.integers(1, 9))
def test_changing_one_digit_is_always_refused(birth, serial, position, delta):
    twelve = make_personal_id(birth, serial=serial)
    ten = list(twelve[2:])
    ten[position] = str((int(ten[position]) + delta) % 10)
    changed = "".join(ten)
    with pytest.raises(ValidationError):
        normalise_personal_id(f"{twelve[:2]}{changed[:6]}-{changed[6:]}", today=TODAY)


@given(st.text(max_size=30))
def test_any_text_gives_a_validation_error_or_a_number(text):
    try:
        value = normalise_personal_id(text, today=TODAY)
    except ValidationError as error:
        assert error.messages and all(message.strip() for message in error.messages)
    else:
        assert len(value) == 12 and value.isdigit()


@given(birth=births, serial=st.integers(0, 999))
def test_samordningsnummer_is_accepted_and_keeps_its_day(birth, serial):
    body = f"{birth:%y%m}{birth.day + 60:02d}{serial:03d}"
    from stdnum import luhn

    number = f"{birth.year}{body[2:]}{luhn.calc_check_digit(body)}"
    assert normalise_personal_id(number, today=TODAY) == number
    assert is_samordningsnummer(number)
    assert birth_date_of(number) == birth


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("19811218-9875", "checksum"),
        ("19811318-9876", "date"),
        ("1981121", "length"),
        ("19811218-987X", "format"),
        ("", "required"),
    ],
)
def test_errors_say_what_is_wrong_in_swedish(written, code):
    with pytest.raises(ValidationError) as caught:
        normalise_personal_id(written, today=TODAY)
    assert caught.value.code == code


def test_a_birth_date_in_the_future_is_refused():
    number = make_personal_id(datetime.date(2026, 12, 24))
    with pytest.raises(ValidationError) as caught:
        normalise_personal_id(number, today=TODAY)
    assert caught.value.code == "future"
