"""Forms for writing, correcting and opening journal notes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import VersionedForm, date_field, with_blank
from stegvis.journal.models import JournalNote, SensitiveCategory

NOT_SENSITIVE = "nej"


class NoteForm(forms.Form):
    """A note. Whether it is sensitive is one required choice, so it is never left to a default."""

    written_on = date_field(_("Datum"), initial_today=True)
    title = forms.CharField(
        label=_("Rubrik"),
        max_length=120,
        help_text=_("Visas även när en känslig anteckning är dold – skriv inget känsligt i rubriken."),
        error_messages={"required": _("Skriv en rubrik.")},
    )
    text = forms.CharField(
        label=_("Anteckning"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv anteckningen.")},
    )
    sensitivity = forms.ChoiceField(
        label=_("Innehåller anteckningen känsliga uppgifter?"),
        choices=with_blank(
            [
                (NOT_SENSITIVE, _("Nej")),
                (SensitiveCategory.HEALTH, _("Ja – hälsa")),
                (SensitiveCategory.VIOLENCE, _("Ja – våld i nära relation")),
                (SensitiveCategory.SUBSTANCE, _("Ja – missbruk")),
                (SensitiveCategory.FINANCES, _("Ja – ekonomi")),
                (SensitiveCategory.OTHER, _("Ja – annat känsligt")),
            ]
        ),
        help_text=_("En känslig anteckning visas först när läsaren anger ett syfte. Öppningen loggas."),
        error_messages={"required": _("Välj om anteckningen innehåller känsliga uppgifter.")},
    )

    field_order = ["written_on", "title", "sensitivity", "text"]

    @property
    def sensitive(self) -> bool:
        return self.cleaned_data["sensitivity"] != NOT_SENSITIVE

    @property
    def category(self) -> str:
        return "" if not self.sensitive else self.cleaned_data["sensitivity"]

    @staticmethod
    def initial_for(note: JournalNote) -> dict:
        return {
            "written_on": note.written_on,
            "title": note.title,
            "text": note.text,
            "sensitivity": note.category if note.sensitive else NOT_SENSITIVE,
            "version": note.version,
        }


class CorrectionForm(VersionedForm, NoteForm):
    reason = forms.CharField(
        label=_("Varför rättas anteckningen?"),
        max_length=300,
        help_text=_("Den tidigare versionen sparas och visas med din förklaring."),
        error_messages={"required": _("Skriv varför anteckningen rättas.")},
    )


class OpenNoteForm(forms.Form):
    PURPOSES = [
        ("Uppföljning med deltagaren", _("Uppföljning med deltagaren")),
        ("Planering av insatser", _("Planering av insatser")),
        ("Överlämning till annan handledare", _("Överlämning till annan handledare")),
        ("Deltagarens begäran om registerutdrag", _("Deltagarens begäran om registerutdrag")),
        ("Rättelse av anteckningen", _("Rättelse av anteckningen")),
    ]
    purpose = forms.ChoiceField(
        label=_("Syfte"),
        choices=with_blank(PURPOSES),
        error_messages={"required": _("Välj varför du behöver läsa anteckningen.")},
    )
