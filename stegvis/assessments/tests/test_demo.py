"""The demo keeps the invariants the services keep, sets the seed projects' rules, and is deterministic."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import transaction

from stegvis.accounts.models import Role
from stegvis.accounts.tests.factories import MembershipFactory, UserFactory
from stegvis.assessments import demo, selectors
from stegvis.assessments.models import Assessment, AssessmentScore, FidelityReview
from stegvis.audit.models import AuditEntry
from stegvis.participants import services as participant_services
from stegvis.participants.tests.factories import enrol
from stegvis.projects.tests.factories import ProjectFactory

TODAY = datetime.date.today()


@pytest.fixture
def seed_projects(db):
    """A small REBUS and IPS 2.0, keyed by the demo's diarienummer, with a project manager each."""
    projects = {}
    for diarienummer, name in ((demo.REBUS, "REBUS"), (demo.IPS, "Steg för steg – IPS 2.0")):
        project = ProjectFactory(diarienummer=diarienummer, name=name, start_date=datetime.date(2017, 1, 1))
        coach, manager = UserFactory(), UserFactory()
        MembershipFactory(user=coach, project=project, role=Role.COACH)
        MembershipFactory(user=manager, project=project, role=Role.PROJECT_MANAGER)
        for n in range(8):
            enrolment = enrol(
                project=project,
                coach=coach,
                first_name=f"Demo{n}",
                birth=datetime.date(1981, 2, n + 1) if name == "REBUS" else datetime.date(1991, 3, n + 1),
                start=TODAY - datetime.timedelta(days=60 + 50 * n),
            )
            if n % 3 == 0:
                participant_services.enrolment_exit(
                    enrolment=enrolment,
                    exit_date=enrolment.start_date + datetime.timedelta(days=45 + 5 * n),
                    reason="planned",
                    outcome="job_seeking",
                    qualification_gained=None,
                    situation=participant_services.SituationData(sysselsattning="arbetssokande"),
                    by=coach,
                    expected_version=enrolment.version,
                )
        projects[name] = project
    return projects


def _seed() -> list[str]:
    return demo.seed(today=TODAY, rng=random.Random("test"), users={})  # noqa: S311 - synthetic demo data


def test_demo_readings_keep_the_rules(seed_projects):
    lines = _seed()
    readings = list(Assessment.objects.select_related("enrolment__exit"))
    assert len(readings) > 10
    for reading in readings:
        enrolment = reading.enrolment
        assert enrolment.start_date <= reading.assessed_on <= TODAY
        if not enrolment.is_open:
            assert reading.assessed_on <= enrolment.exit.exit_date
    assert not Assessment.objects.filter(scores__isnull=True).exists()
    for score in AssessmentScore.objects.select_related("level"):
        assert score.level.area_id == score.area_id
    assert AuditEntry.objects.filter(action="assessments.assessment.recorded").count() == len(readings)
    assert {r.rater for r in readings} == {"participant", "coach", "joint"}
    assert any("Skattningar:" in line for line in lines)


def test_demo_rules_and_fidelity(seed_projects):
    _seed()
    rebus, ips = seed_projects["REBUS"], seed_projects["Steg för steg – IPS 2.0"]
    assert selectors.rule_for(rebus).criteria == {1}
    assert selectors.uses_ips(ips) and not selectors.uses_ips(rebus)
    totals = [r.total for r in selectors.fidelity_reviews_for(ips)]
    assert len(totals) == 4 and totals == sorted(totals) and totals[0] <= 73 and totals[-1] >= 100
    assert not FidelityReview.objects.filter(project=rebus).exists()


def test_demo_is_deterministic(seed_projects):
    def snapshot() -> list[tuple]:
        return list(
            AssessmentScore.objects.order_by(
                "assessment__enrolment_id", "assessment__assessed_on", "assessment__rater", "area__position"
            ).values_list(
                "assessment__enrolment_id",
                "assessment__assessed_on",
                "assessment__rater",
                "area__position",
                "level__value",
            )
        )

    with transaction.atomic():
        _seed()
        first = snapshot()
        transaction.set_rollback(True)
    _seed()
    assert snapshot() == first
