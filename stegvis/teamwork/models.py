"""Samverkansteam (team meetings with a pseudonymised agenda) and samverkanshinder (barriers)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import TimeStampedModel


class TeamMeeting(TimeStampedModel):
    """One meeting of a project's samverkansteam: the partners around the table and the cases they discuss.

    The agenda may name a participant only to those who may see that enrolment;
    everyone else in the team sees a pseudonym (see teamwork.selectors.agenda_for).
    """

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="team_meetings")
    held_on = models.DateField(_("datum"))
    organisations = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("deltagande organisationer"), blank=True, related_name="+"
    )
    notes = models.TextField(_("anteckningar från mötet"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Optimistic locking: an edit made against an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("samverkansteamsmöte")
        verbose_name_plural = _("samverkansteamsmöten")
        indexes = [models.Index(fields=["project", "-held_on"], name="team_meeting_project_date")]

    def __str__(self) -> str:
        return f"Samverkansteam {self.held_on:%Y-%m-%d}"


class AgendaItem(TimeStampedModel):
    """A question on a meeting's agenda, about one enrolment (a case) or general; with its outcome."""

    meeting = models.ForeignKey(TeamMeeting, on_delete=models.CASCADE, related_name="agenda_items")
    # Numbered 1, 2, 3... within the meeting: "Ärende 3" is how the team refers to the case.
    position = models.PositiveSmallIntegerField(_("nummer"))
    enrolment = models.ForeignKey(
        "participants.Enrolment",
        verbose_name=_("deltagare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_agenda_items",
    )
    question = models.TextField(_("fråga till teamet"))
    discussion = models.TextField(_("sammanfattning av diskussionen"), blank=True)
    decision = models.TextField(_("beslut"), blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("anmält av"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("ärende i samverkansteamet")
        verbose_name_plural = _("ärenden i samverkansteamet")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_unique_position"),
        ]

    def __str__(self) -> str:
        return f"Ärende {self.position}"


class Task(TimeStampedModel):
    """Something a partner agreed to do at a meeting (optionally for one case), and when it was done."""

    meeting = models.ForeignKey(TeamMeeting, on_delete=models.CASCADE, related_name="tasks")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("ärende"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
    )
    what = models.CharField(_("uppgift"), max_length=300)
    responsible = models.CharField(_("ansvarig"), max_length=200)
    due_on = models.DateField(_("klart senast"), null=True, blank=True)
    done_on = models.DateField(_("klar"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = [models.F("done_on").asc(nulls_first=True), models.F("due_on").asc(nulls_last=True), "pk"]
        verbose_name = _("uppgift")
        verbose_name_plural = _("uppgifter")
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True, done_by__isnull=True)
                | Q(done_on__isnull=False, done_by__isnull=False),
                name="task_done_has_who",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "done_on"], name="task_meeting_done")]

    def __str__(self) -> str:
        return self.what[:60]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < today


class BarrierCategory(models.TextChoices):
    BOLLAS_RUNT = "bollas_runt", _("Bollas runt mellan myndigheter")
    WAITING = "vantetider", _("Väntetider")
    CONFLICTING = "motstridiga_krav", _("Motstridiga krav")
    RULES = "regelverk", _("Regelverk")
    INFORMATION = "informationsoverforing", _("Informationsöverföring")
    OTHER = "annat", _("Annat")


class BarrierStatus(models.TextChoices):
    """Registrerat → lyft till styrgrupp → beslutat → åtgärdat/avslutat.

    A barrier solved without the steering group goes straight from registrerat to avslutat.
    """

    REGISTERED = "registrerat", _("Registrerat")
    RAISED = "lyft", _("Lyft till styrgrupp")
    DECIDED = "beslutat", _("Beslutat")
    CLOSED = "avslutat", _("Åtgärdat/avslutat")


class Barrier(TimeStampedModel):
    """A samverkanshinder: a structural obstacle seen in a case, followed to a decision.

    The example is written without personal data; the optional link to the enrolment
    where it was seen is shown only to those who may see that enrolment, and never
    to the steering group.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="barriers")
    title = models.CharField(_("rubrik"), max_length=200)
    category = models.CharField(_("kategori"), max_length=24, choices=BarrierCategory.choices)
    agencies = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("berörda myndigheter och organisationer"), related_name="+"
    )
    description = models.TextField(_("exempel"))
    enrolment = models.ForeignKey(
        "participants.Enrolment",
        verbose_name=_("deltagare där hindret syntes"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="barriers",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrerat av"), on_delete=models.PROTECT, related_name="+"
    )
    registered_on = models.DateField(_("registrerat"))
    status = models.CharField(
        _("status"), max_length=12, choices=BarrierStatus.choices, default=BarrierStatus.REGISTERED
    )
    raised_to_steering_on = models.DateField(_("lyft till styrgruppen"), null=True, blank=True)
    decision = models.TextField(_("styrgruppens beslut"), blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    follow_up = models.TextField(_("uppföljning"), blank=True)
    closed_on = models.DateField(_("avslutat"), null=True, blank=True)
    # Optimistic locking: a write made against an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-registered_on", "-pk"]
        verbose_name = _("samverkanshinder")
        verbose_name_plural = _("samverkanshinder")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["lyft", "beslutat"]) | Q(raised_to_steering_on__isnull=False),
                name="barrier_raised_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="beslutat") | (Q(decided_on__isnull=False) & ~Q(decision="")),
                name="barrier_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status="avslutat") | Q(closed_on__isnull=False),
                name="barrier_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True)
                | Q(raised_to_steering_on__isnull=True)
                | Q(decided_on__gte=models.F("raised_to_steering_on")),
                name="barrier_decided_after_raised",
            ),
        ]
        indexes = [models.Index(fields=["project", "status"], name="barrier_project_status")]

    def __str__(self) -> str:
        return self.title


class BarrierStatusChange(models.Model):
    """One dated step in a barrier's status history."""

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=12, choices=BarrierStatus.choices)
    changed_on = models.DateField(_("datum"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("kommentar"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "pk"]
        verbose_name = _("statusändring för samverkanshinder")
        verbose_name_plural = _("statusändringar för samverkanshinder")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.changed_on}"
