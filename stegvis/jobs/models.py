"""Background jobs: a piece of slow work (an import, a report, an export) whose progress a page shows."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.jobs.storage import private_storage


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")


class Job(models.Model):
    """One run of a background task, owned by the user who started it.

    `message` and `error` are shown to the owner and must never hold personal data.
    A result file is kept privately until `expires_at`, then removed by `purge_jobs`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("typ"), max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("startad av")
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("projekt"),
    )
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("klart"), default=0)
    total = models.PositiveIntegerField(_("totalt"), default=0)
    message = models.CharField(_("meddelande"), max_length=200, blank=True)
    error = models.CharField(_("fel"), max_length=500, blank=True)
    result = models.FileField(_("resultat"), storage=private_storage, upload_to="jobs/", blank=True)
    result_name = models.CharField(_("filnamn"), max_length=200, blank=True)
    content_type = models.CharField(_("filtyp"), max_length=100, blank=True)
    next_url = models.CharField(_("nästa sida"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    expires_at = models.DateTimeField(_("resultatet sparas till"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bakgrundsjobb")
        verbose_name_plural = _("bakgrundsjobb")
        constraints = [
            models.CheckConstraint(condition=models.Q(done__gte=0), name="jobs_job_done_not_negative"),
        ]
        indexes = [models.Index(fields=["expires_at"], name="jobs_job_expires_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def kind_label(self) -> str:
        from stegvis.jobs.kinds import label_for

        return str(label_for(self.kind))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))

    @property
    def result_available(self) -> bool:
        return bool(
            self.status == JobStatus.DONE
            and self.result
            and (self.expires_at is None or self.expires_at > timezone.now())
        )
