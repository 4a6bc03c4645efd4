"""A conclusion and a proposed measure the project manager saves next to the analysis figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import TimeStampedModel


class Dimension(models.TextChoices):
    MUNICIPALITY = "kommun", _("Kommun")
    REFERRER = "anvisare", _("Anvisande part")
    PHASE = "fas", _("Nuvarande fas")
    ACTIVITY = "aktivitet", _("Aktivitetstyp")
    AGE = "alder", _("Åldersgrupp vid start")
    GENDER = "kon", _("Kön")
    COHORT = "kvartal", _("Startkvartal")


class AnalysisNote(TimeStampedModel):
    """Slutsats och föreslagen åtgärd för ett urval (dimension, period, ev. jämförda grupper).

    The texts are about groups of participants, never about a person: the form says so.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="analysis_notes")
    dimension = models.CharField(_("indelning"), max_length=12, choices=Dimension.choices)
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    group_a = models.CharField(_("grupp A"), max_length=200, blank=True)
    group_b = models.CharField(_("grupp B"), max_length=200, blank=True)
    conclusion = models.TextField(_("slutsats"))
    measure = models.TextField(_("föreslagen åtgärd"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("analysanteckning")
        verbose_name_plural = _("analysanteckningar")
