"""The audit and access log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """The audit log is written once and never changed or removed by the application."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("audit entries cannot be updated")

    def delete(self):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """Who did or saw what, about whom, when and from which page; never field contents.

    Person, enrolment and project are plain ids, not foreign keys, so the log
    outlives anonymisation and cannot be cascaded away. Append-only: saving an
    existing row or deleting one raises here, and on PostgreSQL a trigger
    (migration 0002) refuses UPDATE and DELETE in the database as well.
    """

    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    # PROTECT (never SET_NULL or CASCADE): deleting a user must not rewrite the log.
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

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("loggpost")
        verbose_name_plural = _("loggposter")
        indexes = [
            # The access-log review filters by user or by person over a period.
            models.Index(fields=["user", "at"], name="audit_user_at"),
            models.Index(fields=["person_id", "at"], name="audit_person_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("audit entries cannot be deleted")
