"""The participant's page behind a single-use link: no login, works once, reveals nothing after."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AuditEntry
from stegvis.participants import services as participant_services
from stegvis.participants.models import Consent
from stegvis.surveys import ratelimit, services
from stegvis.surveys.models import Measure, Occasion, Response, SurveyLink
from stegvis.surveys.tests.conftest import answers

GONE = "Länken är redan använd eller har gått ut"


@pytest.fixture
def link(surveys, world):
    """A start link for alice's participant (Aina Testsson in Projekt A), and its token."""
    return services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        by=world.alice,
    )


def _url(token: str) -> str:
    return reverse("surveys:public", kwargs={"token": token})


def _form_data(version, occasion=Occasion.START, **by_measure) -> dict[str, object]:
    return {f"q{pk}": value for pk, value in answers(version, occasion, **by_measure).items()}


def _reveals_nothing(response, world) -> None:
    content = response.content.decode()
    assert GONE in content
    for secret in ("Aina", "Testsson", world.project_a.name, "Hur har du det"):
        assert secret not in content


def test_participant_answers_once_without_logging_in(surveys, world, link):
    _link, token = link
    client = Client()
    page = client.get(_url(token))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Hur mår du i stort sett just nu?" in content
    assert world.project_a.name in content
    assert "Aina" not in content and "Testsson" not in content  # the page never names the person
    assert 'lang="sv"' in content

    sent = client.post(_url(token), _form_data(surveys.participant_version, wellbeing=2))
    assert sent.status_code == 302 and sent["Location"] == reverse("surveys:public_thanks")
    assert "Tack för dina svar" in client.get(sent["Location"]).content.decode()

    response = Response.objects.get()
    assert response.enrolment == world.alice_enrolment and response.occasion == Occasion.START
    assert response.answers.get(question__measure=Measure.WELLBEING).value_int == 2

    again = client.get(_url(token))
    assert again.status_code == 404
    _reveals_nothing(again, world)
    assert client.post(_url(token), _form_data(surveys.participant_version)).status_code == 404
    assert Response.objects.count() == 1


