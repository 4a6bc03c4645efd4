"""Forms of the privacy pages."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import conditional, date_field
from stegvis.participants.personal_id import normalise_personal_id
from stegvis.privacy.selectors import LogFilter

PERSON_REFERENCE = re.compile(r"^\s*[Pp]-?(\d+)\s*$")


class LogFilterForm(forms.Form):
    """Filters of the access-log review; every field optional."""

    user = conditional(forms.ModelChoiceField(label=_("Användare"), queryset=None, required=False))
    person = conditional(
        forms.CharField(
            label=_("Person"),
            required=False,
            max_length=20,
            help_text=_("Intern referens, t.ex. P-12."),
        )
    )
    date_from = conditional(date_field(_("Från och med"), required=False))
    date_to = conditional(date_field(_("Till och med"), required=False))
    action = conditional(forms.ChoiceField(label=_("Händelse"), required=False))
    flagged_only = forms.BooleanField(label=_("Bara flaggade läsningar"), required=False)

    def __init__(self, *args, users, actions: list[str], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].empty_label = _("Alla användare")
        self.fields["action"].choices = [
            ("", _("Alla händelser om personer")),
            ("reads", _("Bara läsningar")),
            *[(a, a) for a in actions],
        ]

    def clean_person(self) -> int | None:
        value = self.cleaned_data["person"].strip()
        if not value:
            return None
        match = PERSON_REFERENCE.match(value)
        if match is None:
            raise ValidationError(_("Skriv personens interna referens, t.ex. P-12."))
        return int(match.group(1))

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Slutdatumet kan inte vara före startdatumet."))
        return cleaned

    def to_filter(self) -> LogFilter:
        data = self.cleaned_data if self.is_valid() else {}
        user = data.get("user")
        return LogFilter(
            user_id=user.pk if user else None,
            person_id=data.get("person"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            action=data.get("action") or "",
            flagged_only=bool(data.get("flagged_only")),
        )


class SubjectSearchForm(forms.Form):
    personal_id = forms.CharField(
        label=_("Personnummer eller samordningsnummer"),
        max_length=13,
        help_text=_("ÅÅÅÅMMDD-NNNN. Bara exakt träff: hela numret måste stämma."),
    )

    def clean_personal_id(self) -> str:
        return normalise_personal_id(self.cleaned_data["personal_id"])


class RetentionForm(forms.Form):
    years = forms.IntegerField(
        label=_("År efter projektets slutdatum"),
        min_value=1,
        max_value=100,
        help_text=_(
            "Hur många år efter projektets slutdatum uppgifterna sparas. ESF+ kräver att underlaget "
            "sparas i flera år efter sista utbetalningen; kontrollera med ert beslut om stöd."
        ),
    )
    legal_hold = forms.BooleanField(
        label=_("Gallringsstopp"),
        required=False,
        help_text=_("Stoppar gallringen helt, t.ex. under en revision eller en pågående tvist."),
    )
    hold_reason = conditional(
        forms.CharField(
            label=_("Skäl till gallringsstopp"),
            max_length=300,
            required=False,
            help_text=_("Krävs när gallringsstopp är markerat."),
        )
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("legal_hold") and not (cleaned.get("hold_reason") or "").strip():
            self.add_error(
                "hold_reason", _("Ange varför gallringen ska stoppas, t.ex. en pågående revision.")
            )
        return cleaned


class EraseNowForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Jag har läst provkörningen och vill anonymisera personerna nu. Det går inte att ångra."),
    )
