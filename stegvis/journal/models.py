"""Journal notes on an enrolment, and the revisions that corrections leave behind."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import TimeStampedModel


class SensitiveCategory(models.TextChoices):
    """What makes a note sensitive (GDPR art. 9 and its neighbours)."""

    HEALTH = "halsa", _("Hälsa")
    VIOLENCE = "vald", _("Våld i nära relation")
    SUBSTANCE = "missbruk", _("Missbruk")
    FINANCES = "ekonomi", _("Ekonomi")
    OTHER = "annat", _("Annat känsligt")


_SENSITIVE_HAS_CATEGORY = Q(sensitive=False, category="") | (Q(sensitive=True) & ~Q(category=""))


class JournalNote(TimeStampedModel):
    """A dated note a coach or project manager writes about one enrolment.

    A sensitive note shows its title, date and author to everyone who may see the
    enrolment, and its category and text only after a logged opening with a purpose.
    Notes are never deleted: the author corrects them, and the text before each
    correction is kept in JournalNoteRevision.
    """

    enrolment = models.ForeignKey(
        "participants.Enrolment", on_delete=models.CASCADE, related_name="journal_notes"
    )
    written_on = models.DateField(_("datum"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skriven av"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("rubrik"), max_length=120)
    text = models.TextField(_("anteckning"))
    sensitive = models.BooleanField(_("känslig"), default=False)
    category = models.CharField(
        _("känslig kategori"), max_length=10, choices=SensitiveCategory.choices, blank=True
    )
    edited_at = models.DateTimeField(_("rättad"), null=True, blank=True)
    # Optimistic locking: a correction made against an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name = _("journalanteckning")
        verbose_name_plural = _("journalanteckningar")
        constraints = [
            models.CheckConstraint(condition=_SENSITIVE_HAS_CATEGORY, name="journal_note_sensitive_category"),
        ]
        indexes = [
            models.Index(fields=["enrolment", "-written_on", "-id"], name="journal_note_enrolment_date")
        ]

    def __str__(self) -> str:
        return f"Journalanteckning {self.pk}"


class JournalNoteRevision(models.Model):
    """A note as it read before one correction, with who corrected it, when and why."""

    note = models.ForeignKey(JournalNote, on_delete=models.CASCADE, related_name="revisions")
    written_on = models.DateField(_("datum"))
    title = models.CharField(_("rubrik"), max_length=120)
    text = models.TextField(_("anteckning"))
    sensitive = models.BooleanField(_("känslig"), default=False)
    category = models.CharField(
        _("känslig kategori"), max_length=10, choices=SensitiveCategory.choices, blank=True
    )
    corrected_at = models.DateTimeField(_("rättad"), auto_now_add=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rättad av"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("anledning till rättelsen"), max_length=300)

    class Meta:
        ordering = ["-corrected_at", "-pk"]
        verbose_name = _("tidigare version av journalanteckning")
        verbose_name_plural = _("tidigare versioner av journalanteckningar")
        constraints = [
            models.CheckConstraint(
                condition=_SENSITIVE_HAS_CATEGORY, name="journal_revision_sensitive_category"
            ),
        ]

    def __str__(self) -> str:
        return f"Version av journalanteckning {self.note_id}"
