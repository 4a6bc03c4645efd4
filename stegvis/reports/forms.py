"""The report period and the post-exit check."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import conditional, date_field, tri_state_field, with_blank
from stegvis.participants.models import Sysselsattning
from stegvis.projects.models import Project
from stegvis.reports.exporters import Period
from stegvis.reports.models import PostExitCheck


class PeriodForm(forms.Form):
    """From and to; both default to the whole project so far."""

    start = date_field(_("Från och med"), required=False)
    end = date_field(_("Till och med"), required=False)

    def __init__(self, *args, project: Project, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.project, self.today = project, today
        self.default = Period(project.start_date or datetime.date(today.year, 1, 1), today)
        self.fields["start"].help_text = _("Tomt: projektets start.")
        self.fields["end"].help_text = _("Tomt: i dag.")
        self.fields["start"] = conditional(self.fields["start"])
        self.fields["end"] = conditional(self.fields["end"])

    def clean(self):
        data = super().clean()
        start = data.get("start") or self.default.start
        end = data.get("end") or self.default.end
        if start > end:
            self.add_error("end", _("Slutdatum måste vara samma dag som startdatum eller senare."))
        return data

    def period(self) -> Period:
        """The chosen period; the default when the form is not valid (the page then shows the error)."""
        if not self.is_bound or not self.is_valid():
            return self.default
        return Period(
            self.cleaned_data.get("start") or self.default.start,
            self.cleaned_data.get("end") or self.default.end,
        )


class PostExitCheckForm(forms.Form):
    checked_on = date_field(_("Datum för uppföljningen"), initial_today=True)
    reached = forms.TypedChoiceField(
        label=_("Fick ni kontakt med personen eller uppgift om hens situation?"),
        choices=[("true", _("Ja")), ("false", _("Nej, personen gick inte att nå"))],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
        initial="true",
    )
    method = forms.ChoiceField(
        label=_("Hur"), choices=with_blank(PostExitCheck.Method.choices), required=False
    )
    sysselsattning = conditional(
        forms.ChoiceField(
            label=_("Sysselsättning nu"), choices=with_blank(Sysselsattning.choices), required=False
        )
    )
    employed = tri_state_field(_("I arbete (även eget företag)"))
    improved = tri_state_field(_("Bättre ställning på arbetsmarknaden än vid avslut"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["improved"].help_text = _(
            "Till exempel från arbetslös till arbete, från tillfällig till fast anställning, från deltid "
            "till heltid, eller till ett arbete med mer ansvar."
        )

    def clean(self):
        data = super().clean()
        if data.get("reached") and not data.get("sysselsattning"):
            self.add_error("sysselsattning", _("Ange sysselsättningen när ni fick kontakt."))
        return data


def year_choices(project: Project, today: datetime.date) -> list[tuple[int, int]]:
    first = project.start_date.year if project.start_date else today.year
    last = max(today.year, first)
    if project.end_date:
        last = min(last, max(project.end_date.year, first))
    return [(year, year) for year in range(last, first - 1, -1)]


class AnnualYearForm(forms.Form):
    """Which year the annual report is about."""

    year = forms.TypedChoiceField(label=_("År"), coerce=int)

    def __init__(self, *args, project: Project, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(project, today)
        self.fields["year"].initial = self.fields["year"].choices[0][0]

    def chosen_year(self) -> int:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"]
        return self.fields["year"].initial


class AnnualReportTextForm(forms.Form):
    analysis = forms.CharField(
        label=_("Analys"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=20000,
        help_text=_(
            "Vad säger årets siffror? Vad har gått bra och mindre bra, och varför? Skriv om projektet "
            "som helhet och nämn inga deltagare. En tom rad börjar ett nytt stycke."
        ),
    )
    proposed_measures = forms.CharField(
        label=_("Föreslagna åtgärder"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20000,
        help_text=_("Vad föreslår ni att projektet eller styrgruppen gör nästa år?"),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("analysis") or "").strip() and not (data.get("proposed_measures") or "").strip():
            raise forms.ValidationError(_("Skriv en analys eller föreslagna åtgärder innan du sparar."))
        return data
