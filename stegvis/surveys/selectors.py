"""Reads of questionnaires, links, responses and results, with the access rules of DESIGN.md.

- A participant's answers and links are reached only through an enrolment the user
  may see (participants.selectors.enrolment_get_for): their coach, or the project
  manager. Referrers, the steering group and administrators never see one person's answers.
- Project results are aggregates; for roles without participant-level access every
  small cell is suppressed (core.suppression).
- Partner answers are shown only as aggregates, and only when at least the
  small-count threshold of partners have answered, for every role: a handläggare
  must not be singled out by their own project manager either.
- A public link is found by the hash of its token, and only while it can still be used.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from stegvis.accounts.models import User
from stegvis.accounts.selectors import is_project_manager, project_get_for
from stegvis.core.models import Gender
from stegvis.core.suppression import SUPPRESSED, suppress_breakdown, suppress_value, threshold
from stegvis.participants.models import Enrolment, Exit, Phase
from stegvis.participants.selectors import enrolment_get_for
from stegvis.projects.models import Project, ProjectTarget
from stegvis.surveys import services
from stegvis.surveys.models import (
    Answer,
    Audience,
    Measure,
    Occasion,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    SurveyLink,
)

MAX_TOKEN_LENGTH = 100


# --- access ----------------------------------------------------------------------------------


def can_manage_questionnaires(user: User, project: Project) -> bool:
    """Project managers write new versions and handle the partner questionnaire."""
    return is_project_manager(user, project)


def project_for_manager(user: User, project_pk: int) -> Project:
    """The project (404 unless visible), for its project manager only (403 otherwise)."""
    project = project_get_for(user, project_pk)
    if not can_manage_questionnaires(user, project):
        raise PermissionDenied
    return project


def questionnaire_get(project: Project, pk: int) -> Questionnaire:
    questionnaire = services.questionnaires_for_project(project).filter(pk=pk).first()
    if questionnaire is None:
        raise Http404
    return questionnaire


def version_get(questionnaire: Questionnaire, pk: int) -> QuestionnaireVersion:
    version = questionnaire.versions.filter(pk=pk).first()
    if version is None:
        raise Http404
    version.questionnaire = questionnaire
    return version


def response_get_for(user: User, enrolment_pk: int, pk: int) -> tuple[Enrolment, Response]:
    """One participant response, to whoever may see the enrolment; 404 otherwise."""
    enrolment = enrolment_get_for(user, enrolment_pk)
    response = (
        Response.objects.filter(enrolment=enrolment, pk=pk)
        .select_related("questionnaire", "version", "entered_by")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .first()
    )
    if response is None:
        raise Http404
    response.enrolment = enrolment
    return enrolment, response


def link_get(enrolment: Enrolment, pk: int) -> SurveyLink:
    link = SurveyLink.objects.filter(enrolment=enrolment, pk=pk).first()
    if link is None:
        raise Http404
    link.enrolment = enrolment
    return link


def partner_link_get(project: Project, pk: int) -> SurveyLink:
    link = SurveyLink.objects.filter(project=project, enrolment__isnull=True, pk=pk).first()
    if link is None:
        raise Http404
    return link


def link_by_token(token: str) -> SurveyLink | None:
    """The link for a token, while it can still be answered; None for every other case alike."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    link = (
        SurveyLink.objects.select_related(
            "version__questionnaire", "project", "organisation", "enrolment__person", "enrolment__project"
        )
        .filter(token_hash=services.token_hash(token))
        .first()
    )
    if link is None or not link.is_usable():
        return None
    if link.enrolment_id is not None and not services.has_survey_consent(link.enrolment):
        return None
    return link


# --- questionnaires --------------------------------------------------------------------------


def questionnaires_overview(project: Project) -> list[Questionnaire]:
    """The project's questionnaires, each with .latest (its newest version) and .response_total
    (the project's responses to any version); two queries."""
    versions = QuestionnaireVersion.objects.annotate(
        response_count=Count("responses", filter=Q(responses__project=project), distinct=True),
    ).order_by("-number")
    questionnaires = list(
        services.questionnaires_for_project(project)
        .select_related("project", "based_on")
        .prefetch_related(Prefetch("versions", queryset=versions))
    )
    for questionnaire in questionnaires:
        all_versions = list(questionnaire.versions.all())
        questionnaire.latest = all_versions[0] if all_versions else None  # type: ignore[attr-defined]
        questionnaire.response_total = sum(v.response_count for v in all_versions)  # type: ignore[attr-defined]
    return questionnaires


