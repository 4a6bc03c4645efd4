"""The analysis choices (dimension, period, two groups to compare) and the conclusion form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.analysis.models import Dimension
from stegvis.core.forms import conditional
from stegvis.reports.forms import PeriodForm


class AnalysisForm(PeriodForm):
    """Dimension and period; both have defaults, so the page shows figures at once."""

    dimension = forms.ChoiceField(label=_("Dela upp efter"), choices=Dimension.choices, required=False)
    field_order = ["dimension", "start", "end"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dimension"] = conditional(self.fields["dimension"])

    def chosen_dimension(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("dimension"):
            return self.cleaned_data["dimension"]
        return Dimension.MUNICIPALITY


class CompareForm(forms.Form):
    """Two groups of the chosen dimension; the choices are the groups that have figures."""

    a = forms.ChoiceField(label=_("Grupp A"))
    b = forms.ChoiceField(label=_("Grupp B"))

    def __init__(self, *args, labels: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Välj grupp")), *((label, label) for label in labels)]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("a") and data.get("a") == data.get("b"):
            self.add_error("b", _("Välj två olika grupper att jämföra."))
        return data


class NoteForm(forms.Form):
    """What the figures show and what to do about it; the choices behind them come as hidden fields."""

    conclusion = forms.CharField(
        label=_("Slutsats"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_(
            "Vad visar siffrorna, och vad kan orsakerna vara? Skriv om grupper, aldrig om enskilda deltagare."
        ),
    )
    measure = forms.CharField(
        label=_("Föreslagen åtgärd"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text=_("Vad projektet ska göra, vem som gör det och när. Visas i årsrapporten."),
    )
    dimension = forms.ChoiceField(choices=Dimension.choices, widget=forms.HiddenInput)
    period_start = forms.DateField(widget=forms.HiddenInput)
    period_end = forms.DateField(widget=forms.HiddenInput)
    group_a = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    group_b = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
