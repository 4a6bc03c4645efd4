"""Writes for questionnaires, versions, participant links and responses.

Every service is keyword-only, runs in one transaction and writes its audit entry
in that same transaction, with ids only: never an answer, never a token. Broken
rules raise ValidationError with a Swedish message.

Rules kept here:
- a published version is never changed; a change is a new version (``version_draft_create``);
- a link token is shown once; the database keeps only its SHA-256;
- a link works once, until it expires, is revoked or the participant withdraws consent;
- one response per enrolment, questionnaire and occasion; an exit response uses the
  version of the start response, so that the two can be compared.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.accounts.models import Organisation, User
from stegvis.audit.services import audit_log
from stegvis.participants.models import Consent, Enrolment
from stegvis.projects.models import Project
from stegvis.surveys.defaults import DEFAULTS, QuestionnaireSpec
from stegvis.surveys.models import (
    SCALE_MAX,
    SCALE_MIN,
    Answer,
    Audience,
    Occasion,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    SurveyLink,
)

DEFAULT_DAYS_VALID = 14
MAX_DAYS_VALID = 60
MAX_PARTNER_LINKS = 50
MAX_TEXT_ANSWER = 2000
MAX_QUESTIONS = 40


class LinkNotUsable(Exception):
    """The link was used, revoked or expired while the participant was answering."""


class LinkAlreadyCreated(Exception):
    """The creation form was sent twice; the first link exists and its token cannot be shown again."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


# --- questionnaires and versions ----------------------------------------------------------


@dataclass
class QuestionData:
    """One question as a form or a default spec describes it."""

    text: str
    kind: str
    required: bool = True
    measure: str = ""
    asked_at: str = Question.AskedAt.ALWAYS
    scale_low_label: str = ""
    scale_high_label: str = ""
    choices: list[str] = field(default_factory=list)
    help_text: str = ""

    @classmethod
    def of(cls, question: Question) -> QuestionData:
        return cls(
            text=question.text,
            kind=question.kind,
            required=question.required,
            measure=question.measure,
            asked_at=question.asked_at,
            scale_low_label=question.scale_low_label,
            scale_high_label=question.scale_high_label,
            choices=list(question.choices),
            help_text=question.help_text,
        )

    def signature(self) -> tuple:
        return (
            self.text,
            self.kind,
            self.required,
            self.measure,
            self.asked_at,
            self.scale_low_label,
            self.scale_high_label,
            tuple(self.choices),
            self.help_text,
        )


def _spec_questions(spec: QuestionnaireSpec) -> list[QuestionData]:
    return [
        QuestionData(
            text=q.text,
            kind=q.kind,
            required=q.required,
            measure=q.measure,
            asked_at=q.asked_at,
            scale_low_label=q.low,
            scale_high_label=q.high,
            choices=list(q.choices),
            help_text=q.help_text,
        )
        for q in spec.questions
    ]


def _questions_validate(questions: list[QuestionData], audience: str) -> None:
    """The rules a set of questions must keep before it is saved."""
    errors: list[str] = []
    if not questions:
        errors.append(_("En version måste ha minst en fråga."))
    if len(questions) > MAX_QUESTIONS:
        errors.append(_("En version kan ha högst %(n)s frågor.") % {"n": MAX_QUESTIONS})
    seen_measures: set[str] = set()
    for number, question in enumerate(questions, start=1):
        where = _("Fråga %(n)s") % {"n": number}
        if not question.text.strip():
            errors.append(_("%(where)s: skriv frågan.") % {"where": where})
        if question.kind not in Question.Kind.values:
            errors.append(_("%(where)s: välj en svarstyp.") % {"where": where})
        if question.kind == Question.Kind.SCALE and not (
            question.scale_low_label.strip() and question.scale_high_label.strip()
        ):
            errors.append(_("%(where)s: en skala behöver en text för 1 och en för 5.") % {"where": where})
        if question.kind == Question.Kind.CHOICE:
            options = [c.strip() for c in question.choices if c.strip()]
            if len(options) < 2:
                errors.append(_("%(where)s: ange minst två svarsalternativ.") % {"where": where})
            if len(set(options)) != len(options):
                errors.append(_("%(where)s: två svarsalternativ är likadana.") % {"where": where})
        if question.measure:
            if question.kind != Question.Kind.SCALE:
                errors.append(_("%(where)s: bara en skalfråga kan ha ett mått.") % {"where": where})
            if question.measure in seen_measures:
                errors.append(
                    _("%(where)s: måttet används redan av en annan fråga i versionen.") % {"where": where}
                )
            seen_measures.add(question.measure)
        if audience == Audience.PARTNER and question.asked_at != Question.AskedAt.ALWAYS:
            errors.append(
                _("%(where)s: en enkät till samverkansparter ställer alla frågor varje gång.")
                % {"where": where}
            )
    if errors:
        raise ValidationError(errors)


