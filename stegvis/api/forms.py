"""The form a user creates an API key with."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

VALIDITY_CHOICES = [
    (30, _("30 dagar")),
    (90, _("90 dagar")),
    (180, _("180 dagar")),
    (365, _("Ett år")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"),
        max_length=80,
        help_text=_("Vad nyckeln används till, t.ex. ”Rapportering till förbundet”."),
        error_messages={"required": _("Ge nyckeln ett namn, t.ex. vilket system som ska använda den.")},
    )
    valid_days = forms.TypedChoiceField(
        label=_("Giltig i"),
        choices=VALIDITY_CHOICES,
        coerce=int,
        initial=90,
        help_text=_("Nyckeln slutar fungera efter den tiden. Du kan återkalla den när som helst."),
    )
