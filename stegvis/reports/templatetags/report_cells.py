"""How a report cell reads on screen: '..' for a suppressed count, '–' for no value, 'n %' for shares."""

from __future__ import annotations

import datetime

from django import template

from stegvis.core.suppression import SUPPRESSED
from stegvis.reports.exporters import MONEY, PERCENT

register = template.Library()


@register.filter
def report_cell(value, kind: str) -> str:
    if value is None or value == "":
        return "–"
    if value == SUPPRESSED:
        return SUPPRESSED
    if isinstance(value, datetime.date):
        return value.isoformat()
    if kind == PERCENT and isinstance(value, int | float):
        return f"{value} %"
    if kind == MONEY and isinstance(value, int):
        return f"{value:,} kr".replace(",", "\u00a0")
    return str(value)


@register.filter
def cells_with_kinds(row, columns):
    return zip(row, (c.kind for c in columns), strict=False)