def _questions_write(version: QuestionnaireVersion, questions: list[QuestionData]) -> None:
    Question.objects.bulk_create(
        Question(
            version=version,
            position=position,
            text=q.text.strip(),
            help_text=q.help_text.strip(),
            kind=q.kind,
            required=q.required,
            measure=q.measure if q.kind == Question.Kind.SCALE else "",
            asked_at=q.asked_at,
            scale_low_label=q.scale_low_label.strip() if q.kind == Question.Kind.SCALE else "",
            scale_high_label=q.scale_high_label.strip() if q.kind == Question.Kind.SCALE else "",
            choices=[c.strip() for c in q.choices if c.strip()] if q.kind == Question.Kind.CHOICE else [],
        )
        for position, q in enumerate(questions, start=1)
    )


def _next_number(questionnaire: Questionnaire) -> int:
    return (questionnaire.versions.aggregate(n=Max("number"))["n"] or 0) + 1


def latest_published(questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    return questionnaire.versions.filter(published_on__isnull=False).order_by("-number").first()


def _version_signature(version: QuestionnaireVersion) -> tuple:
    return (
        version.title,
        version.intro,
        tuple(QuestionData.of(q).signature() for q in version.questions.order_by("position")),
    )


@transaction.atomic
def questionnaires_ensure_defaults(*, on: datetime.date | None = None) -> list[Questionnaire]:
    """Stegvis's own questionnaires, published; idempotent.

    When a default's wording has changed since its latest version, a new version is
    published; the old one, and every answer given to it, stays as it was.
    """
    made: list[Questionnaire] = []
    for spec in DEFAULTS:
        questionnaire, _created = Questionnaire.objects.get_or_create(
            key=spec.key,
            defaults={
                "name": spec.name,
                "audience": spec.audience,
                "purpose": spec.purpose,
                "description": spec.description,
            },
        )
        wanted_questions = _spec_questions(spec)
        wanted = (spec.title, spec.intro, tuple(q.signature() for q in wanted_questions))
        latest = latest_published(questionnaire)
        if latest is None or _version_signature(latest) != wanted:
            version = QuestionnaireVersion.objects.create(
                questionnaire=questionnaire,
                number=_next_number(questionnaire),
                title=spec.title,
                intro=spec.intro,
                published_on=on or timezone.localdate(),
            )
            _questions_write(version, wanted_questions)
        made.append(questionnaire)
    return made


def _unique_key(base: str) -> str:
    key, n = base[:60], 2
    while Questionnaire.objects.filter(key=key).exists():
        key = f"{base[:55]}-{n}"
        n += 1
    return key


def _copy_version(
    source: QuestionnaireVersion, questionnaire: Questionnaire, *, by: User
) -> QuestionnaireVersion:
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=_next_number(questionnaire),
        title=source.title,
        intro=source.intro,
        created_by=by,
    )
    _questions_write(version, [QuestionData.of(q) for q in source.questions.order_by("position")])
    return version