def version_questions(version: QuestionnaireVersion, occasion: str | None = None) -> list[Question]:
    questions = list(version.questions.order_by("position"))
    if occasion is None:
        return questions
    return [q for q in questions if q.asked_on(occasion)]


def participant_questionnaires(project: Project) -> list[Questionnaire]:
    return list(services.questionnaires_for_project(project).filter(audience=Audience.PARTICIPANT))


def partner_questionnaires(project: Project) -> list[Questionnaire]:
    return list(services.questionnaires_for_project(project).filter(audience=Audience.PARTNER))


# --- one participant -------------------------------------------------------------------------


def enrolment_responses(enrolment: Enrolment) -> list[Response]:
    """The enrolment's responses with their answers, oldest first (two queries).

    Kept on the enrolment object for the rest of the request: the participant page's
    panel and its timeline both need them.
    """
    cached = getattr(enrolment, "_surveys_responses", None)
    if cached is None:
        cached = list(
            Response.objects.filter(enrolment=enrolment)
            .select_related("questionnaire", "version", "entered_by")
            .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
            .order_by("answered_on", "pk")
        )
        enrolment._surveys_responses = cached  # type: ignore[attr-defined]
    return cached


def enrolment_links(enrolment: Enrolment) -> list[SurveyLink]:
    """The enrolment's links, newest first; kept on the enrolment object like its responses."""
    cached = getattr(enrolment, "_surveys_links", None)
    if cached is None:
        cached = list(
            SurveyLink.objects.filter(enrolment=enrolment)
            .select_related("version__questionnaire", "created_by")
            .order_by("-created_at", "-pk")
        )
        enrolment._surveys_links = cached  # type: ignore[attr-defined]
    return cached


@dataclass(frozen=True)
class MeasureChange:
    measure: str
    label: str
    start: int | None
    exit: int | None

    @property
    def change(self) -> int | None:
        if self.start is None or self.exit is None:
            return None
        return self.exit - self.start


@dataclass
class Comparison:
    """A participant's start and exit answers to one questionnaire, side by side."""

    questionnaire: Questionnaire
    start: Response | None
    exit: Response | None
    rows: list[MeasureChange] = field(default_factory=list)

    @property
    def comparable(self) -> bool:
        return (
            self.start is not None and self.exit is not None and self.start.version_id == self.exit.version_id
        )

    @property
    def different_versions(self) -> bool:
        return self.start is not None and self.exit is not None and not self.comparable

    @property
    def wellbeing(self) -> MeasureChange | None:
        return next((r for r in self.rows if r.measure == Measure.WELLBEING), None)


def _measure_values(response: Response | None) -> dict[str, int]:
    if response is None:
        return {}
    return {
        a.question.measure: a.value_int
        for a in response.answers.all()
        if a.question.measure and a.value_int is not None
    }


def occasions_left(responses: list[Response]) -> bool:
    """Whether the participant has yet to answer at start or at exit (so a link or paper form is of use)."""
    answered = {r.occasion for r in responses}
    return not {Occasion.START, Occasion.EXIT} <= answered


def comparisons_for(responses: list[Response]) -> list[Comparison]:
    """Start against exit per questionnaire, measure by measure; never across versions."""
    by_questionnaire: dict[int, Comparison] = {}
    for response in responses:
        if response.occasion not in (Occasion.START, Occasion.EXIT):
            continue
        comparison = by_questionnaire.setdefault(
            response.questionnaire_id, Comparison(response.questionnaire, None, None)
        )
        setattr(comparison, response.occasion, response)
    labels = dict(Measure.choices)
    for comparison in by_questionnaire.values():
        if not comparison.comparable:
            continue
        start, exit_ = _measure_values(comparison.start), _measure_values(comparison.exit)
        # The order of the questions in the version.
        order = [a.question.measure for a in comparison.exit.answers.all() if a.question.measure]  # type: ignore[union-attr]
        order += [m for m in start if m not in order]
        comparison.rows = [MeasureChange(m, labels.get(m, m), start.get(m), exit_.get(m)) for m in order]
    return list(by_questionnaire.values())


