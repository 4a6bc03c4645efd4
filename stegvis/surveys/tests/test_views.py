"""Staff pages through HTTP: links, paper answers, one participant's answers, versions, partners."""

from __future__ import annotations

import datetime
import hashlib
import re

from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.participants.models import Consent
from stegvis.surveys import services
from stegvis.surveys.models import Measure, Occasion, Question, Questionnaire, Response, SurveyLink
from stegvis.surveys.tests.conftest import answers, paper

TODAY = datetime.date.today()


def _answer_fields(version, occasion=Occasion.START, **by_measure) -> dict[str, object]:
    return {f"q{pk}": v for pk, v in answers(version, occasion, **by_measure).items()}


# --- links -------------------------------------------------------------------------------------


def test_coach_creates_a_link_and_sees_it_once(surveys, world):
    client = world.client_for("alice")
    url = reverse("surveys:link_create", args=[world.alice_enrolment.pk])
    form = client.get(url)
    assert form.status_code == 200
    key = form.context["form"]["creation_key"].value()
    data = {
        "questionnaire": surveys.participant.pk,
        "occasion": "start",
        "days_valid": 7,
        "creation_key": key,
    }
    created = client.post(url, data)
    assert created.status_code == 200
    content = created.content.decode()
    token = re.search(r"/enkat/([A-Za-z0-9_-]{43})/", content).group(1)
    link = SurveyLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert link.occasion == Occasion.START and link.created_by == world.alice
    assert "Hej! Vi i Projekt A" in content  # a message to paste into an sms
    assert created["Cache-Control"] == "no-store"

    # The browser sends the form again (reload): no second link, and the token is not shown again.
    again = client.post(url, data, follow=True)
    assert SurveyLink.objects.count() == 1
    assert token not in again.content.decode()
    assert "kan inte visas igen" in again.content.decode()


def test_link_form_asks_for_consent_first(surveys, world):
    Consent.objects.filter(person=world.alice_enrolment.person, scope=Consent.Scope.SURVEYS).delete()
    page = world.client_for("alice").get(reverse("surveys:link_create", args=[world.alice_enrolment.pk]))
    content = page.content.decode()
    assert "Registrera samtycket först" in content
    assert 'name="days_valid"' not in content


def test_coach_revokes_a_link(surveys, world):
    link, _token = services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        by=world.alice,
    )
    response = world.client_for("alice").post(
        reverse("surveys:link_revoke", args=[world.alice_enrolment.pk, link.pk]), follow=True
    )
    assert "återkallad" in response.content.decode()
    link.refresh_from_db()
    assert link.revoked_by == world.alice


def test_colleague_cannot_revoke_another_caseloads_link(surveys, world):
    link, _token = services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        by=world.alice,
    )
    response = world.client_for("bob").post(
        reverse("surveys:link_revoke", args=[world.alice_enrolment.pk, link.pk])
    )
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.is_usable()


# --- paper -------------------------------------------------------------------------------------


def test_coach_enters_a_paper_form(surveys, world):
    client = world.client_for("alice")
    url = reverse("surveys:paper", args=[world.alice_enrolment.pk])
    assert "Visa frågorna" in client.get(url).content.decode()
    query = f"?enkat={surveys.participant.pk}&tillfalle=start"
    page = client.get(url + query)
    content = page.content.decode()
    assert "Hur mår du i stort sett just nu?" in content
    assert "Hur nöjd är du med stödet" not in content  # asked at exit only
    data = {**_answer_fields(surveys.participant_version, wellbeing=2), "answered_on": "2024-02-01"}
    saved = client.post(url + query, data)
    assert saved.status_code == 302
    response = Response.objects.get()
    assert response.channel == Response.Channel.PAPER and response.entered_by == world.alice
    assert response.answered_on == datetime.date(2024, 2, 1)
    # The same occasion cannot be entered twice.
    twice = client.get(url + query).content.decode()
    assert "redan besvarat enkäten vid start" in twice


def test_paper_form_with_a_missing_answer_comes_back(surveys, world):
    client = world.client_for("alice")
    url = (
        reverse("surveys:paper", args=[world.alice_enrolment.pk])
        + f"?enkat={surveys.participant.pk}&tillfalle=start"
    )
    data = {**_answer_fields(surveys.participant_version), "answered_on": TODAY.isoformat()}
    wellbeing = surveys.participant_version.questions.get(measure=Measure.WELLBEING)
    del data[f"q{wellbeing.pk}"]
    page = client.post(url, data)
    assert page.status_code == 200
    assert "Svara på frågan." in page.content.decode()
    assert not Response.objects.exists()