def draft_of(questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    return questionnaire.versions.filter(published_on__isnull=True).first()


@transaction.atomic
def version_draft_create(
    *, questionnaire: Questionnaire, project: Project, by: User, path: str = ""
) -> QuestionnaireVersion:
    """A new version to edit, copied from the latest one.

    A shared default belongs to every project, so changing it for one project makes
    the project its own questionnaire (version 1, a copy); the default stays as it is.
    An existing draft is returned rather than a second one made.
    """
    source = latest_published(questionnaire) or draft_of(questionnaire)
    if source is None:
        raise ValidationError(_("Enkäten har ingen version att utgå från."))
    if questionnaire.is_shared:
        # The project's own copy, if it made one before: a change is its next version.
        existing_copy = (
            Questionnaire.objects.filter(project=project, based_on=questionnaire, is_active=True)
            .order_by("pk")
            .first()
        )
        if existing_copy is not None:
            return version_draft_create(questionnaire=existing_copy, project=project, by=by, path=path)
        copy = Questionnaire.objects.create(
            key=_unique_key(f"{questionnaire.key}-projekt-{project.pk}"),
            name=_("%(name)s (%(project)s)") % {"name": questionnaire.name, "project": project.name},
            audience=questionnaire.audience,
            purpose=questionnaire.purpose,
            description=questionnaire.description,
            project=project,
            based_on=questionnaire,
        )
        audit_log(
            user=by,
            action="surveys.questionnaire.copied",
            project_id=project.pk,
            object_id=copy.pk,
            path=path,
        )
        questionnaire = copy
    elif questionnaire.project_id != project.pk:
        raise ValidationError(_("Enkäten tillhör ett annat projekt."))
    existing = draft_of(questionnaire)
    if existing is not None:
        return existing
    version = _copy_version(source, questionnaire, by=by)
    audit_log(
        user=by, action="surveys.version.created", project_id=project.pk, object_id=version.pk, path=path
    )
    return version


def _ensure_editable(version: QuestionnaireVersion) -> None:
    """A version that has been published, or answered, is never reworded in place."""
    if version.is_published or version.responses.exists() or version.links.exists():
        raise ValidationError(
            _("Version %(n)s är publicerad och kan inte ändras. Skapa en ny version i stället.")
            % {"n": version.number}
        )


@transaction.atomic
def version_update(
    *,
    version: QuestionnaireVersion,
    title: str,
    intro: str,
    questions: list[QuestionData],
    by: User,
    path: str = "",
) -> QuestionnaireVersion:
    """Replace a draft's heading, introduction and questions."""
    version = (
        QuestionnaireVersion.objects.select_for_update().select_related("questionnaire").get(pk=version.pk)
    )
    _ensure_editable(version)
    if not title.strip():
        raise ValidationError({"title": _("Skriv en rubrik.")})
    _questions_validate(questions, version.questionnaire.audience)
    version.title = title.strip()
    version.intro = intro.strip()
    version.save(update_fields=["title", "intro"])
    version.questions.all().delete()
    _questions_write(version, questions)
    audit_log(
        user=by,
        action="surveys.version.updated",
        project_id=version.questionnaire.project_id,
        object_id=version.pk,
        path=path,
    )
    return version


@transaction.atomic
def version_publish(
    *, version: QuestionnaireVersion, by: User, on: datetime.date | None = None, path: str = ""
) -> QuestionnaireVersion:
    """From now on new links and paper answers use this version."""
    version = (
        QuestionnaireVersion.objects.select_for_update().select_related("questionnaire").get(pk=version.pk)
    )
    _ensure_editable(version)
    questions = [QuestionData.of(q) for q in version.questions.order_by("position")]
    _questions_validate(questions, version.questionnaire.audience)
    version.published_on = on or timezone.localdate()
    version.save(update_fields=["published_on"])
    audit_log(
        user=by,
        action="surveys.version.published",
        project_id=version.questionnaire.project_id,
        object_id=version.pk,
        path=path,
    )
    return version


@transaction.atomic
def version_discard(*, version: QuestionnaireVersion, by: User, path: str = "") -> None:
    """Throw away a draft. A project questionnaire left without any version goes with it."""
    version = (
        QuestionnaireVersion.objects.select_for_update().select_related("questionnaire").get(pk=version.pk)
    )
    _ensure_editable(version)
    questionnaire = version.questionnaire
    audit_log(
        user=by,
        action="surveys.version.discarded",
        project_id=questionnaire.project_id,
        object_id=version.pk,
        path=path,
    )
    version.delete()
    if not questionnaire.is_shared and not questionnaire.versions.exists():
        questionnaire.delete()


# --- answers ---------------------------------------------------------------------------------


def asked_questions(version: QuestionnaireVersion, occasion: str) -> list[Question]:
    return [q for q in version.questions.all() if q.asked_on(occasion)]


def answer_clean(question: Question, raw: object) -> int | str | None:
    """One answer as stored (int for scale and choice, str for text), None when left empty.

    Raises ValidationError for a value the question cannot take.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if question.kind == Question.Kind.TEXT:
        text = str(raw).strip()
        if len(text) > MAX_TEXT_ANSWER:
            raise ValidationError(_("Svaret får vara högst %(n)s tecken.") % {"n": MAX_TEXT_ANSWER})
        return text
    try:
        value = int(str(raw))
    except ValueError:
        raise ValidationError(_("Välj ett av svarsalternativen.")) from None
    highest = SCALE_MAX if question.kind == Question.Kind.SCALE else len(question.choices)
    if not SCALE_MIN <= value <= highest:
        raise ValidationError(_("Välj ett av svarsalternativen."))
    return value


def answers_clean(
    version: QuestionnaireVersion, occasion: str, raw: Mapping[int, object]
) -> dict[Question, int | str]:
    """Every asked question's answer; a required one left empty is an error on its field (q<pk>)."""
    cleaned: dict[Question, int | str] = {}
    errors: dict[str, list[str]] = {}
    for question in asked_questions(version, occasion):
        try:
            value = answer_clean(question, raw.get(question.pk))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
            continue
        if value is None:
            if question.required:
                errors[f"q{question.pk}"] = [_("Svara på frågan.")]
            continue
        cleaned[question] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _response_write(
    *,
    version: QuestionnaireVersion,
    project: Project,
    occasion: str,
    answers: Mapping[int, object],
    answered_on: datetime.date,
    channel: str,
    enrolment: Enrolment | None = None,
    organisation: Organisation | None = None,
    link: SurveyLink | None = None,
    entered_by: User | None = None,
) -> Response:
    if version.published_on is None:
        raise ValidationError(_("Enkäten är ett utkast och kan inte besvaras ännu."))
    cleaned = answers_clean(version, occasion, answers)
    response = Response.objects.create(
        questionnaire_id=version.questionnaire_id,
        version=version,
        project=project,
        enrolment=enrolment,
        organisation=organisation,
        occasion=occasion,
        answered_on=answered_on,
        channel=channel,
        link=link,
        entered_by=entered_by,
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=question,
            value_int=value if isinstance(value, int) else None,
            value_text=value if isinstance(value, str) else "",
        )
        for question, value in cleaned.items()
    )
    return response


