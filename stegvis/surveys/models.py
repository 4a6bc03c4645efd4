"""Questionnaires (versioned), participant links, responses and answers.

A questionnaire's wording lives in a QuestionnaireVersion and its Questions. A
version is a draft until it is published; a published version is never reworded
(a change makes a new version), so every Answer reads against the exact words the
respondent saw, and start and exit answers are compared only within one version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SCALE_MIN = 1
SCALE_MAX = 5


class Audience(models.TextChoices):
    PARTICIPANT = "participant", _("Deltagare")
    PARTNER = "partner", _("Samverkansparter")


class Purpose(models.TextChoices):
    """When a questionnaire is meant to be answered."""

    START = "start", _("Vid start")
    EXIT = "exit", _("Vid avslut")
    ANY = "any", _("Vid start och avslut, eller under projektet")


class Occasion(models.TextChoices):
    """When one response was given. Partner questionnaires are answered during the project."""

    START = "start", _("vid start")
    EXIT = "exit", _("vid avslut")
    DURING = "during", _("under projektet")


class Measure(models.TextChoices):
    """What a scale question measures; the code that comparisons and targets use across versions."""

    WELLBEING = "wellbeing", _("Välmående")
    HEALTH = "health", _("Hälsa")
    LISTENED_TO = "listened_to", _("Känner sig lyssnad på")
    OWN_ABILITY = "own_ability", _("Tro på egen förmåga")
    SATISFACTION = "satisfaction", _("Nöjd med stödet")
    COOPERATION = "cooperation", _("Effekt av samverkan")
    SHARED_VIEW = "shared_view", _("Samsyn mellan parterna")
    LESS_RUNAROUND = "less_runaround", _("Mindre rundgång")


class Questionnaire(models.Model):
    """A questionnaire: Stegvis's shared defaults (project empty) or a project's own."""

    key = models.SlugField(_("nyckel"), max_length=60, unique=True)
    name = models.CharField(_("namn"), max_length=120)
    audience = models.CharField(_("målgrupp"), max_length=12, choices=Audience.choices)
    purpose = models.CharField(_("används"), max_length=8, choices=Purpose.choices)
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projekt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    is_active = models.BooleanField(_("används"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["audience", "name", "pk"]
        verbose_name = _("enkät")
        verbose_name_plural = _("enkäter")

    def __str__(self) -> str:
        return self.name

    @property
    def is_shared(self) -> bool:
        return self.project_id is None

    def occasions(self) -> list[str]:
        if self.audience == Audience.PARTNER:
            return [Occasion.DURING]
        return {
            Purpose.START: [Occasion.START],
            Purpose.EXIT: [Occasion.EXIT],
        }.get(self.purpose, [Occasion.START, Occasion.EXIT])  # type: ignore[arg-type]


class QuestionnaireVersion(models.Model):
    """One wording of a questionnaire. A draft until published; never reworded once published."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("rubrik för den som svarar"), max_length=120)
    intro = models.TextField(_("inledning"), blank=True)
    published_on = models.DateField(_("publicerad"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["questionnaire", "-number"]
        verbose_name = _("enkätversion")
        verbose_name_plural = _("enkätversioner")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="questionnaire_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class Question(models.Model):
    """One question of a version, in order."""

    class Kind(models.TextChoices):
        SCALE = "scale", _("Skala 1–5")
        CHOICE = "choice", _("Ett svarsalternativ")
        TEXT = "text", _("Fritext")

    class AskedAt(models.TextChoices):
        ALWAYS = "always", _("Varje gång")
        START = "start", _("Bara vid start")
        EXIT = "exit", _("Bara vid avslut")

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("ordning"))
    text = models.CharField(_("fråga"), max_length=300)
    help_text = models.CharField(_("förklaring"), max_length=300, blank=True)
    kind = models.CharField(_("svarstyp"), max_length=8, choices=Kind.choices)
    required = models.BooleanField(_("måste besvaras"), default=True)
    measure = models.CharField(_("mått"), max_length=20, choices=Measure.choices, blank=True)
    asked_at = models.CharField(_("ställs"), max_length=8, choices=AskedAt.choices, default=AskedAt.ALWAYS)
    scale_low_label = models.CharField(_("text för 1"), max_length=60, blank=True)
    scale_high_label = models.CharField(_("text för 5"), max_length=60, blank=True)
    # Single choice: the alternatives in order; an answer stores the alternative's number (1, 2, ...).
    choices = models.JSONField(_("svarsalternativ"), default=list, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="question_position_unique"),
            models.UniqueConstraint(
                fields=["version", "measure"], condition=~Q(measure=""), name="question_one_per_measure"
            ),
            models.CheckConstraint(
                condition=Q(measure="") | Q(kind="scale"), name="question_measure_is_scale"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def asked_on(self, occasion: str) -> bool:
        return self.asked_at == self.AskedAt.ALWAYS or self.asked_at == occasion

    @property
    def max_value(self) -> int:
        return SCALE_MAX if self.kind == self.Kind.SCALE else len(self.choices)

    def label_for(self, value: int | None) -> str:
        """An answer in words: "4 av 5" on a scale, the alternative for a choice."""
        if value is None:
            return ""
        if self.kind == self.Kind.CHOICE:
            return self.choices[value - 1] if 0 < value <= len(self.choices) else str(value)
        return str(value)


class SurveyLink(models.Model):
    """A single-use link to one questionnaire version, for one enrolment (or one partner organisation).

    The database holds only the SHA-256 of the token: whoever reads it cannot answer.
    Answers chosen on the page are kept in ``draft`` until the final submit.
    """

    class Status(models.TextChoices):
        NEW = "new", _("Inte öppnad")
        OPENED = "opened", _("Öppnad")
        STARTED = "started", _("Påbörjad")
        USED = "used", _("Besvarad")
        EXPIRED = "expired", _("Har gått ut")
        REVOKED = "revoked", _("Återkallad")

    token_hash = models.CharField(max_length=64, unique=True)
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="links")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="survey_links")
    enrolment = models.ForeignKey(
        "participants.Enrolment", on_delete=models.CASCADE, null=True, blank=True, related_name="survey_links"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occasion = models.CharField(_("tillfälle"), max_length=8, choices=Occasion.choices)
    expires_at = models.DateTimeField(_("gäller till"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Not auto_now_add: links imported or loaded as history keep their own time.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # A resubmitted creation form finds its link here instead of making a second one.
    creation_key = models.UUIDField(null=True, blank=True, unique=True)
    opened_at = models.DateTimeField(_("öppnad"), null=True, blank=True)
    used_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    draft = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("enkätlänk")
        verbose_name_plural = _("enkätlänkar")
        constraints = [
            models.CheckConstraint(
                condition=Q(enrolment__isnull=False, organisation__isnull=True)
                | Q(enrolment__isnull=True, organisation__isnull=False),
                name="survey_link_for_enrolment_or_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"Enkätlänk {self.pk}"

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if self.used_at:
            return self.Status.USED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= now:
            return self.Status.EXPIRED
        if self.draft:
            return self.Status.STARTED
        if self.opened_at:
            return self.Status.OPENED
        return self.Status.NEW

    def is_usable(self, now=None) -> bool:
        return self.status(now) in (self.Status.NEW, self.Status.OPENED, self.Status.STARTED)


class Response(models.Model):
    """One filled-in questionnaire: a participant's at start or exit, or a partner's during the project."""

    class Channel(models.TextChoices):
        LINK = "link", _("Länk")
        PAPER = "paper", _("Papper")

    # Kept beside version so that one enrolment answers a questionnaire once per occasion.
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="responses")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="survey_responses")
    enrolment = models.ForeignKey(
        "participants.Enrolment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    occasion = models.CharField(_("tillfälle"), max_length=8, choices=Occasion.choices)
    answered_on = models.DateField(_("besvarad"))
    channel = models.CharField(_("sätt"), max_length=6, choices=Channel.choices)
    link = models.OneToOneField(
        SurveyLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-answered_on", "-pk"]
        verbose_name = _("enkätsvar")
        verbose_name_plural = _("enkätsvar")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "questionnaire", "occasion"],
                condition=Q(enrolment__isnull=False),
                name="response_once_per_enrolment_occasion",
            ),
            models.CheckConstraint(
                condition=Q(enrolment__isnull=False, organisation__isnull=True)
                | Q(enrolment__isnull=True, organisation__isnull=False),
                name="response_for_enrolment_or_organisation",
            ),
        ]
        indexes = [models.Index(fields=["project", "questionnaire", "occasion"])]

    def __str__(self) -> str:
        return f"{self.questionnaire} {self.get_occasion_display()} {self.answered_on}"


class Answer(models.Model):
    """One answer: a number (scale 1–5, or the alternative's number) or free text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value_int = models.PositiveSmallIntegerField(null=True, blank=True)
    value_text = models.TextField(blank=True)

    class Meta:
        ordering = ["question__position"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question"),
            models.CheckConstraint(
                condition=Q(value_int__isnull=True) | Q(value_int__gte=1), name="answer_value_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.value_text or str(self.value_int)
