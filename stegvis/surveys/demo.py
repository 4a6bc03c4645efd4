"""Demo questionnaire answers for ``manage.py seed_demo`` (see stegvis.core.demo._seed_extensions).

Most participants who consented to surveys answered the participant questionnaire
at start, and most of those who have left answered it again at exit; well-being
mostly rose, for some it stayed or fell. Some open enrolments have a link waiting
for an answer (a few half answered), a few links ran out unused. Partners in REBUS
and EgenmaktsArenan Dalarna answered the questionnaire on the effect of the
cooperation. Everything is drawn from the rng given and dated on or before today.

The history is bulk-created with the invariants the services keep (an exit answer
uses the start answer's version, one answer per occasion, a used link has its
response, each write has its audit entry); through the services one response at a
time it would take several seconds more. The tokens of the demo links were never
shown to anyone, so none of them can be opened, as after a real hand-out.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Min
from django.utils import timezone

from stegvis.accounts.models import Role, User
from stegvis.audit.models import AuditEntry
from stegvis.participants.models import Consent, Enrolment, Exit, Phase
from stegvis.projects.models import Project, ProjectPartner
from stegvis.surveys import services
from stegvis.surveys.models import (
    Answer,
    Measure,
    Occasion,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    SurveyLink,
)

# The projects whose partners answered the questionnaire on cooperation (diarienummer).
PARTNER_PROJECTS = ("KLASAM-REBUS-2017", "24-006-S01")

PARTICIPANT_TEXTS = [
    "Skönt att någon tar sig tid att lyssna.",
    "Jag vill komma ut på praktik så snart som möjligt.",
    "Det har varit svårt att sova den senaste tiden.",
    "Tack för hjälpen med CV:t.",
    "Jag vet inte riktigt vad jag vill ännu.",
    "Bra att ha samma kontaktperson hela tiden.",
    "Gruppträffarna har hjälpt mig att komma ut mer.",
    "Jag hade velat ha fler träffar.",
]
PARTNER_TEXTS = [
    "Kortare väg till de andra parterna när något behöver lösas snabbt.",
    "Vi skulle behöva träffas oftare i samverkansteamet.",
    "Tydligare vem som har ansvaret när en deltagare avslutas.",
    "Gemensamma utbildningsdagar har gjort stor skillnad.",
    "Fler handläggare borde känna till projektet.",
]

# How a participant's well-being moved between start and exit: mostly up, for some not.
WELLBEING_CHANGE = {-2: 3, -1: 7, 0: 13, 1: 40, 2: 27, 3: 10}


def _clamp(value: int) -> int:
    return max(1, min(5, value))


@dataclass
class _Counts:
    start: int = 0
    exit: int = 0
    waiting: int = 0
    started: int = 0
    expired: int = 0
    partner: int = 0
    improved: int = 0
    pairs: int = 0
    partner_links_waiting: int = 0


@dataclass
class _Writer:
    """Collects rows and writes them in a few bulk inserts."""

    links: list[SurveyLink] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    answers: list[tuple[Response, Question, int | str]] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)

    def log(self, action: str, *, by: User | None, project_id: int, enrolment: Enrolment | None, obj) -> None:
        self.audit.append(
            AuditEntry(
                user=by,
                organisation_id=by.organisation_id if by else None,
                action=action,
                project_id=project_id,
                person_id=enrolment.person_id if enrolment else None,
                enrolment_id=enrolment.pk if enrolment else None,
                object_id=None,
            )
        )
        self.audit[-1]._demo_object = obj  # type: ignore[attr-defined]  # its pk is known after the insert

    def flush(self) -> None:
        SurveyLink.objects.bulk_create(self.links, batch_size=500)
        for response in self.responses:
            response.link = response.link  # picks up the link's new pk
        Response.objects.bulk_create(self.responses, batch_size=500)
        Answer.objects.bulk_create(
            (
                Answer(
                    response=response,
                    question=question,
                    value_int=value if isinstance(value, int) else None,
                    value_text=value if isinstance(value, str) else "",
                )
                for response, question, value in self.answers
            ),
            batch_size=1000,
        )
        for entry in self.audit:
            entry.object_id = entry._demo_object.pk  # type: ignore[attr-defined]
        AuditEntry.objects.bulk_create(self.audit, batch_size=1000)


class _SurveyGenerator:
    def __init__(self, *, today: datetime.date, rng: random.Random) -> None:
        self.today = today
        self.rng = rng
        self.now = timezone.now()
        self.counts = _Counts()
        self.writer = _Writer()

    # time ---------------------------------------------------------------------------------

    def at(self, day: datetime.date, hour_from: int = 8, hour_to: int = 17) -> datetime.datetime:
        moment = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(hour_from, hour_to - 1), self.rng.randint(0, 59))
        )
        aware = timezone.make_aware(moment)
        return min(aware, self.now)

    def days(self, low: int, high: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(low, high))

    def fake_hash(self) -> str:
        # A token was never made: the hash of random bytes stands in for it.
        return hashlib.sha256(self.rng.getrandbits(256).to_bytes(32, "big")).hexdigest()

    # participants -------------------------------------------------------------------------

    def participant_values(self, questions: list[Question], start: dict | None) -> dict[Question, int | str]:
        """Answers at start (start is None) or at exit (moved from the start answers)."""
        rng = self.rng
        values: dict[Question, int | str] = {}
        by_measure = {q.measure: q for q in questions if q.measure}
        before = {q.measure: v for q, v in (start or {}).items() if q.measure}
        if start is None:
            wellbeing = rng.choices([1, 2, 3, 4, 5], weights=[14, 34, 33, 15, 4])[0]
            levels = {
                Measure.WELLBEING: wellbeing,
                Measure.HEALTH: _clamp(wellbeing + rng.choice([-1, 0, 0, 1])),
                Measure.LISTENED_TO: rng.choices([1, 2, 3, 4, 5], weights=[10, 30, 35, 20, 5])[0],
                Measure.OWN_ABILITY: _clamp(wellbeing + rng.choice([-1, 0, 1])),
            }
        else:
            change = rng.choices(list(WELLBEING_CHANGE), weights=list(WELLBEING_CHANGE.values()))[0]
            wellbeing = _clamp(before.get(Measure.WELLBEING, 3) + change)
            levels = {
                Measure.WELLBEING: wellbeing,
                Measure.HEALTH: _clamp(
                    before.get(Measure.HEALTH, 3) + max(-1, min(2, change + rng.choice([-1, 0, 0])))
                ),
                Measure.LISTENED_TO: _clamp(before.get(Measure.LISTENED_TO, 3) + rng.choice([0, 1, 1, 2])),
                Measure.OWN_ABILITY: _clamp(
                    before.get(Measure.OWN_ABILITY, 3) + rng.choice([-1, 0, 1, 1, 2])
                ),
                Measure.SATISFACTION: rng.choices([2, 3, 4, 5], weights=[5, 15, 40, 40])[0],
            }
        for measure, value in levels.items():
            if measure in by_measure:
                values[by_measure[measure]] = value
        for question in questions:
            if question.kind == Question.Kind.CHOICE and rng.random() < 0.85:
                values[question] = rng.randint(1, len(question.choices))
            elif question.kind == Question.Kind.TEXT and rng.random() < 0.15:
                values[question] = rng.choice(PARTICIPANT_TEXTS)
        return values

    def respond(
        self,
        enrolment: Enrolment,
        version: QuestionnaireVersion,
        occasion: str,
        on: datetime.date,
        values: dict[Question, int | str],
        *,
        by_link: bool,
    ) -> Response:
        writer, coach = self.writer, enrolment.coach
        link = None
        if by_link:
            created = max(enrolment.start_date, on - self.days(1, 6))
            created_at = self.at(created)
            opened_at = max(created_at, self.at(on, 8, 12))
            link = SurveyLink(
                token_hash=self.fake_hash(),
                version=version,
                project_id=enrolment.project_id,
                enrolment=enrolment,
                occasion=occasion,
                expires_at=services._end_of_day(
                    created + datetime.timedelta(days=services.DEFAULT_DAYS_VALID)
                ),
                created_by=coach,
                created_at=created_at,
                opened_at=opened_at,
                used_at=max(opened_at, self.at(on, 12, 21)),
            )
            writer.links.append(link)
            writer.log(
                "surveys.link.created",
                by=coach,
                project_id=enrolment.project_id,
                enrolment=enrolment,
                obj=link,
            )
            writer.log(
                "surveys.link.opened", by=None, project_id=enrolment.project_id, enrolment=enrolment, obj=link
            )
        response = Response(
            questionnaire_id=version.questionnaire_id,
            version=version,
            project_id=enrolment.project_id,
            enrolment=enrolment,
            occasion=occasion,
            answered_on=on,
            channel=Response.Channel.LINK if by_link else Response.Channel.PAPER,
            link=link,
            entered_by=None if by_link else coach,
            created_at=self.at(on, 12, 21),
        )
        writer.responses.append(response)
        writer.answers.extend((response, q, v) for q, v in values.items())
        action = "surveys.response.submitted" if by_link else "surveys.response.entered"
        writer.log(
            action,
            by=None if by_link else coach,
            project_id=enrolment.project_id,
            enrolment=enrolment,
            obj=response,
        )
        return response

    def waiting_link(
        self, enrolment: Enrolment, version: QuestionnaireVersion, questions: list[Question], *, expired: bool
    ) -> None:
        if expired:
            created = self.today - self.days(25, 60)
        else:
            created = self.today - self.days(0, 9)
        if created < enrolment.start_date:
            return
        link = SurveyLink(
            token_hash=self.fake_hash(),
            version=version,
            project_id=enrolment.project_id,
            enrolment=enrolment,
            occasion=Occasion.START,
            expires_at=services._end_of_day(created + datetime.timedelta(days=services.DEFAULT_DAYS_VALID)),
            created_by=enrolment.coach,
            created_at=self.at(created),
        )
        roll = self.rng.random()
        if not expired and roll < 0.6:
            opened = created + self.days(0, (self.today - created).days)
            link.opened_at = self.at(opened)
            self.writer.log(
                "surveys.link.opened", by=None, project_id=enrolment.project_id, enrolment=enrolment, obj=link
            )
            if roll < 0.3:  # answered half-way, then the phone was put away
                half = self.participant_values(questions[:3], None)
                link.draft = {str(q.pk): v for q, v in half.items()}
                link.draft_saved_at = link.opened_at
                self.counts.started += 1
        self.writer.links.append(link)
        self.writer.log(
            "surveys.link.created",
            by=enrolment.coach,
            project_id=enrolment.project_id,
            enrolment=enrolment,
            obj=link,
        )
        if expired:
            self.counts.expired += 1
        else:
            self.counts.waiting += 1

    def participants(self, version: QuestionnaireVersion) -> None:
        at_start = services.asked_questions(version, Occasion.START)
        at_exit = services.asked_questions(version, Occasion.EXIT)
        consented = set(
            Consent.objects.filter(scope=Consent.Scope.SURVEYS, withdrawn_on__isnull=True).values_list(
                "person_id", "project_id"
            )
        )
        enrolments = (
            Enrolment.objects.select_related("person", "coach", "project", "exit")
            .exclude(exit__reason=Exit.Reason.MISREGISTRATION)
            .order_by("pk")
        )
        rng = self.rng
        for enrolment in enrolments:
            if not (
                enrolment.person.is_anonymous or (enrolment.person_id, enrolment.project_id) in consented
            ):
                continue
            exited = enrolment.phase == Phase.AVSLUT
            exit_date = enrolment.exit.exit_date if exited else None
            last = exit_date or self.today
            # Links came with Stegvis; projects that ended before it answered on paper.
            link_share = (
                0.75 if (enrolment.project.end_date or self.today) >= datetime.date(2023, 1, 1) else 0.0
            )
            start_values = None
            start_on = min(last, enrolment.start_date + self.days(0, 14))
            if rng.random() < 0.85 and (exited or start_on < self.today - datetime.timedelta(days=3)):
                start_values = self.participant_values(at_start, None)
                self.respond(
                    enrolment,
                    version,
                    Occasion.START,
                    start_on,
                    start_values,
                    by_link=rng.random() < link_share,
                )
                self.counts.start += 1
            elif not exited and rng.random() < 0.7:
                self.waiting_link(enrolment, version, at_start, expired=rng.random() < 0.2)
            if not exited:
                continue
            if start_values is not None and rng.random() < 0.82:
                exit_on = max(start_on, exit_date - self.days(0, 10))
                exit_values = self.participant_values(at_exit, start_values)
                self.respond(
                    enrolment, version, Occasion.EXIT, exit_on, exit_values, by_link=rng.random() < link_share
                )
                self.counts.exit += 1
                wellbeing = next(q for q in at_start if q.measure == Measure.WELLBEING)
                self.counts.pairs += 1
                if exit_values.get(wellbeing, 0) > start_values.get(wellbeing, 0):
                    self.counts.improved += 1
            elif start_values is None and rng.random() < 0.15:
                self.respond(
                    enrolment,
                    version,
                    Occasion.EXIT,
                    exit_date,
                    self.participant_values(at_exit, {}),
                    by_link=rng.random() < link_share,
                )
                self.counts.exit += 1

    # partners -----------------------------------------------------------------------------

    def partner_values(self, questions: list[Question]) -> dict[Question, int | str]:
        rng = self.rng
        values: dict[Question, int | str] = {}
        tone = rng.choices([-1, 0, 1], weights=[12, 38, 50])[0]
        for question in questions:
            if question.kind == Question.Kind.SCALE:
                values[question] = _clamp(
                    rng.choices([3, 4, 5], weights=[30, 45, 25])[0] + tone + rng.choice([-1, 0, 0, 0])
                )
            elif question.kind == Question.Kind.CHOICE:
                values[question] = rng.choices([1, 2, 3, 4], weights=[55, 28, 5, 12])[0]
            elif rng.random() < 0.3:
                values[question] = rng.choice(PARTNER_TEXTS)
        return values

    def partners(self, version: QuestionnaireVersion) -> None:
        questions = list(version.questions.order_by("position"))
        writer, rng = self.writer, self.rng
        for project in Project.objects.filter(diarienummer__in=PARTNER_PROJECTS).order_by("pk"):
            manager = (
                User.objects.filter(memberships__project=project, memberships__role=Role.PROJECT_MANAGER)
                .order_by("pk")
                .first()
            )
            if manager is None:
                continue
            organisations = [
                p.organisation
                for p in ProjectPartner.objects.filter(project=project)
                .exclude(role=ProjectPartner.Role.FUNDER)
                .select_related("organisation")
                .order_by("organisation__name")
            ]
            if not organisations:
                continue
            round_start = max(project.start_date or self.today, self.today - datetime.timedelta(days=75))
            for _ in range(rng.randint(12, 18)):
                organisation = rng.choice(organisations)
                on = min(self.today, round_start + self.days(0, max(0, (self.today - round_start).days)))
                by_link = rng.random() < 0.8
                link = None
                if by_link:
                    link = SurveyLink(
                        token_hash=self.fake_hash(),
                        version=version,
                        project=project,
                        organisation=organisation,
                        occasion=Occasion.DURING,
                        expires_at=services._end_of_day(round_start + datetime.timedelta(days=30)),
                        created_by=manager,
                        created_at=self.at(round_start),
                        opened_at=self.at(on),
                        used_at=self.at(on),
                    )
                    writer.links.append(link)
                    writer.log(
                        "surveys.link.created", by=manager, project_id=project.pk, enrolment=None, obj=link
                    )
                response = Response(
                    questionnaire_id=version.questionnaire_id,
                    version=version,
                    project=project,
                    organisation=organisation,
                    occasion=Occasion.DURING,
                    answered_on=on,
                    channel=Response.Channel.LINK if by_link else Response.Channel.PAPER,
                    link=link,
                    entered_by=None if by_link else manager,
                    created_at=self.at(on),
                )
                writer.responses.append(response)
                writer.answers.extend((response, q, v) for q, v in self.partner_values(questions).items())
                action = "surveys.response.submitted" if by_link else "surveys.response.entered"
                writer.log(
                    action,
                    by=None if by_link else manager,
                    project_id=project.pk,
                    enrolment=None,
                    obj=response,
                )
                self.counts.partner += 1
            for waiting in range(rng.randint(2, 4)):
                created = self.today - self.days(0, 6) if waiting else self.today - self.days(40, 60)
                link = SurveyLink(
                    token_hash=self.fake_hash(),
                    version=version,
                    project=project,
                    organisation=rng.choice(organisations),
                    occasion=Occasion.DURING,
                    expires_at=services._end_of_day(created + datetime.timedelta(days=21)),
                    created_by=manager,
                    created_at=self.at(created),
                )
                writer.links.append(link)
                writer.log(
                    "surveys.link.created", by=manager, project_id=project.pk, enrolment=None, obj=link
                )
                self.counts.partner_links_waiting += 1 if waiting else 0


def seed(*, today: datetime.date, rng: random.Random, users: dict[str, User]) -> list[str]:
    """Questionnaire answers and links for the demo enrolments and partners; summary lines (counts only)."""
    services.questionnaires_ensure_defaults()
    participant = Questionnaire.objects.get(key="deltagarenkat")
    partner = Questionnaire.objects.get(key="samverkansenkat")
    participant_version = services.latest_published(participant)
    partner_version = services.latest_published(partner)
    # As if the shipped questionnaires had been in use from the first demo project on.
    first = Project.objects.aggregate(first=Min("start_date"))["first"] or today
    QuestionnaireVersion.objects.filter(pk__in=[participant_version.pk, partner_version.pk]).update(
        published_on=min(first, today)
    )
    gen = _SurveyGenerator(today=today, rng=rng)
    gen.participants(participant_version)
    gen.partners(partner_version)
    gen.writer.flush()
    counts = gen.counts
    share = round(100 * counts.improved / counts.pairs) if counts.pairs else 0
    channels = Counter(r.channel for r in gen.writer.responses if r.enrolment_id)
    return [
        "",
        f"Deltagarenkäter: {counts.start} vid start och {counts.exit} vid avslut "
        f"({channels[Response.Channel.PAPER]} på papper); {counts.pairs} med svar båda gångerna, "
        f"{share} % med ökat välmående.",
        f"Enkätlänkar som väntar på svar: {counts.waiting} (varav {counts.started} påbörjade); "
        f"utgångna utan svar: {counts.expired}.",
        f"Samverkansenkät (REBUS, EgenmaktsArenan Dalarna): {counts.partner} svar; "
        f"{counts.partner_links_waiting} länkar väntar på svar.",
    ]