# --- who can answer what ---------------------------------------------------------------------


def questionnaires_for_project(project: Project):
    """Active questionnaires a project may use: the shared defaults, its own and its umbrella's."""
    owners = Q(project__isnull=True) | Q(project=project)
    if project.parent_id:
        owners |= Q(project_id=project.parent_id)
    return Questionnaire.objects.filter(owners, is_active=True)


def has_survey_consent(enrolment: Enrolment) -> bool:
    """An identified participant answers only with consent to surveys; an anonymous one is never named."""
    if enrolment.person.is_anonymous:
        return True
    return Consent.objects.filter(
        person_id=enrolment.person_id,
        project_id=enrolment.project_id,
        scope=Consent.Scope.SURVEYS,
        withdrawn_on__isnull=True,
    ).exists()


def version_for(
    enrolment: Enrolment, questionnaire: Questionnaire, occasion: str
) -> QuestionnaireVersion | None:
    """The version a participant answers: at exit, the one answered at start, so the two compare."""
    if occasion == Occasion.EXIT:
        start = (
            Response.objects.filter(enrolment=enrolment, questionnaire=questionnaire, occasion=Occasion.START)
            .select_related("version")
            .first()
        )
        if start is not None:
            return start.version
    return latest_published(questionnaire)


def participant_version_check(
    enrolment: Enrolment, questionnaire: Questionnaire, occasion: str
) -> QuestionnaireVersion:
    """The version the participant would answer, or ValidationError saying why they cannot."""
    if questionnaire.audience != Audience.PARTICIPANT:
        raise ValidationError({"questionnaire": _("Enkäten är till samverkansparter, inte till deltagare.")})
    if not questionnaires_for_project(enrolment.project).filter(pk=questionnaire.pk).exists():
        raise ValidationError({"questionnaire": _("Enkäten används inte i projektet.")})
    if occasion not in questionnaire.occasions():
        raise ValidationError({"occasion": _("Enkäten besvaras inte vid det tillfället.")})
    if not has_survey_consent(enrolment):
        raise ValidationError(
            _("Deltagaren har inte ett gällande samtycke till enkäter. Registrera samtycket först.")
        )
    if Response.objects.filter(enrolment=enrolment, questionnaire=questionnaire, occasion=occasion).exists():
        raise ValidationError(
            {
                "occasion": _("Deltagaren har redan besvarat enkäten %(occasion)s.")
                % {"occasion": Occasion(occasion).label}
            }
        )
    version = version_for(enrolment, questionnaire, occasion)
    if version is None:
        raise ValidationError({"questionnaire": _("Enkäten har ingen publicerad version ännu.")})
    return version