def test_answers_page_shows_the_answers_and_logs_the_viewing(surveys, world):
    response = paper(world.alice_enrolment, surveys.participant, Occasion.START, world.alice, wellbeing=4)
    page = world.client_for("petra").get(
        reverse("surveys:response", args=[world.alice_enrolment.pk, response.pk])
    )
    content = page.content.decode()
    assert "Hur mår du i stort sett just nu?" in content
    assert "<strong>4</strong>" in content
    assert "Att må bättre" in content  # the chosen alternative in words
    assert AuditEntry.objects.filter(
        action="surveys.response.viewed", user=world.petra, object_id=response.pk
    ).exists()


def test_answers_entered_by_mistake_can_be_removed(surveys, world):
    response = paper(world.alice_enrolment, surveys.participant, Occasion.START, world.alice)
    client = world.client_for("alice")
    url = reverse("surveys:response_delete", args=[world.alice_enrolment.pk, response.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Response.objects.exists()
    assert AuditEntry.objects.filter(action="surveys.response.deleted", object_id=response.pk).exists()


# --- the participant page ----------------------------------------------------------------------


def test_participant_page_shows_answers_comparison_and_timeline(surveys, world):
    enrolment = world.alice_enrolment
    paper(enrolment, surveys.participant, Occasion.START, world.alice, on=enrolment.start_date, wellbeing=2)
    paper(enrolment, surveys.participant, Occasion.EXIT, world.alice, wellbeing=4)
    page = world.client_for("alice").get(reverse("participants:detail", args=[enrolment.pk]))
    content = page.content.decode()
    assert "Deltagarenkät vid start" in content and "Deltagarenkät vid avslut" in content
    assert "Välmåendet har ökat." in content
    assert "+2" in content
    assert "Enkät besvarad: Deltagarenkät vid start" in content


def test_link_and_paper_forms_say_when_consent_is_missing(surveys, world):
    client = world.client_for("alice")
    for name in ("surveys:link_create", "surveys:paper"):
        page = client.get(reverse(name, args=[world.rita_enrolment.pk])).content.decode()
        assert "inget gällande samtycke" in page
        assert reverse("participants:consent_add", args=[world.rita_enrolment.pk]) in page


# --- versions ----------------------------------------------------------------------------------


def _formset_data(version, changes=None, extra=None) -> dict[str, object]:
    """The edit form as the browser sends it: every question, plus one empty new one."""
    questions = list(version.questions.order_by("position"))
    data = {"title": version.title, "intro": version.intro, "fragor-TOTAL_FORMS": len(questions) + 1}
    data.update(
        {"fragor-INITIAL_FORMS": len(questions), "fragor-MIN_NUM_FORMS": 0, "fragor-MAX_NUM_FORMS": 40}
    )
    for i, q in enumerate(questions):
        row = {
            "text": q.text,
            "help_text": q.help_text,
            "kind": q.kind,
            "asked_at": q.asked_at,
            "measure": q.measure,
            "scale_low_label": q.scale_low_label,
            "scale_high_label": q.scale_high_label,
            "choices": "\n".join(q.choices),
            "ORDER": i + 1,
        }
        if q.required:
            row["required"] = "on"
        row.update((changes or {}).get(i, {}))
        data.update({f"fragor-{i}-{k}": v for k, v in row.items() if v is not None})
    for k, v in (extra or {}).items():
        data[f"fragor-{len(questions)}-{k}"] = v
    return data


def test_project_manager_adapts_the_default_questionnaire_for_the_project(surveys, world):
    client = world.client_for("petra")
    made = client.post(reverse("surveys:version_create", args=[world.project_a.pk, surveys.participant.pk]))
    copy = Questionnaire.objects.get(project=world.project_a)
    draft = copy.versions.get()
    assert made["Location"] == reverse("surveys:version_edit", args=[world.project_a.pk, copy.pk, draft.pk])
    edit_url = made["Location"]
    assert client.get(edit_url).status_code == 200

    data = _formset_data(
        draft,
        changes={0: {"text": "Hur mår du, allt sammantaget?"}, 4: {"DELETE": "on"}, 1: {"ORDER": 9}},
        extra={
            "text": "Har du en plan för nästa steg?",
            "kind": "choice",
            "asked_at": "exit",
            "choices": "Ja\nNej\nVet inte",
        },
    )
    saved = client.post(edit_url, data)
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    texts = list(draft.questions.order_by("position").values_list("text", flat=True))
    assert texts[0] == "Hur mår du, allt sammantaget?"
    assert "Vad är viktigast för dig just nu?" not in texts  # deleted
    assert texts[-1].startswith("Har du en plan") or texts[-2].startswith("Har du en plan")
    assert "Hur har din hälsa" in texts[-1] or "Hur har din hälsa" in texts[-2]  # moved down
    new = draft.questions.get(text__startswith="Har du en plan")
    assert new.choices == ["Ja", "Nej", "Vet inte"] and new.asked_at == Question.AskedAt.EXIT

    published = client.post(reverse("surveys:version_publish", args=[world.project_a.pk, copy.pk, draft.pk]))
    assert published.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    # Published: the edit page sends the user back, and a change must be a new version.
    assert client.get(edit_url).status_code == 302
    # The shared default is untouched.
    assert (
        services.latest_published(surveys.participant).questions.first().text
        == "Hur mår du i stort sett just nu?"
    )


def test_coach_cannot_write_versions(surveys, world):
    response = world.client_for("alice").post(
        reverse("surveys:version_create", args=[world.project_a.pk, surveys.participant.pk])
    )
    assert response.status_code == 403
    assert not Questionnaire.objects.filter(project=world.project_a).exists()


def test_questionnaire_page_lists_versions_and_questions(surveys, world):
    page = (
        world.client_for("sven")
        .get(reverse("surveys:questionnaire", args=[world.project_a.pk, surveys.participant.pk]))
        .content.decode()
    )
    assert "Hur mår du i stort sett just nu?" in page
    assert "Mått: Välmående" in page
    assert "Anpassa för projektet" not in page  # not the steering group's to change


def test_printed_questionnaire_has_the_questions_of_the_occasion(surveys, world):
    version = surveys.participant_version
    url = reverse("surveys:version_print", args=[world.project_a.pk, surveys.participant.pk, version.pk])
    start = world.client_for("alice").get(url + "?tillfalle=start").content.decode()
    leaving = world.client_for("alice").get(url + "?tillfalle=exit").content.decode()
    assert "Hur nöjd är du med stödet" not in start
    assert "Hur nöjd är du med stödet" in leaving


# --- partners ----------------------------------------------------------------------------------


def test_project_manager_makes_partner_links(surveys, world):
    client = world.client_for("petra")
    url = reverse("surveys:partner_link_create", args=[world.project_a.pk])
    key = client.get(url).context["form"]["creation_key"].value()
    data = {
        "questionnaire": surveys.partner.pk,
        "organisation": world.af.pk,
        "count": 3,
        "days_valid": 30,
        "creation_key": key,
    }
    page = client.post(url, data).content.decode()
    tokens = re.findall(r"/enkat/([A-Za-z0-9_-]{43})/", page)
    assert len(set(tokens)) == 3
    assert SurveyLink.objects.filter(organisation=world.af).count() == 3
    listing = client.get(reverse("surveys:project", args=[world.project_a.pk])).content.decode()
    assert listing.count("Inte öppnad") == 3


def test_project_manager_enters_partner_paper_forms(surveys, world):
    client = world.client_for("petra")
    url = (
        reverse("surveys:partner_paper", args=[world.project_a.pk])
        + f"?enkat={surveys.partner.pk}&organisation={world.af.pk}"
    )
    data = {
        **_answer_fields(surveys.partner_version, Occasion.DURING, cooperation=5),
        "answered_on": TODAY.isoformat(),
    }
    assert client.post(url, data).status_code == 302
    response = Response.objects.get()
    assert response.organisation == world.af and response.entered_by == world.petra


def test_partner_results_hidden_until_enough_have_answered(surveys, world):
    version = surveys.partner_version

    def answer(value: int) -> None:
        services.partner_response_enter(
            project=world.project_a,
            questionnaire=surveys.partner,
            organisation=world.af,
            answered_on=TODAY,
            answers=answers(version, Occasion.DURING, cooperation=value),
            by=world.petra,
        )

    for value in (5, 4, 4, 2):
        answer(value)
    url = reverse("surveys:results", args=[world.project_a.pk])
    page = world.client_for("petra").get(url).content.decode()
    assert "Resultaten visas när minst 5 har svarat" in page
    answer(3)
    page = world.client_for("sven").get(url).content.decode()
    # 4 and 5 from three of five: 60 %; mean (5+4+4+2+3)/5 = 3.6.
    assert "60 %" in page and "3,6" in page


def test_exit_link_form_suggests_the_questionnaire_answered_at_start(surveys, world):
    paper(world.alice_enrolment, surveys.participant, Occasion.START, world.alice)
    own = services.version_draft_create(
        questionnaire=surveys.participant, project=world.project_a, by=world.petra
    )
    services.version_publish(version=own, by=world.petra)
    form = (
        world.client_for("alice")
        .get(reverse("surveys:link_create", args=[world.alice_enrolment.pk]))
        .context["form"]
    )
    assert form["questionnaire"].value() == surveys.participant.pk
    assert form["occasion"].value() == Occasion.EXIT
    assert "samma enkät som vid start" in form.fields["questionnaire"].help_text