def test_spent_expired_revoked_and_wrong_links_look_the_same(surveys, world, link):
    spent_link, spent = link
    services.link_submit(link=spent_link, answers=answers(surveys.participant_version, Occasion.START))
    expired_link, expired = services.link_create(
        enrolment=world.bob_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        by=world.bob,
    )
    SurveyLink.objects.filter(pk=expired_link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    revoked_link, revoked = services.link_create(
        enrolment=world.bob_enrolment, questionnaire=surveys.participant, occasion=Occasion.EXIT, by=world.bob
    )
    services.link_revoke(link=revoked_link, by=world.bob)
    wrong = spent[:-4] + ("AAAA" if not spent.endswith("AAAA") else "BBBB")

    pages = [Client().get(_url(token)) for token in (spent, expired, revoked, wrong)]
    assert [p.status_code for p in pages] == [404, 404, 404, 404]
    assert len({p.content for p in pages}) == 1, "every unusable link must get the very same page"
    for page in pages:
        _reveals_nothing(page, world)
        assert "Bertil" not in page.content.decode()


def test_expired_link_cannot_be_answered(surveys, world, link):
    expired_link, token = link
    SurveyLink.objects.filter(pk=expired_link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = Client().post(_url(token), _form_data(surveys.participant_version))
    assert response.status_code == 404
    assert not Response.objects.exists()


def test_link_stops_working_when_consent_is_withdrawn(surveys, world, link):
    _link, token = link
    consent = Consent.objects.get(person=world.alice_enrolment.person, scope=Consent.Scope.SURVEYS)
    participant_services.consent_withdraw(consent=consent, on=datetime.date.today(), by=world.alice)
    response = Client().get(_url(token))
    assert response.status_code == 404
    _reveals_nothing(response, world)


def test_token_shaped_garbage_is_not_found(db):
    assert Client().get("/enkat/not-a-token/").status_code == 404
    assert Client().get(_url("x" * 43)).status_code == 404


def test_public_pages_are_not_cached_and_send_no_referrer(surveys, world, link):
    _link, token = link
    client = Client()
    for response in (
        client.get(_url(token)),
        client.post(reverse("surveys:public_save", kwargs={"token": token}), {}),
        client.get(_url("y" * 43)),
        client.get(reverse("surveys:public_thanks")),
    ):
        assert response["Cache-Control"] == "no-store"
        assert response["Referrer-Policy"] == "no-referrer"
        assert "noindex" in response["X-Robots-Tag"]


def test_first_view_is_logged_once_without_the_token(surveys, world, link):
    _link, token = link
    client = Client()
    client.get(_url(token))
    client.get(_url(token))
    entry = AuditEntry.objects.get(action="surveys.link.opened")
    assert entry.enrolment_id == world.alice_enrolment.pk and entry.user is None
    assert not AuditEntry.objects.filter(path__contains=token).exists()


def test_each_answer_is_saved_as_it_is_chosen_and_shown_again(surveys, world, link):
    saved_link, token = link
    version = surveys.participant_version
    wellbeing = version.questions.get(measure=Measure.WELLBEING)
    text = version.questions.get(kind="text")
    client = Client()
    save = reverse("surveys:public_save", kwargs={"token": token})
    response = client.post(save, {f"q{wellbeing.pk}": "4"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Sparat" in response.content.decode()
    client.post(save, {f"q{text.pk}": "Bra att få prata."}, headers={"HX-Request": "true"})
    saved_link.refresh_from_db()
    assert saved_link.draft == {str(wellbeing.pk): 4, str(text.pk): "Bra att få prata."}

    # The connection dropped; the participant opens the link again later.
    page = Client().get(_url(token)).content.decode()
    assert f'name="q{wellbeing.pk}" value="4" id="id_q{wellbeing.pk}_3" checked' in page
    assert "Bra att få prata." in page

    # Clearing a text answer removes it from the draft.
    client.post(save, {f"q{text.pk}": ""})
    saved_link.refresh_from_db()
    assert str(text.pk) not in saved_link.draft


def test_autosave_refuses_a_value_the_question_cannot_take(surveys, world, link):
    saved_link, token = link
    wellbeing = surveys.participant_version.questions.get(measure=Measure.WELLBEING)
    save = reverse("surveys:public_save", kwargs={"token": token})
    assert Client().post(save, {f"q{wellbeing.pk}": "9"}).status_code == 422
    saved_link.refresh_from_db()
    assert saved_link.draft == {}


def test_without_javascript_a_form_with_missing_answers_comes_back_and_keeps_them(surveys, world, link):
    saved_link, token = link
    version = surveys.participant_version
    wellbeing = version.questions.get(measure=Measure.WELLBEING)
    health = version.questions.get(measure=Measure.HEALTH)
    response = Client().post(_url(token), {f"q{health.pk}": "2"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Några frågor behöver svar" in content
    assert f'href="#fs-q{wellbeing.pk}"' in content
    assert f'name="q{health.pk}" value="2" id="id_q{health.pk}_1" checked' in content
    saved_link.refresh_from_db()
    assert saved_link.draft == {str(health.pk): 2} and saved_link.used_at is None


def test_no_referrer_and_no_cookies_and_the_token_stands_in_for_csrf(surveys, world, link):
    """Under no-referrer a browser posts with "Origin: null" and no Referer, which Django's CSRF
    check refuses; the views are exempt, and a post without the link's token changes nothing."""
    _link, token = link
    client = Client(enforce_csrf_checks=True)
    page = client.get(_url(token))
    assert not page.cookies, "the participant's page sets no cookie"
    data = _form_data(surveys.participant_version)
    forged = client.post(_url("f" * 43), data, headers={"Origin": "null"})
    assert forged.status_code == 404 and not Response.objects.exists()
    sent = client.post(_url(token), data, headers={"Origin": "null"}, secure=True)
    assert sent.status_code == 302 and not sent.cookies
    assert Response.objects.count() == 1


def test_too_many_requests_from_one_address_get_429(surveys, world, link):
    _link, token = link
    client = Client()
    for _ in range(ratelimit.IP_LIMIT):
        assert client.get(_url("z" * 43)).status_code == 404
    blocked = client.get(_url(token))
    assert blocked.status_code == 429
    assert "För många försök" in blocked.content.decode()
    assert blocked["Retry-After"] == str(ratelimit.WINDOW_SECONDS)
    assert blocked["Cache-Control"] == "no-store"
    # Another address is not affected.
    assert Client(REMOTE_ADDR="192.0.2.7").get(_url(token)).status_code == 200


def test_guessing_through_the_autosave_endpoint_is_limited_per_address(db):
    client = Client()
    statuses = [
        client.post(f"/enkat/{'g' * 43}/spara/", {}).status_code for _ in range(ratelimit.IP_LIMIT + 1)
    ]
    assert statuses[:-1] == [404] * ratelimit.IP_LIMIT
    assert statuses[-1] == 429


def test_one_link_is_limited_however_many_addresses_use_it(surveys, world, link):
    _link, token = link
    save = reverse("surveys:public_save", kwargs={"token": token})
    for n in range(ratelimit.TOKEN_LIMIT):
        assert Client(REMOTE_ADDR=f"198.51.100.{n % 250}").post(save, {}).status_code == 200
    assert Client(REMOTE_ADDR="203.0.113.1").post(save, {}).status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.2").get(_url(token)).status_code == 429


def test_partner_link_page_names_the_organisation_and_saves_no_person(surveys, world):
    link, token = services.partner_links_create(
        project=world.project_a, questionnaire=surveys.partner, organisation=world.af, count=1, by=world.petra
    )[0]
    client = Client()
    page = client.get(_url(token)).content.decode()
    assert "Arbetsförmedlingen" in page and "Ditt namn sparas inte" in page
    sent = client.post(_url(token), _form_data(surveys.partner_version, Occasion.DURING, cooperation=4))
    assert sent.status_code == 302
    response = Response.objects.get(link=link)
    assert response.organisation == world.af and response.enrolment is None
    assert client.get(_url(token)).status_code == 404
