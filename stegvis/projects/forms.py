"""Project manager forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.accounts.models import Organisation
from stegvis.core.forms import DateInput, with_blank
from stegvis.projects.models import Project, ProjectPartner, ProjectTarget

PROJECT_FIELDS = [
    "name",
    "diarienummer",
    "fund",
    "parent",
    "owner",
    "program_cci",
    "programomrade",
    "specifikt_mal",
    "nuts2",
    "region",
    "intervention_type",
    "child_poverty_theme",
    "strategic_importance",
    "start_date",
    "end_date",
    "planned_participants",
    "cofinancing_rate",
    "total_budget",
    "granted_support",
    "recipient_postcode",
    "recipient_city",
    "contact_person",
    "target_group",
    "age_min",
    "age_max",
    "min_partner_agencies",
    "follow_up_interval_days",
    "description",
]


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "target_group": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = Project.objects.exclude(pk=self.instance.pk).filter(
                parent__isnull=True
            )


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.all())
    role = forms.ChoiceField(label=_("Roll"), choices=with_blank(ProjectPartner.Role.choices))


class TargetForm(forms.Form):
    metric = forms.ChoiceField(label=_("Mått"), choices=with_blank(ProjectTarget.Metric.choices))
    threshold_percent = forms.IntegerField(label=_("Målvärde (%)"), min_value=1, max_value=100)
    description = forms.CharField(label=_("Beskrivning"), required=False, max_length=300)


class MunicipalityForm(forms.Form):
    name = forms.CharField(label=_("Kommun"), max_length=100)
    planned_places = forms.IntegerField(label=_("Planerade platser"), required=False, min_value=0)
