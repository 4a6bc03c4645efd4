"""Surveys fixtures on top of the shared personas (stegvis/conftest.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from stegvis.accounts.models import User
from stegvis.participants import services as participant_services
from stegvis.participants.models import Consent, Enrolment
from stegvis.surveys import services
from stegvis.surveys.models import Questionnaire, QuestionnaireVersion, Response


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with an empty window."""
    cache.clear()
    yield
    cache.clear()


def give_survey_consent(enrolment: Enrolment, by: User) -> Consent:
    return participant_services.consent_record(
        person=enrolment.person,
        project=enrolment.project,
        scope=Consent.Scope.SURVEYS,
        form_version="1.0",
        given_on=enrolment.start_date,
        by=by,
    )


def answers(version: QuestionnaireVersion, occasion: str, **by_measure: int) -> dict[int, object]:
    """A full set of answers: the given value per measure, 3 on other scales, the first alternative."""
    given: dict[int, object] = {}
    for question in services.asked_questions(version, occasion):
        if question.kind == question.Kind.SCALE:
            given[question.pk] = by_measure.get(question.measure, 3)
        elif question.kind == question.Kind.CHOICE:
            given[question.pk] = 1
    return given


def paper(
    enrolment: Enrolment,
    questionnaire: Questionnaire,
    occasion: str,
    by: User,
    on: datetime.date | None = None,
    **by_measure: int,
) -> Response:
    version = services.participant_version_check(enrolment, questionnaire, occasion)
    return services.response_enter(
        enrolment=enrolment,
        questionnaire=questionnaire,
        occasion=occasion,
        answered_on=on or datetime.date.today(),
        answers=answers(version, occasion, **by_measure),
        by=by,
    )


@dataclass
class SurveyWorld:
    participant: Questionnaire
    partner: Questionnaire

    @property
    def participant_version(self) -> QuestionnaireVersion:
        return services.latest_published(self.participant)

    @property
    def partner_version(self) -> QuestionnaireVersion:
        return services.latest_published(self.partner)


@pytest.fixture
def surveys(world) -> SurveyWorld:
    """The shipped questionnaires, and consent to surveys for alice's and bob's participants."""
    services.questionnaires_ensure_defaults()
    give_survey_consent(world.alice_enrolment, world.alice)
    give_survey_consent(world.bob_enrolment, world.bob)
    return SurveyWorld(
        participant=Questionnaire.objects.get(key="deltagarenkat"),
        partner=Questionnaire.objects.get(key="samverkansenkat"),
    )
