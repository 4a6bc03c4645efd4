"""Forms for the catalogue, individual activities and hours, group activities, sessions, bookings
and attendance."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.accounts.models import Organisation, Role, User
from stegvis.activities.models import Activity, ActivityKind, ActivityType, AttendanceStatus, GroupActivity
from stegvis.activities.selectors import activity_types_for_group, activity_types_for_individual
from stegvis.activities.services import ActivityData, GroupActivityData
from stegvis.activities.templatetags.activities import format_hours
from stegvis.core.forms import VersionedForm, conditional, date_field, with_blank
from stegvis.participants.models import Enrolment
from stegvis.plans.models import Goal
from stegvis.projects.models import Project


def hours_field(
    label: str, *, required: bool = False, max_value: int = 168, help_text: str = ""
) -> forms.DecimalField:
    """Hours with a decimal comma or point ("1,5" or "1.5"), quarter hours at most precise."""
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=Decimal(max_value),
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 5}),
    )


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%H:%M", **kwargs)


def _providers(project: Project, *current: Organisation | None) -> forms.ModelChoiceField:
    """The project's partner organisations (and a provider already chosen) as providers."""
    queryset = Organisation.objects.filter(
        Q(partnerships__project=project) | Q(pk__in=[c.pk for c in current if c is not None])
    ).distinct()
    return forms.ModelChoiceField(
        label=_("Utförare"),
        queryset=queryset.order_by("name"),
        required=False,
        empty_label=_("Projektet självt"),
        help_text=_("Organisationen som ger insatsen, om det inte är projektet."),
    )


# --- catalogue -------------------------------------------------------------------------


class ActivityTypeForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=120)
    kind = forms.ChoiceField(label=_("Form"), choices=with_blank(ActivityKind.choices))
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    position = forms.IntegerField(
        label=_("Ordning i listan"),
        required=False,
        min_value=0,
        max_value=32000,
        help_text=_("Lägre nummer visas först. Tomt: sist."),
    )


class ActivityTypeEditForm(ActivityTypeForm):
    active = forms.BooleanField(
        label=_("Används i projektet"),
        required=False,
        help_text=_(
            "En insats som inte används kan inte väljas för nya insatser, men finns kvar där den använts."
        ),
    )

    field_order = ["name", "kind", "description", "active", "position"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].required = True
        self.fields["position"].help_text = _("Lägre nummer visas först.")


# --- individual activities -------------------------------------------------------------


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        prefix = "– " * getattr(obj, "depth", 0)
        status = obj.get_status_display()
        return f"{prefix}{obj.description[:120]} ({status})"


