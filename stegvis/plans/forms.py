"""Forms for the action plan, its goals, the agreement and follow-ups."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import VersionedForm, conditional, date_field
from stegvis.participants.models import Enrolment, Phase
from stegvis.plans.models import Goal, GoalStatus
from stegvis.plans.services import DESCRIPTION_MAX


class PlanCreateForm(forms.Form):
    drawn_up_on = date_field(
        _("Upprättad"),
        initial_today=True,
        help_text=_("Dagen ni gjorde planen tillsammans. Ändra bara om planen skrivs in i efterhand."),
    )


class GoalForm(VersionedForm):
    description = forms.CharField(
        label=_("Beskrivning"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Skriv med deltagarens egna ord och så konkret som möjligt, t.ex. ”Skriva ett CV” "
            "eller ”Delta i friskvård två gånger i veckan”."
        ),
    )
    target_date = date_field(_("Måldatum"), required=False, help_text=_("När målet ska vara nått."))

    def __init__(self, *args: object, sub_goal: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if sub_goal:
            self.fields["description"].help_text = _(
                "Ett delmål är ett mindre steg på vägen mot målet, t.ex. ”Ringa tre arbetsgivare”."
            )


class GoalCreateForm(GoalForm):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.NOT_STARTED)


class GoalStatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class AgreementForm(VersionedForm):
    participant_on = date_field(_("Deltagaren godkände planen"), required=False)
    coach_on = date_field(_("Handledaren godkände planen"), required=False)
    referrer_on = date_field(_("Anvisande part godkände planen"), required=False)


NO_PHASE_CHANGE = ""


class FollowUpForm(forms.Form):
    """Uppföljning: who took part, each goal's status as agreed at the meeting, phase, next date."""

    enrolment_version = forms.IntegerField(widget=forms.HiddenInput)
    plan_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    held_on = date_field(_("Datum för uppföljningen"), initial_today=True)
    participant_present = forms.BooleanField(label=_("Deltagaren"), required=False, initial=True)
    coach_present = forms.BooleanField(label=_("Handledaren"), required=False, initial=True)
    referrer_present = forms.BooleanField(label=_("Anvisande part"), required=False)
    others_present = forms.CharField(
        label=_("Andra som deltog"),
        required=False,
        max_length=300,
        help_text=_("Roll eller organisation, t.ex. ”Handläggare från Försäkringskassan”."),
    )
    agreed = forms.CharField(
        label=_("Vad kom ni överens om?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Skriv så att deltagaren känner igen det. Inga känsliga uppgifter om hälsa."),
    )
    phase = conditional(forms.ChoiceField(label=_("Byt fas"), required=False, choices=[]))
    next_follow_up_on = date_field(_("Nästa uppföljning"), required=False)

    GOAL_PREFIX = "goal_"

    def __init__(
        self, *args: object, enrolment: Enrolment, goals: list[Goal], today: datetime.date, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment
        interval = enrolment.project.follow_up_interval_days
        self.fields["next_follow_up_on"].initial = today + datetime.timedelta(days=interval)
        self.fields["next_follow_up_on"].help_text = _(
            "Förslaget är %(days)s dagar efter mötet. Lämnas fältet tomt räknas det från mötets datum."
        ) % {"days": interval}
        self.fields["phase"].choices = [(NO_PHASE_CHANGE, _("Ingen ändring"))] + [
            (p.value, p.label) for p in Phase if p not in (Phase.AVSLUT, enrolment.phase)
        ]
        self.fields["phase"].help_text = _("Nu: %(phase)s. Avslut görs via Avsluta.") % {
            "phase": enrolment.get_phase_display()
        }
        self.goals = goals
        for goal in goals:
            field = forms.ChoiceField(
                label=goal.description, choices=GoalStatus.choices, initial=goal.status, required=False
            )
            field.goal = goal  # type: ignore[attr-defined]
            self.fields[f"{self.GOAL_PREFIX}{goal.pk}"] = field

    def clean(self) -> dict:
        cleaned = super().clean()
        if not (
            cleaned.get("participant_present")
            or cleaned.get("coach_present")
            or cleaned.get("referrer_present")
            or (cleaned.get("others_present") or "").strip()
        ):
            self.add_error("participant_present", _("Ange vilka som deltog i uppföljningen."))
        held_on, next_on = cleaned.get("held_on"), cleaned.get("next_follow_up_on")
        if held_on and held_on > datetime.date.today():
            self.add_error(
                "held_on",
                _("Datumet kan inte ligga i framtiden. Registrera uppföljningen när den är hållen."),
            )
        if held_on and next_on and next_on <= held_on:
            self.add_error("next_follow_up_on", _("Nästa uppföljning ska ligga efter den här uppföljningen."))
        return cleaned

    def goal_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(self.GOAL_PREFIX)]

    def goal_statuses(self) -> dict[int, str]:
        return {
            int(name.removeprefix(self.GOAL_PREFIX)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(self.GOAL_PREFIX) and value
        }

    def presence_fields(self) -> list[forms.BoundField]:
        return [
            self[n] for n in ("participant_present", "coach_present", "referrer_present", "others_present")
        ]