def _check_partner(
    project: Project, questionnaire: Questionnaire, organisation: Organisation
) -> QuestionnaireVersion:
    if questionnaire.audience != Audience.PARTNER:
        raise ValidationError({"questionnaire": _("Enkäten är till deltagare, inte till samverkansparter.")})
    if not questionnaires_for_project(project).filter(pk=questionnaire.pk).exists():
        raise ValidationError({"questionnaire": _("Enkäten används inte i projektet.")})
    if not project.partners.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("Organisationen är inte part i projektet.")})
    version = latest_published(questionnaire)
    if version is None:
        raise ValidationError({"questionnaire": _("Enkäten har ingen publicerad version ännu.")})
    return version


def _active_links(**filters):
    now = timezone.now()
    return SurveyLink.objects.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now, **filters
    )


# --- links -----------------------------------------------------------------------------------


def _days_valid_check(days_valid: int) -> None:
    if not 1 <= days_valid <= MAX_DAYS_VALID:
        raise ValidationError(
            {"days_valid": _("Länken kan gälla från 1 till %(max)s dagar.") % {"max": MAX_DAYS_VALID}}
        )


def _new_link(**fields) -> tuple[SurveyLink, str]:
    token = secrets.token_urlsafe(32)
    link = SurveyLink.objects.create(token_hash=token_hash(token), **fields)
    return link, token


@transaction.atomic
def link_create(
    *,
    enrolment: Enrolment,
    questionnaire: Questionnaire,
    occasion: str,
    by: User,
    days_valid: int = DEFAULT_DAYS_VALID,
    creation_key: uuid.UUID | None = None,
    path: str = "",
) -> tuple[SurveyLink, str]:
    """A single-use link for one participant; returns the link and its token, which is never stored.

    An earlier unused link to the same questionnaire and occasion stops working, and
    what the participant had answered on it carries over to the new one.
    """
    if creation_key is not None and SurveyLink.objects.filter(creation_key=creation_key).exists():
        raise LinkAlreadyCreated
    version = participant_version_check(enrolment, questionnaire, occasion)
    _days_valid_check(days_valid)
    now = timezone.now()
    draft: dict = {}
    for earlier in _active_links(
        enrolment=enrolment, version__questionnaire=questionnaire, occasion=occasion
    ).select_for_update():
        if earlier.version_id == version.pk and earlier.draft:
            draft = {**earlier.draft, **draft}
        earlier.revoked_at, earlier.revoked_by, earlier.draft = now, by, {}
        earlier.save(update_fields=["revoked_at", "revoked_by", "draft"])
    link, token = _new_link(
        version=version,
        project=enrolment.project,
        enrolment=enrolment,
        occasion=occasion,
        expires_at=_end_of_day(timezone.localdate() + datetime.timedelta(days=days_valid)),
        created_by=by,
        creation_key=creation_key,
        draft=draft,
        draft_saved_at=now if draft else None,
    )
    audit_log(
        user=by,
        action="surveys.link.created",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        object_id=link.pk,
        path=path,
    )
    return link, token


