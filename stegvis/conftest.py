"""Named personas shared by every test (healthchecks' alice / bob / charlie).

Project A: alice and bob are coaches, petra is project manager, rita refers from
Arbetsförmedlingen, sven sits in the steering group. Project B: charlie is coach.
ada is the administrator. Each coach has one enrolment in their own caseload.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import pytest
from django.test import Client

from stegvis.accounts.models import Organisation, Role, User
from stegvis.accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    verified_login,
)
from stegvis.participants.models import Enrolment, Referral
from stegvis.participants.tests.factories import enrol
from stegvis.projects.models import Project, ProjectPartner
from stegvis.projects.tests.factories import MunicipalityFactory, PartnerFactory, ProjectFactory


@dataclass
class World:
    project_a: Project
    project_b: Project
    af: Organisation
    alice: User
    bob: User
    charlie: User
    petra: User
    rita: User
    sven: User
    ada: User
    alice_enrolment: Enrolment
    bob_enrolment: Enrolment
    charlie_enrolment: Enrolment
    rita_enrolment: Enrolment
    pending_referral: Referral

    def client_for(self, name: str) -> Client:
        client = Client()
        if name != "anonymous":
            # Signed in and past the second factor, with a real TOTP device.
            verified_login(client, getattr(self, name))
        return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests hash many personas (test_security pins Argon2 for real use)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# A personnummer or samordningsnummer (day + 60), 10 or 12 digits, with an optional - or +.
PERSONAL_ID_PATTERN = re.compile(
    r"(?<!\d)(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+]?\d{4}(?!\d)"
)


def personal_id_leaks(records: list[logging.LogRecord]) -> list[str]:
    """Logger and level of every record whose message or traceback holds a personnummer."""
    return [
        f"{record.name}: {record.levelname}"
        for record in records
        if PERSONAL_ID_PATTERN.search(record.getMessage() + (record.exc_text or ""))
    ]


@pytest.fixture(autouse=True)
def _no_personal_id_in_logs(caplog):
    """Every test: no log record (INFO and up, any logger) may carry a personnummer (CONTRIBUTING.md)."""
    caplog.set_level(logging.INFO)
    yield
    leaks = personal_id_leaks([*caplog.get_records("setup"), *caplog.get_records("call")])
    if leaks:
        pytest.fail(f"a log record holds a personnummer: {leaks}", pytrace=False)


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    """Background jobs run inline in tests, so what a job did is there when the request returns."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings, tmp_path):
    """Uploads and job results go to a per-test folder, never to var/."""
    settings.PRIVATE_DATA_DIR = tmp_path / "private"


PERSONAS = ["alice", "bob", "charlie", "petra", "rita", "sven", "ada", "anonymous"]


@pytest.fixture
def world(db) -> World:
    from stegvis.participants import services

    af = OrganisationFactory(name="Arbetsförmedlingen", kind=Organisation.Kind.ARBETSFORMEDLINGEN)
    project_a = ProjectFactory(name="Projekt A", age_min=18, age_max=64)
    project_b = ProjectFactory(name="Projekt B")
    PartnerFactory(project=project_a, organisation=af, role=ProjectPartner.Role.REFERRING)
    PartnerFactory(project=project_b, organisation=af, role=ProjectPartner.Role.REFERRING)
    municipality = MunicipalityFactory(project=project_a, name="Hagfors", planned_places=17)

    def member(username: str, project: Project, role: str, **extra) -> User:
        user = UserFactory(username=username, first_name=username.title(), last_name="Persona", **extra)
        MembershipFactory(user=user, project=project, role=role)
        return user

    alice = member("alice", project_a, Role.COACH)
    bob = member("bob", project_a, Role.COACH)
    charlie = member("charlie", project_b, Role.COACH)
    petra = member("petra", project_a, Role.PROJECT_MANAGER)
    rita = member("rita", project_a, Role.REFERRER, organisation=af)
    sven = member("sven", project_a, Role.STEERING)
    ada = UserFactory(
        username="ada", first_name="Ada", last_name="Persona", is_administrator=True, is_staff=True
    )

    alice_enrolment = enrol(project=project_a, coach=alice, first_name="Aina", municipality=municipality)
    bob_enrolment = enrol(project=project_a, coach=bob, first_name="Bertil", female=False)
    charlie_enrolment = enrol(project=project_b, coach=charlie, first_name="Cecilia")
    referral = services.participant_refer(
        project=project_a,
        person_data=services.PersonData(
            anonymous=False,
            gender="man",
            personal_id="198112189876",
            first_name="Rune",
            last_name="Remissson",
        ),
        referring_organisation=af,
        received_on=alice_enrolment.start_date,
        reason="",
        by=rita,
    )
    rita_enrolment = services.enrolment_create(
        project=project_a,
        person=referral.person,
        coach=alice,
        start_date=alice_enrolment.start_date,
        municipality=None,
        entry=services.SituationData(sysselsattning="ovrigt"),
        referral=referral,
        by=alice,
        override_reason="Testfall",
    )
    pending = services.participant_refer(
        project=project_a,
        person_data=services.PersonData(anonymous=True, gender="kvinna", birth_year=1995),
        referring_organisation=af,
        received_on=alice_enrolment.start_date,
        reason="",
        by=rita,
    )
    return World(
        project_a,
        project_b,
        af,
        alice,
        bob,
        charlie,
        petra,
        rita,
        sven,
        ada,
        alice_enrolment,
        bob_enrolment,
        charlie_enrolment,
        rita_enrolment,
        pending,
    )
