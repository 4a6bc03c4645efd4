"""Activities (insatser): each project's catalogue, individual activities with the hours done,
and group activities with sessions, bookings and attendance.

Hours come from two places and nowhere else: ActivityHours (an individual activity, one
row per week) and Attendance (a group session). Every figure of hours per participant or
per activity type is a sum over those two tables (see selectors.hours_summary).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import TimeStampedModel

HOURS_IN_A_WEEK = Decimal(168)


class ActivityKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individuell")
    GROUP = "group", _("I grupp")
    BOTH = "both", _("Individuell eller i grupp")


class ActivityCatalogue(models.Model):
    """Marks that a project's catalogue has been given the default activities.

    Defaults are added once, so a default the project manager deleted does not come back.
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="activity_catalogue"
    )
    defaults_added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("insatskatalog")
        verbose_name_plural = _("insatskataloger")

    def __str__(self) -> str:
        return f"Insatskatalog {self.project_id}"


class ActivityType(TimeStampedModel):
    """One activity in a project's catalogue (motiverande samtal, praktik, friskvård ...)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="activity_types")
    name = models.CharField(_("namn"), max_length=120)
    kind = models.CharField(_("form"), max_length=12, choices=ActivityKind.choices)
    description = models.TextField(_("beskrivning"), blank=True)
    active = models.BooleanField(_("används"), default=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("insats i katalogen")
        verbose_name_plural = _("insatser i katalogen")
        constraints = [
            models.UniqueConstraint(Lower("name"), "project", name="activity_type_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def allows_individual(self) -> bool:
        return self.kind in (ActivityKind.INDIVIDUAL, ActivityKind.BOTH)

    @property
    def allows_group(self) -> bool:
        return self.kind in (ActivityKind.GROUP, ActivityKind.BOTH)


class Activity(TimeStampedModel):
    """An individual activity for one enrolment: what, when, with whom, towards which goals."""

    class EndReason(models.TextChoices):
        COMPLETED = "completed", _("Genomförd")
        DISCONTINUED = "discontinued", _("Avbruten")

    enrolment = models.ForeignKey(
        "participants.Enrolment", on_delete=models.CASCADE, related_name="activities"
    )
    activity_type = models.ForeignKey(
        ActivityType, verbose_name=_("insats"), on_delete=models.PROTECT, related_name="activities"
    )
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    end_reason = models.CharField(
        _("hur insatsen slutade"), max_length=12, choices=EndReason.choices, blank=True
    )
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("utförare"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    place = models.CharField(_("plats eller arbetsplats"), max_length=200, blank=True)
    planned_hours_per_week = models.DecimalField(
        _("planerade timmar per vecka"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(60))],
    )
    goals = models.ManyToManyField("plans.Goal", verbose_name=_("mål"), related_name="activities", blank=True)
    note = models.TextField(_("anteckning"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Optimistic locking: a save made against an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("individuell insats")
        verbose_name_plural = _("individuella insatser")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end_reason="") | Q(end_date__isnull=False),
                name="activity_end_reason_needs_end_date",
            ),
            models.CheckConstraint(
                condition=Q(planned_hours_per_week__isnull=True) | Q(planned_hours_per_week__gt=0),
                name="activity_planned_hours_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_type} {self.start_date}"

    def status(self, today: datetime.date) -> str:
        """ "planned", "ongoing" or "ended" on a given day."""
        if self.end_reason or (self.end_date is not None and self.end_date < today):
            return "ended"
        if self.start_date > today:
            return "planned"
        return "ongoing"


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the ISO week a day falls in."""
    return day - datetime.timedelta(days=day.weekday())


