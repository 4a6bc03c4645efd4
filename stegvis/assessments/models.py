"""Instruments (skattning), assessments, the project's step-movement rule and IPS fidelity reviews."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import TimeStampedModel

SCALE_MIN, SCALE_MAX = 2, 10


class Rater(models.TextChoices):
    """Who made one reading."""

    PARTICIPANT = "participant", _("Deltagaren")
    COACH = "coach", _("Handledaren")
    JOINT = "joint", _("Gemensam")


class Instrument(TimeStampedModel):
    """One version of a skattningsinstrument: areas, each with levels 1..scale_max.

    Versions of one instrument share a key. A version that has been used in an
    assessment is never changed: editing it makes the next version, and readings of
    different versions are never compared. project is the owner (null: available to
    every project, such as Stegvis's own default instrument).
    """

    class Raters(models.TextChoices):
        COACH = "coach", _("Handledaren skattar")
        PARTICIPANT = "participant", _("Deltagaren skattar själv")
        BOTH = "both", _("Både deltagaren och handledaren")

    class Source(models.TextChoices):
        BUILTIN = "builtin", _("Ingår i Stegvis")
        FORM = "form", _("Skapat i Stegvis")
        IMPORT = "import", _("Importerat från fil")

    key = models.SlugField(_("nyckel"), max_length=80)
    name = models.CharField(_("namn"), max_length=120)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("ägs av projekt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instruments",
    )
    description = models.TextField(_("beskrivning"), blank=True)
    licence_note = models.TextField(_("licens och upphov"), blank=True)
    raters = models.CharField(_("vem skattar"), max_length=12, choices=Raters.choices, default=Raters.BOTH)
    scale_max = models.PositiveSmallIntegerField(
        _("antal nivåer"), validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )
    is_default = models.BooleanField(_("standardinstrument"), default=False)
    # The newest version of its key; older versions stay for the readings made with them.
    is_current = models.BooleanField(_("senaste versionen"), default=True)
    source = models.CharField(_("ursprung"), max_length=8, choices=Source.choices, default=Source.FORM)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("föregående version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = _("skattningsinstrument")
        verbose_name_plural = _("skattningsinstrument")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="instrument_key_version_unique"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(is_current=True), name="instrument_one_current_version"
            ),
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="instrument_one_default"
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gte=SCALE_MIN) & Q(scale_max__lte=SCALE_MAX),
                name="instrument_scale_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, version {self.version}"

    @property
    def rater_choices(self) -> list[tuple[str, str]]:
        """Who may make a reading with this instrument."""
        if self.raters == self.Raters.COACH:
            return [(Rater.COACH.value, Rater.COACH.label)]
        if self.raters == self.Raters.PARTICIPANT:
            return [(Rater.PARTICIPANT.value, Rater.PARTICIPANT.label)]
        return list(Rater.choices)


class Area(models.Model):
    """One area (livsområde) of an instrument."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("område"), max_length=100)
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("område")
        verbose_name_plural = _("områden")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "position"], name="area_position_unique"),
            models.UniqueConstraint(fields=["instrument", "name"], name="area_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    """One step of an area's scale: 1 is furthest from the goal, scale_max the closest."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(
        _("nivå"), validators=[MinValueValidator(1), MaxValueValidator(SCALE_MAX)]
    )
    description = models.CharField(_("beskrivning"), max_length=300)

    class Meta:
        ordering = ["value"]
        verbose_name = _("nivå")
        verbose_name_plural = _("nivåer")
        constraints = [
            models.UniqueConstraint(fields=["area", "value"], name="level_value_unique"),
            models.CheckConstraint(condition=Q(value__gte=1), name="level_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.value}. {self.description}"


class Assessment(TimeStampedModel):
    """One reading (skattning) of an instrument for one enrolment, by one rater."""

    class Occasion(models.TextChoices):
        ENTRY = "entry", _("Inskrivning")
        FOLLOW_UP = "follow_up", _("Uppföljning")
        EXIT = "exit", _("Avslut")
        OTHER = "other", _("Annat tillfälle")

    enrolment = models.ForeignKey(
        "participants.Enrolment", on_delete=models.CASCADE, related_name="assessments"
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_on = models.DateField(_("datum"))
    occasion = models.CharField(_("tillfälle"), max_length=10, choices=Occasion.choices)
    rater = models.CharField(_("vem skattade"), max_length=12, choices=Rater.choices)
    follow_up = models.ForeignKey(
        "plans.FollowUp",
        verbose_name=_("gjord vid uppföljning"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Optimistic locking for corrections.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["assessed_on", "pk"]
        verbose_name = _("skattning")
        verbose_name_plural = _("skattningar")
        indexes = [models.Index(fields=["enrolment", "assessed_on"])]
        constraints = [
            # A second reading by the same rater on the same day is a double submission.
            models.UniqueConstraint(
                fields=["enrolment", "instrument", "rater", "assessed_on"], name="assessment_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"Skattning {self.assessed_on} ({self.get_rater_display()})"


class AssessmentScore(models.Model):
    """The level chosen for one area in one reading. An area left out was not assessed."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("skattad nivå")
        verbose_name_plural = _("skattade nivåer")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "area"], name="score_one_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.level.value}"


class Combination(models.TextChoices):
    ANY = "any", _("Minst ett av de valda kriterierna")
    ALL = "all", _("Alla de valda kriterierna")


class StepMovementRule(TimeStampedModel):
    """A project's definition of stegförflyttning, its instrument, and whether it works with IPS.

    There is no national definition (DESIGN.md); the project chooses from five criteria,
    each also reported on its own. A project without a saved rule uses DEFAULT_CRITERIA.
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="step_movement_rule"
    )
    criterion_sub_goal = models.BooleanField(_("1. Minst ett delmål uppnått"), default=True)
    criterion_assessment = models.BooleanField(
        _("2. Minst en nivå bättre i något område i skattningen"), default=True
    )
    criterion_phase = models.BooleanField(
        _("3. Fas framåt (kartläggning → aktivitet → prövning)"), default=True
    )
    criterion_situation = models.BooleanField(
        _("4. Sysselsättning eller försörjning närmare arbetsmarknaden vid avslut"), default=False
    )
    criterion_exit = models.BooleanField(
        _("5. Avslut till arbete eller studier, eller till rätt part"), default=False
    )
    combination = models.CharField(
        _("stegförflyttning när"), max_length=3, choices=Combination.choices, default=Combination.ANY
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("projektets skattningsinstrument"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("förklaring"), max_length=600, blank=True)
    uses_ips = models.BooleanField(_("projektet arbetar med IPS"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    CRITERION_FIELDS = {
        1: "criterion_sub_goal",
        2: "criterion_assessment",
        3: "criterion_phase",
        4: "criterion_situation",
        5: "criterion_exit",
    }
    DEFAULT_CRITERIA = frozenset({1, 2, 3})

    class Meta:
        verbose_name = _("regel för stegförflyttning")
        verbose_name_plural = _("regler för stegförflyttning")
        constraints = [
            models.CheckConstraint(
                condition=Q(criterion_sub_goal=True)
                | Q(criterion_assessment=True)
                | Q(criterion_phase=True)
                | Q(criterion_situation=True)
                | Q(criterion_exit=True),
                name="rule_has_a_criterion",
            ),
        ]

    def __str__(self) -> str:
        return f"Stegförflyttning i {self.project}"

    @property
    def criteria(self) -> frozenset[int]:
        return frozenset(n for n, name in self.CRITERION_FIELDS.items() if getattr(self, name))


class FidelityReview(TimeStampedModel):
    """An IPS fidelity review of one team (IPS-troheten): 25 items scored 1–5, total 25–125.

    It rates a team's way of working, never a person.
    """

    class Band(models.TextChoices):
        EXEMPLARY = "exemplary", _("Exemplarisk")
        GOOD = "good", _("God")
        FAIR = "fair", _("Acceptabel")
        NOT_IPS = "not_ips", _("Inte IPS")

    # The lowest total of each band, highest first.
    BAND_FLOORS = ((115, Band.EXEMPLARY), (100, Band.GOOD), (74, Band.FAIR), (0, Band.NOT_IPS))
    ITEM_COUNT = 25

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="fidelity_reviews")
    team_name = models.CharField(_("team"), max_length=120)
    reviewed_on = models.DateField(_("granskningsdatum"))
    reviewers = models.CharField(_("granskare"), max_length=300)
    summary = models.TextField(_("sammanfattning och rekommendationer"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["reviewed_on", "pk"]
        verbose_name = _("granskning av IPS-trohet")
        verbose_name_plural = _("granskningar av IPS-trohet")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "team_name", "reviewed_on"], name="fidelity_one_per_team_and_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_name} {self.reviewed_on}"

    @classmethod
    def band_for(cls, total: int) -> str:
        for floor, band in cls.BAND_FLOORS:
            if total >= floor:
                return band
        return cls.Band.NOT_IPS

    @property
    def total(self) -> int:
        """Sum of the item scores (prefetch items on lists)."""
        annotated = getattr(self, "total_score", None)
        if annotated is not None:
            return annotated
        return sum(item.score for item in self.items.all())

    @property
    def band(self) -> str:
        return self.band_for(self.total)

    def get_band_display(self) -> str:
        return str(self.Band(self.band).label)


class FidelityItem(models.Model):
    """One of the 25 items of a fidelity review, with the label it was scored under."""

    review = models.ForeignKey(FidelityReview, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(
        _("punkt"), validators=[MinValueValidator(1), MaxValueValidator(25)]
    )
    label = models.CharField(_("beskrivning"), max_length=120)
    score = models.PositiveSmallIntegerField(
        _("poäng"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("punkt i trohetsgranskning")
        verbose_name_plural = _("punkter i trohetsgranskning")
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="fidelity_item_unique"),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=25), name="fidelity_item_number"
            ),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="fidelity_item_score"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.label}: {self.score}"
