"""Start against exit, per participant and per project, checked against figures worked out by hand.

The data set (Projekt A, the participant questionnaire, 1–5 scales):

    person  gender  wellbeing  health   note
    P1      kvinna  2 → 4 +    2 → 3
    P2      kvinna  3 → 3 =    2 → 4
    P3      man     4 → 2 −    3 → 3
    P4      man     1 → 5 +    1 → 2
    P5      kvinna  3 → 4 +    4 → 4
    P6      annan   2 → 3 +    2 → 2
    P7      kvinna  – → 5               exit only: no pair
    P8      man     3 → –               still enrolled: no pair
    P9      kvinna  2 → 5 (v2)          start and exit on different versions: no pair
    P10     kvinna  1 → 5               felregistrering: never counted
    P11     man     4 → 3, then 2 → 4   came back; counted once, by the latest pair (+), health 3 → 3

Pairs: P1–P6 and P11 = 7; increased: P1, P4, P5, P6, P11 = 5 (71 %); unchanged 1; decreased 1.
Kvinna 2 of 3, man 2 of 3, annan 1 of 1. Wellbeing mean 17/7 = 2.4 → 25/7 = 3.6, change 8/7 = 1.1.
Health 17/7 = 2.4 → 21/7 = 3.0, change 4/7 = 0.6. Satisfaction (exit only) 3.0 from 7.
Exited, felregistrering left out: P1–P7, P9 and P11 twice = 10. Responses: 10 at start, 10 at exit.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from stegvis.participants import services as participant_services
from stegvis.participants.tests.factories import make_personal_id
from stegvis.projects.models import ProjectTarget
from stegvis.surveys import selectors, services
from stegvis.surveys.models import Measure, Occasion, QuestionnaireVersion, Response
from stegvis.surveys.tests.conftest import answers, give_survey_consent, paper

D = datetime.date
START, EXIT = D(2024, 2, 1), D(2024, 9, 1)


def _enrol(world, personal_id: str, gender: str, start: D):
    enrolment = participant_services.participant_enrol(
        project=world.project_a,
        person_data=participant_services.PersonData(
            anonymous=False, gender=gender, personal_id=personal_id, first_name="Test", last_name="Person"
        ),
        consent_form_version="1.0",
        by=world.alice,
        coach=world.alice,
        start_date=start,
        municipality=None,
        entry=participant_services.SituationData(sysselsattning="ovrigt"),
        override_reason="Testfall",
    )
    if not enrolment.person.consents.filter(scope="surveys", withdrawn_on__isnull=True).exists():
        give_survey_consent(enrolment, world.alice)
    return enrolment


def _exit(world, enrolment, on: D, reason: str = "planned"):
    participant_services.enrolment_exit(
        enrolment=enrolment,
        exit_date=on,
        reason=reason,
        outcome="unknown" if reason == "felregistrering" else "job_seeking",
        qualification_gained=None,
        situation=participant_services.SituationData(sysselsattning="ovrigt"),
        by=world.alice,
        expected_version=enrolment.version,
    )


@pytest.fixture
def data_set(surveys, world):
    q = surveys.participant
    serial = iter(range(5000, 5400, 2))  # step 2: the gender digit adjusts a serial by one

    def person(
        gender: str,
        start=START,
        *,
        wb=None,
        health=3,
        after=None,
        after_health=3,
        exit_on=EXIT,
        reason="planned",
    ):
        pid = make_personal_id(D(1985, 1, 1), female=gender == "kvinna", serial=next(serial))
        enrolment = _enrol(world, pid, gender, start)
        if wb is not None:
            paper(enrolment, q, Occasion.START, world.alice, on=start, wellbeing=wb, health=health)
        if exit_on is not None:
            _exit(world, enrolment, exit_on, reason)
            if after is not None:
                paper(
                    enrolment, q, Occasion.EXIT, world.alice, on=exit_on, wellbeing=after, health=after_health
                )
        return enrolment

    made = {
        "P1": person("kvinna", wb=2, health=2, after=4, after_health=3),
        "P2": person("kvinna", wb=3, health=2, after=3, after_health=4),
        "P3": person("man", wb=4, health=3, after=2, after_health=3),
        "P4": person("man", wb=1, health=1, after=5, after_health=2),
        "P5": person("kvinna", wb=3, health=4, after=4, after_health=4),
        "P6": person("annan", wb=2, health=2, after=3, after_health=2),
        "P7": person("kvinna", after=5),
        "P8": person("man", wb=3, exit_on=None),
        "P10": person("kvinna", wb=1, after=5, exit_on=D(2024, 2, 3), reason="felregistrering"),
    }
    # P9: exit answered on another version (e.g. entered before the rule existed); never compared.
    p9 = person("kvinna", wb=2)
    v1 = surveys.participant_version
    v2 = QuestionnaireVersion.objects.create(
        questionnaire=q, number=2, title="Ny", published_on=D(2024, 5, 1)
    )
    services._questions_write(v2, [services.QuestionData.of(x) for x in v1.questions.order_by("position")])
    services._response_write(
        version=v2,
        project=world.project_a,
        occasion=Occasion.EXIT,
        answers=answers(v2, Occasion.EXIT, wellbeing=5),
        answered_on=D(2024, 9, 1),
        channel=Response.Channel.PAPER,
        enrolment=p9,
        entered_by=world.alice,
    )
    # P11 comes back: a worse first period, a better second one.
    pid = make_personal_id(D(1979, 6, 1), female=False, serial=next(serial))
    first = _enrol(world, pid, "man", D(2023, 1, 10))
    paper(first, q, Occasion.START, world.alice, on=D(2023, 1, 10), wellbeing=4)
    _exit(world, first, D(2023, 6, 1))
    paper(first, q, Occasion.EXIT, world.alice, on=D(2023, 6, 1), wellbeing=3)
    second = _enrol(world, pid, "man", D(2024, 1, 10))
    paper(second, q, Occasion.START, world.alice, on=D(2024, 1, 10), wellbeing=2)
    _exit(world, second, D(2024, 10, 1))
    paper(second, q, Occasion.EXIT, world.alice, on=D(2024, 10, 1), wellbeing=4)
    made.update({"P9": p9, "P11a": first, "P11b": second})
    ProjectTarget.objects.create(
        project=world.project_a, metric=ProjectTarget.Metric.INCREASED_WELLBEING, threshold_percent=80
    )
    return made


def test_participant_comparison_measure_by_measure(data_set):
    comparison = selectors.comparisons_for(selectors.enrolment_responses(data_set["P1"]))[0]
    assert comparison.comparable
    rows = {r.measure: (r.start, r.exit, r.change) for r in comparison.rows}
    assert rows[Measure.WELLBEING] == (2, 4, 2)
    assert rows[Measure.HEALTH] == (2, 3, 1)
    assert rows[Measure.LISTENED_TO] == (3, 3, 0)
    assert rows[Measure.SATISFACTION] == (None, 3, None)
    assert [r.measure for r in comparison.rows][:2] == [Measure.WELLBEING, Measure.HEALTH]


def test_start_and_exit_on_different_versions_are_not_compared(data_set):
    comparison = selectors.comparisons_for(selectors.enrolment_responses(data_set["P9"]))[0]
    assert comparison.different_versions and not comparison.comparable and comparison.rows == []


def test_project_figures_worked_out_by_hand(data_set, world):
    result = selectors.wellbeing_result(world.project_a, suppress=False)
    assert (result.pairs, result.increased, result.unchanged, result.decreased) == (7, 5, 1, 1)
    assert result.share == 71
    assert result.target.threshold_percent == 80 and result.target_met is False
    assert (result.exited, result.start_responses, result.exit_responses) == (10, 10, 10)
    by_gender = {row.label: (row.increased, row.pairs, row.share) for row in result.by_gender}
    assert by_gender == {
        "Kvinna": (2, 3, 67),
        "Man": (2, 3, 67),
        "Annan könstillhörighet": (1, 1, 100),
        "Uppgift saknas": (0, 0, None),
    }
    measures = {m.measure: m for m in result.measures}
    wb = measures[Measure.WELLBEING]
    assert (wb.start_mean, wb.exit_mean, wb.change_mean, wb.change_n) == (2.4, 3.6, 1.1, 7)
    health = measures[Measure.HEALTH]
    assert (health.start_mean, health.exit_mean, health.change_mean) == (2.4, 3.0, 0.6)
    satisfaction = measures[Measure.SATISFACTION]
    assert (satisfaction.start_mean, satisfaction.start_n, satisfaction.exit_mean, satisfaction.exit_n) == (
        None,
        0,
        3.0,
        7,
    )


def test_steering_group_gets_small_cells_suppressed(data_set, world):
    result = selectors.wellbeing_result(world.project_a, suppress=True)
    assert (result.pairs, result.increased, result.share) == (7, 5, 71)
    assert (result.unchanged, result.decreased) == ("..", "..")
    for row in result.by_gender:
        if row.label != "Uppgift saknas":
            assert (row.increased, row.pairs, row.share) == ("..", "..", "..")
    assert {m.measure: m.change_mean for m in result.measures}[Measure.WELLBEING] == 1.1


def test_results_page_for_project_manager_and_steering_group(data_set, world):
    petra = world.client_for("petra").get(reverse("surveys:results", args=[world.project_a.pk]))
    assert petra.status_code == 200
    content = petra.content.decode()
    assert "71 %" in content and "80 %" in content and "Under målet" in content
    sven = (
        world.client_for("sven").get(reverse("surveys:results", args=[world.project_a.pk])).content.decode()
    )
    assert "71 %" in sven and ">..<" in sven
    assert "visas som ”..”" in sven


def test_project_overview_shows_the_section(data_set, world):
    page = (
        world.client_for("sven").get(reverse("projects:detail", args=[world.project_a.pk])).content.decode()
    )
    assert "Välmående och samverkan (enkäter)" in page
    assert "71 %" in page