class ActivityForm(forms.Form):
    activity_type = forms.ModelChoiceField(label=_("Insats"), queryset=ActivityType.objects.none())
    start_date = date_field(_("Startdatum"), initial_today=True)
    end_date = date_field(
        _("Planerat slutdatum"), required=False, help_text=_("Lämna tomt om insatsen pågår tills vidare.")
    )
    provider = forms.ModelChoiceField(
        label=_("Utförare"), queryset=Organisation.objects.none(), required=False
    )
    place = forms.CharField(
        label=_("Plats eller arbetsplats"),
        max_length=200,
        required=False,
        help_text=_("T.ex. praktikplatsens namn."),
    )
    planned_hours_per_week = hours_field(_("Planerade timmar per vecka"), max_value=60)
    goals = GoalChoiceField(
        label=_("Mål i handlingsplanen som insatsen ska leda mot"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skriv bara det som behövs för att planera och följa upp insatsen."),
    )

    def __init__(
        self,
        *args: object,
        enrolment: Enrolment,
        goals: list[Goal],
        activity: Activity | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        project = enrolment.project
        current_type = activity.activity_type if activity else None
        self.fields["activity_type"].queryset = activity_types_for_individual(project, current_type)
        self.fields["activity_type"].empty_label = _("Välj …")
        self.fields["provider"] = _providers(project, activity.provider if activity else None)
        self.fields["planned_hours_per_week"].min_value = Decimal("0.5")
        goal_field = self.fields["goals"]
        goal_field.queryset = Goal.objects.filter(pk__in=[g.pk for g in goals])
        # Keep the plan's tree order (the queryset alone would lose the depth).
        goal_field.choices = [(g.pk, goal_field.label_from_instance(g)) for g in goals]
        self.has_goals = bool(goals)
        if not goals:
            del self.fields["goals"]
        self.order_fields(
            [
                "activity_type",
                "start_date",
                "end_date",
                "provider",
                "place",
                "planned_hours_per_week",
                "goals",
                "note",
            ]
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatum kan inte vara före startdatum."))
        return cleaned

    def data_object(self) -> ActivityData:
        c = self.cleaned_data
        return ActivityData(
            activity_type=c["activity_type"],
            start_date=c["start_date"],
            end_date=c.get("end_date"),
            provider=c.get("provider"),
            place=c.get("place", ""),
            planned_hours_per_week=c.get("planned_hours_per_week"),
            goals=list(c.get("goals") or []),
            note=c.get("note", ""),
        )


class ActivityEditForm(VersionedForm, ActivityForm):
    pass


class ActivityEndForm(VersionedForm):
    end_date = date_field(_("Slutdatum"), initial_today=True)
    end_reason = forms.ChoiceField(
        label=_("Hur slutade insatsen?"), choices=Activity.EndReason.choices, widget=forms.RadioSelect
    )


class WeekHoursForm(forms.Form):
    """Hours done per week for a few weeks at a time; an empty field or 0 means none that week."""

    def __init__(self, *args: object, weeks: list[datetime.date], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.weeks = weeks
        for week in weeks:
            iso = week.isocalendar()
            sunday = week + datetime.timedelta(days=6)
            # Empty means no hours that week: an answer, not an optional field.
            self.fields[self.field_name(week)] = conditional(
                hours_field(
                    _("Vecka %(week)s") % {"week": iso.week},
                    help_text=f"{week.day}/{week.month}–{sunday.day}/{sunday.month}",
                )
            )

    @staticmethod
    def field_name(week: datetime.date) -> str:
        return f"w{week:%Y%m%d}"

    def hours(self) -> dict[datetime.date, Decimal | None]:
        return {week: self.cleaned_data.get(self.field_name(week)) for week in self.weeks}


# --- group activities ------------------------------------------------------------------


class GroupActivityForm(forms.Form):
    activity_type = forms.ModelChoiceField(label=_("Insats"), queryset=ActivityType.objects.none())
    title = forms.CharField(
        label=_("Namn"),
        max_length=200,
        help_text=_("Som deltagarna känner igen den, t.ex. ”Språkcafé tisdagar”."),
    )
    leader = forms.ModelChoiceField(label=_("Ledare"), queryset=User.objects.none(), required=False)
    provider = forms.ModelChoiceField(
        label=_("Utförare"), queryset=Organisation.objects.none(), required=False
    )
    start_date = date_field(_("Startdatum"), initial_today=True)
    end_date = date_field(
        _("Slutdatum"), required=False, help_text=_("Lämna tomt om gruppen pågår tills vidare.")
    )
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("Antal platser"), required=False, min_value=1, max_value=500)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: object, project: Project, group: GroupActivity | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity_type"].queryset = activity_types_for_group(
            project, group.activity_type if group else None
        )
        self.fields["activity_type"].empty_label = _("Välj …")
        self.fields["leader"].queryset = (
            User.objects.filter(
                Q(memberships__project=project, memberships__role__in=[Role.COACH, Role.PROJECT_MANAGER])
                | Q(pk=group.leader_id if group else None)
            )
            .distinct()
            .order_by("first_name", "last_name")
        )
        self.fields["leader"].empty_label = _("Ingen ledare vald")
        self.fields["provider"] = _providers(project, group.provider if group else None)
        self.order_fields(
            ["activity_type", "title", "leader", "provider", "start_date", "end_date", "place", "capacity"]
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatum kan inte vara före startdatum."))
        return cleaned

    def data_object(self) -> GroupActivityData:
        c = self.cleaned_data
        return GroupActivityData(
            activity_type=c["activity_type"],
            title=c["title"],
            start_date=c["start_date"],
            end_date=c.get("end_date"),
            leader=c.get("leader"),
            provider=c.get("provider"),
            place=c.get("place", ""),
            capacity=c.get("capacity"),
            description=c.get("description", ""),
        )


class SessionsForm(forms.Form):
    first_date = date_field(_("Datum"), initial_today=True)
    start_time = forms.TimeField(label=_("Starttid"), widget=TimeInput())
    duration_hours = hours_field(_("Längd i timmar"), required=True, max_value=12)
    repeat_until = date_field(
        _("Upprepa varje vecka till och med"),
        required=False,
        help_text=_("Lämna tomt för ett enstaka tillfälle."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duration_hours"].min_value = Decimal("0.25")


class SessionForm(forms.Form):
    date = date_field(_("Datum"))
    start_time = forms.TimeField(label=_("Starttid"), widget=TimeInput())
    duration_hours = hours_field(_("Längd i timmar"), required=True, max_value=12)
    cancelled = forms.BooleanField(label=_("Tillfället är inställt"), required=False)
    note = forms.CharField(label=_("Anteckning"), max_length=300, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duration_hours"].min_value = Decimal("0.25")


class EnrolmentChoiceField(forms.ModelMultipleChoiceField):
    show_coach = False

    def label_from_instance(self, obj: Enrolment) -> str:
        if not self.show_coach:
            return obj.person.display_name
        coach = obj.coach.get_full_name() or obj.coach.username
        return f"{obj.person.display_name} ({coach})"


class BookingForm(forms.Form):
    enrolments = EnrolmentChoiceField(
        label=_("Deltagare"), queryset=Enrolment.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    booked_from = date_field(_("Bokad från och med"))

    def __init__(self, *args: object, enrolments, show_coach: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enrolments"].queryset = enrolments
        self.fields["enrolments"].show_coach = show_coach


class LeaveForm(forms.Form):
    left_on = date_field(_("Slutade i gruppen"), initial_today=True)


class AttendanceRowForm(forms.Form):
    """One participant's row on the attendance list (prefix: the enrolment id)."""

    status = forms.ChoiceField(
        label=_("Närvaro"), choices=AttendanceStatus.choices, widget=forms.RadioSelect, required=False
    )
    hours = hours_field(_("Timmar"), max_value=12)

    def __init__(self, *args: object, duration: Decimal, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.duration = duration
        conditional(self.fields["hours"])
        # An empty field means the whole session; the placeholder says how long that is.
        self.fields["hours"].widget.attrs["placeholder"] = format_hours(duration)

    def clean(self) -> dict:
        cleaned = super().clean()
        hours = cleaned.get("hours")
        if cleaned.get("status") == AttendanceStatus.PRESENT and hours is not None:
            if hours <= 0:
                self.add_error("hours", _("Ange fler än 0 timmar, eller välj frånvaro."))
            elif hours > self.duration:
                self.add_error(
                    "hours",
                    _("Tillfället är %(h)s timmar långt.")
                    % {"h": f"{self.duration:.2f}".rstrip("0").rstrip(".").replace(".", ",")},
                )
        return cleaned


class HoursPeriodForm(forms.Form):
    start = date_field(_("Från och med"), required=False)
    end = date_field(_("Till och med"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            conditional(f)

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Slutdatum kan inte vara före startdatum."))
        return cleaned