# --- one project: participants ---------------------------------------------------------------


def _project_ids(project: Project) -> list[int]:
    """The project and its sub-projects (figures roll up), looked up once per project object."""
    ids = getattr(project, "_surveys_rollup_ids", None)
    if ids is None:
        ids = [project.pk, *project.subprojects.values_list("pk", flat=True)]
        project._surveys_rollup_ids = ids  # type: ignore[attr-defined]
    return ids


@dataclass
class GenderRow:
    label: str
    increased: int | str
    pairs: int | str
    share: int | str | None


@dataclass
class MeasureRow:
    measure: str
    label: str
    start_mean: float | str | None
    start_n: int | str
    exit_mean: float | str | None
    exit_n: int | str
    change_mean: float | str | None
    change_n: int | str


@dataclass
class WellbeingResult:
    """Increased well-being (the wellbeing measure higher at exit than at start) and averages per measure.

    Counted once per person (their latest start–exit pair), among participants who
    answered both times on the same version of a questionnaire. Felregistrering is never counted.
    """

    exited: int | str
    start_responses: int | str
    exit_responses: int | str
    pairs: int | str
    increased: int | str
    unchanged: int | str
    decreased: int | str
    share: int | str | None
    target: ProjectTarget | None
    by_gender: list[GenderRow]
    measures: list[MeasureRow]
    suppressed: bool

    @property
    def target_met(self) -> bool | None:
        if self.target is None or not isinstance(self.share, int):
            return None
        return self.share >= self.target.threshold_percent

    @property
    def has_data(self) -> bool:
        return self.start_responses != 0 or self.exit_responses != 0


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _pairs(project: Project) -> tuple[dict[int, dict], dict[str, int]]:
    """Per person, their latest comparable start–exit pair: {person: {gender, start, exit}}.

    One query over the answers that carry a measure.
    """
    rows = (
        Answer.objects.filter(
            response__project_id__in=_project_ids(project),
            response__enrolment__isnull=False,
            response__occasion__in=[Occasion.START, Occasion.EXIT],
            value_int__isnull=False,
        )
        .exclude(question__measure="")
        .exclude(response__enrolment__exit__reason=Exit.Reason.MISREGISTRATION)
        .values_list(
            "response_id",
            "response__enrolment_id",
            "response__enrolment__person_id",
            "response__enrolment__person__gender",
            "response__questionnaire_id",
            "response__version_id",
            "response__occasion",
            "response__answered_on",
            "question__measure",
            "value_int",
        )
    )
    responses: dict[int, dict] = {}
    for (
        response_id,
        enrolment_id,
        person_id,
        gender,
        questionnaire_id,
        version_id,
        occasion,
        on,
        measure,
        value,
    ) in rows:
        response = responses.setdefault(
            response_id,
            {
                "key": (enrolment_id, questionnaire_id),
                "person": person_id,
                "gender": gender,
                "version": version_id,
                "occasion": occasion,
                "on": on,
                "values": {},
            },
        )
        response["values"][measure] = value
    counts = {"start": 0, "exit": 0}
    grouped: dict[tuple, dict[str, dict]] = defaultdict(dict)
    for response in responses.values():
        grouped[response["key"]][response["occasion"]] = response
        counts[response["occasion"]] += 1
    pairs: dict[int, dict] = {}
    for both in grouped.values():
        start, exit_ = both.get(Occasion.START), both.get(Occasion.EXIT)
        if start is None or exit_ is None or start["version"] != exit_["version"]:
            continue
        person = start["person"]
        latest = pairs.get(person)
        if latest is None or exit_["on"] > latest["exit"]["on"]:
            pairs[person] = {"gender": start["gender"], "start": start, "exit": exit_}
    return pairs, counts


