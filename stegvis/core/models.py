"""Shared abstract base models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and modification times to a model."""

    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        abstract = True


class Gender(models.TextChoices):
    """ESF+ gender categories plus 'uppgift saknas'; every statistic splits on these."""

    KVINNA = "kvinna", _("Kvinna")
    MAN = "man", _("Man")
    ANNAN = "annan", _("Annan könstillhörighet")
    SAKNAS = "saknas", _("Uppgift saknas")
