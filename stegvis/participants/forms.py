"""Forms for referral, enrolment, phase change, exit, consent and opening sensitive data."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.accounts.models import Organisation, Role, User
from stegvis.core.forms import VersionedForm, conditional, date_field, tri_state_field, with_blank
from stegvis.core.models import Gender
from stegvis.participants.models import (
    Consent,
    Education,
    Exit,
    Forsorjning,
    LabourStatus,
    Person,
    Phase,
    Situation,
    Sysselsattning,
)
from stegvis.participants.personal_id import birth_date_of, normalise_personal_id
from stegvis.participants.services import SituationData, eligibility_warnings
from stegvis.projects.models import Project

IDENTIFIED = "identified"
ANONYMOUS = "anonymous"


class PersonFieldsMixin(forms.Form):
    """Who the person is: personnummer and name, or anonymous (gender and birth year only)."""

    identity = forms.ChoiceField(
        label=_("Identitet"),
        choices=[
            (IDENTIFIED, _("Med personnummer eller samordningsnummer")),
            (ANONYMOUS, _("Anonym – saknar samtycke till registrering, eller har skyddade personuppgifter")),
        ],
        initial=IDENTIFIED,
        widget=forms.RadioSelect,
    )
    personal_id = conditional(
        forms.CharField(
            label=_("Personnummer eller samordningsnummer"),
            required=False,
            max_length=20,
            help_text=_("ÅÅÅÅMMDD-NNNN. Krävs om deltagaren inte är anonym."),
        )
    )
    first_name = conditional(forms.CharField(label=_("Förnamn"), required=False, max_length=100))
    last_name = conditional(forms.CharField(label=_("Efternamn"), required=False, max_length=100))
    gender = forms.ChoiceField(label=_("Kön"), choices=with_blank(Gender.choices))
    birth_year = conditional(
        forms.IntegerField(
            label=_("Födelseår"),
            required=False,
            min_value=1900,
            max_value=2100,
            help_text=_("Krävs för en anonym deltagare."),
        )
    )
    protected_identity = forms.BooleanField(label=_("Skyddade personuppgifter"), required=False)

    def clean_personal_id(self) -> str:
        raw = self.cleaned_data.get("personal_id", "")
        if self.cleaned_data.get("identity") != IDENTIFIED:
            return ""
        return normalise_personal_id(raw)

    def clean_person_fields(self, cleaned: dict) -> None:
        if cleaned.get("identity") == IDENTIFIED:
            for name, message in (("first_name", _("Ange förnamn.")), ("last_name", _("Ange efternamn."))):
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, message)
            if cleaned.get("protected_identity"):
                self.add_error("identity", _("En person med skyddade personuppgifter registreras anonymt."))
        elif cleaned.get("identity") == ANONYMOUS:
            if not cleaned.get("birth_year"):
                self.add_error("birth_year", _("Ange födelseår för en anonym deltagare."))

    def unsaved_person(self) -> Person | None:
        """A Person built from the form, for eligibility checks before anything is saved."""
        cleaned = self.cleaned_data
        if cleaned.get("identity") == IDENTIFIED and cleaned.get("personal_id"):
            birth = birth_date_of(cleaned["personal_id"])
            return Person(birth_date=birth, birth_year=birth.year, gender=cleaned.get("gender", ""))
        if cleaned.get("identity") == ANONYMOUS and cleaned.get("birth_year"):
            return Person(
                birth_year=cleaned["birth_year"], gender=cleaned.get("gender", ""), is_anonymous=True
            )
        return None


def _partner_organisations(project: Project):
    return Organisation.objects.filter(partnerships__project=project).distinct().order_by("name")


class SituationFieldsMixin(forms.Form):
    sysselsattning = forms.ChoiceField(label=_("Sysselsättning"), choices=with_blank(Sysselsattning.choices))
    income_sources = forms.MultipleChoiceField(
        label=_("Försörjning"),
        choices=Forsorjning.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Välj alla som gäller."),
    )


class EnrolForm(PersonFieldsMixin, SituationFieldsMixin):
    """Inskrivning: person, referral source, coach, municipality, situation at entry, consent."""

    referring_organisation = forms.ModelChoiceField(
        label=_("Anvisande part"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Ingen anvisning / egen ansökan"),
    )
    coach = forms.ModelChoiceField(label=_("Handledare"), queryset=User.objects.none())
    municipality = forms.ModelChoiceField(
        label=_("Kommun"),
        queryset=None,
        required=False,
        empty_label=_("Annan kommun"),
    )
    start_date = date_field(_("Startdatum"), initial_today=True)
    labour_status = forms.ChoiceField(
        label=_("Ställning på arbetsmarknaden"), choices=with_blank(LabourStatus.choices)
    )
    education = forms.ChoiceField(label=_("Högsta utbildningsnivå"), choices=with_blank(Education.choices))
    current_with = forms.ModelMultipleChoiceField(
        label=_("Aktuell hos"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rural_area = tri_state_field(_("Bor på landsbygd"))
    disability = tri_state_field(_("Funktionsnedsättning"))
    third_country_national = tri_state_field(_("Medborgare i land utanför EU/EES (tredjeland)"))
    foreign_background = tri_state_field(_("Utländsk bakgrund"))
    minority = tri_state_field(_("Tillhör minoritet (inkl. romer)"))
    homeless = tri_state_field(_("Hemlös eller utestängd från bostadsmarknaden"))
    consent_given = forms.BooleanField(
        label=_("Deltagaren har lämnat samtycke till deltagande och registrering"),
        required=False,
    )
    consent_form_version = conditional(
        forms.CharField(
            label=_("Samtyckesblankettens version"),
            required=False,
            max_length=40,
            initial="1.0",
        )
    )
    override_reason = forms.CharField(
        label=_("Motivering till avsteg från projektets villkor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    SENSITIVE = Situation.SENSITIVE_FIELDS

    PERSON_FIELDS = (
        "identity",
        "personal_id",
        "first_name",
        "last_name",
        "gender",
        "birth_year",
        "protected_identity",
    )

    def __init__(
        self, *args: object, project: Project, person_locked: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.warnings: list = []
        if person_locked:
            # Enrolling from a referral: the person is the referred one, shown but not editable.
            for name in self.PERSON_FIELDS:
                self.fields[name].disabled = True
        partners = _partner_organisations(project)
        self.fields["referring_organisation"].queryset = partners
        self.fields["current_with"].queryset = partners
        self.fields["coach"].queryset = User.objects.filter(
            memberships__project=project, memberships__role=Role.COACH, is_active=True
        ).order_by("first_name", "last_name")
        self.fields["municipality"].queryset = project.municipalities.all()

    def clean(self) -> dict:
        cleaned = super().clean()
        self.clean_person_fields(cleaned)
        if cleaned.get("identity") == IDENTIFIED:
            if not cleaned.get("consent_given"):
                self.add_error(
                    "consent_given",
                    _("Utan samtycke registreras deltagaren anonymt. Kryssa i samtycket eller välj Anonym."),
                )
            if not (cleaned.get("consent_form_version") or "").strip():
                self.add_error("consent_form_version", _("Ange blankettens version."))
        person = self.unsaved_person() if not self.errors else None
        if person is not None and cleaned.get("start_date"):
            self.warnings = eligibility_warnings(
                project=self.project,
                person=person,
                start_date=cleaned["start_date"],
                municipality=cleaned.get("municipality"),
                current_with=cleaned.get("current_with") or [],
            )
            if self.warnings and not (cleaned.get("override_reason") or "").strip():
                self.add_error(
                    "override_reason",
                    _(
                        "Inskrivningen avviker från projektets villkor (se ovan). Skriv en motivering för att skriva in ändå."
                    ),
                )
        return cleaned

    def situation(self) -> SituationData:
        c = self.cleaned_data
        return SituationData(
            sysselsattning=c["sysselsattning"],
            income_sources=c["income_sources"],
            labour_status=c["labour_status"],
            education=c["education"],
            current_with=list(c["current_with"]),
            characteristics={name: c.get(name) for name in (*self.SENSITIVE, "rural_area")},
        )

    def person_fields(self):
        return [self[n] for n in self.PERSON_FIELDS]

    def enrolment_fields(self):
        return [self[n] for n in ("referring_organisation", "coach", "municipality", "start_date")]

    def situation_fields(self):
        return [
            self[n]
            for n in (
                "sysselsattning",
                "income_sources",
                "labour_status",
                "education",
                "current_with",
                "rural_area",
            )
        ]

    def sensitive_fields(self):
        return [self[n] for n in self.SENSITIVE]

    def consent_fields(self):
        return [self[n] for n in ("consent_given", "consent_form_version")]


class ReferralForm(PersonFieldsMixin):
    """Anvisning from a handläggare (or recorded by the project from a paper form)."""

    referring_organisation = forms.ModelChoiceField(
        label=_("Anvisande part"), queryset=Organisation.objects.none()
    )
    received_on = date_field(_("Datum"), initial_today=True)
    reason = forms.CharField(
        label=_("Anledning och behov"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skriv bara det som behövs för att projektet ska kunna ta emot personen."),
    )

    def __init__(self, *args: object, project: Project, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referring_organisation"].queryset = _partner_organisations(project)

    def clean(self) -> dict:
        cleaned = super().clean()
        self.clean_person_fields(cleaned)
        if cleaned.get("received_on") and cleaned["received_on"] > datetime.date.today():
            self.add_error("received_on", _("Datumet kan inte ligga i framtiden."))
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Skäl"), max_length=300)


class PhaseForm(VersionedForm):
    phase = forms.ChoiceField(label=_("Ny fas"), choices=[])
    on = date_field(_("Datum"), initial_today=True)

    def __init__(self, *args: object, current: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = with_blank(
            [(p.value, p.label) for p in Phase if p not in (Phase.AVSLUT, current)]
        )


class ExitForm(VersionedForm, SituationFieldsMixin):
    exit_date = date_field(_("Avslutsdatum"), initial_today=True)
    reason = forms.ChoiceField(label=_("Anledning"), choices=with_blank(Exit.Reason.choices))
    outcome = forms.ChoiceField(label=_("Utfall"), choices=with_blank(Exit.Outcome.choices))
    qualification_gained = tri_state_field(_("Har fått en kvalifikation (t.ex. betyg, intyg, certifikat)"))

    field_order = [
        "exit_date",
        "reason",
        "outcome",
        "sysselsattning",
        "income_sources",
        "qualification_gained",
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sysselsattning"].label = _("Sysselsättning efter avslut")
        self.fields["income_sources"].label = _("Försörjning efter avslut")

    def situation(self) -> SituationData:
        return SituationData(
            sysselsattning=self.cleaned_data["sysselsattning"],
            income_sources=self.cleaned_data["income_sources"],
        )


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(label=_("Omfattning"), choices=with_blank(Consent.Scope.choices))
    form_version = forms.CharField(label=_("Blankettversion"), max_length=40, initial="1.0")
    given_on = date_field(_("Lämnat datum"), initial_today=True)


class WithdrawForm(forms.Form):
    on = date_field(_("Återkallat datum"), initial_today=True)


class SensitiveOpenForm(forms.Form):
    PURPOSES = [
        ("", _("Välj syfte")),
        ("Planering av insatser", _("Planering av insatser")),
        ("Uppföljning med deltagaren", _("Uppföljning med deltagaren")),
        ("Rapportering till finansiär", _("Rapportering till finansiär")),
        ("Rättelse av uppgifter", _("Rättelse av uppgifter")),
    ]
    purpose = forms.ChoiceField(label=_("Syfte"), choices=PURPOSES)


OPEN = ""
ALL = "alla"


class EnrolmentFilterForm(forms.Form):
    """Search and filters of the participant list; ongoing participants by default."""

    q = forms.CharField(
        label=_("Sök namn, personnummer eller samordningsnummer"), required=False, max_length=100
    )
    phase = forms.ChoiceField(
        label=_("Visa"),
        required=False,
        choices=[(OPEN, _("Pågående deltagare")), (ALL, _("Alla, även avslutade")), *Phase.choices],
    )
    coach = forms.ModelChoiceField(
        label=_("Handledare"), required=False, queryset=User.objects.none(), empty_label=_("Alla handledare")
    )

    def __init__(self, *args: object, project: Project, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = User.objects.filter(
            memberships__project=project, memberships__role=Role.COACH
        ).order_by("first_name", "last_name")
        for field in self.fields.values():
            conditional(field)
