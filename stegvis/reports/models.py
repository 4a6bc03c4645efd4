"""The check about six months after exit (ESF+ longer-term results EECR05 and EECR06)."""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import TimeStampedModel
from stegvis.participants.models import Sysselsattning

# ESF+ asks for the situation six months after leaving; the check is due from then.
MONTHS_AFTER_EXIT = 6
# The reminder shows this many days before the check falls due.
REMIND_DAYS_BEFORE = 14


def due_on(exit_date: datetime.date) -> datetime.date:
    """The day six calendar months after the exit (the month's last day if it is shorter)."""
    index = exit_date.month - 1 + MONTHS_AFTER_EXIT
    year, month = exit_date.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(exit_date.day, calendar.monthrange(year, month)[1]))


class PostExitCheck(TimeStampedModel):
    """Uppföljning efter avslut: the person's situation about six months after the exit."""

    class Method(models.TextChoices):
        PHONE = "phone", _("Telefon")
        MEETING = "meeting", _("Möte")
        LETTER = "letter", _("Brev eller e-post")
        REGISTER = "register", _("Uppgift från annan part (t.ex. Arbetsförmedlingen)")

    enrolment = models.OneToOneField(
        "participants.Enrolment", on_delete=models.CASCADE, related_name="post_exit_check"
    )
    checked_on = models.DateField(_("datum för uppföljningen"))
    reached = models.BooleanField(_("fick kontakt"), default=True)
    method = models.CharField(_("hur"), max_length=10, choices=Method.choices, blank=True)
    sysselsattning = models.CharField(
        _("sysselsättning"), max_length=16, choices=Sysselsattning.choices, blank=True
    )
    employed = models.BooleanField(_("i arbete (inkl. egenföretagare)"), null=True, blank=True)
    improved = models.BooleanField(
        _("bättre ställning på arbetsmarknaden än vid avslut"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("uppföljning efter avslut")
        verbose_name_plural = _("uppföljningar efter avslut")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reached=True)
                | models.Q(sysselsattning="", employed__isnull=True, improved__isnull=True),
                name="post_exit_check_unreached_has_no_answers",
            ),
        ]

    def __str__(self) -> str:
        return f"Uppföljning efter avslut {self.checked_on}"


class AnnualReportText(TimeStampedModel):
    """The project manager's own words in the annual report for one year: analysis and measures.

    Written about the project as a whole, for the board; the form says not to name participants.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    analysis = models.TextField(_("analys"), blank=True)
    proposed_measures = models.TextField(_("föreslagna åtgärder"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("text i årsrapporten")
        verbose_name_plural = _("texter i årsrapporten")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="annual_report_text_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"Årsrapport {self.year}"
