"""Forms for readings, instruments (made here or imported), the project's rule and fidelity reviews."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stegvis.assessments.content import FIDELITY_GROUPS, FIDELITY_ITEMS
from stegvis.assessments.importing import MAX_AREAS, NAME_MAX, TEXT_MAX, AreaData, InstrumentData
from stegvis.assessments.models import SCALE_MAX, SCALE_MIN, Area, Assessment, Combination, Instrument
from stegvis.assessments.stepmovement import CRITERION_LABELS
from stegvis.core.forms import VersionedForm, conditional, date_field, with_blank
from stegvis.plans.models import FollowUp

NOT_ASSESSED = "none"


class AssessmentForm(forms.Form):
    """One reading: a level, or "inte bedömt", for every area of one instrument version."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    assessed_on = date_field(_("Datum för skattningen"), initial_today=True)
    occasion = forms.ChoiceField(label=_("Tillfälle"), choices=with_blank(Assessment.Occasion.choices))
    rater = forms.ChoiceField(label=_("Vem skattade?"), widget=forms.RadioSelect)
    follow_up = forms.ModelChoiceField(
        label=_("Gjord vid uppföljning"),
        queryset=None,
        required=False,
        empty_label=_("Ingen uppföljning"),
        help_text=_("Koppla skattningen till uppföljningsmötet där ni gjorde den."),
    )

    def __init__(
        self,
        *args: Any,
        instrument: Instrument,
        areas: list[Area],
        follow_ups: QuerySet[FollowUp],
        previous: Mapping[int, tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.areas = areas
        self.fields["follow_up"].queryset = follow_ups
        self.fields["follow_up"].label_from_instance = lambda f: f.held_on.isoformat()
        if not follow_ups.exists():
            del self.fields["follow_up"]
        choices = instrument.rater_choices
        self.fields["rater"].choices = choices
        if len(choices) == 1:
            self.fields["rater"].initial = choices[0][0]
            self.fields["rater"].widget = forms.HiddenInput()
        previous = previous or {}
        for area in areas:
            levels = [(str(level.value), level.description) for level in area.levels.all()]
            help_text = area.description
            if area.pk in previous:
                value, when = previous[area.pk]
                help_text = f"{help_text} " if help_text else ""
                help_text += str(
                    _("Förra skattningen: nivå %(value)s (%(when)s).") % {"value": value, "when": when}
                )
            self.fields[f"area_{area.pk}"] = forms.ChoiceField(
                label=area.name,
                choices=[*levels, (NOT_ASSESSED, str(_("Inte bedömt den här gången")))],
                widget=forms.RadioSelect,
                help_text=help_text,
                error_messages={"required": _("Välj en nivå, eller ”Inte bedömt”.")},
            )

    def area_fields(self) -> list[forms.BoundField]:
        return [self[f"area_{area.pk}"] for area in self.areas]

    def general_fields(self) -> list[forms.BoundField]:
        return [
            self[name] for name in ("assessed_on", "occasion", "rater", "follow_up") if name in self.fields
        ]

    def levels(self) -> dict[int, int | None]:
        data = self.cleaned_data
        return {
            area.pk: None if data[f"area_{area.pk}"] == NOT_ASSESSED else int(data[f"area_{area.pk}"])
            for area in self.areas
        }

    @staticmethod
    def initial_from(assessment: Assessment, areas: list[Area]) -> dict[str, Any]:
        by_area = {score.area_id: str(score.level.value) for score in assessment.scores.all()}
        initial: dict[str, Any] = {
            "version": assessment.version,
            "assessed_on": assessment.assessed_on,
            "occasion": assessment.occasion,
            "rater": assessment.rater,
            "follow_up": assessment.follow_up_id,
        }
        for area in areas:
            initial[f"area_{area.pk}"] = by_area.get(area.pk, NOT_ASSESSED)
        return initial


class DeleteForm(VersionedForm):
    pass


# --- instruments -------------------------------------------------------------------------------


class InstrumentForm(forms.Form):
    """An instrument with its areas and levels, on one page that works without JavaScript.

    "Lägg till område" and a changed number of levels re-show the form with the text kept.
    A row of areas left wholly empty is ignored.
    """

    name = forms.CharField(label=_("Namn"), max_length=120)
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vad instrumentet mäter och hur det används, i några meningar."),
    )
    licence_note = forms.CharField(
        label=_("Licens och upphov"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Vem som har skrivit instrumentet och vilket avtal projektet har, om det inte är ert eget."
        ),
    )
    raters = forms.ChoiceField(
        label=_("Vem skattar?"), choices=Instrument.Raters.choices, widget=forms.RadioSelect
    )
    scale_max = forms.TypedChoiceField(
        label=_("Antal nivåer i varje område"),
        coerce=int,
        choices=[(n, str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)],
        initial=5,
        help_text=_("Nivå 1 är längst från målet. Alla områden har lika många nivåer."),
    )
    area_count = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_AREAS)

    def __init__(self, *args: Any, area_count: int = 8, scale: int = 5, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.area_count = max(1, min(area_count, MAX_AREAS))
        self.scale = max(SCALE_MIN, min(scale, SCALE_MAX))
        self.fields["area_count"].initial = self.area_count
        for i in range(1, self.area_count + 1):
            self.fields[f"area_{i}_name"] = forms.CharField(
                label=_("Namn på området"), max_length=NAME_MAX, required=False
            )
            self.fields[f"area_{i}_description"] = forms.CharField(
                label=_("Beskrivning av området"), max_length=TEXT_MAX, required=False
            )
            for value in range(1, self.scale + 1):
                self.fields[f"area_{i}_level_{value}"] = conditional(
                    forms.CharField(
                        label=_("Nivå %(v)s") % {"v": value}
                        if 1 < value < self.scale
                        else (
                            _("Nivå 1 (längst från målet)")
                            if value == 1
                            else _("Nivå %(v)s (närmast målet)") % {"v": value}
                        ),
                        max_length=TEXT_MAX,
                        required=False,
                        widget=forms.Textarea(attrs={"rows": 2}),
                    )
                )
            self.fields[f"area_{i}_name"] = conditional(self.fields[f"area_{i}_name"])

    def area_groups(self) -> list[dict[str, Any]]:
        return [
            {
                "number": i,
                "name": self[f"area_{i}_name"],
                "description": self[f"area_{i}_description"],
                "levels": [self[f"area_{i}_level_{v}"] for v in range(1, self.scale + 1)],
            }
            for i in range(1, self.area_count + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("scale_max") and data["scale_max"] != self.scale:
            self.add_error("scale_max", _("Klicka på ”Visa nivåerna” när du har ändrat antalet nivåer."))
        return data

    def instrument_data(self) -> InstrumentData:
        data = self.cleaned_data
        areas = []
        for i in range(1, self.area_count + 1):
            name = data.get(f"area_{i}_name", "").strip()
            description = data.get(f"area_{i}_description", "").strip()
            levels = [data.get(f"area_{i}_level_{v}", "").strip() for v in range(1, self.scale + 1)]
            if name or description or any(levels):
                areas.append(AreaData(name, description, levels))
        return InstrumentData(
            name=data["name"],
            areas=areas,
            description=data.get("description", ""),
            licence_note=data.get("licence_note", ""),
            raters=data["raters"],
        )

    @staticmethod
    def initial_from(instrument: Instrument, areas: list[Area]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": instrument.name,
            "description": instrument.description,
            "licence_note": instrument.licence_note,
            "raters": instrument.raters,
            "scale_max": instrument.scale_max,
            "area_count": len(areas),
        }
        for i, area in enumerate(areas, start=1):
            initial[f"area_{i}_name"] = area.name
            initial[f"area_{i}_description"] = area.description
            for level in area.levels.all():
                initial[f"area_{i}_level_{level.value}"] = level.description
        return initial


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller JSON)"),
        help_text=_("Högst 512 kB. Ladda ner en mall nedan för att se formatet."),
    )
    name = forms.CharField(
        label=_("Namn"),
        max_length=120,
        required=False,
        help_text=_("Lämna tomt för att använda namnet i JSON-filen."),
    )
    raters = forms.ChoiceField(
        label=_("Vem skattar?"), choices=Instrument.Raters.choices, widget=forms.RadioSelect
    )
    licence_note = forms.CharField(
        label=_("Licens eller avtal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("T.ex. vem som äger instrumentet, avtalets datum och vad det tillåter."),
    )
    licence_confirmed = forms.BooleanField(
        label=_("Projektet har licens eller avtal som tillåter att instrumentet används i Stegvis."),
        error_messages={"required": _("Kryssa i att projektet har licens för instrumentet.")},
    )


# --- the rule ----------------------------------------------------------------------------------


class RuleForm(VersionedForm):
    criteria = forms.TypedMultipleChoiceField(
        label=_("Kriterier som räknas"),
        coerce=int,
        choices=[(n, f"{n}. {label}") for n, label in CRITERION_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Varje kriterium redovisas också för sig, oavsett om det ingår i regeln."),
        error_messages={"required": _("Välj minst ett kriterium.")},
    )
    combination = forms.ChoiceField(
        label=_("Stegförflyttning när"), choices=Combination.choices, widget=forms.RadioSelect
    )
    instrument = forms.ModelChoiceField(
        label=_("Projektets skattningsinstrument"),
        queryset=Instrument.objects.none(),
        required=False,
        empty_label=_("Inget (skattning används inte)"),
        help_text=_(
            "Handledarna skattar med det här instrumentet, och kriterium 2 räknar bara dess skattningar. "
            "Skattningar med olika versioner jämförs aldrig."
        ),
    )
    description = forms.CharField(
        label=_("Förklaring som visas vid siffrorna"),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("T.ex. ”80 % ska, mätt mot uppsatta delmål, ha gjort en stegförflyttning vid avslut.”"),
    )
    uses_ips = forms.BooleanField(
        label=_("Projektet arbetar med IPS och följer upp IPS-troheten"), required=False
    )

    def __init__(self, *args: Any, instruments: QuerySet[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments
        self.fields["instrument"].label_from_instance = lambda i: (
            f"{i.name}, version {i.version}" + (f" ({i.project.name})" if i.project_id else "")
        )


# --- fidelity ----------------------------------------------------------------------------------


SCORE_CHOICES = with_blank([(n, str(n)) for n in range(1, 6)])


class FidelityForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    team_name = forms.CharField(label=_("Team"), max_length=120)
    reviewed_on = date_field(_("Granskningsdatum"))
    reviewers = forms.CharField(
        label=_("Granskare"),
        max_length=300,
        help_text=_("Namn och organisation, t.ex. de externa granskarna."),
    )
    summary = forms.CharField(
        label=_("Sammanfattning och rekommendationer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Om teamet, inte om enskilda deltagare."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, label in FIDELITY_ITEMS.items():
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=f"{number}. {label}",
                choices=SCORE_CHOICES,
                coerce=int,
                error_messages={"required": _("Ange en poäng 1–5.")},
            )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(name), [self[f"item_{n}"] for n in numbers]) for name, numbers in FIDELITY_GROUPS]

    def general_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("team_name", "reviewed_on", "reviewers", "summary")]

    def scores(self) -> dict[int, int]:
        return {n: self.cleaned_data[f"item_{n}"] for n in FIDELITY_ITEMS}
