"""Action plans (handlingsplan / överenskommelse), their goals and sub-goals, and follow-ups."""

from __future__ import annotations

import datetime

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
    # The day the plan was drawn up with the participant; may be earlier than created_at
    # when a plan is recorded afterwards.
    drawn_up_on = models.DateField(_("upprättad"), default=datetime.date.today)
    # Optimistic locking: a save made against an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")

    def __str__(self) -> str:
        return f"Handlingsplan {self.pk}"

    @property
    def agreement_dates(self) -> list[datetime.date]:
        return [
            d
            for d in (self.agreed_by_participant_on, self.agreed_by_coach_on, self.agreed_by_referrer_on)
            if d is not None
        ]

    @property
    def is_agreed(self) -> bool:
        """Participant and coach have agreed; the referrer's agreement is asked for but not required."""
        return self.agreed_by_participant_on is not None and self.agreed_by_coach_on is not None


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Inte påbörjat")
    IN_PROGRESS = "in_progress", _("Pågår")
    REACHED = "reached", _("Uppnått")
    PARTLY_REACHED = "partly_reached", _("Delvis uppnått")
    NOT_REACHED = "not_reached", _("Inte uppnått")
    DROPPED = "dropped", _("Avbrutet")


# Goals still being worked on: one of these past its target date needs the coach's attention.
# Reached, not reached and dropped are outcomes; partly reached goals usually go on.
OPEN_GOAL_STATUSES = (GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS, GoalStatus.PARTLY_REACHED)


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

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_GOAL_STATUSES

    def is_past_target(self, today: datetime.date) -> bool:
        return self.is_open and self.target_date is not None and self.target_date < today


class FollowUp(TimeStampedModel):
    """An uppföljning: a meeting about the plan, who took part, what was agreed, and the next date."""

    enrolment = models.ForeignKey(
        "participants.Enrolment", on_delete=models.CASCADE, related_name="follow_ups"
    )
    held_on = models.DateField(_("datum"))
    participant_present = models.BooleanField(_("deltagaren"), default=True)
    coach_present = models.BooleanField(_("handledaren"), default=True)
    referrer_present = models.BooleanField(_("anvisande part"), default=False)
    others_present = models.CharField(_("andra som deltog"), max_length=300, blank=True)
    agreed = models.TextField(_("vad vi kom överens om"), blank=True)
    next_follow_up_on = models.DateField(_("nästa uppföljning"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        indexes = [models.Index(fields=["enrolment", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_follow_up_on__isnull=True) | Q(next_follow_up_on__gt=models.F("held_on")),
                name="follow_up_next_after_held",
            ),
        ]

    def __str__(self) -> str:
        return f"Uppföljning {self.held_on}"


class GoalStatusChange(models.Model):
    """One dated status in a goal's history; the first is the status the goal was set with."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=16, choices=GoalStatus.choices)
    changed_on = models.DateField(_("datum"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Set when the change was made at a follow-up meeting.
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="goal_changes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "pk"]
        verbose_name = _("statusändring för mål")
        verbose_name_plural = _("statusändringar för mål")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.changed_on}"
