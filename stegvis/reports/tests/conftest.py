"""A small fixed data set for the reports, on top of the shared personas, with every figure hand-computed.

Project A already has Aina (kvinna), Bertil (man) and Rune (man), enrolled 2024-01-15,
situation at entry unknown. Added here, all in 2024:

| who | gender | born | entry | exit (latest) | else |
|---|---|---|---|---|---|
| P1 | kvinna | 2000-03-01 | 2024-02-01, arbetssökande, a-kassa, långtidsarbetslös, ISCED 0–2, utländsk bakgrund, Hagfors | 2024-08-01 work → employment, förvärvsarbete, lön | phase → aktivitet 2024-03-01; check: employed, improved; wellbeing 2 → 4 |
| P2 | kvinna | 1960-06-01 | 2024-03-01, övrigt, sjukersättning + försörjningsstöd, inaktiv, ISCED 3–4, funktionsnedsättning | 2024-09-01 studies → studies, studier, studiemedel, qualification | plan agreed 2024-03-10; wellbeing 3 → 3 |
| P3 | man | 1999-01-01 | 2024-02-01, arbetssökande, arbetslös, ISCED 5–8 | 2024-04-01 job seeking; again 2024-05-01 (aktivitetsstöd) → 2024-10-01 employment, förvärvsarbete, lön | check: not reached; wellbeing 3 → 5 (second enrolment) |
| P4 | annan, anonymous | 2008 | 2024-06-01, sysselsatt, landsbygd | open | |
| P5 | kvinna | 1985-01-01 | 2024-02-01 | 2024-02-05 felregistrering | never counted |
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from stegvis.participants import services
from stegvis.participants.models import Enrolment, Person
from stegvis.participants.tests.factories import enrol
from stegvis.plans.models import ActionPlan
from stegvis.projects.models import ProjectTarget
from stegvis.reports import services as report_services
from stegvis.reports.exporters import Period

D = datetime.date
YEAR_2024 = Period(D(2024, 1, 1), D(2024, 12, 31))


@dataclass
class ReportWorld:
    p1: Enrolment
    p2: Enrolment
    p3_first: Enrolment
    p3_again: Enrolment
    p4: Enrolment
    p5: Enrolment


def _exit(enrolment, on, reason, outcome, sysselsattning, by, qualification=None, sources=()):
    enrolment.refresh_from_db()
    services.enrolment_exit(
        enrolment=enrolment,
        exit_date=on,
        reason=reason,
        outcome=outcome,
        qualification_gained=qualification,
        situation=services.SituationData(sysselsattning=sysselsattning, income_sources=list(sources)),
        by=by,
        expected_version=enrolment.version,
    )


def _entry(sysselsattning="ovrigt", **kwargs):
    characteristics = kwargs.pop("characteristics", {})
    return services.SituationData(sysselsattning=sysselsattning, characteristics=characteristics, **kwargs)


def build(world) -> ReportWorld:
    a, alice = world.project_a, world.alice
    hagfors = a.municipalities.get(name="Hagfors")
    p1 = enrol(
        project=a,
        coach=alice,
        first_name="P1",
        birth=D(2000, 3, 1),
        start=D(2024, 2, 1),
        municipality=hagfors,
        entry=_entry(
            "arbetssokande",
            labour_status="long_term_unemployed",
            education="isced_0_2",
            income_sources=["a_kassa"],
            characteristics={"foreign_background": True},
        ),
    )
    services.phase_change(
        enrolment=p1, phase="aktivitet", on=D(2024, 3, 1), by=alice, expected_version=p1.version
    )
    _exit(p1, D(2024, 8, 1), "work", "employment", "forvarvsarbete", alice, sources=["lon"])
    p2 = enrol(
        project=a,
        coach=alice,
        first_name="P2",
        birth=D(1960, 6, 1),
        start=D(2024, 3, 1),
        entry=_entry(
            labour_status="inactive",
            education="isced_3_4",
            characteristics={"disability": True},
            income_sources=["sjukersattning", "forsorjningsstod"],
        ),
    )
    ActionPlan.objects.create(
        enrolment=p2,
        agreed_by_participant_on=D(2024, 3, 10),
        agreed_by_coach_on=D(2024, 3, 10),
        created_by=alice,
    )
    _exit(
        p2, D(2024, 9, 1), "studies", "studies", "studier", alice, qualification=True, sources=["studiemedel"]
    )
    p3_first = enrol(
        project=a,
        coach=alice,
        first_name="P3",
        female=False,
        birth=D(1999, 1, 1),
        start=D(2024, 2, 1),
        entry=_entry("arbetssokande", labour_status="unemployed", education="isced_5_8"),
    )
    _exit(p3_first, D(2024, 4, 1), "planned", "job_seeking", "arbetssokande", alice)
    p3_again = services.enrolment_create(
        project=a,
        person=p3_first.person,
        coach=alice,
        start_date=D(2024, 5, 1),
        municipality=None,
        entry=_entry(
            "arbetssokande",
            labour_status="unemployed",
            education="isced_5_8",
            income_sources=["aktivitetsstod"],
        ),
        referral=None,
        by=alice,
        override_reason="Testfall",
    )
    _exit(p3_again, D(2024, 10, 1), "work", "employment", "forvarvsarbete", alice, sources=["lon"])
    p4 = services.participant_enrol(
        project=a,
        person_data=services.PersonData(anonymous=True, gender="annan", birth_year=2008),
        consent_form_version="1.0",
        by=alice,
        coach=alice,
        start_date=D(2024, 6, 1),
        municipality=None,
        entry=_entry("forvarvsarbete", labour_status="employed", characteristics={"rural_area": True}),
        override_reason="Testfall",
    )
    p5 = enrol(project=a, coach=alice, first_name="P5", birth=D(1985, 1, 1), start=D(2024, 2, 1))
    _exit(p5, D(2024, 2, 5), "felregistrering", "unknown", "ovrigt", alice)

    for enrolment, employed, improved, reached in ((p1, True, True, True), (p3_again, None, None, False)):
        enrolment.refresh_from_db()
        report_services.post_exit_check_record(
            enrolment=enrolment,
            data=report_services.CheckData(
                checked_on=D(2025, 2, 1),
                reached=reached,
                sysselsattning="forvarvsarbete" if reached else "",
                employed=employed,
                improved=improved,
            ),
            by=alice,
        )
    for metric, threshold in (
        (ProjectTarget.Metric.STEP_MOVEMENT_AT_EXIT, 80),
        (ProjectTarget.Metric.WORK_OR_STUDIES_AT_EXIT, 30),
        (ProjectTarget.Metric.ACTION_PLAN_AT_EXIT, 50),
        (ProjectTarget.Metric.INCREASED_WELLBEING, 60),
        (ProjectTarget.Metric.PARTICIPANTS_REACHED, 10),
    ):
        ProjectTarget.objects.create(project=a, metric=metric, threshold_percent=threshold)
    assert Person.objects.filter(is_anonymous=True).count() >= 1
    return ReportWorld(p1, p2, p3_first, p3_again, p4, p5)


def add_wellbeing(world, data: ReportWorld) -> None:
    from stegvis.surveys import services as survey_services
    from stegvis.surveys.models import Questionnaire
    from stegvis.surveys.tests.conftest import give_survey_consent, paper

    survey_services.questionnaires_ensure_defaults()
    questionnaire = Questionnaire.objects.get(key="deltagarenkat")
    for enrolment, start, end, started_on, ended_on in (
        (data.p1, 2, 4, D(2024, 2, 2), D(2024, 8, 1)),
        (data.p2, 3, 3, D(2024, 3, 2), D(2024, 9, 1)),
        (data.p3_again, 3, 5, D(2024, 5, 2), D(2024, 10, 1)),
    ):
        enrolment.refresh_from_db()
        give_survey_consent(enrolment, world.alice)
        paper(enrolment, questionnaire, "start", world.alice, on=started_on, wellbeing=start)
        paper(enrolment, questionnaire, "exit", world.alice, on=ended_on, wellbeing=end)


@pytest.fixture
def data(world) -> ReportWorld:
    built = build(world)
    add_wellbeing(world, built)
    return built
