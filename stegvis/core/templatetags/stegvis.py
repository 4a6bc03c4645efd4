"""Template helpers shared by every Stegvis page: ``{% load stegvis %}``.

Pagination links use Django's built-in ``{% querystring %}`` tag (5.1+), so there
is no home-grown query-string helper here.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField

register = template.Library()

# Phase codes as stored on Enrolment.phase / PhaseChange.phase. Kept as plain
# strings so that core does not import a domain app.
PHASE_BADGE_CLASSES = {
    "kartlaggning": "badge-kartlaggning",
    "aktivitet": "badge-aktivitet",
    "provning": "badge-provning",
    "avslut": "badge-avslut",
}


def _parse_attrs(spec: str) -> dict[str, Any]:
    """Turn ``"a=1,b=two words,required"`` into ``{"a": "1", "b": "two words", "required": True}``."""
    attrs: dict[str, Any] = {}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        attrs[key.strip()] = value.strip() if sep else True
    return attrs


@register.filter
def add_attrs(field: Any, spec: str) -> Any:
    """Render a bound field's widget with extra HTML attributes.

    ``{{ form.username|add_attrs:"autocomplete=username,class=wide" }}``. Pairs are
    comma-separated; a bare name is a boolean attribute. ``class`` is appended to
    the widget's own classes, every other attribute replaces the widget's value.
    Django already adds ``aria-invalid`` and ``aria-describedby`` itself.
    """
    if not isinstance(field, BoundField):
        return field
    attrs = _parse_attrs(spec)
    if "class" in attrs:
        own = field.field.widget.attrs.get("class", "")
        attrs["class"] = f"{own} {attrs['class']}".strip()
    return field.as_widget(attrs=attrs)


@register.filter
def widget_type(field: Any) -> str:
    """The widget's class name in lower case: ``checkboxinput``, ``radioselect``, ...

    (Django's own ``field.widget_type`` strips the ``Input``/``Widget`` suffix.)
    """
    widget = field.field.widget if isinstance(field, BoundField) else field
    return widget.__class__.__name__.lower() if widget is not None else ""


@register.filter
def phase_badge(phase: Any) -> str:
    """CSS classes for a phase code: ``<span class="{{ e.phase|phase_badge }}">``.

    Returns e.g. ``"badge badge-kartlaggning"``; an unknown or empty code gets
    ``"badge badge-muted"``.
    """
    return f"badge {PHASE_BADGE_CLASSES.get(str(phase or ''), 'badge-muted')}"
