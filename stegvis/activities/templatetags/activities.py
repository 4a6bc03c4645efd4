"""Template helpers for activities: ``{% load activities %}``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


def format_hours(value: Decimal | float | int | None) -> str:
    """Hours as people write them: 2, 1,5, 12,25 (the locale's decimal separator, no trailing zeros)."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


@register.filter
def hours(value: Decimal | float | int | None) -> str:
    return format_hours(value)


@register.filter
def iso_week(day: datetime.date) -> int:
    return day.isocalendar().week


@register.filter
def week_end(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=6)


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None


@register.filter
def activity_status(activity, today: datetime.date) -> str:
    """ "planned", "ongoing" or "ended": ``{{ a|activity_status:today }}``."""
    return activity.status(today)