@transaction.atomic
def partner_links_create(
    *,
    project: Project,
    questionnaire: Questionnaire,
    organisation: Organisation,
    count: int,
    by: User,
    days_valid: int = DEFAULT_DAYS_VALID,
    creation_key: uuid.UUID | None = None,
    path: str = "",
) -> list[tuple[SurveyLink, str]]:
    """Single-use links for the handläggare of one partner organisation, one link each."""
    if creation_key is not None and SurveyLink.objects.filter(creation_key=creation_key).exists():
        raise LinkAlreadyCreated
    version = _check_partner(project, questionnaire, organisation)
    _days_valid_check(days_valid)
    if not 1 <= count <= MAX_PARTNER_LINKS:
        raise ValidationError(
            {"count": _("Skapa mellan 1 och %(max)s länkar åt gången.") % {"max": MAX_PARTNER_LINKS}}
        )
    expires_at = _end_of_day(timezone.localdate() + datetime.timedelta(days=days_valid))
    made = []
    for index in range(count):
        link, token = _new_link(
            version=version,
            project=project,
            organisation=organisation,
            occasion=Occasion.DURING,
            expires_at=expires_at,
            created_by=by,
            # Only the first link carries the key: it is what a resubmitted form is found by.
            creation_key=creation_key if index == 0 else None,
        )
        audit_log(user=by, action="surveys.link.created", project_id=project.pk, object_id=link.pk, path=path)
        made.append((link, token))
    return made


@transaction.atomic
def link_revoke(*, link: SurveyLink, by: User, path: str = "") -> SurveyLink:
    link = SurveyLink.objects.select_for_update().get(pk=link.pk)
    if not link.is_usable():
        raise ValidationError(_("Länken är redan besvarad, återkallad eller har gått ut."))
    link.revoked_at, link.revoked_by, link.draft = timezone.now(), by, {}
    link.save(update_fields=["revoked_at", "revoked_by", "draft"])
    audit_log(
        user=by,
        action="surveys.link.revoked",
        project_id=link.project_id,
        person_id=link.enrolment.person_id if link.enrolment_id else None,
        enrolment_id=link.enrolment_id,
        object_id=link.pk,
        path=path,
    )
    return link


def link_opened(*, link: SurveyLink) -> None:
    """The first view of a link is logged (no user: the participant has no account).

    The path is never logged: it holds the token.
    """
    with transaction.atomic():
        first = SurveyLink.objects.filter(pk=link.pk, opened_at__isnull=True).update(opened_at=timezone.now())
        if first:
            audit_log(
                user=None,
                action="surveys.link.opened",
                project_id=link.project_id,
                person_id=link.enrolment.person_id if link.enrolment_id else None,
                enrolment_id=link.enrolment_id,
                object_id=link.pk,
            )


@transaction.atomic
def link_draft_save(*, link: SurveyLink, answers: Mapping[int, object]) -> dict:
    """Keep the answers chosen so far on the server until the participant sends them.

    Each answer is checked on its own; an empty one removes what was kept. Returns the draft.
    """
    link = SurveyLink.objects.select_for_update().select_related("version").get(pk=link.pk)
    if not link.is_usable():
        raise LinkNotUsable
    questions = {q.pk: q for q in link.version.questions.all()}
    draft = dict(link.draft)
    for pk, raw in answers.items():
        question = questions.get(pk)
        if question is None or not question.asked_on(link.occasion):
            continue
        value = answer_clean(question, raw)  # ValidationError for a value the question cannot take
        if value is None:
            draft.pop(str(pk), None)
        else:
            draft[str(pk)] = value
    link.draft, link.draft_saved_at = draft, timezone.now()
    link.save(update_fields=["draft", "draft_saved_at"])
    return draft


