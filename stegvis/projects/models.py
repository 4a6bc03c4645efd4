"""Projects (insatser) with their funder metadata, partners, places and targets."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import TimeStampedModel


class Project(TimeStampedModel):
    """An ESF+, Finsam or municipal project; may be an umbrella over sub-projects."""

    class Fund(models.TextChoices):
        ESF_PLUS = "esf_plus", _("ESF+")
        ESF = "esf", _("ESF (2014–2020)")
        FINSAM = "finsam", _("Finsam (samordningsförbund)")
        MUNICIPAL = "kommunal", _("Kommunal finansiering")
        OTHER = "other", _("Annan")

    diarienummer = models.CharField(_("diarienummer"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("paraplyprojekt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subprojects",
    )
    fund = models.CharField(_("fond / finansiering"), max_length=16, choices=Fund.choices)
    program_cci = models.CharField(_("program CCI"), max_length=20, blank=True)
    programomrade = models.CharField(_("programområde"), max_length=20, blank=True)
    specifikt_mal = models.CharField(_("specifikt mål"), max_length=20, blank=True)
    nuts2 = models.CharField(_("NUTS-2-kod"), max_length=8, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    intervention_type = models.CharField(_("interventionstyp"), max_length=10, blank=True)
    child_poverty_theme = models.BooleanField(_("sekundärtema: motverka barnfattigdom"), default=False)
    strategic_importance = models.BooleanField(_("insats av strategisk betydelse"), default=False)
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    planned_participants = models.PositiveIntegerField(_("planerat antal deltagare"), null=True, blank=True)
    cofinancing_rate = models.DecimalField(
        _("unionens medfinansieringsgrad (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    total_budget = models.DecimalField(
        _("total projektbudget (kr)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    granted_support = models.DecimalField(
        _("beviljat stöd (kr)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("projektägare"),
        on_delete=models.PROTECT,
        related_name="owned_projects",
    )
    recipient_postcode = models.CharField(_("stödmottagare postnr"), max_length=6, blank=True)
    recipient_city = models.CharField(_("stödmottagare ort"), max_length=100, blank=True)
    contact_person = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    target_group = models.TextField(_("målgrupp"), blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    age_min = models.PositiveSmallIntegerField(_("lägsta ålder"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("högsta ålder"), null=True, blank=True)
    min_partner_agencies = models.PositiveSmallIntegerField(
        _("minsta antal parter personen ska vara aktuell hos"), default=0
    )
    follow_up_interval_days = models.PositiveSmallIntegerField(
        _("intervall för uppföljning (dagar)"), default=61, validators=[MinValueValidator(7)]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("projekt")
        verbose_name_plural = _("projekt")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(age_max__isnull=True)
                | Q(age_min__isnull=True)
                | Q(age_max__gte=models.F("age_min")),
                name="project_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectMunicipality(models.Model):
    """A municipality the project serves, with its planned places (REBUS: 17/17/6)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="municipalities")
    name = models.CharField(_("kommun"), max_length=100)
    planned_places = models.PositiveIntegerField(_("planerade platser"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun i projektet")
        verbose_name_plural = _("kommuner i projektet")
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="project_municipality_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ProjectPartner(models.Model):
    """An organisation's role in a project (samverkanspart)."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Projektägare")
        PARTNER = "partner", _("Samverkanspart")
        REFERRING = "referring", _("Anvisande part")
        FUNDER = "funder", _("Finansiär")
        PROVIDER = "provider", _("Utförare")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(_("roll"), max_length=16, choices=Role.choices)

    class Meta:
        ordering = ["role", "organisation__name"]
        verbose_name = _("samverkanspart")
        verbose_name_plural = _("samverkansparter")
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation", "role"], name="project_partner_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class ProjectTarget(models.Model):
    """A measurable project goal: a metric and the share (%) to reach."""

    class Metric(models.TextChoices):
        STEP_MOVEMENT_AT_EXIT = "step_movement_at_exit", _("Stegförflyttning vid avslut")
        WORK_OR_STUDIES_AT_EXIT = "work_or_studies_at_exit", _("Arbete eller studier vid avslut")
        INCREASED_WELLBEING = "increased_wellbeing", _("Ökat välbefinnande (enkät)")
        ACTION_PLAN_AT_EXIT = "action_plan_at_exit", _("Fastställd handlingsplan vid avslut")
        PARTICIPANTS_REACHED = "participants_reached", _("Nådda deltagare mot planerat")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(_("mått"), max_length=32, choices=Metric.choices)
    threshold_percent = models.PositiveSmallIntegerField(
        _("målvärde (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)

    class Meta:
        ordering = ["metric"]
        verbose_name = _("projektmål")
        verbose_name_plural = _("projektmål")
        constraints = [
            models.UniqueConstraint(fields=["project", "metric"], name="project_target_unique_metric")
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()}: {self.threshold_percent} %"
