"""Forms for team meetings, agenda items, tasks and barriers."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from stegvis.accounts.models import Organisation
from stegvis.core.forms import VersionedForm, conditional, date_field, with_blank
from stegvis.participants.models import Enrolment
from stegvis.teamwork.models import AgendaItem, BarrierCategory, BarrierStatus

NO_PERSONAL_DATA = _("Skriv utan namn, personnummer eller annat som kan identifiera en person.")


class EnrolmentChoiceField(forms.ModelChoiceField):
    """Only ever filled with enrolments the user may see (teamwork.selectors.enrolment_choices)."""

    def label_from_instance(self, obj: Enrolment) -> str:
        return f"{obj.person.display_name} ({obj.get_phase_display().lower()})"


class MeetingForm(forms.Form):
    held_on = date_field(_("Datum"), initial_today=True)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Deltagande organisationer"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Projektets samverkansparter. Fler parter läggs till under Parter, kommuner och mål."),
    )
    notes = forms.CharField(
        label=_("Anteckningar från mötet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=format_lazy(
            "{} {}", _("Det som gäller hela teamet, t.ex. information från parterna."), NO_PERSONAL_DATA
        ),
    )

    def __init__(self, *args: object, organisations: QuerySet[Organisation], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations


class MeetingEditForm(VersionedForm, MeetingForm):
    pass


class AgendaItemForm(forms.Form):
    """A case or a general question. The enrolment field lists only what the user may see."""

    enrolment = EnrolmentChoiceField(
        label=_("Deltagare"),
        queryset=Enrolment.objects.none(),
        required=False,
        empty_label=_("Ingen – en allmän fråga"),
        help_text=_(
            "Namnet visas bara för dem som får se deltagaren. Övriga i teamet ser ärendet som "
            "t.ex. ”Ärende 2 (kvinna, 30–39 år)”."
        ),
    )
    question = forms.CharField(
        label=_("Fråga till teamet"),
        error_messages={"required": _("Skriv vad teamet ska ta ställning till.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_PERSONAL_DATA,
    )
    discussion = forms.CharField(
        label=_("Sammanfattning av diskussionen"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = forms.CharField(label=_("Beslut"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: object, enrolments: QuerySet[Enrolment] | None, outcome: bool = True, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        if enrolments is None:
            # The case is someone the user may not see: it stays as it is, shown by pseudonym.
            del self.fields["enrolment"]
        else:
            self.fields["enrolment"].queryset = enrolments
        if not outcome:
            del self.fields["discussion"], self.fields["decision"]


class AgendaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AgendaItem) -> str:
        return str(_("Ärende %(n)s") % {"n": obj.position})


class TaskForm(forms.Form):
    what = forms.CharField(
        label=_("Uppgift"),
        max_length=300,
        help_text=NO_PERSONAL_DATA,
        error_messages={"required": _("Skriv vad som ska göras.")},
    )
    responsible = forms.CharField(
        label=_("Ansvarig"),
        error_messages={"required": _("Skriv vem som ansvarar.")},
        max_length=200,
        help_text=_("Organisation och/eller befattning, t.ex. ”Af, handläggare”."),
    )
    due_on = date_field(_("Klart senast"), required=False)
    agenda_item = AgendaChoiceField(
        label=_("Gäller ärende"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("Inget särskilt"),
    )

    def __init__(self, *args: object, agenda_items: QuerySet[AgendaItem], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = agenda_items


class BarrierForm(VersionedForm):
    title = forms.CharField(
        label=_("Rubrik"),
        error_messages={"required": _("Skriv en rubrik.")},
        max_length=200,
        help_text=_("Hindret i en mening, t.ex. ”Läkarintyg räcker inte för arbetsförmågebedömning”."),
    )
    category = forms.ChoiceField(
        label=_("Kategori"),
        choices=with_blank(BarrierCategory.choices),
        error_messages={"required": _("Välj en kategori.")},
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Berörda myndigheter och organisationer"),
        queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en berörd myndighet eller organisation.")},
    )
    description = forms.CharField(
        label=_("Exempel"),
        error_messages={"required": _("Beskriv ett exempel på hur hindret visade sig.")},
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Beskriv hur hindret visade sig i ett ärende, utan personuppgifter: inga namn, personnummer, "
            "diagnoser eller detaljer som gör att personen kan kännas igen. Styrgruppen läser exemplet."
        ),
    )
    enrolment = EnrolmentChoiceField(
        label=_("Deltagare där hindret syntes"),
        queryset=Enrolment.objects.none(),
        required=False,
        empty_label=_("Ingen koppling"),
        help_text=_("Syns bara för dem som får se deltagaren – aldrig för styrgruppen."),
    )

    def __init__(self, *args: object, enrolments: QuerySet[Enrolment] | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if enrolments is None:
            del self.fields["enrolment"]
        else:
            self.fields["enrolment"].queryset = enrolments
        # A new barrier has no version yet.
        self.fields["version"].required = False


class RaiseForm(VersionedForm):
    on = date_field(_("Lyft till styrgruppen"), initial_today=True)
    note = forms.CharField(
        label=_("Kommentar till styrgruppen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy("{} {}", _("T.ex. vad projektet föreslår."), NO_PERSONAL_DATA),
    )


class DecideForm(VersionedForm):
    decision = forms.CharField(label=_("Styrgruppens beslut"), widget=forms.Textarea(attrs={"rows": 4}))
    on = date_field(_("Beslutsdatum"), initial_today=True)


class CloseForm(VersionedForm):
    follow_up = forms.CharField(
        label=_("Uppföljning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad som gjordes och vad det ledde till, eller varför hindret avslutas."),
    )
    on = date_field(_("Avslutat"), initial_today=True)


class BarrierFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alla statusar")), *BarrierStatus.choices]
    )
    category = forms.ChoiceField(
        label=_("Kategori"), required=False, choices=[("", _("Alla kategorier")), *BarrierCategory.choices]
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            conditional(field)