def wellbeing_pairs(project: Project) -> list[dict]:
    """Per person their latest comparable start–exit pair ({gender, start, exit}; each answer has
    "on" and "values" by measure), for reports that choose their own period. One query."""
    return list(_pairs(project)[0].values())


def wellbeing_result(project: Project, *, suppress: bool) -> WellbeingResult:
    """Figures for the project page and the results page, in a fixed number of queries."""
    pairs, counts = _pairs(project)
    exited = (
        Enrolment.objects.filter(project_id__in=_project_ids(project), phase=Phase.AVSLUT)
        .exclude(exit__reason=Exit.Reason.MISREGISTRATION)
        .count()
    )
    target = ProjectTarget.objects.filter(
        project=project, metric=ProjectTarget.Metric.INCREASED_WELLBEING
    ).first()

    with_wellbeing = [
        p
        for p in pairs.values()
        if Measure.WELLBEING in p["start"]["values"] and Measure.WELLBEING in p["exit"]["values"]
    ]
    increased_by_gender = {g: 0 for g in Gender.values}
    pairs_by_gender = {g: 0 for g in Gender.values}
    unchanged = decreased = 0
    for pair in with_wellbeing:
        before, after = pair["start"]["values"][Measure.WELLBEING], pair["exit"]["values"][Measure.WELLBEING]
        pairs_by_gender[pair["gender"]] += 1
        if after > before:
            increased_by_gender[pair["gender"]] += 1
        elif after == before:
            unchanged += 1
        else:
            decreased += 1
    total_pairs = len(with_wellbeing)
    increased = sum(increased_by_gender.values())

    labels = dict(Gender.choices)
    shown_increased = suppress_breakdown(increased_by_gender) if suppress else dict(increased_by_gender)
    shown_pairs = suppress_breakdown(pairs_by_gender) if suppress else dict(pairs_by_gender)
    by_gender = []
    for g in Gender.values:
        hidden = SUPPRESSED in (shown_increased[g], shown_pairs[g])
        share = SUPPRESSED if hidden else _percent(increased_by_gender[g], pairs_by_gender[g])
        by_gender.append(GenderRow(labels[g], shown_increased[g], shown_pairs[g], share))

    def cell(value: int) -> int | str:
        return suppress_value(value) if suppress else value

    share = _percent(increased, total_pairs)
    if suppress and SUPPRESSED in (cell(increased), cell(total_pairs)):
        share = SUPPRESSED  # type: ignore[assignment]

    return WellbeingResult(
        exited=cell(exited),
        start_responses=cell(counts["start"]),
        exit_responses=cell(counts["exit"]),
        pairs=cell(total_pairs),
        increased=cell(increased),
        unchanged=cell(unchanged),
        decreased=cell(decreased),
        share=share,
        target=target,
        by_gender=by_gender,
        measures=_measure_rows(list(pairs.values()), suppress),
        suppressed=suppress,
    )


def _measure_rows(pairs: list[dict], suppress: bool) -> list[MeasureRow]:
    """Mean per measure at start and exit, among the comparable pairs; the mean change among those with both."""
    rows = []
    for measure in Measure:
        starts = [p["start"]["values"][measure] for p in pairs if measure in p["start"]["values"]]
        exits = [p["exit"]["values"][measure] for p in pairs if measure in p["exit"]["values"]]
        changes = [
            p["exit"]["values"][measure] - p["start"]["values"][measure]
            for p in pairs
            if measure in p["start"]["values"] and measure in p["exit"]["values"]
        ]
        if not starts and not exits:
            continue

        def mean(values: list[int]) -> float | str | None:
            if suppress and 0 < len(values) < threshold():
                return SUPPRESSED
            return _mean(values)

        def n(values: list[int]) -> int | str:
            return suppress_value(len(values)) if suppress else len(values)

        rows.append(
            MeasureRow(
                measure.value,
                measure.label,
                mean(starts),
                n(starts),
                mean(exits),
                n(exits),
                mean(changes),
                n(changes),
            )
        )
    return rows


# --- one project: partners -------------------------------------------------------------------