@transaction.atomic
def link_submit(*, link: SurveyLink, answers: Mapping[int, object]) -> Response:
    """The participant's final answers; the link is spent and its draft is gone."""
    # Lock the link's own row only: PostgreSQL refuses FOR UPDATE on the nullable side of the
    # outer join to the enrolment (a partner link has none).
    link = (
        SurveyLink.objects.select_for_update(of=("self",))
        .select_related("version", "enrolment__person", "project")
        .get(pk=link.pk)
    )
    if not link.is_usable():
        raise LinkNotUsable
    if link.enrolment_id is not None:
        already = Response.objects.filter(
            enrolment_id=link.enrolment_id,
            questionnaire_id=link.version.questionnaire_id,
            occasion=link.occasion,
        ).exists()
        if already or not has_survey_consent(link.enrolment):
            # Answered on paper meanwhile, or consent withdrawn: the link has no use left.
            link.revoked_at, link.draft = timezone.now(), {}
            link.save(update_fields=["revoked_at", "draft"])
            raise LinkNotUsable
    response = _response_write(
        version=link.version,
        project=link.project,
        occasion=link.occasion,
        answers=answers,
        answered_on=timezone.localdate(),
        channel=Response.Channel.LINK,
        enrolment=link.enrolment,
        organisation=link.organisation,
        link=link,
    )
    link.used_at, link.draft = timezone.now(), {}
    link.save(update_fields=["used_at", "draft"])
    audit_log(
        user=None,
        action="surveys.response.submitted",
        project_id=link.project_id,
        person_id=link.enrolment.person_id if link.enrolment_id else None,
        enrolment_id=link.enrolment_id,
        object_id=response.pk,
    )
    return response


# --- paper -----------------------------------------------------------------------------------


def _answered_on_check(answered_on: datetime.date) -> None:
    if answered_on > timezone.localdate():
        raise ValidationError({"answered_on": _("Datumet kan inte ligga i framtiden.")})


@transaction.atomic
def response_enter(
    *,
    enrolment: Enrolment,
    questionnaire: Questionnaire,
    occasion: str,
    answered_on: datetime.date,
    answers: Mapping[int, object],
    by: User,
    path: str = "",
) -> Response:
    """A participant's answers from a paper form, entered by their coach.

    An unused link to the same questionnaire and occasion stops working.
    """
    version = participant_version_check(enrolment, questionnaire, occasion)
    _answered_on_check(answered_on)
    response = _response_write(
        version=version,
        project=enrolment.project,
        occasion=occasion,
        answers=answers,
        answered_on=answered_on,
        channel=Response.Channel.PAPER,
        enrolment=enrolment,
        entered_by=by,
    )
    _active_links(enrolment=enrolment, version__questionnaire=questionnaire, occasion=occasion).update(
        revoked_at=timezone.now(), revoked_by=by, draft={}
    )
    audit_log(
        user=by,
        action="surveys.response.entered",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        object_id=response.pk,
        path=path,
    )
    return response


@transaction.atomic
def partner_response_enter(
    *,
    project: Project,
    questionnaire: Questionnaire,
    organisation: Organisation,
    answered_on: datetime.date,
    answers: Mapping[int, object],
    by: User,
    path: str = "",
) -> Response:
    """A partner's answers from a paper form, entered by the project manager."""
    version = _check_partner(project, questionnaire, organisation)
    _answered_on_check(answered_on)
    response = _response_write(
        version=version,
        project=project,
        occasion=Occasion.DURING,
        answers=answers,
        answered_on=answered_on,
        channel=Response.Channel.PAPER,
        organisation=organisation,
        entered_by=by,
    )
    audit_log(
        user=by, action="surveys.response.entered", project_id=project.pk, object_id=response.pk, path=path
    )
    return response


@transaction.atomic
def response_delete(*, response: Response, by: User, path: str = "") -> None:
    """Remove a response entered by mistake (e.g. on the wrong participant), so it can be entered again."""
    audit_log(
        user=by,
        action="surveys.response.deleted",
        project_id=response.project_id,
        person_id=response.enrolment.person_id if response.enrolment_id else None,
        enrolment_id=response.enrolment_id,
        object_id=response.pk,
        path=path,
    )
    response.delete()


def response_viewed(*, response: Response, by: User, path: str) -> None:
    """Opening one participant's answers is logged, as opening the participant page is."""
    audit_log(
        user=by,
        action="surveys.response.viewed",
        project_id=response.project_id,
        person_id=response.enrolment.person_id if response.enrolment_id else None,
        enrolment_id=response.enrolment_id,
        object_id=response.pk,
        path=path,
    )
