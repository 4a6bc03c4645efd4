"""Participant pages through HTTP: forms, lists, audit of reads, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.participants.models import Enrolment, Phase, Referral
from stegvis.participants.tests.factories import enrol, make_personal_id

TODAY = datetime.date.today()


def _enrol_post(world, **overrides):
    data = {
        "identity": "identified",
        "personal_id": make_personal_id(datetime.date(1988, 4, 2)),
        "first_name": "Nora",
        "last_name": "Nyberg",
        "gender": "kvinna",
        "coach": world.alice.pk,
        "start_date": TODAY.isoformat(),
        "sysselsattning": "arbetssokande",
        "income_sources": ["forsorjningsstod", "annat"],
        "labour_status": "long_term_unemployed",
        "education": "isced_0_2",
        "current_with": [world.af.pk],
        "consent_given": "on",
        "consent_form_version": "1.0",
        "override_reason": "",
    }
    data.update(overrides)
    return data


def test_enrol_form_keeps_what_was_typed_and_explains_the_warning(world):
    client = world.client_for("alice")
    url = reverse("participants:enrol", args=[world.project_a.pk])
    response = client.post(url, _enrol_post(world))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nyberg" in content and "Nora" in content
    assert "Personen bor inte i någon av projektets kommuner." in content
    assert not Enrolment.objects.filter(person__last_name="Nyberg").exists()


def test_enrol_with_reason_creates_enrolment_and_redirects_to_participant_page(world):
    client = world.client_for("alice")
    url = reverse("participants:enrol", args=[world.project_a.pk])
    response = client.post(url, _enrol_post(world, override_reason="Bor i grannkommun, överenskommet"))
    enrolment = Enrolment.objects.get(person__last_name="Nyberg")
    assert response.status_code == 302 and response["Location"] == reverse(
        "participants:detail", args=[enrolment.pk]
    )
    entry = enrolment.situations.get()
    assert set(entry.income_sources.values_list("source", flat=True)) == {"forsorjningsstod", "annat"}


def test_bad_check_digit_gets_a_swedish_message(world):
    client = world.client_for("alice")
    bad = make_personal_id(datetime.date(1988, 4, 2))
    bad = bad[:-1] + str((int(bad[-1]) + 1) % 10)
    response = client.post(
        reverse("participants:enrol", args=[world.project_a.pk]), _enrol_post(world, personal_id=bad)
    )
    assert "Kontrollsiffran stämmer inte" in response.content.decode()


def test_identified_person_without_consent_is_refused(world):
    client = world.client_for("alice")
    response = client.post(
        reverse("participants:enrol", args=[world.project_a.pk]), _enrol_post(world, consent_given="")
    )
    assert "Utan samtycke registreras deltagaren anonymt" in response.content.decode()


def test_anonymous_enrolment_needs_birth_year_only(world):
    client = world.client_for("alice")
    data = _enrol_post(
        world,
        identity="anonymous",
        personal_id="",
        first_name="",
        last_name="",
        birth_year=1990,
        consent_given="",
        override_reason="Skyddad identitet",
    )
    response = client.post(reverse("participants:enrol", args=[world.project_a.pk]), data)
    assert response.status_code == 302
    enrolment = Enrolment.objects.latest("pk")
    assert enrolment.person.is_anonymous and enrolment.person.personal_id is None


def test_enrol_from_referral_accepts_it(world):
    client = world.client_for("alice")
    url = reverse("participants:enrol", args=[world.project_a.pk]) + f"?anvisning={world.pending_referral.pk}"
    assert client.get(url).status_code == 200
    data = _enrol_post(
        world,
        identity="anonymous",
        personal_id="",
        first_name="",
        last_name="",
        birth_year=1995,
        consent_given="",
        override_reason="ok",
        referral=world.pending_referral.pk,
    )
    response = client.post(url, data)
    assert response.status_code == 302
    world.pending_referral.refresh_from_db()
    assert world.pending_referral.status == Referral.Status.ACCEPTED


def test_list_search_by_name_and_personnummer_and_filter_by_phase(world):
    client = world.client_for("petra")
    url = reverse("participants:list", args=[world.project_a.pk])
    names = lambda r: {e.person.first_name for e in r.context["page_obj"].object_list}  # noqa: E731
    assert names(client.get(url, {"q": "Aina"})) == {"Aina"}
    number = world.bob_enrolment.person.personal_id
    assert names(client.get(url, {"q": f"{number[:8]}-{number[8:]}"})) == {"Bertil"}
    assert names(client.get(url, {"phase": Phase.AVSLUT})) == set()
    services_exit = client.get(url).context["page_obj"].object_list
    assert all(e.phase != Phase.AVSLUT for e in services_exit)
    assert names(client.get(url, {"coach": world.bob.pk})) == {"Bertil"}
    empty = client.get(url, {"q": "Ingen-sådan"})
    assert "Inga deltagare matchar sökningen" in empty.content.decode()


def test_list_shows_personnummer_masked(world):
    content = (
        world.client_for("petra")
        .get(reverse("participants:list", args=[world.project_a.pk]))
        .content.decode()
    )
    number = world.alice_enrolment.person.personal_id
    assert f"{number[:8]}-****" in content
    assert number[8:] not in content


def test_htmx_search_returns_only_the_rows(world):
    response = world.client_for("petra").get(
        reverse("participants:list", args=[world.project_a.pk]), {"q": "Aina"}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in response.content.decode() and "Aina" in response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_query_count_does_not_grow_with_participants(world):
    client = world.client_for("petra")
    url = reverse("participants:list", args=[world.project_a.pk])
    before = _queries(client, url)
    for n in range(8):
        enrol(
            project=world.project_a,
            coach=world.bob,
            first_name=f"Extra{n}",
            birth=datetime.date(1980, 1, n + 1),
        )
    assert _queries(client, url) == before
    assert before <= 12


def test_detail_query_count_is_bounded(world):
    client = world.client_for("alice")
    url = reverse("participants:detail", args=[world.alice_enrolment.pk])
    # The page and every app's panel, each in a fixed number of queries (assessments: 5).
    assert _queries(client, url) <= 25


def test_project_page_query_count_does_not_grow(world):
    client = world.client_for("sven")
    url = reverse("projects:detail", args=[world.project_a.pk])
    before = _queries(client, url)
    for n in range(6):
        enrol(
            project=world.project_a,
            coach=world.bob,
            first_name=f"Extra{n}",
            birth=datetime.date(1981, 2, n + 1),
        )
    assert _queries(client, url) == before


def test_opening_a_participant_page_is_logged_without_contents(world):
    client = world.client_for("alice")
    url = reverse("participants:detail", args=[world.alice_enrolment.pk])
    client.get(url)
    entry = AuditEntry.objects.filter(action="participants.enrolment.viewed").latest("pk")
    assert entry.user == world.alice and entry.enrolment_id == world.alice_enrolment.pk and entry.path == url
    assert entry.person_id == world.alice_enrolment.person_id


def test_sensitive_data_hidden_until_opened_with_purpose(world):
    client = world.client_for("alice")
    page = client.get(reverse("participants:detail", args=[world.alice_enrolment.pk])).content.decode()
    assert "Visa känsliga uppgifter" in page and "Funktionsnedsättning" not in page
    url = reverse("participants:sensitive_open", args=[world.alice_enrolment.pk])
    refused = client.post(url, {"purpose": ""}).content.decode()
    assert "Funktionsnedsättning" not in refused
    opened = client.post(
        url, {"purpose": "Uppföljning med deltagaren"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Funktionsnedsättning" in opened and "<html" not in opened
    assert AuditEntry.objects.filter(
        action="participants.sensitive.opened", purpose="Uppföljning med deltagaren"
    )


def test_phase_change_and_exit_through_the_pages(world):
    client = world.client_for("alice")
    enrolment = world.alice_enrolment
    response = client.post(
        reverse("participants:phase", args=[enrolment.pk]),
        {"phase": Phase.AKTIVITET, "on": TODAY.isoformat(), "version": enrolment.version},
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    response = client.post(
        reverse("participants:exit", args=[enrolment.pk]),
        {
            "exit_date": TODAY.isoformat(),
            "reason": "studies",
            "outcome": "studies",
            "sysselsattning": "studier",
            "income_sources": ["studiemedel"],
            "qualification_gained": "",
            "version": enrolment.version,
        },
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.phase == Phase.AVSLUT and enrolment.exit.outcome == "studies"
    page = client.get(reverse("participants:detail", args=[enrolment.pk])).content.decode()
    assert "Börjat studera" in page


def test_concurrent_phase_change_shows_a_clear_message_and_keeps_input(world):
    client = world.client_for("alice")
    enrolment = world.alice_enrolment
    stale = enrolment.version
    Enrolment.objects.filter(pk=enrolment.pk).update(version=stale + 1)
    response = client.post(
        reverse("participants:phase", args=[enrolment.pk]),
        {"phase": Phase.PROVNING, "on": TODAY.isoformat(), "version": stale},
    )
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.phase == Phase.KARTLAGGNING


def test_referrer_files_referral_and_sees_status_only(world):
    client = world.client_for("rita")
    response = client.post(
        reverse("participants:refer", args=[world.project_a.pk]),
        {
            "identity": "identified",
            "personal_id": make_personal_id(datetime.date(1975, 3, 3), female=False),
            "first_name": "Sture",
            "last_name": "Svensson",
            "gender": "man",
            "referring_organisation": world.af.pk,
            "received_on": TODAY.isoformat(),
            "reason": "Behöver samordnat stöd",
        },
    )
    assert response.status_code == 302
    assert Referral.objects.filter(person__last_name="Svensson", referred_by=world.rita).exists()
    status = client.get(reverse("participants:referred_status", args=[world.project_a.pk])).content.decode()
    assert "Rune" in status and "Kartläggning" in status
    assert "Känsliga" not in status and "Funktionsnedsättning" not in status


def test_coach_declines_a_referral_with_reason(world):
    client = world.client_for("alice")
    url = reverse("participants:referral_decline", args=[world.project_a.pk, world.pending_referral.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Ej aktuell hos två parter"}).status_code == 302
    world.pending_referral.refresh_from_db()
    assert world.pending_referral.status == Referral.Status.DECLINED


def test_empty_participant_list_says_what_to_do(world):
    world.bob.memberships.update(whole_project=False)
    Enrolment.objects.filter(coach=world.bob).delete()
    content = (
        world.client_for("bob").get(reverse("participants:list", args=[world.project_a.pk])).content.decode()
    )
    assert "Inga pågående deltagare" in content and "Skriv in deltagare" in content


@pytest.mark.parametrize("page", ["consent_add", "consent_withdraw"])
def test_consent_pages(world, page):
    client = world.client_for("alice")
    enrolment = world.alice_enrolment
    if page == "consent_add":
        response = client.post(
            reverse("participants:consent_add", args=[enrolment.pk]),
            {"scope": "sharing", "form_version": "1.0", "given_on": TODAY.isoformat()},
        )
    else:
        consent = enrolment.person.consents.get()
        response = client.post(
            reverse("participants:consent_withdraw", args=[enrolment.pk, consent.pk]),
            {"on": TODAY.isoformat()},
        )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("persona", "name", "action"),
    [
        ("petra", "participants:list", "participants.list.viewed"),
        ("petra", "participants:referrals", "participants.referrals.viewed"),
        ("rita", "participants:referred_status", "participants.referred_status.viewed"),
    ],
)
def test_every_list_of_people_is_logged(world, persona, name, action):
    world.client_for(persona).get(reverse(name, args=[world.project_a.pk]))
    entry = AuditEntry.objects.get(action=action)
    assert entry.user == getattr(world, persona) and entry.project_id == world.project_a.pk


def test_list_shows_ongoing_by_default_and_all_on_request(world):
    from stegvis.participants import services

    enrolment = world.bob_enrolment
    services.enrolment_exit(
        enrolment=enrolment,
        exit_date=TODAY,
        reason="work",
        outcome="employment",
        qualification_gained=None,
        situation=services.SituationData(sysselsattning="forvarvsarbete"),
        by=world.bob,
        expected_version=enrolment.version,
    )
    client = world.client_for("petra")
    url = reverse("participants:list", args=[world.project_a.pk])
    default = {e.person.first_name for e in client.get(url).context["page_obj"].object_list}
    everyone = {
        e.person.first_name for e in client.get(url, {"phase": "alla"}).context["page_obj"].object_list
    }
    assert "Bertil" not in default and "Bertil" in everyone
