"""The API through HTTP with a token: the pages' rules, audit of reads, locking, pagination, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from stegvis.api import services
from stegvis.api.tests.access import MATRIX
from stegvis.assessments import services as assessment_services
from stegvis.audit.models import AuditEntry
from stegvis.participants.models import Enrolment, Phase
from stegvis.participants.tests.factories import enrol, make_personal_id
from stegvis.plans import services as plan_services

TODAY = datetime.date.today()


def api(world, persona: str) -> Client:
    user = getattr(world, persona)
    _token, key = services.token_create(user=user, name="Test", valid_days=30, by=user)
    return Client(headers={"Authorization": f"Bearer {key}"})


def post(client: Client, url: str, data: dict):
    return client.post(url, data, content_type="application/json")


def test_every_api_operation_is_checked_with_a_token_in_the_matrix():
    from config.urls import api as ninja_api

    operations = {
        f"api-v1:{operation.url_name}"
        for _prefix, router in ninja_api._routers
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    }
    assert operations, "no operations found"
    for name in operations:
        assert name in MATRIX and MATRIX[name][3]["client"], name


# --- lists and what they show ------------------------------------------------------------------


def test_enrolment_list_masks_personnummer_and_is_logged(world):
    client = api(world, "petra")
    response = client.get(f"/api/v1/projects/{world.project_a.pk}/enrolments")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and body["limit"] == 25 and body["offset"] == 0
    names = {row["person"]["display_name"] for row in body["items"]}
    assert {n.split()[0] for n in names} == {"Aina", "Bertil", "Rune"}
    full = world.rita_enrolment.person.personal_id
    assert full not in response.content.decode()
    assert all(row["person"]["personal_id_masked"].endswith("-****") for row in body["items"])
    entry = AuditEntry.objects.get(action="participants.list.viewed", user=world.petra)
    assert entry.path.startswith("/api/v1/projects/") and entry.project_id == world.project_a.pk
    assert response["Cache-Control"] == "no-store"


def test_coach_sees_own_caseload_and_filters_apply(world):
    client = api(world, "alice")
    url = f"/api/v1/projects/{world.project_a.pk}/enrolments"
    names = {r["person"]["display_name"].split()[0] for r in client.get(url).json()["items"]}
    assert names == {"Aina", "Rune"}
    found = client.get(url, {"q": "Rune"}).json()["items"]
    assert [r["person"]["display_name"].split()[0] for r in found] == ["Rune"]
    assert client.get(url, {"phase": "avslut"}).json()["count"] == 0


def test_pagination_limits_pages_and_refuses_too_large_ones(world):
    client = api(world, "petra")
    url = f"/api/v1/projects/{world.project_a.pk}/enrolments"
    page = client.get(url, {"limit": 2, "offset": 2}).json()
    assert page["count"] == 3 and len(page["items"]) == 1
    response = client.get(url, {"limit": 101})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_enrolment_detail_shows_the_full_number_and_logs_the_read(world):
    client = api(world, "alice")
    enrolment = world.rita_enrolment
    response = client.get(f"/api/v1/enrolments/{enrolment.pk}")
    assert response.status_code == 200
    person = response.json()["person"]
    assert person["personal_id"] == enrolment.person.personal_id_display
    assert response.json()["version"] == enrolment.version
    entry = AuditEntry.objects.get(action="participants.enrolment.viewed", user=world.alice)
    assert entry.person_id == enrolment.person_id and entry.path == f"/api/v1/enrolments/{enrolment.pk}"


def test_colleagues_enrolment_is_not_found_in_swedish(world):
    response = api(world, "bob").get(f"/api/v1/enrolments/{world.alice_enrolment.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Hittades inte, eller så har du inte behörighet att se det."}
    assert not AuditEntry.objects.filter(action="participants.enrolment.viewed").exists()


def test_referrer_sees_status_only(world):
    client = api(world, "rita")
    response = client.get(f"/api/v1/projects/{world.project_a.pk}/referred")
    assert response.status_code == 200
    (row,) = response.json()["items"]
    assert set(row) == {
        "id",
        "display_name",
        "phase",
        "phase_label",
        "referred_on",
        "start_date",
        "next_follow_up_on",
    }
    assert client.get(f"/api/v1/enrolments/{row['id']}").status_code == 404
    forbidden = client.get(f"/api/v1/projects/{world.project_a.pk}/enrolments")
    assert forbidden.status_code == 403 and forbidden.json()["detail"].startswith("Din roll")


def test_steering_group_gets_suppressed_figures_and_manager_exact(world):
    sven = api(world, "sven").get(f"/api/v1/projects/{world.project_a.pk}/figures").json()
    assert sven["suppressed"] is True
    assert sven["current"]["total"] == ".."
    assert sven["step_movement"]["suppressed"] is True
    petra = api(world, "petra").get(f"/api/v1/projects/{world.project_a.pk}/figures").json()
    assert petra["suppressed"] is False and petra["current"]["total"] == 3
    assert petra["step_movement"]["rule_text"]


# --- writes --------------------------------------------------------------------------------------


def test_phase_change_bumps_version_and_a_stale_one_is_a_clear_conflict(world):
    client = api(world, "alice")
    enrolment = world.alice_enrolment
    url = f"/api/v1/enrolments/{enrolment.pk}/phase"
    version = enrolment.version
    response = post(client, url, {"phase": "aktivitet", "on": TODAY.isoformat(), "version": version})
    assert response.status_code == 200
    assert response.json()["phase"] == Phase.AKTIVITET and response.json()["version"] == version + 1
    stale = post(client, url, {"phase": "provning", "on": TODAY.isoformat(), "version": version})
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "conflict" and body["current_version"] == version + 1
    assert "Ingenting är sparat" in body["detail"]
    enrolment.refresh_from_db()
    assert enrolment.phase == Phase.AKTIVITET
    entry = AuditEntry.objects.get(action="participants.phase.changed")
    assert entry.path == url


def test_phase_change_refused_by_the_pages_rule_is_422_in_swedish(world):
    enrolment = world.alice_enrolment
    response = post(
        api(world, "alice"),
        f"/api/v1/enrolments/{enrolment.pk}/phase",
        {"phase": "kartlaggning", "on": TODAY.isoformat(), "version": enrolment.version},
    )
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "payload", "phase"] and error["msg"]


def test_exit_ends_the_enrolment_and_stale_version_conflicts(world):
    enrolment = world.bob_enrolment
    client = api(world, "petra")
    data = {
        "exit_date": TODAY.isoformat(),
        "reason": "work",
        "outcome": "employment",
        "qualification_gained": True,
        "sysselsattning": "forvarvsarbete",
        "income_sources": ["lon"],
        "version": enrolment.version + 1,
    }
    url = f"/api/v1/enrolments/{enrolment.pk}/exit"
    assert post(client, url, data).status_code == 409
    response = post(client, url, {**data, "version": enrolment.version})
    assert response.status_code == 200
    assert response.json()["phase"] == Phase.AVSLUT
    assert response.json()["exit"]["outcome"] == "employment"


def test_enrol_through_the_api_with_the_pages_rules(world):
    client = api(world, "alice")
    url = f"/api/v1/projects/{world.project_a.pk}/enrolments"
    data = {
        "identity": "identified",
        "personal_id": make_personal_id(datetime.date(1988, 4, 2)),
        "first_name": "Nora",
        "last_name": "Nyberg",
        "gender": "kvinna",
        "start_date": TODAY.isoformat(),
        "sysselsattning": "arbetssokande",
        "income_sources": ["annat"],
        "labour_status": "long_term_unemployed",
        "education": "isced_0_2",
        "current_with": [world.af.pk],
        "consent_given": True,
        "consent_form_version": "1.0",
    }
    refused = post(client, url, {**data, "personal_id": "19880402-0000"})
    assert refused.status_code == 422
    assert any(e["loc"] == ["body", "payload", "personal_id"] for e in refused.json()["detail"])
    needs_reason = post(client, url, data)
    assert needs_reason.status_code == 422
    assert any(e["loc"] == ["body", "payload", "override_reason"] for e in needs_reason.json()["detail"])
    response = post(client, url, {**data, "override_reason": "Bor i grannkommun"})
    assert response.status_code == 201, response.content
    enrolment = Enrolment.objects.get(pk=response.json()["id"])
    assert enrolment.coach == world.alice and enrolment.person.last_name == "Nyberg"
    assert AuditEntry.objects.filter(
        action="participants.enrolment.created", enrolment_id=enrolment.pk
    ).exists()


def test_steering_group_may_not_enrol(world):
    response = post(api(world, "sven"), f"/api/v1/projects/{world.project_a.pk}/enrolments", {})
    assert response.status_code in (403, 422)
    assert not Enrolment.objects.filter(created_by=world.sven).exists()


# --- plan, activities, assessments ----------------------------------------------------------------


def test_plan_is_404_with_a_reason_until_drawn_up_then_shows_goals(world):
    client = api(world, "alice")
    url = f"/api/v1/enrolments/{world.alice_enrolment.pk}/plan"
    missing = client.get(url)
    assert missing.status_code == 404 and "ingen handlingsplan" in missing.json()["detail"]
    plan = plan_services.plan_create(enrolment=world.alice_enrolment, by=world.alice)
    plan_services.goal_create(
        plan=plan,
        expected_version=plan.version,
        description="Skriva ett CV",
        target_date=None,
        by=world.alice,
    )
    body = client.get(url).json()
    assert [g["description"] for g in body["goals"]] == ["Skriva ett CV"]
    assert AuditEntry.objects.filter(action="plans.plan.viewed", path=url).exists()


def test_assessment_recorded_and_listed_through_the_api(world):
    instrument = assessment_services.instrument_ensure_default()
    area = instrument.areas.order_by("position").first()
    client = api(world, "alice")
    url = f"/api/v1/enrolments/{world.alice_enrolment.pk}/assessments"
    data = {
        "instrument_id": instrument.pk,
        "assessed_on": TODAY.isoformat(),
        "occasion": "entry",
        "rater": "coach",
        "levels": [{"area_id": area.pk, "level": 2}],
    }
    created = post(client, url, data)
    assert created.status_code == 201, created.content
    assert created.json()["scores"] == [{"area_id": area.pk, "area": area.name, "level": 2}]
    duplicate = post(client, url, data)
    assert duplicate.status_code == 422
    listed = client.get(url).json()
    assert listed["count"] == 1
    assert AuditEntry.objects.filter(action="assessments.enrolment.viewed", path=url).exists()


def test_activities_list_is_logged(world):
    url = f"/api/v1/enrolments/{world.alice_enrolment.pk}/activities"
    response = api(world, "petra").get(url)
    assert response.status_code == 200 and response.json()["count"] == 0
    assert AuditEntry.objects.filter(action="activities.enrolment.viewed", path=url).exists()


# --- query counts ------------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/projects",
        "/api/v1/projects/{project}/enrolments",
        "/api/v1/projects/{project}/figures",
        "/api/v1/enrolments/{enrolment}/activities",
        "/api/v1/enrolments/{enrolment}/assessments",
        "/api/v1/enrolments/{enrolment}",
    ],
)
def test_query_count_does_not_grow_with_rows(world, path):
    client = api(world, "petra")
    url = path.format(project=world.project_a.pk, enrolment=world.alice_enrolment.pk)
    instrument = assessment_services.instrument_ensure_default()
    area = instrument.areas.order_by("position").first()

    def add_rows(n: int) -> None:
        start = Enrolment.objects.filter(project=world.project_a).count()
        for i in range(n):
            enrol(
                project=world.project_a,
                coach=world.bob,
                first_name=f"Extra{start + i}",
                birth=datetime.date(1980, 1, 1) + datetime.timedelta(days=start + i),
            )
            assessment_services.assessment_record(
                enrolment=world.alice_enrolment,
                instrument=instrument,
                assessed_on=world.alice_enrolment.start_date + datetime.timedelta(days=start + i),
                occasion="follow_up",
                rater="coach",
                levels={area.pk: 1 + (i % 3)},
                by=world.alice,
            )

    _queries(client, url)  # the token's last-use is written once; later requests do not write it
    add_rows(1)
    few = _queries(client, url)
    add_rows(4)
    many = _queries(client, url)
    assert many == few


def test_a_rule_on_a_form_field_is_reported_under_the_apis_field_name(world):
    response = post(
        api(world, "petra"),
        f"/api/v1/projects/{world.project_a.pk}/enrolments",
        {
            "identity": "anonymous",
            "gender": "man",
            "birth_year": 1990,
            "coach_id": world.charlie.pk,  # a coach in another project
            "start_date": TODAY.isoformat(),
            "sysselsattning": "ovrigt",
            "income_sources": ["annat"],
            "labour_status": "unknown",
            "education": "unknown",
        },
    )
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "payload", "coach_id"]]
