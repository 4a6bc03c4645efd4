"""Retention (gallring) per project. The access log itself lives in stegvis.audit."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import TimeStampedModel


class RetentionPolicy(TimeStampedModel):
    """How long a project's participant data is kept after the project's end, and any legal hold.

    A project without a policy row uses settings.RETENTION_YEARS. ESF+ documentation
    must be kept for years after the last payment, so the period is per project.
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="retention_policy"
    )
    years = models.PositiveSmallIntegerField(_("år efter projektets slutdatum"))
    legal_hold = models.BooleanField(_("gallringsstopp"), default=False)
    hold_reason = models.CharField(_("skäl till gallringsstopp"), max_length=300, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("gallringsregel")
        verbose_name_plural = _("gallringsregler")
        constraints = [
            models.CheckConstraint(condition=Q(years__gte=1), name="retention_at_least_one_year"),
            models.CheckConstraint(
                condition=Q(legal_hold=False) | ~Q(hold_reason=""), name="retention_hold_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.years}"


def erase_after(end_date: datetime.date | None, years: int) -> datetime.date | None:
    """The first day a project's participants may be anonymised (None: the project has no end date)."""
    if end_date is None:
        return None
    try:
        return end_date.replace(year=end_date.year + years) + datetime.timedelta(days=1)
    except ValueError:  # 29 February in a year that is not a leap year
        return end_date.replace(year=end_date.year + years, day=28) + datetime.timedelta(days=1)


class ErasureRecord(models.Model):
    """That a person was anonymised by gallring, and when; nothing about what was removed."""

    person = models.OneToOneField("participants.Person", on_delete=models.PROTECT, related_name="+")
    erased_at = models.DateTimeField(_("gallrad"), auto_now_add=True)

    class Meta:
        verbose_name = _("gallrad person")
        verbose_name_plural = _("gallrade personer")

    def __str__(self) -> str:
        return f"{self.person_id} {self.erased_at:%Y-%m-%d}"
