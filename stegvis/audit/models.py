"""The audit and access log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did or saw what, about whom, when and from which page; never field contents.

    Person, enrolment and project are plain ids, not foreign keys, so the log
    outlives anonymisation and cannot be cascaded away.
    """

    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(_("händelse"), max_length=80, db_index=True)
    project_id = models.BigIntegerField(null=True, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    enrolment_id = models.BigIntegerField(null=True, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    path = models.CharField(_("sida"), max_length=300, blank=True)
    purpose = models.CharField(_("syfte"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("loggpost")
        verbose_name_plural = _("loggposter")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
