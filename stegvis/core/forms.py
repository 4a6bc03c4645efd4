"""Form helpers shared by the apps."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def with_blank(choices) -> list:
    """Required choices start empty, so nothing is recorded that nobody chose."""
    return [("", _("Välj …")), *choices]


def conditional(field: forms.Field) -> forms.Field:
    """A field required only in some cases (the form's clean() decides), or a filter:
    either way not labelled "(valfritt)"."""
    field.conditional = True  # type: ignore[attr-defined]
    return field


YES_NO_UNKNOWN = [("", _("Uppgift saknas / vill ej uppge")), ("true", _("Ja")), ("false", _("Nej"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(
    label: str, *, required: bool = True, initial_today: bool = False, help_text: str = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        initial=datetime.date.today if initial_today else None,
        help_text=help_text,
    )


def tri_state_field(label: str) -> forms.TypedChoiceField:
    """Yes / no / not known, stored as True / False / None."""
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO_UNKNOWN,
        required=False,
        coerce=lambda v: {"true": True, "false": False}.get(v),
        empty_value=None,
    )


class VersionedForm(forms.Form):
    """Carries the version of the record the user opened (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


def add_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
