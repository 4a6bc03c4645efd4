"""Action plans (handlingsplan / överenskommelse) and their goals and sub-goals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import TimeStampedModel


class ActionPlan(TimeStampedModel):
    """The plan agreed by participant, coach and referrer; one per enrolment."""

    enrolment = models.OneToOneField(
        "participants.Enrolment", on_delete=models.CASCADE, related_name="action_plan"
    )
    agreed_by_participant_on = models.DateField(_("godkänd av deltagaren"), null=True, blank=True)
    agreed_by_coach_on = models.DateField(_("godkänd av handledaren"), null=True, blank=True)
    agreed_by_referrer_on = models.DateField(_("godkänd av anvisande part"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Optimistic locking: a save made against an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")

    def __str__(self) -> str:
        return f"Handlingsplan {self.pk}"


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Inte påbörjat")
    IN_PROGRESS = "in_progress", _("Pågår")
    REACHED = "reached", _("Uppnått")
    PARTLY_REACHED = "partly_reached", _("Delvis uppnått")
    NOT_REACHED = "not_reached", _("Inte uppnått")
    DROPPED = "dropped", _("Avbrutet")


class Goal(TimeStampedModel):
    """A goal (mål) or, with a parent, a sub-goal (delmål) in an action plan."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("mål"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(_("beskrivning"))
    target_date = models.DateField(_("måldatum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    status_changed_on = models.DateField(_("status ändrad"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål och delmål")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="goal_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_sub_goal(self) -> bool:
        return self.parent_id is not None
