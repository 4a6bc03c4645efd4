"""An import of participants and enrolments from a spreadsheet, from upload to result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.jobs.storage import private_storage


class ImportRun(models.Model):
    """One uploaded file on its way into a project: mapped, checked (dry run), then imported.

    The file is kept in private storage only until the import is done or abandoned.
    `errors` holds the dry run's findings as {row, column, message}; messages never
    repeat a full personnummer or a name.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uppladdad")
        CHECKING = "checking", _("Kontrolleras")
        CHECKED = "checked", _("Kontrollerad")
        IMPORTING = "importing", _("Importeras")
        DONE = "done", _("Importerad")
        FAILED = "failed", _("Importen misslyckades")
        ABANDONED = "abandoned", _("Avbruten")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="imports", verbose_name=_("projekt")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("uppladdad av")
    )
    created_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED)
    file = models.FileField(_("fil"), storage=private_storage, upload_to="imports/", blank=True)
    original_name = models.CharField(_("filnamn"), max_length=200)
    file_format = models.CharField(_("format"), max_length=4)
    headers = models.JSONField(_("kolumnrubriker"), default=list)
    row_count = models.PositiveIntegerField(_("rader"), default=0)
    mapping = models.JSONField(_("kolumnval"), default=dict, blank=True)
    consent_form_version = models.CharField(_("samtyckesblankettens version"), max_length=40, blank=True)
    errors = models.JSONField(_("fel"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("rader med fel"), default=0)
    checked_rows = models.PositiveIntegerField(_("kontrollerade rader"), default=0)
    imported_count = models.PositiveIntegerField(_("importerade inskrivningar"), default=0)
    failure = models.CharField(_("orsak till att importen misslyckades"), max_length=500, blank=True)
    check_job = models.ForeignKey(
        "jobs.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kontroll"),
    )
    import_job = models.ForeignKey(
        "jobs.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("import"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self) -> str:
        return f"{self.project_id}:{self.pk}"

    @property
    def can_import(self) -> bool:
        return self.status == self.Status.CHECKED and self.error_count == 0 and bool(self.file)

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.DONE, self.Status.ABANDONED)

    @property
    def running_job(self):
        if self.status == self.Status.CHECKING:
            return self.check_job
        if self.status == self.Status.IMPORTING:
            return self.import_job
        return None
