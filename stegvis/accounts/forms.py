"""Sign-in form."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Fel användarnamn eller lösenord."),
        "inactive": _("Kontot är inaktiverat. Kontakta din administratör."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Användarnamn")
        self.fields["password"].label = _("Lösenord")


class TokenForm(forms.Form):
    """One code: six digits from the authenticator app, or (when verifying) a recovery code."""

    token = forms.CharField(
        label=_("Kod"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
        error_messages={"required": _("Skriv koden.")},
    )

    def __init__(self, *args: object, help_text: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["token"].help_text = help_text