class ActivityHours(models.Model):
    """Hours a participant actually spent in an individual activity during one week.

    ``week`` is the Monday of the ISO week. A week belongs to the month (or any period) that
    holds its Thursday, as an ISO week belongs to the year that holds its Thursday.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="hours")
    week = models.DateField(_("vecka (måndag)"))
    hours = models.DecimalField(
        _("timmar"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(HOURS_IN_A_WEEK)],
    )
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["week"]
        verbose_name = _("rapporterade timmar")
        verbose_name_plural = _("rapporterade timmar")
        constraints = [
            models.UniqueConstraint(fields=["activity", "week"], name="activity_hours_one_per_week"),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=HOURS_IN_A_WEEK), name="activity_hours_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"v. {self.week.isocalendar().week}: {self.hours} h"


class GroupActivity(TimeStampedModel):
    """An activity run for a group (friskvårdsgrupp, språkcafé, jobbklubb ...) with booked participants."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="group_activities")
    activity_type = models.ForeignKey(
        ActivityType, verbose_name=_("insats"), on_delete=models.PROTECT, related_name="group_activities"
    )
    title = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("utförare"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ledare"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_group_activities",
    )
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("antal platser"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("gruppaktivitet")
        verbose_name_plural = _("gruppaktiviteter")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="group_activity_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_ongoing(self, today: datetime.date) -> bool:
        return self.end_date is None or self.end_date >= today


class GroupSession(models.Model):
    """One meeting of a group activity (tillfälle)."""

    group_activity = models.ForeignKey(GroupActivity, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("starttid"))
    duration_hours = models.DecimalField(
        _("längd (timmar)"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal(12))],
    )
    cancelled = models.BooleanField(_("inställt"), default=False)
    note = models.CharField(_("anteckning"), max_length=300, blank=True)

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("tillfälle")
        verbose_name_plural = _("tillfällen")
        constraints = [
            models.UniqueConstraint(
                fields=["group_activity", "date", "start_time"], name="group_session_unique_time"
            ),
            models.CheckConstraint(
                condition=Q(duration_hours__gt=0) & Q(duration_hours__lte=12), name="group_session_duration"
            ),
        ]
        indexes = [models.Index(fields=["group_activity", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.start_time:%H:%M}"

    @property
    def end_time(self) -> datetime.time:
        start = datetime.datetime.combine(self.date, self.start_time)
        return (start + datetime.timedelta(minutes=int(self.duration_hours * 60))).time()


class GroupBooking(TimeStampedModel):
    """A participant booked on a group activity, from a date, until they leave it."""

    group_activity = models.ForeignKey(GroupActivity, on_delete=models.CASCADE, related_name="bookings")
    enrolment = models.ForeignKey(
        "participants.Enrolment", on_delete=models.CASCADE, related_name="group_bookings"
    )
    booked_from = models.DateField(_("bokad från"))
    left_on = models.DateField(_("slutade"), null=True, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["booked_from", "pk"]
        verbose_name = _("bokning")
        verbose_name_plural = _("bokningar")
        constraints = [
            models.UniqueConstraint(fields=["group_activity", "enrolment"], name="group_booking_unique"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("booked_from")),
                name="group_booking_left_after_booked",
            ),
        ]

    def __str__(self) -> str:
        return f"Bokning {self.pk}"

    def covers(self, day: datetime.date) -> bool:
        return self.booked_from <= day and (self.left_on is None or self.left_on >= day)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Närvarande")
    NOTIFIED = "notified", _("Anmäld frånvaro")
    ABSENT = "absent", _("Oanmäld frånvaro")


class Attendance(TimeStampedModel):
    """One booked participant at one session: present (with the hours), or absent with or without notice."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(
        "participants.Enrolment", on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("närvaro"), max_length=10, choices=AttendanceStatus.choices)
    hours = models.DecimalField(_("timmar"), max_digits=4, decimal_places=2)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_one_per_session"),
            # Hours are counted only for someone who was there.
            models.CheckConstraint(
                condition=Q(status=AttendanceStatus.PRESENT, hours__gt=0)
                | (~Q(status=AttendanceStatus.PRESENT) & Q(hours=0)),
                name="attendance_hours_only_when_present",
            ),
        ]

    def __str__(self) -> str:
        return self.get_status_display()