@dataclass
class PartnerQuestionResult:
    question: Question
    n: int
    mean: float | str | None = None
    agree_share: int | str | None = None  # 4 or 5 on the scale
    distribution: list[tuple[str, int | str, int | str | None]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class PartnerResult:
    """One partner questionnaire version's answers in a project, aggregated."""

    version: QuestionnaireVersion
    responses: int
    by_organisation: list[tuple[str, int | str]]
    questions: list[PartnerQuestionResult]
    enough: bool
    first_on: datetime.date | None
    last_on: datetime.date | None

    @property
    def headline(self) -> PartnerQuestionResult | None:
        return next((q for q in self.questions if q.question.measure == Measure.COOPERATION), None)


def partner_results(project: Project, *, suppress: bool, texts: bool = False) -> list[PartnerResult]:
    """Per partner questionnaire version with answers, newest first; three queries.

    Nothing per question is shown below the small-count threshold, for any role.
    Free-text answers only when asked for (the project manager's results page).
    """
    responses = list(
        Response.objects.filter(project_id__in=_project_ids(project), organisation__isnull=False)
        .select_related("organisation")
        .order_by("answered_on")
    )
    if not responses:
        return []
    version_ids = {r.version_id for r in responses}
    versions = {
        v.pk: v
        for v in QuestionnaireVersion.objects.filter(pk__in=version_ids)
        .select_related("questionnaire")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("position")))
    }
    answers: dict[int, list[Answer]] = defaultdict(list)
    for answer in Answer.objects.filter(response__in=[r.pk for r in responses]).only(
        "question_id", "value_int", "value_text"
    ):
        answers[answer.question_id].append(answer)

    results = []
    limit = threshold()
    for version_id in sorted(
        version_ids, key=lambda pk: (versions[pk].questionnaire_id, -versions[pk].number)
    ):
        version = versions[version_id]
        mine = [r for r in responses if r.version_id == version_id]
        enough = len(mine) >= limit
        per_org: dict[str, int] = defaultdict(int)
        for r in mine:
            per_org[r.organisation.name] += 1
        org_counts = suppress_breakdown(dict(per_org)) if suppress else dict(per_org)
        question_results = []
        for question in version.questions.all():
            given = answers.get(question.pk, [])
            result = PartnerQuestionResult(question, len(given))
            if enough and given:
                values = [a.value_int for a in given if a.value_int is not None]
                if question.kind == Question.Kind.SCALE and values:
                    result.mean = _mean(values)
                    result.agree_share = _percent(sum(1 for v in values if v >= 4), len(values))
                    result.distribution = _distribution(
                        [str(v) for v in range(1, 6)],
                        [values.count(v) for v in range(1, 6)],
                        len(values),
                        suppress,
                    )
                elif question.kind == Question.Kind.CHOICE and values:
                    result.distribution = _distribution(
                        list(question.choices),
                        [values.count(i) for i in range(1, len(question.choices) + 1)],
                        len(values),
                        suppress,
                    )
                elif question.kind == Question.Kind.TEXT and texts:
                    result.texts = [a.value_text for a in given if a.value_text]
            question_results.append(result)
        results.append(
            PartnerResult(
                version=version,
                responses=len(mine),
                by_organisation=sorted(org_counts.items()),
                questions=question_results,
                enough=enough,
                first_on=mine[0].answered_on,
                last_on=mine[-1].answered_on,
            )
        )
    return results


def _distribution(
    labels: list[str], counts: list[int], total: int, suppress: bool
) -> list[tuple[str, int | str, int | str | None]]:
    """(label, count, share) per alternative; small cells hidden for roles without participant access."""
    cells = {str(i): count for i, count in enumerate(counts)}
    shown = suppress_breakdown(cells) if suppress else dict(cells)
    return [
        (label, shown[str(i)], SUPPRESSED if shown[str(i)] == SUPPRESSED else _percent(count, total))
        for i, (label, count) in enumerate(zip(labels, counts, strict=True))
    ]


def partner_links(project: Project) -> QuerySet[SurveyLink]:
    return (
        SurveyLink.objects.filter(project=project, enrolment__isnull=True)
        .select_related("organisation", "version__questionnaire", "created_by")
        .order_by("-created_at", "-pk")
    )
