"""Services: shipped questionnaires, immutable versions, links, responses, paper and partners."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stegvis.audit.models import AuditEntry
from stegvis.participants import services as participant_services
from stegvis.participants.models import Consent
from stegvis.surveys import defaults, services
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
from stegvis.surveys.tests.conftest import answers, paper

TODAY = datetime.date.today()

# --- shipped questionnaires -------------------------------------------------------------------


def test_defaults_are_created_once(db):
    services.questionnaires_ensure_defaults()
    counts = (Questionnaire.objects.count(), QuestionnaireVersion.objects.count(), Question.objects.count())
    services.questionnaires_ensure_defaults()
    services.questionnaires_ensure_defaults()
    assert (
        Questionnaire.objects.count(),
        QuestionnaireVersion.objects.count(),
        Question.objects.count(),
    ) == counts
    assert set(Questionnaire.objects.values_list("key", flat=True)) >= {"deltagarenkat", "samverkansenkat"}


def test_default_participant_questionnaire_asks_satisfaction_only_at_exit(surveys):
    version = surveys.participant_version
    at_start = {q.measure for q in services.asked_questions(version, Occasion.START)}
    at_exit = {q.measure for q in services.asked_questions(version, Occasion.EXIT)}
    assert {Measure.WELLBEING, Measure.HEALTH, Measure.LISTENED_TO, Measure.OWN_ABILITY} <= at_start
    assert Measure.SATISFACTION not in at_start
    assert Measure.SATISFACTION in at_exit


def test_changed_default_wording_publishes_a_new_version_and_keeps_the_old(surveys, world, monkeypatch):
    old = surveys.participant_version
    paper(world.alice_enrolment, surveys.participant, Occasion.START, world.alice, wellbeing=2)
    old_texts = list(old.questions.order_by("position").values_list("text", flat=True))

    reworded = replace(
        defaults.PARTICIPANT,
        questions=[
            replace(defaults.PARTICIPANT.questions[0], text="Hur mår du i dag?"),
            *defaults.PARTICIPANT.questions[1:],
        ],
    )
    monkeypatch.setattr(services, "DEFAULTS", [reworded, defaults.PARTNER])
    services.questionnaires_ensure_defaults()

    new = services.latest_published(surveys.participant)
    assert new.number == old.number + 1
    assert new.questions.order_by("position").first().text == "Hur mår du i dag?"
    assert list(old.questions.order_by("position").values_list("text", flat=True)) == old_texts
    services.questionnaires_ensure_defaults()
    assert surveys.participant.versions.count() == 2


# --- versions are never reworded once published -------------------------------------------------


def _data(version: QuestionnaireVersion) -> list[services.QuestionData]:
    return [services.QuestionData.of(q) for q in version.questions.order_by("position")]


def test_published_version_cannot_be_changed(surveys, world):
    version = surveys.participant_version
    with pytest.raises(ValidationError, match="publicerad och kan inte ändras"):
        services.version_update(
            version=version, title="Ny rubrik", intro="", questions=_data(version), by=world.petra
        )
    version.refresh_from_db()
    assert version.title == defaults.PARTICIPANT.title


def test_version_with_responses_cannot_be_changed_even_if_unpublished_by_hand(surveys, world):
    paper(world.alice_enrolment, surveys.participant, Occasion.START, world.alice)
    version = surveys.participant_version
    # Even if someone cleared published_on in the database, the answers keep the wording.
    QuestionnaireVersion.objects.filter(pk=version.pk).update(published_on=None)
    version.refresh_from_db()
    with pytest.raises(ValidationError):
        services.version_update(
            version=version, title="X", intro="", questions=_data(version), by=world.petra
        )
    with pytest.raises(ValidationError):
        services.version_discard(version=version, by=world.petra)


def test_changing_a_shared_default_makes_a_project_copy(surveys, world):
    draft = services.version_draft_create(
        questionnaire=surveys.participant, project=world.project_a, by=world.petra
    )
    copy = draft.questionnaire
    assert copy.pk != surveys.participant.pk
    assert copy.project == world.project_a and copy.based_on == surveys.participant
    assert draft.number == 1 and not draft.is_published
    assert _data(draft) == _data(surveys.participant_version)
    # A second request returns the same draft.
    assert services.version_draft_create(questionnaire=copy, project=world.project_a, by=world.petra) == draft
    # The copy is available to the project, not to another one.
    assert services.questionnaires_for_project(world.project_a).filter(pk=copy.pk).exists()
    assert not services.questionnaires_for_project(world.project_b).filter(pk=copy.pk).exists()
    assert AuditEntry.objects.filter(action="surveys.questionnaire.copied", object_id=copy.pk).exists()


def test_draft_is_edited_then_published_then_frozen(surveys, world):
    draft = services.version_draft_create(
        questionnaire=surveys.participant, project=world.project_a, by=world.petra
    )
    questions = _data(draft)
    questions[0] = replace(questions[0], text="Hur mår du, allt sammantaget?")
    questions.append(
        services.QuestionData(text="Har du fått det stöd du behövde?", kind="choice", choices=["Ja", "Nej"])
    )
    services.version_update(
        version=draft, title="Hur har du det?", intro="Tack!", questions=questions, by=world.petra
    )
    draft.refresh_from_db()
    assert draft.questions.count() == len(questions)
    services.version_publish(version=draft, by=world.petra)
    draft.refresh_from_db()
    assert draft.published_on == TODAY
    with pytest.raises(ValidationError):
        services.version_update(version=draft, title="Ändrad", intro="", questions=questions, by=world.petra)
    second = services.version_draft_create(
        questionnaire=draft.questionnaire, project=world.project_a, by=world.petra
    )
    assert second.number == 2 and _data(second) == _data(draft)


@pytest.mark.parametrize(
    ("question", "message"),
    [
        (
            services.QuestionData(text="", kind="scale", scale_low_label="a", scale_high_label="b"),
            "skriv frågan",
        ),
        (services.QuestionData(text="Hur?", kind="scale"), "text för 1"),
        (services.QuestionData(text="Vad?", kind="choice", choices=["Bara ett"]), "minst två"),
        (services.QuestionData(text="Vad?", kind="text", measure=Measure.HEALTH), "bara en skalfråga"),
    ],
)
def test_broken_question_is_refused(surveys, world, question, message):
    draft = services.version_draft_create(
        questionnaire=surveys.participant, project=world.project_a, by=world.petra
    )
    with pytest.raises(ValidationError, match=message):
        services.version_update(version=draft, title="T", intro="", questions=[question], by=world.petra)


def test_one_question_per_measure_in_a_version(surveys, world):
    draft = services.version_draft_create(
        questionnaire=surveys.participant, project=world.project_a, by=world.petra
    )
    twice = services.QuestionData(
        text="Igen?", kind="scale", measure=Measure.WELLBEING, scale_low_label="a", scale_high_label="b"
    )
    with pytest.raises(ValidationError, match="måttet används redan"):
        services.version_update(
            version=draft, title="T", intro="", questions=[*_data(draft), twice], by=world.petra
        )


def test_draft_can_be_discarded_and_an_empty_copy_goes_with_it(surveys, world):
    draft = services.version_draft_create(
        questionnaire=surveys.participant, project=world.project_a, by=world.petra
    )
    copy = draft.questionnaire
    services.version_discard(version=draft, by=world.petra)
    assert not Questionnaire.objects.filter(pk=copy.pk).exists()
    with pytest.raises(ValidationError):
        services.version_discard(version=surveys.participant_version, by=world.petra)


# --- links ---------------------------------------------------------------------------------------


def test_link_token_is_shown_once_and_only_its_hash_is_stored(surveys, world):
    link, token = services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        by=world.alice,
    )
    assert len(token) >= 43
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = SurveyLink.objects.filter(pk=link.pk).values().get()
    assert token not in repr(stored)
    assert not AuditEntry.objects.filter(path__contains=token).exists()
    entry = AuditEntry.objects.get(action="surveys.link.created")
    assert (entry.user, entry.enrolment_id, entry.person_id, entry.object_id) == (
        world.alice,
        world.alice_enrolment.pk,
        world.alice_enrolment.person_id,
        link.pk,
    )


def test_tokens_differ_every_time(surveys, world):
    tokens = {
        services.partner_links_create(
            project=world.project_a,
            questionnaire=surveys.partner,
            organisation=world.af,
            count=1,
            by=world.petra,
        )[0][1]
        for _ in range(20)
    }
    assert len(tokens) == 20


def test_link_expires_at_the_end_of_the_chosen_day(surveys, world):
    link, _ = services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        days_valid=3,
        by=world.alice,
    )
    local = timezone.localtime(link.expires_at)
    assert local.date() == timezone.localdate() + datetime.timedelta(days=3)
    assert (local.hour, local.minute) == (23, 59)
    with pytest.raises(ValidationError):
        services.link_create(
            enrolment=world.alice_enrolment,
            questionnaire=surveys.participant,
            occasion=Occasion.START,
            days_valid=services.MAX_DAYS_VALID + 1,
            by=world.alice,
        )


def test_link_needs_consent_to_surveys(surveys, world):
    consent = Consent.objects.get(person=world.alice_enrolment.person, scope=Consent.Scope.SURVEYS)
    participant_services.consent_withdraw(consent=consent, on=TODAY, by=world.alice)
    with pytest.raises(ValidationError, match="samtycke till enkäter"):
        services.link_create(
            enrolment=world.alice_enrolment,
            questionnaire=surveys.participant,
            occasion=Occasion.START,
            by=world.alice,
        )


def test_anonymous_participant_needs_no_consent(surveys, world):
    person = participant_services.person_create_anonymous(
        gender="kvinna", birth_year=1990, protected_identity=False, by=world.alice
    )
    enrolment = participant_services.enrolment_create(
        project=world.project_a,
        person=person,
        coach=world.alice,
        start_date=TODAY,
        municipality=None,
        entry=participant_services.SituationData(sysselsattning="ovrigt"),
        by=world.alice,
        override_reason="Testfall",
    )
    link, _token = services.link_create(
        enrolment=enrolment, questionnaire=surveys.participant, occasion=Occasion.START, by=world.alice
    )
    assert link.pk


def test_partner_questionnaire_is_not_sent_to_a_participant(surveys, world):
    with pytest.raises(ValidationError, match="samverkansparter"):
        services.link_create(
            enrolment=world.alice_enrolment,
            questionnaire=surveys.partner,
            occasion=Occasion.START,
            by=world.alice,
        )


def test_new_link_stops_the_old_one_and_keeps_its_draft(surveys, world):
    first, _ = services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        by=world.alice,
    )
    wellbeing = surveys.participant_version.questions.get(measure=Measure.WELLBEING)
    services.link_draft_save(link=first, answers={wellbeing.pk: 2})
    second, _ = services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        by=world.alice,
    )
    first.refresh_from_db()
    assert first.status() == SurveyLink.Status.REVOKED and first.draft == {}
    assert second.draft == {str(wellbeing.pk): 2}


def test_submit_spends_the_link_and_stores_the_answers(surveys, world):
    link, _ = services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        by=world.alice,
    )
    version = surveys.participant_version
    services.link_draft_save(link=link, answers={version.questions.get(measure=Measure.HEALTH).pk: 1})
    response = services.link_submit(link=link, answers=answers(version, Occasion.START, wellbeing=2))
    link.refresh_from_db()
    assert link.used_at is not None and link.draft == {}
    assert response.channel == Response.Channel.LINK and response.answered_on == TODAY
    assert response.enrolment == world.alice_enrolment and response.version == version
    assert Answer.objects.get(response=response, question__measure=Measure.WELLBEING).value_int == 2
    with pytest.raises(services.LinkNotUsable):
        services.link_submit(link=link, answers=answers(version, Occasion.START))
    assert Response.objects.count() == 1
    entry = AuditEntry.objects.get(action="surveys.response.submitted")
    assert entry.user is None and entry.object_id == response.pk and entry.path == ""


def test_required_answer_missing_is_refused_per_question(surveys, world):
    link, _ = services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        by=world.alice,
    )
    version = surveys.participant_version
    given = answers(version, Occasion.START)
    wellbeing = version.questions.get(measure=Measure.WELLBEING)
    del given[wellbeing.pk]
    with pytest.raises(ValidationError) as error:
        services.link_submit(link=link, answers=given)
    assert f"q{wellbeing.pk}" in error.value.error_dict
    link.refresh_from_db()
    assert link.used_at is None


def test_value_outside_the_scale_is_refused(surveys, world):
    version = surveys.participant_version
    given = answers(version, Occasion.START)
    given[version.questions.get(measure=Measure.WELLBEING).pk] = 6
    with pytest.raises(ValidationError):
        services.response_enter(
            enrolment=world.alice_enrolment,
            questionnaire=surveys.participant,
            occasion=Occasion.START,
            answered_on=TODAY,
            answers=given,
            by=world.alice,
        )


def test_question_not_asked_at_start_is_not_stored(surveys, world):
    version = surveys.participant_version
    satisfaction = version.questions.get(measure=Measure.SATISFACTION)
    given = {**answers(version, Occasion.START), satisfaction.pk: 5}
    response = services.response_enter(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        answered_on=TODAY,
        answers=given,
        by=world.alice,
    )
    assert not response.answers.filter(question=satisfaction).exists()


def test_one_response_per_occasion(surveys, world):
    paper(world.alice_enrolment, surveys.participant, Occasion.START, world.alice)
    with pytest.raises(ValidationError, match="redan besvarat"):
        paper(world.alice_enrolment, surveys.participant, Occasion.START, world.alice)
    with pytest.raises(ValidationError, match="redan besvarat"):
        services.link_create(
            enrolment=world.alice_enrolment,
            questionnaire=surveys.participant,
            occasion=Occasion.START,
            by=world.alice,
        )


def test_paper_answers_stop_an_open_link(surveys, world):
    link, _ = services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        by=world.alice,
    )
    paper(world.alice_enrolment, surveys.participant, Occasion.START, world.alice)
    link.refresh_from_db()
    assert not link.is_usable()
    assert AuditEntry.objects.filter(action="surveys.response.entered", user=world.alice).exists()


def test_paper_answer_date_cannot_be_in_the_future(surveys, world):
    with pytest.raises(ValidationError, match="framtiden"):
        paper(
            world.alice_enrolment,
            surveys.participant,
            Occasion.START,
            world.alice,
            on=TODAY + datetime.timedelta(days=1),
        )


def test_exit_uses_the_version_answered_at_start(surveys, world):
    start = paper(world.alice_enrolment, surveys.participant, Occasion.START, world.alice)
    # A new default wording is published between start and exit.
    QuestionnaireVersion.objects.create(
        questionnaire=surveys.participant, number=start.version.number + 1, title="Ny", published_on=TODAY
    )
    link, _ = services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.EXIT,
        by=world.alice,
    )
    assert link.version == start.version
    # Without a start response, exit gets the newest version.
    other, _ = services.link_create(
        enrolment=world.bob_enrolment, questionnaire=surveys.participant, occasion=Occasion.EXIT, by=world.bob
    )
    assert other.version.number == start.version.number + 1


def test_submit_after_consent_withdrawn_is_refused(surveys, world):
    link, _ = services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        by=world.alice,
    )
    consent = Consent.objects.get(person=world.alice_enrolment.person, scope=Consent.Scope.SURVEYS)
    participant_services.consent_withdraw(consent=consent, on=TODAY, by=world.alice)
    with pytest.raises(services.LinkNotUsable):
        services.link_submit(link=link, answers=answers(surveys.participant_version, Occasion.START))
    assert not Response.objects.exists()


def test_opening_is_logged_once_without_a_user_or_path(surveys, world):
    link, _ = services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        by=world.alice,
    )
    services.link_opened(link=link)
    services.link_opened(link=link)
    entries = AuditEntry.objects.filter(action="surveys.link.opened")
    assert entries.count() == 1
    assert entries.get().user is None and entries.get().path == ""


def test_revoked_link_cannot_be_revoked_again(surveys, world):
    link, _ = services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        by=world.alice,
    )
    services.link_revoke(link=link, by=world.alice)
    with pytest.raises(ValidationError):
        services.link_revoke(link=link, by=world.alice)


def test_resubmitted_creation_form_does_not_make_a_second_link(surveys, world):
    import uuid

    key = uuid.uuid4()
    services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        creation_key=key,
        by=world.alice,
    )
    with pytest.raises(services.LinkAlreadyCreated):
        services.link_create(
            enrolment=world.alice_enrolment,
            questionnaire=surveys.participant,
            occasion=Occasion.START,
            creation_key=key,
            by=world.alice,
        )
    assert SurveyLink.objects.count() == 1


# --- partners --------------------------------------------------------------------------------


def test_partner_links_are_for_partner_organisations_only(surveys, world):
    from stegvis.accounts.tests.factories import OrganisationFactory

    made = services.partner_links_create(
        project=world.project_a, questionnaire=surveys.partner, organisation=world.af, count=3, by=world.petra
    )
    assert len(made) == 3 and len({t for _l, t in made}) == 3
    assert all(link.organisation == world.af and link.enrolment is None for link, _t in made)
    stranger = OrganisationFactory(name="Ingen part")
    with pytest.raises(ValidationError, match="inte part"):
        services.partner_links_create(
            project=world.project_a,
            questionnaire=surveys.partner,
            organisation=stranger,
            count=1,
            by=world.petra,
        )


def test_partner_paper_answers_carry_the_organisation_not_a_person(surveys, world):
    version = surveys.partner_version
    response = services.partner_response_enter(
        project=world.project_a,
        questionnaire=surveys.partner,
        organisation=world.af,
        answered_on=TODAY,
        answers=answers(version, Occasion.DURING, cooperation=5),
        by=world.petra,
    )
    assert response.organisation == world.af and response.enrolment is None
    assert response.occasion == Occasion.DURING


def test_adapting_the_default_again_continues_the_projects_own_copy(surveys, world):
    first = services.version_draft_create(
        questionnaire=surveys.participant, project=world.project_a, by=world.petra
    )
    services.version_publish(version=first, by=world.petra)
    again = services.version_draft_create(
        questionnaire=surveys.participant, project=world.project_a, by=world.petra
    )
    assert again.questionnaire == first.questionnaire and again.number == 2
    assert Questionnaire.objects.filter(project=world.project_a).count() == 1
