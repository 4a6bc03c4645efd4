"""People, consents, referrals, enrolments, phases, situations and exits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stegvis.core.models import Gender, TimeStampedModel


class Person(TimeStampedModel):
    """A participant, identified by personnummer/samordningsnummer or anonymous.

    Anonymous persons (no consent to registration, or skyddade personuppgifter)
    carry only gender and birth year; they are counted but never identified.
    """

    personal_id = models.CharField(
        _("personnummer/samordningsnummer"), max_length=12, unique=True, null=True, blank=True
    )
    first_name = models.CharField(_("förnamn"), max_length=100, blank=True)
    last_name = models.CharField(_("efternamn"), max_length=100, blank=True)
    gender = models.CharField(_("kön"), max_length=8, choices=Gender.choices, default=Gender.SAKNAS)
    birth_date = models.DateField(_("födelsedatum"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("födelseår"))
    is_anonymous = models.BooleanField(_("anonym"), default=False)
    protected_identity = models.BooleanField(_("skyddade personuppgifter"), default=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=True, personal_id__isnull=True)
                | Q(is_anonymous=False, personal_id__isnull=False),
                name="person_anonymous_has_no_id",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.is_anonymous:
            return f"Anonym deltagare #{self.pk}"
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def personal_id_display(self) -> str:
        """Full number, formatted ÅÅÅÅMMDD-NNNN (detail pages only)."""
        if not self.personal_id:
            return ""
        return f"{self.personal_id[:8]}-{self.personal_id[8:]}"

    @property
    def personal_id_masked(self) -> str:
        """Birth date part only, for lists: ÅÅÅÅMMDD-****."""
        if not self.personal_id:
            return ""
        return f"{self.personal_id[:8]}-****"


class Consent(TimeStampedModel):
    """A consent a person gave in a project, and its withdrawal."""

    class Scope(models.TextChoices):
        PARTICIPATION = "participation", _("Deltagande och registrering i projektet")
        SHARING = "sharing", _("Uppgiftsdelning med samverkansparter")
        STATISTICS = "statistics", _("Uppföljning och statistik (SCB, ESF-rådet, Finsam)")
        SURVEYS = "surveys", _("Enkäter")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="consents")
    scope = models.CharField(_("omfattning"), max_length=16, choices=Scope.choices)
    form_version = models.CharField(_("blankettversion"), max_length=40)
    given_on = models.DateField(_("lämnat datum"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(_("återkallat datum"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "scope"]
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return self.get_scope_display()

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class Referral(TimeStampedModel):
    """An anvisning from a partner organisation's handläggare."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Inkommen")
        ACCEPTED = "accepted", _("Inskriven")
        DECLINED = "declined", _("Avböjd")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="referrals")
    referring_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("anvisande part"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handläggare"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_made",
    )
    received_on = models.DateField(_("mottagen"))
    reason = models.TextField(_("anledning och behov"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_on = models.DateField(_("beslutad"), null=True, blank=True)
    decline_reason = models.CharField(_("skäl till avböjande"), max_length=300, blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("anvisning")
        verbose_name_plural = _("anvisningar")

    def __str__(self) -> str:
        return f"Anvisning {self.pk}"


class Phase(models.TextChoices):
    """The REBUS follow-up model, used by all projects."""

    KARTLAGGNING = "kartlaggning", _("Kartläggning")
    AKTIVITET = "aktivitet", _("Aktivitet")
    PROVNING = "provning", _("Prövning")
    AVSLUT = "avslut", _("Avslut")


PHASE_ORDER = {phase: index for index, phase in enumerate(Phase.values)}


class Enrolment(TimeStampedModel):
    """One person's participation in one project over one period (inskrivning)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrolments")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="enrolments")
    referral = models.OneToOneField(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="enrolment"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handledare"),
        on_delete=models.PROTECT,
        related_name="caseload",
    )
    municipality = models.ForeignKey(
        "projects.ProjectMunicipality",
        verbose_name=_("kommun"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    start_date = models.DateField(_("startdatum"))
    # Current phase, kept in step with PhaseChange by participants.services.
    phase = models.CharField(_("fas"), max_length=12, choices=Phase.choices, default=Phase.KARTLAGGNING)
    next_follow_up_on = models.DateField(_("nästa uppföljning"), null=True, blank=True)
    eligibility_warnings = models.JSONField(_("avsteg från villkor"), default=list, blank=True)
    eligibility_override_reason = models.TextField(_("motivering till avsteg"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Optimistic locking: services refuse a write made against an older version.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("inskrivning")
        verbose_name_plural = _("inskrivningar")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "project"],
                condition=~Q(phase="avslut"),
                name="enrolment_one_open_per_person_project",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "phase"]),
            models.Index(fields=["project", "coach", "phase"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} i {self.project}"

    @property
    def is_open(self) -> bool:
        return self.phase != Phase.AVSLUT


class PhaseChange(models.Model):
    """One dated step in an enrolment's phase history."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="phase_changes")
    phase = models.CharField(_("fas"), max_length=12, choices=Phase.choices)
    changed_on = models.DateField(_("datum"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "pk"]
        verbose_name = _("fasbyte")
        verbose_name_plural = _("fasbyten")

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.changed_on}"


class Sysselsattning(models.TextChoices):
    """SUS groups."""

    FORVARVSARBETE = "forvarvsarbete", _("Förvärvsarbete")
    STUDIER = "studier", _("Studier")
    ARBETSSOKANDE = "arbetssokande", _("Aktivt arbetssökande")
    OVRIGT = "ovrigt", _("Övrigt")


class Forsorjning(models.TextChoices):
    """SCB's försörjningsmått plus own income; a person can have several."""

    LON = "lon", _("Lön")
    SJUKPENNING = "sjukpenning", _("Sjukpenning (inkl. rehabiliteringspenning)")
    AKTIVITETSERSATTNING = "aktivitetsersattning", _("Aktivitetsersättning")
    SJUKERSATTNING = "sjukersattning", _("Sjukersättning")
    A_KASSA = "a_kassa", _("A-kassa")
    AKTIVITETSSTOD = "aktivitetsstod", _("Aktivitetsstöd (inkl. utvecklingsersättning)")
    ETABLERINGSERSATTNING = "etablering", _("Etableringsersättning")
    FORSORJNINGSSTOD = "forsorjningsstod", _("Försörjningsstöd")
    STUDIEMEDEL = "studiemedel", _("Studiemedel")
    INGEN = "ingen", _("Ingen ersättning")
    ANNAT = "annat", _("Annat")


class LabourStatus(models.TextChoices):
    """Labour-market status at entry, as ESF+ EECO02–EECO05 need it."""

    UNEMPLOYED = "unemployed", _("Arbetslös")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Långtidsarbetslös")
    INACTIVE = "inactive", _("Utanför arbetskraften (inaktiv)")
    EMPLOYED = "employed", _("Sysselsatt (inkl. egenföretagare)")
    UNKNOWN = "unknown", _("Uppgift saknas")


class Education(models.TextChoices):
    ISCED_0_2 = "isced_0_2", _("Förgymnasial (ISCED 0–2)")
    ISCED_3_4 = "isced_3_4", _("Gymnasial eller eftergymnasial ej högskola (ISCED 3–4)")
    ISCED_5_8 = "isced_5_8", _("Högskola (ISCED 5–8)")
    UNKNOWN = "unknown", _("Uppgift saknas")


class Situation(TimeStampedModel):
    """A participant's situation at entry or at exit.

    The ESF+ characteristics (nullable: None is "uppgift saknas / vill ej uppge")
    are recorded at entry. Fields in SENSITIVE_FIELDS are GDPR art. 9 or close to
    it: hidden in lists and shown only after a logged opening with a purpose.
    """

    class Moment(models.TextChoices):
        ENTRY = "entry", _("Vid inskrivning")
        EXIT = "exit", _("Vid avslut")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="situations")
    moment = models.CharField(_("tidpunkt"), max_length=5, choices=Moment.choices)
    sysselsattning = models.CharField(_("sysselsättning"), max_length=16, choices=Sysselsattning.choices)
    labour_status = models.CharField(
        _("ställning på arbetsmarknaden"),
        max_length=24,
        choices=LabourStatus.choices,
        default=LabourStatus.UNKNOWN,
    )
    education = models.CharField(
        _("utbildningsnivå"), max_length=10, choices=Education.choices, default=Education.UNKNOWN
    )
    current_with = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("aktuell hos"), blank=True, related_name="+"
    )
    disability = models.BooleanField(_("funktionsnedsättning"), null=True, blank=True)
    third_country_national = models.BooleanField(_("medborgare i tredjeland"), null=True, blank=True)
    foreign_background = models.BooleanField(_("utländsk bakgrund"), null=True, blank=True)
    minority = models.BooleanField(_("tillhör minoritet (inkl. romer)"), null=True, blank=True)
    homeless = models.BooleanField(_("hemlös eller utestängd från bostadsmarknaden"), null=True, blank=True)
    rural_area = models.BooleanField(_("bor på landsbygd"), null=True, blank=True)

    SENSITIVE_FIELDS = ("disability", "third_country_national", "foreign_background", "minority", "homeless")

    class Meta:
        verbose_name = _("situation")
        verbose_name_plural = _("situationer")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "moment"], name="situation_one_per_moment"),
        ]

    def __str__(self) -> str:
        return self.get_moment_display()


