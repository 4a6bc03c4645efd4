"""Query counts of the questionnaire pages and the project section do not grow with the data (NetBox's baselines)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.participants import services as participant_services
from stegvis.participants.tests.factories import enrol
from stegvis.surveys import services
from stegvis.surveys.models import Occasion
from stegvis.surveys.tests.conftest import answers, give_survey_consent, paper

TODAY = datetime.date.today()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def _more_participants(world, surveys, n: int = 6, first: int = 0) -> None:
    """n more of bob's participants with start and exit answers, and n more partner answers."""
    for i in range(first, first + n):
        enrolment = enrol(
            project=world.project_a,
            coach=world.bob,
            first_name=f"Extra{i}",
            birth=datetime.date(1980, 1, i + 1),
        )
        give_survey_consent(enrolment, world.bob)
        paper(enrolment, surveys.participant, Occasion.START, world.bob, on=enrolment.start_date, wellbeing=2)
        participant_services.enrolment_exit(
            enrolment=enrolment,
            exit_date=TODAY,
            reason="planned",
            outcome="job_seeking",
            qualification_gained=None,
            situation=participant_services.SituationData(sysselsattning="ovrigt"),
            by=world.bob,
            expected_version=enrolment.version,
        )
        paper(enrolment, surveys.participant, Occasion.EXIT, world.bob, wellbeing=3 + i % 3)
        services.partner_response_enter(
            project=world.project_a,
            questionnaire=surveys.partner,
            organisation=world.af,
            answered_on=TODAY,
            answers=answers(surveys.partner_version, Occasion.DURING, cooperation=4),
            by=world.petra,
        )
        services.partner_links_create(
            project=world.project_a,
            questionnaire=surveys.partner,
            organisation=world.af,
            count=1,
            by=world.petra,
        )


def _more_for_alice(world, surveys) -> None:
    """Alice's participant gets exit answers and several links over time."""
    for _ in range(4):
        services.link_create(
            enrolment=world.alice_enrolment,
            questionnaire=surveys.participant,
            occasion=Occasion.EXIT,
            by=world.alice,
        )
    paper(world.alice_enrolment, surveys.participant, Occasion.EXIT, world.alice, wellbeing=4)


# The project page's bound is its own plus every app's section; the surveys section is bounded apart.
PROJECT_PAGES = [
    ("petra", "surveys:project", 12),
    ("petra", "surveys:results", 14),
    ("sven", "surveys:results", 14),
    ("petra", "projects:detail", 60),
    ("sven", "projects:detail", 60),
]


@pytest.mark.parametrize(("persona", "name", "bound"), PROJECT_PAGES)
def test_project_pages_do_not_grow_with_participants(surveys, world, persona, name, bound):
    paper(world.alice_enrolment, surveys.participant, Occasion.START, world.alice, wellbeing=2)
    _more_participants(world, surveys, n=1)  # every kind of row exists before the first count
    client = world.client_for(persona)
    url = reverse(name, args=[world.project_a.pk])
    _count(client, url)  # warm the per-request caches alike
    before = _count(client, url)
    _more_participants(world, surveys, first=1)
    after = _count(client, url)
    assert after == before
    assert before <= bound, f"{name}: {before} queries"


def test_participant_pages_do_not_grow_with_answers_and_links(surveys, world):
    response = paper(world.alice_enrolment, surveys.participant, Occasion.START, world.alice, wellbeing=2)
    services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.EXIT,
        by=world.alice,
    )
    client = world.client_for("alice")
    urls = {
        "surveys:enrolment": (reverse("surveys:enrolment", args=[world.alice_enrolment.pk]), 16),
        "surveys:response": (reverse("surveys:response", args=[world.alice_enrolment.pk, response.pk]), 14),
        "surveys:link_create": (reverse("surveys:link_create", args=[world.alice_enrolment.pk]), 14),
    }
    before = {name: _count(client, url) for name, (url, _b) in urls.items()}
    _more_for_alice(world, surveys)
    after = {name: _count(client, url) for name, (url, _b) in urls.items()}
    assert after == before
    for name, (_url, bound) in urls.items():
        assert before[name] <= bound, f"{name}: {before[name]} queries"


def test_participant_page_panel_and_timeline_cost_a_fixed_number_of_queries(surveys, world):
    paper(world.alice_enrolment, surveys.participant, Occasion.START, world.alice, wellbeing=2)
    services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.EXIT,
        by=world.alice,
    )
    client = world.client_for("alice")
    url = reverse("participants:detail", args=[world.alice_enrolment.pk])
    _count(client, url)
    before = _count(client, url)
    _more_for_alice(world, surveys)
    assert _count(client, url) == before


def test_public_page_costs_a_fixed_number_of_queries(surveys, world):
    _link, token = services.link_create(
        enrolment=world.alice_enrolment,
        questionnaire=surveys.participant,
        occasion=Occasion.START,
        by=world.alice,
    )
    from django.test import Client

    client = Client()
    url = reverse("surveys:public", kwargs={"token": token})
    client.get(url)  # the first view also logs the opening
    assert _count(client, url) <= 6


@pytest.mark.parametrize("participant_access", [True, False])
def test_project_section_costs_a_fixed_number_of_queries(surveys, world, rf, participant_access):
    from stegvis.projects.models import Project
    from stegvis.surveys.panels import section_context

    _more_participants(world, surveys, n=1)

    def cost() -> int:
        project = Project.objects.get(pk=world.project_a.pk)
        with CaptureQueriesContext(connection) as captured:
            section_context(rf.get("/"), project, participant_access)
        return len(captured)

    before = cost()
    _more_participants(world, surveys, first=1)
    assert cost() == before <= 9
