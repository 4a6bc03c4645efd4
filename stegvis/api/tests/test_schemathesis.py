"""Schemathesis against /api/v1/openapi.json: generated requests, as a project manager with a token.

No server errors, and every answer (status, content type, body) conforms to the schema.
Runs in CI with no network: the schema and the calls go through the WSGI application.
"""

from __future__ import annotations

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from stegvis.api import services
from stegvis.assessments import services as assessment_services
from stegvis.plans import services as plan_services

EXAMPLES = 8
# Every other check runs: no server error, status codes, content types and bodies as documented.
EXCLUDED = [
    # Valid by the schema is not always valid by the services' rules (a personnummer's check
    # digit, a date before the last phase change...): those are documented 422s.
    positive_data_acceptance,
    # Unknown query parameters are ignored, as HTTP APIs do, and the key is always sent by this test.
    negative_data_rejection,
]


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes the database connection after each request, which would end the
    test's transaction on PostgreSQL; Django's own test client disconnects the same signals."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def petra_key(world) -> str:
    """Petra (project manager in project A) with a key, and some content behind the ids."""
    plan = plan_services.plan_create(enrolment=world.alice_enrolment, by=world.alice)
    plan_services.goal_create(
        plan=plan,
        expected_version=plan.version,
        description="Skriva ett CV",
        target_date=None,
        by=world.alice,
    )
    instrument = assessment_services.instrument_ensure_default()
    area = instrument.areas.order_by("position").first()
    assessment_services.assessment_record(
        enrolment=world.alice_enrolment,
        instrument=instrument,
        assessed_on=world.alice_enrolment.start_date + datetime.timedelta(days=1),
        occasion="entry",
        rater="coach",
        levels={area.pk: 2},
        by=world.alice,
    )
    _token, key = services.token_create(user=world.petra, name="Schemathesis", valid_days=1, by=world.petra)
    return key


def _check_operation(operation, mode: GenerationMode, headers: dict[str, str], ids: dict[str, int]) -> None:
    path_parameters = {name: pk for name, pk in ids.items() if f"{{{name}}}" in operation.path}

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters or None))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case) -> None:
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)

    run()


def test_api_conforms_to_its_schema(world, petra_key, keep_test_connection):
    # schemathesis.pytest's own parametrisation does not run under pytest 9; the loop does the same.
    from config.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    headers = {"Authorization": f"Bearer {petra_key}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13
    failures = []
    # Random ids mostly meet 404s; the same requests are also made against petra's real project
    # and a real enrolment, so that the answers with content are checked too.
    real = {"project_id": world.project_a.pk, "enrolment_id": world.alice_enrolment.pk}
    runs = [(GenerationMode.POSITIVE, {}), (GenerationMode.NEGATIVE, {}), (GenerationMode.POSITIVE, real)]
    for operation in operations:
        for mode, ids in runs:
            try:
                _check_operation(operation, mode, headers, ids)
            except BaseExceptionGroup as error:  # collected, so that one run reports every operation
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}, {ids}): {error}")
    assert not failures, "\n\n".join(failures)