class IncomeSource(models.Model):
    """One source of försörjning in a Situation (a person can have several)."""

    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="income_sources")
    source = models.CharField(_("försörjning"), max_length=24, choices=Forsorjning.choices)

    # Försörjningsstöd reveals economic hardship: treated as sensitive.
    SENSITIVE_SOURCES = (Forsorjning.FORSORJNINGSSTOD,)

    class Meta:
        verbose_name = _("försörjningskälla")
        verbose_name_plural = _("försörjningskällor")
        constraints = [
            models.UniqueConstraint(fields=["situation", "source"], name="income_source_unique"),
        ]

    def __str__(self) -> str:
        return self.get_source_display()


class Exit(TimeStampedModel):
    """How and when an enrolment ended (avslut)."""

    class Reason(models.TextChoices):
        PLANNED = "planned", _("Planerat avslut")
        WORK = "work", _("Fått arbete")
        STUDIES = "studies", _("Börjat studera")
        HANDED_OVER = "handed_over", _("Överlämnad till annan part")
        DROPPED_OUT = "dropped_out", _("Avbrott på deltagarens begäran")
        NO_CONTACT = "no_contact", _("Ingen kontakt")
        HEALTH = "health", _("Ohälsa")
        MOVED = "moved", _("Flyttat")
        PROJECT_ENDED = "project_ended", _("Projektet avslutat")
        MISREGISTRATION = "felregistrering", _("Felregistrering")
        OTHER = "other", _("Annat")

    class Outcome(models.TextChoices):
        EMPLOYMENT = "employment", _("Arbete (inkl. eget företag)")
        SUBSIDISED_EMPLOYMENT = "subsidised_employment", _("Arbete med stöd")
        STUDIES = "studies", _("Studier")
        JOB_SEEKING = "job_seeking", _("Arbetssökande")
        RIGHT_PARTY = "right_party", _("Aktuell hos rätt part")
        NO_CHANGE = "no_change", _("Ingen förändring")
        UNKNOWN = "unknown", _("Okänt")

    WORK_OR_STUDIES = (Outcome.EMPLOYMENT, Outcome.SUBSIDISED_EMPLOYMENT, Outcome.STUDIES)

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="exit")
    exit_date = models.DateField(_("avslutsdatum"))
    reason = models.CharField(_("anledning"), max_length=16, choices=Reason.choices)
    outcome = models.CharField(_("utfall"), max_length=24, choices=Outcome.choices)
    qualification_gained = models.BooleanField(_("fått en kvalifikation"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("avslut")
        verbose_name_plural = pgettext_lazy("plural", "avslut")

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.exit_date}"
