"""Users, organisations, and per-project memberships with roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_otp.models import Device
from stdnum.se import orgnr

from stegvis.core.models import TimeStampedModel


def validate_orgnr(value: str) -> None:
    if not orgnr.is_valid(value):
        raise ValidationError(
            _("%(value)s är inte ett giltigt organisationsnummer (kontrollera siffrorna)."),
            params={"value": value},
        )


class Organisation(TimeStampedModel):
    """A kommun, region, agency, samordningsförbund or other body taking part in projects."""

    class Kind(models.TextChoices):
        KOMMUN = "kommun", _("Kommun")
        REGION = "region", _("Region")
        ARBETSFORMEDLINGEN = "af", _("Arbetsförmedlingen")
        FORSAKRINGSKASSAN = "fk", _("Försäkringskassan")
        SAMORDNINGSFORBUND = "samordningsforbund", _("Samordningsförbund")
        FOLKHOGSKOLA = "folkhogskola", _("Folkhögskola")
        STIFTELSE = "stiftelse", _("Stiftelse")
        BOLAG = "bolag", _("Bolag")
        OTHER = "other", _("Annan")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.CharField(_("typ"), max_length=24, choices=Kind.choices)
    org_nr = models.CharField(
        _("organisationsnummer"), max_length=11, blank=True, validators=[validate_orgnr]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name

    @property
    def org_nr_display(self) -> str:
        return orgnr.format(self.org_nr) if self.org_nr else ""


class User(AbstractUser):
    """A person who signs in. Roles are held per project through Membership."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    # System/förbund administrator: organisations, projects, users and logs, but no
    # participant content (role separation as in SUS).
    is_administrator = models.BooleanField(_("administratör"), default=False)

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = pgettext_lazy("plural", "användare")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    COACH = "coach", _("Handledare")
    PROJECT_MANAGER = "project_manager", _("Projektledare")
    REFERRER = "referrer", _("Handläggare (anvisande part)")
    STEERING = "steering", _("Styrgrupp")


class Membership(TimeStampedModel):
    """A user's role in one project."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("roll"), max_length=24, choices=Role.choices)
    # A coach normally sees only their own caseload; the project manager can grant
    # the whole project (e.g. for a coach who covers colleagues' participants).
    whole_project = models.BooleanField(_("ser hela projektets deltagare"), default=False)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = pgettext_lazy("plural", "medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "project", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.project}"


class RecoveryCodeDevice(Device):
    """A user's set of single-use recovery codes, a django-otp device so it can verify a session.

    The codes themselves are kept only as keyed hashes (RecoveryCode); they are shown once.
    """

    class Meta(Device.Meta):
        verbose_name = _("reservkoder")
        verbose_name_plural = pgettext_lazy("plural", "reservkoder")

    def verify_token(self, token: str) -> bool:
        digest = recovery_code_hash(token)
        used = self.codes.filter(code_hash=digest, used_at__isnull=True).update(used_at=timezone.now())
        return used == 1


def recovery_code_hash(code: str) -> str:
    """Keyed hash of a recovery code, ignoring case, spaces and dashes as typed."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return salted_hmac("stegvis.accounts.recovery-code", normalised, algorithm="sha256").hexdigest()


class RecoveryCode(models.Model):
    """One single-use recovery code, stored hashed (never in plain text)."""

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reservkod")
        verbose_name_plural = pgettext_lazy("plural", "reservkoder")
        constraints = [
            models.UniqueConstraint(fields=["device", "code_hash"], name="recovery_code_unique_per_device")
        ]

    def __str__(self) -> str:
        return f"{self.device_id}: {'använd' if self.used_at else 'oanvänd'}"


class UserSession(models.Model):
    """Which session belongs to which user, so that all of a user's sessions can be ended."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tracked_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inloggad session")
        verbose_name_plural = _("inloggade sessioner")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
