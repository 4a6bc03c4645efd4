from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def cell(value: Any) -> str:
    """One value of a register extract as text: – for nothing, Ja/Nej, lists joined."""
    if value is None or value == "" or value == []:
        return "–"
    if value is True:
        return _("Ja")
    if value is False:
        return _("Nej")
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {cell(v)}" for k, v in value.items())
    return str(value)
