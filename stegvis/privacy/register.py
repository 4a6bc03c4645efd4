"""The register of processing (GDPR art. 30): every personal-data field Stegvis holds.

One entry per model: whose data it is, how a row reaches the participant it is
about (``person_path``, for erasure), its retention, and per field the purpose,
category, sensitivity and what erasure does (keep, blank, pseudonymise, set). Fields
that are not personal data are listed too, in ``other`` or in NOT_PERSONAL, so a
new model field fails ``privacy/tests/test_register.py`` until someone decides.

Retention erasure (``privacy.retention``) is driven from here: a field marked
``blank``, ``pseudonymise`` or ``set`` is cleared for every row reaching a person due for
gallring; ``keep`` stays, because statistics depend on it or it is about staff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Subject(models.TextChoices):
    PARTICIPANT = "participant", _("Deltagare")
    STAFF = "staff", _("Användare och kontaktpersoner")


class Sensitivity(models.TextChoices):
    ORDINARY = "ordinary", _("Vanlig personuppgift")
    PERSONAL_ID = "personal_id", _("Personnummer (3 kap. 10 § dataskyddslagen)")
    SPECIAL = "special", _("Särskild kategori (art. 9), t.ex. hälsa eller etniskt ursprung")
    PRIVACY_SENSITIVE = "privacy_sensitive", _("Integritetskänslig (t.ex. ekonomi, sociala förhållanden)")
    FREE_TEXT = "free_text", _("Fritext – kan innehålla vad som helst, även känsliga uppgifter")


class Erasure(models.TextChoices):
    KEEP = "keep", _("Behålls (behövs för statistik eller avser personal)")
    BLANK = "blank", _("Töms")
    PSEUDONYMISE = "pseudonymise", _("Ersätts med en neutral text")
    SET = "set", _("Sätts till ett fast värde (personen markeras som anonym)")


class Retention(models.TextChoices):
    PROJECT = "project", _("Projektets gallringsfrist räknat från projektets slutdatum")
    ACCOUNT = "account", _("Så länge användarkontot eller projektet behövs")
    LOG = "log", _("Loggen bevaras och ändras aldrig; den innehåller inga fältinnehåll")
    TRANSIENT = (
        "transient",
        _("Kortvarigt: raderas när importen är klar eller när filen har hämtats (högst ett dygn)"),
    )


class Category(models.TextChoices):
    IDENTITY = "identity", _("Identitet")
    CONTACT = "contact", _("Kontaktuppgift")
    BACKGROUND = "background", _("Bakgrund och situation")
    CASE = "case", _("Ärende och insatser")
    HEALTH = "health", _("Hälsa och funktionsnedsättning")
    ASSESSMENT = "assessment", _("Skattning och enkätsvar")
    LOG = "log", _("Logg")
    ACCOUNT = "account", _("Användarkonto")


# The text a pseudonymised field gets; short, neutral and the same everywhere.
PSEUDONYM_TEXT = "Gallrad"


@dataclass(frozen=True)
class FieldEntry:
    name: str
    category: str
    purpose: Promise | str
    sensitivity: str = Sensitivity.ORDINARY
    erasure: str = Erasure.KEEP
    # What Erasure.SET writes (e.g. Person.is_anonymous = True).
    erased_value: Any = None


@dataclass(frozen=True)
class ModelEntry:
    model: str
    subject: str
    retention: str
    fields: tuple[FieldEntry, ...]
    # Lookup from this model to participants.Person ("" for Person itself); None when not about a participant.
    person_path: str | None = None
    # Fields of this model that are not personal data.
    other: tuple[str, ...] = field(default=())


def _f(name: str, category: str, purpose: Promise | str, **kwargs: Any) -> FieldEntry:
    return FieldEntry(name, category, purpose, **kwargs)


C, S, E = Category, Sensitivity, Erasure
FOLLOW_UP = _("Dokumentera och följa upp deltagarens insatser i projektet")
STATISTICS = _("Statistik och rapportering till finansiär (ESF-rådet, SCB, Finsam)")
IDENTIFY = _("Identifiera deltagaren och undvika dubbelregistrering")
ACCOUNTABILITY = _("Spårbarhet: vem som registrerade eller ändrade uppgiften")
LOGGING = _("Loggkontroll: vem som läst eller ändrat uppgifter om vem")
ACCOUNTS = _("Inloggning, behörighet och kontakt med användaren")
PARTNERS = _("Samverkan mellan parterna kring deltagaren")

TIMESTAMPS = ("created_at", "updated_at")

REGISTER: tuple[ModelEntry, ...] = (
    ModelEntry(
        "participants.Person",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="",
        fields=(
            _f("personal_id", C.IDENTITY, IDENTIFY, sensitivity=S.PERSONAL_ID, erasure=E.BLANK),
            _f("first_name", C.IDENTITY, IDENTIFY, erasure=E.BLANK),
            _f("last_name", C.IDENTITY, IDENTIFY, erasure=E.BLANK),
            _f("birth_date", C.IDENTITY, IDENTIFY, erasure=E.BLANK),
            _f("gender", C.BACKGROUND, STATISTICS),
            _f("birth_year", C.BACKGROUND, STATISTICS),
            _f("is_anonymous", C.IDENTITY, IDENTIFY, erasure=E.SET, erased_value=True),
            _f("protected_identity", C.IDENTITY, IDENTIFY, sensitivity=S.PRIVACY_SENSITIVE),
        ),
        other=TIMESTAMPS,
    ),
    ModelEntry(
        "participants.Consent",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="person",
        fields=(
            _f("person", C.CASE, _("Visa vad deltagaren har samtyckt till")),
            _f("scope", C.CASE, _("Visa vad deltagaren har samtyckt till")),
            _f("given_on", C.CASE, _("Visa vad deltagaren har samtyckt till")),
            _f("withdrawn_on", C.CASE, _("Stoppa delning från den dag samtycket återkallas")),
            _f("recorded_by", C.ACCOUNT, ACCOUNTABILITY),
            _f("withdrawn_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(*TIMESTAMPS, "project", "form_version"),
    ),
    ModelEntry(
        "participants.Referral",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="person",
        fields=(
            _f("person", C.CASE, PARTNERS),
            _f("referring_organisation", C.CASE, PARTNERS),
            _f("referred_by", C.ACCOUNT, ACCOUNTABILITY),
            _f("received_on", C.CASE, PARTNERS),
            _f("reason", C.CASE, PARTNERS, sensitivity=S.FREE_TEXT, erasure=E.BLANK),
            _f("status", C.CASE, PARTNERS),
            _f("decided_on", C.CASE, PARTNERS),
            _f("decline_reason", C.CASE, PARTNERS, sensitivity=S.FREE_TEXT, erasure=E.BLANK),
        ),
        other=(*TIMESTAMPS, "project"),
    ),
    ModelEntry(
        "participants.Enrolment",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="person",
        fields=(
            _f("person", C.CASE, FOLLOW_UP),
            _f("coach", C.ACCOUNT, FOLLOW_UP),
            _f("municipality", C.BACKGROUND, STATISTICS),
            _f("start_date", C.CASE, STATISTICS),
            _f("phase", C.CASE, STATISTICS),
            _f("next_follow_up_on", C.CASE, FOLLOW_UP, erasure=E.BLANK),
            _f("eligibility_warnings", C.CASE, FOLLOW_UP, erasure=E.BLANK),
            _f("eligibility_override_reason", C.CASE, FOLLOW_UP, sensitivity=S.FREE_TEXT, erasure=E.BLANK),
            _f("created_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(*TIMESTAMPS, "project", "referral", "version"),
    ),
    ModelEntry(
        "participants.PhaseChange",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            _f("phase", C.CASE, STATISTICS),
            _f("changed_on", C.CASE, STATISTICS),
            _f("changed_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=("enrolment", "created_at"),
    ),
    ModelEntry(
        "participants.Situation",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            _f("sysselsattning", C.BACKGROUND, STATISTICS),
            _f("labour_status", C.BACKGROUND, STATISTICS),
            _f("education", C.BACKGROUND, STATISTICS),
            _f("current_with", C.BACKGROUND, PARTNERS),
            _f("disability", C.HEALTH, STATISTICS, sensitivity=S.SPECIAL),
            _f("third_country_national", C.BACKGROUND, STATISTICS, sensitivity=S.PRIVACY_SENSITIVE),
            _f("foreign_background", C.BACKGROUND, STATISTICS, sensitivity=S.SPECIAL),
            _f("minority", C.BACKGROUND, STATISTICS, sensitivity=S.SPECIAL),
            _f("homeless", C.BACKGROUND, STATISTICS, sensitivity=S.PRIVACY_SENSITIVE),
            _f("rural_area", C.BACKGROUND, STATISTICS),
        ),
        other=(*TIMESTAMPS, "enrolment", "moment"),
    ),
    ModelEntry(
        "participants.IncomeSource",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="situation__enrolment__person",
        fields=(_f("source", C.BACKGROUND, STATISTICS, sensitivity=S.PRIVACY_SENSITIVE),),
        other=("situation",),
    ),
    ModelEntry(
        "participants.Exit",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            _f("exit_date", C.CASE, STATISTICS),
            _f("reason", C.CASE, STATISTICS),
            _f("outcome", C.CASE, STATISTICS),
            _f("qualification_gained", C.CASE, STATISTICS),
            _f("recorded_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(*TIMESTAMPS, "enrolment"),
    ),
    ModelEntry(
        "plans.ActionPlan",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            _f("agreed_by_participant_on", C.CASE, FOLLOW_UP),
            _f("agreed_by_coach_on", C.CASE, FOLLOW_UP),
            _f("agreed_by_referrer_on", C.CASE, FOLLOW_UP),
            _f("drawn_up_on", C.CASE, FOLLOW_UP),
            _f("created_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(*TIMESTAMPS, "enrolment", "version"),
    ),
    ModelEntry(
        "plans.Goal",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="plan__enrolment__person",
        fields=(
            _f("description", C.CASE, FOLLOW_UP, sensitivity=S.FREE_TEXT, erasure=E.PSEUDONYMISE),
            _f("target_date", C.CASE, FOLLOW_UP),
            _f("status", C.CASE, STATISTICS),
            _f("status_changed_on", C.CASE, STATISTICS),
        ),
        other=(*TIMESTAMPS, "plan", "parent", "position"),
    ),
    ModelEntry(
        "plans.FollowUp",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            _f("held_on", C.CASE, FOLLOW_UP),
            _f("participant_present", C.CASE, FOLLOW_UP),
            _f("coach_present", C.CASE, FOLLOW_UP),
            _f("referrer_present", C.CASE, FOLLOW_UP),
            _f("others_present", C.CASE, FOLLOW_UP, sensitivity=S.FREE_TEXT, erasure=E.BLANK),
            _f("agreed", C.CASE, FOLLOW_UP, sensitivity=S.FREE_TEXT, erasure=E.BLANK),
            _f("next_follow_up_on", C.CASE, FOLLOW_UP),
            _f("created_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(*TIMESTAMPS, "enrolment"),
    ),
    ModelEntry(
        "plans.GoalStatusChange",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="goal__plan__enrolment__person",
        fields=(
            _f("status", C.CASE, STATISTICS),
            _f("changed_on", C.CASE, STATISTICS),
            _f("changed_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=("goal", "follow_up", "created_at"),
    ),
    ModelEntry(
        "activities.Activity",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            _f("activity_type", C.CASE, STATISTICS),
            _f("start_date", C.CASE, STATISTICS),
            _f("end_date", C.CASE, STATISTICS),
            _f("end_reason", C.CASE, STATISTICS),
            _f("provider", C.CASE, FOLLOW_UP),
            _f("place", C.CASE, FOLLOW_UP, sensitivity=S.FREE_TEXT, erasure=E.BLANK),
            _f("planned_hours_per_week", C.CASE, STATISTICS),
            _f("note", C.CASE, FOLLOW_UP, sensitivity=S.FREE_TEXT, erasure=E.BLANK),
            _f("goals", C.CASE, FOLLOW_UP),
            _f("created_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(*TIMESTAMPS, "enrolment", "version"),
    ),
    ModelEntry(
        "activities.ActivityHours",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="activity__enrolment__person",
        fields=(
            _f("week", C.CASE, STATISTICS),
            _f("hours", C.CASE, STATISTICS),
            _f("reported_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=("activity", "reported_at"),
    ),
    ModelEntry(
        "activities.GroupBooking",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            _f("booked_from", C.CASE, STATISTICS),
            _f("left_on", C.CASE, STATISTICS),
            _f("booked_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(*TIMESTAMPS, "group_activity", "enrolment"),
    ),
    ModelEntry(
        "activities.Attendance",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            _f("status", C.CASE, STATISTICS),
            _f("hours", C.CASE, STATISTICS),
            _f("recorded_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(*TIMESTAMPS, "session", "enrolment"),
    ),
    ModelEntry(
        "journal.JournalNote",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            _f("written_on", C.CASE, FOLLOW_UP),
            _f("author", C.ACCOUNT, ACCOUNTABILITY),
            _f("title", C.CASE, FOLLOW_UP, sensitivity=S.FREE_TEXT, erasure=E.PSEUDONYMISE),
            _f("text", C.CASE, FOLLOW_UP, sensitivity=S.FREE_TEXT, erasure=E.BLANK),
            _f("sensitive", C.CASE, FOLLOW_UP),
            _f("category", C.HEALTH, FOLLOW_UP, sensitivity=S.SPECIAL),
        ),
        other=(*TIMESTAMPS, "enrolment", "edited_at", "version"),
    ),
    ModelEntry(
        "journal.JournalNoteRevision",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="note__enrolment__person",
        fields=(
            _f("written_on", C.CASE, ACCOUNTABILITY),
            _f("title", C.CASE, ACCOUNTABILITY, sensitivity=S.FREE_TEXT, erasure=E.PSEUDONYMISE),
            _f("text", C.CASE, ACCOUNTABILITY, sensitivity=S.FREE_TEXT, erasure=E.BLANK),
            _f("sensitive", C.CASE, ACCOUNTABILITY),
            _f("category", C.HEALTH, ACCOUNTABILITY, sensitivity=S.SPECIAL),
            _f("corrected_by", C.ACCOUNT, ACCOUNTABILITY),
            _f("reason", C.CASE, ACCOUNTABILITY, sensitivity=S.FREE_TEXT, erasure=E.BLANK),
        ),
        other=("note", "corrected_at"),
    ),
    ModelEntry(
        "teamwork.AgendaItem",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            _f("enrolment", C.CASE, PARTNERS),
            _f("question", C.CASE, PARTNERS, sensitivity=S.FREE_TEXT, erasure=E.PSEUDONYMISE),
            _f("discussion", C.CASE, PARTNERS, sensitivity=S.FREE_TEXT, erasure=E.BLANK),
            _f("decision", C.CASE, PARTNERS, sensitivity=S.FREE_TEXT, erasure=E.BLANK),
            _f("raised_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(*TIMESTAMPS, "meeting", "position"),
    ),
    ModelEntry(
        "teamwork.Task",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="agenda_item__enrolment__person",
        fields=(
            _f("what", C.CASE, PARTNERS, sensitivity=S.FREE_TEXT, erasure=E.PSEUDONYMISE),
            _f("responsible", C.ACCOUNT, PARTNERS),
            _f("done_by", C.ACCOUNT, ACCOUNTABILITY),
            _f("created_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(*TIMESTAMPS, "meeting", "agenda_item", "due_on", "done_on"),
    ),
    ModelEntry(
        "teamwork.Barrier",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            # The example is written without personal data; only the link to the case is personal.
            _f("enrolment", C.CASE, PARTNERS, erasure=E.BLANK),
            _f("raised_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(
            *TIMESTAMPS,
            "project",
            "title",
            "category",
            "description",
            "registered_on",
            "status",
            "raised_to_steering_on",
            "decision",
            "decided_on",
            "follow_up",
            "closed_on",
            "version",
            "agencies",
        ),
    ),
    ModelEntry(
        "assessments.Assessment",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            _f("assessed_on", C.ASSESSMENT, STATISTICS),
            _f("occasion", C.ASSESSMENT, STATISTICS),
            _f("rater", C.ASSESSMENT, STATISTICS),
            _f("recorded_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(*TIMESTAMPS, "enrolment", "instrument", "follow_up", "version"),
    ),
    ModelEntry(
        "assessments.AssessmentScore",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="assessment__enrolment__person",
        fields=(_f("level", C.ASSESSMENT, STATISTICS, sensitivity=S.SPECIAL),),
        other=("assessment", "area"),
    ),
    ModelEntry(
        "surveys.SurveyLink",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            _f("enrolment", C.ASSESSMENT, FOLLOW_UP),
            _f("draft", C.ASSESSMENT, FOLLOW_UP, sensitivity=S.FREE_TEXT, erasure=E.BLANK),
            _f("created_by", C.ACCOUNT, ACCOUNTABILITY),
            _f("revoked_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(
            "token_hash",
            "version",
            "project",
            "organisation",
            "occasion",
            "expires_at",
            "created_at",
            "creation_key",
            "opened_at",
            "used_at",
            "revoked_at",
            "draft_saved_at",
        ),
    ),
    ModelEntry(
        "surveys.Response",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            _f("enrolment", C.ASSESSMENT, STATISTICS),
            _f("answered_on", C.ASSESSMENT, STATISTICS),
            _f("entered_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(
            "questionnaire",
            "version",
            "project",
            "organisation",
            "occasion",
            "channel",
            "link",
            "created_at",
        ),
    ),
    ModelEntry(
        "surveys.Answer",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="response__enrolment__person",
        fields=(
            _f("value_int", C.ASSESSMENT, STATISTICS, sensitivity=S.SPECIAL),
            _f("value_text", C.ASSESSMENT, FOLLOW_UP, sensitivity=S.FREE_TEXT, erasure=E.BLANK),
        ),
        other=("response", "question"),
    ),
    ModelEntry(
        "audit.AuditEntry",
        Subject.PARTICIPANT,
        Retention.LOG,
        fields=(
            _f("user", C.LOG, LOGGING),
            _f("person_id", C.LOG, LOGGING),
            _f("enrolment_id", C.LOG, LOGGING),
            _f("at", C.LOG, LOGGING),
            _f("path", C.LOG, LOGGING),
            # Typed by the user when opening sensitive data; the log is never altered.
            _f("purpose", C.LOG, LOGGING, sensitivity=S.FREE_TEXT),
        ),
        other=("organisation_id", "action", "project_id", "object_id"),
    ),
    ModelEntry(
        "accounts.User",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(
            _f("username", C.ACCOUNT, ACCOUNTS),
            _f("first_name", C.ACCOUNT, ACCOUNTS),
            _f("last_name", C.ACCOUNT, ACCOUNTS),
            _f("email", C.CONTACT, ACCOUNTS),
            _f("password", C.ACCOUNT, ACCOUNTS),
            _f("last_login", C.ACCOUNT, ACCOUNTS),
            _f("date_joined", C.ACCOUNT, ACCOUNTS),
            _f("organisation", C.ACCOUNT, ACCOUNTS),
        ),
        other=("is_superuser", "is_staff", "is_active", "is_administrator", "groups", "user_permissions"),
    ),
    ModelEntry(
        "accounts.Membership",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(
            _f("user", C.ACCOUNT, ACCOUNTS),
            _f("project", C.ACCOUNT, ACCOUNTS),
            _f("role", C.ACCOUNT, ACCOUNTS),
            _f("whole_project", C.ACCOUNT, ACCOUNTS),
        ),
        other=TIMESTAMPS,
    ),
    # Sign-in security: the second factor, the sessions a user holds, and API keys.
    ModelEntry(
        "accounts.RecoveryCodeDevice",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(_f("user", C.ACCOUNT, ACCOUNTS),),
        other=("name", "confirmed"),
    ),
    ModelEntry(
        "accounts.RecoveryCode",
        Subject.STAFF,
        Retention.ACCOUNT,
        # Keyed hashes only; the codes themselves are shown once and never stored.
        fields=(_f("code_hash", C.ACCOUNT, ACCOUNTS), _f("used_at", C.ACCOUNT, ACCOUNTS)),
        other=("device",),
    ),
    ModelEntry(
        "accounts.UserSession",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(
            _f("user", C.ACCOUNT, ACCOUNTS),
            _f("session_key", C.ACCOUNT, ACCOUNTS),
            _f("created_at", C.ACCOUNT, ACCOUNTS),
        ),
    ),
    ModelEntry(
        "api.ApiToken",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(
            _f("user", C.ACCOUNT, ACCOUNTS),
            _f("name", C.ACCOUNT, ACCOUNTS),
            _f("key_hash", C.ACCOUNT, ACCOUNTS),
            _f("last_used_at", C.ACCOUNT, ACCOUNTS),
        ),
        other=("prefix", "created_at", "expires_at", "revoked_at"),
    ),
    # Six months after exit (ESF+ EECR05-06): statistics, so kept like the exit itself.
    ModelEntry(
        "reports.PostExitCheck",
        Subject.PARTICIPANT,
        Retention.PROJECT,
        person_path="enrolment__person",
        fields=(
            _f("enrolment", C.CASE, STATISTICS),
            _f("checked_on", C.CASE, STATISTICS),
            _f("reached", C.CASE, STATISTICS),
            _f("method", C.CASE, STATISTICS),
            _f("sysselsattning", C.BACKGROUND, STATISTICS),
            _f("employed", C.BACKGROUND, STATISTICS),
            _f("improved", C.BACKGROUND, STATISTICS),
            _f("recorded_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=TIMESTAMPS,
    ),
    # An upload of participants: the file is deleted once the import is done or abandoned.
    ModelEntry(
        "imports.ImportRun",
        Subject.PARTICIPANT,
        Retention.TRANSIENT,
        fields=(
            _f("file", C.IDENTITY, IDENTIFY, sensitivity=S.PERSONAL_ID),
            # Row numbers, columns and reasons, with personnummer masked and no names.
            _f("errors", C.CASE, IDENTIFY, sensitivity=S.FREE_TEXT),
            _f("created_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(
            *TIMESTAMPS,
            "project",
            "status",
            "original_name",
            "file_format",
            "headers",
            "row_count",
            "mapping",
            "consent_form_version",
            "error_count",
            "checked_rows",
            "imported_count",
            "failure",
            "check_job",
            "import_job",
        ),
    ),
    # A background job's result (a report or an export) is kept for its owner for a limited time.
    ModelEntry(
        "jobs.Job",
        Subject.STAFF,
        Retention.TRANSIENT,
        fields=(
            _f("created_by", C.ACCOUNT, ACCOUNTABILITY),
            _f("result", C.CASE, STATISTICS, sensitivity=S.PRIVACY_SENSITIVE),
        ),
        other=(
            "kind",
            "project",
            "status",
            "done",
            "total",
            "message",
            "error",
            "result_name",
            "content_type",
            "next_url",
            "created_at",
            "finished_at",
            "expires_at",
        ),
    ),
    ModelEntry(
        "projects.Project",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(_f("contact_person", C.CONTACT, _("Kontaktperson för projektet gentemot finansiären")),),
        other=(
            *TIMESTAMPS,
            "diarienummer",
            "name",
            "parent",
            "fund",
            "program_cci",
            "programomrade",
            "specifikt_mal",
            "nuts2",
            "region",
            "intervention_type",
            "child_poverty_theme",
            "strategic_importance",
            "start_date",
            "end_date",
            "planned_participants",
            "cofinancing_rate",
            "total_budget",
            "granted_support",
            "owner",
            "recipient_postcode",
            "recipient_city",
            "target_group",
            "description",
            "age_min",
            "age_max",
            "min_partner_agencies",
            "follow_up_interval_days",
        ),
    ),
    ModelEntry(
        "activities.GroupActivity",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(_f("leader", C.ACCOUNT, FOLLOW_UP), _f("created_by", C.ACCOUNT, ACCOUNTABILITY)),
        other=(
            *TIMESTAMPS,
            "project",
            "activity_type",
            "title",
            "description",
            "provider",
            "start_date",
            "end_date",
            "place",
            "capacity",
        ),
    ),
    # Conclusions about groups of participants, by the project manager: staff free text,
    # not about a person (the form says so), kept with the project like the annual report.
    ModelEntry(
        "analysis.AnalysisNote",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(_f("author", C.ACCOUNT, ACCOUNTABILITY),),
        other=(
            *TIMESTAMPS,
            "project",
            "dimension",
            "period_start",
            "period_end",
            "group_a",
            "group_b",
            "conclusion",
            "measure",
        ),
    ),
    ModelEntry(
        "teamwork.TeamMeeting",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(_f("created_by", C.ACCOUNT, ACCOUNTABILITY),),
        other=(*TIMESTAMPS, "project", "held_on", "notes", "version", "organisations"),
    ),
    ModelEntry(
        "teamwork.BarrierStatusChange",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(_f("changed_by", C.ACCOUNT, ACCOUNTABILITY),),
        other=("barrier", "status", "changed_on", "note", "created_at"),
    ),
    ModelEntry(
        "assessments.FidelityReview",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(
            _f("reviewers", C.ACCOUNT, _("Vilka som gjorde trohetsgranskningen")),
            _f("recorded_by", C.ACCOUNT, ACCOUNTABILITY),
        ),
        other=(*TIMESTAMPS, "project", "team_name", "reviewed_on", "summary", "version"),
    ),
    ModelEntry(
        "assessments.Instrument",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(_f("created_by", C.ACCOUNT, ACCOUNTABILITY),),
        other=(
            *TIMESTAMPS,
            "key",
            "name",
            "version",
            "project",
            "description",
            "licence_note",
            "raters",
            "scale_max",
            "is_default",
            "is_current",
            "source",
            "previous",
        ),
    ),
    ModelEntry(
        "assessments.StepMovementRule",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(_f("updated_by", C.ACCOUNT, ACCOUNTABILITY),),
        other=(
            *TIMESTAMPS,
            "project",
            "criterion_sub_goal",
            "criterion_assessment",
            "criterion_phase",
            "criterion_situation",
            "criterion_exit",
            "combination",
            "instrument",
            "description",
            "uses_ips",
            "version",
        ),
    ),
    ModelEntry(
        "privacy.RetentionPolicy",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(_f("updated_by", C.ACCOUNT, ACCOUNTABILITY),),
        other=(*TIMESTAMPS, "project", "years", "legal_hold", "hold_reason"),
    ),
    ModelEntry(
        "privacy.ErasureRecord",
        Subject.PARTICIPANT,
        Retention.LOG,
        fields=(_f("person", C.LOG, _("Visa att gallring har gjorts, utan innehåll")),),
        other=("erased_at",),
    ),
    ModelEntry(
        "surveys.QuestionnaireVersion",
        Subject.STAFF,
        Retention.ACCOUNT,
        fields=(_f("created_by", C.ACCOUNT, ACCOUNTABILITY),),
        other=("questionnaire", "number", "title", "intro", "published_on", "created_at"),
    ),
    # The project manager's analysis and proposed measures for the annual report: written
    # about the project as a whole, not about persons (the form says not to name anyone),
    # so the texts are not personal data; who last saved them is.
    ModelEntry(
        "reports.AnnualReportText",
        Subject.STAFF,
        Retention.PROJECT,
        fields=(_f("updated_by", C.ACCOUNT, ACCOUNTABILITY),),
        other=(*TIMESTAMPS, "project", "year", "analysis", "proposed_measures"),
    ),
)

# Models with no personal data at all, each field named so a new one forces a decision.
NOT_PERSONAL: dict[str, tuple[str, ...]] = {
    "accounts.Organisation": (*TIMESTAMPS, "name", "kind", "org_nr"),
    "projects.ProjectMunicipality": ("project", "name", "planned_places"),
    "projects.ProjectPartner": ("project", "organisation", "role"),
    "projects.ProjectTarget": ("project", "metric", "threshold_percent", "description"),
    "activities.ActivityCatalogue": ("project", "defaults_added_at"),
    "activities.ActivityType": (
        *TIMESTAMPS,
        "project",
        "name",
        "kind",
        "description",
        "active",
        "position",
    ),
    "activities.GroupSession": (
        "group_activity",
        "date",
        "start_time",
        "duration_hours",
        "cancelled",
        "note",
    ),
    "assessments.Area": ("instrument", "name", "description", "position"),
    "assessments.Level": ("area", "value", "description"),
    "assessments.FidelityItem": ("review", "number", "label", "score"),
    "surveys.Questionnaire": (
        "key",
        "name",
        "audience",
        "purpose",
        "description",
        "project",
        "based_on",
        "is_active",
        "created_at",
    ),
    "surveys.Question": (
        "version",
        "position",
        "text",
        "help_text",
        "kind",
        "required",
        "measure",
        "asked_at",
        "scale_low_label",
        "scale_high_label",
        "choices",
    ),
}


def erasable() -> list[ModelEntry]:
    """Entries about participants with at least one field that erasure clears."""
    return [
        entry
        for entry in REGISTER
        if entry.person_path is not None and any(f.erasure != Erasure.KEEP for f in entry.fields)
    ]


# Apps whose models the register must cover (privacy/tests/test_register.py walks them).
COVERED_APP_PREFIX = "stegvis."
