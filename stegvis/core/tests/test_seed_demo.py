"""seed_demo loads the five seed projects with valid synthetic people, once."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from stdnum.se import personnummer

from stegvis.accounts.models import Organisation, Role, User
from stegvis.audit.models import AuditEntry
from stegvis.core import demo
from stegvis.participants.models import Enrolment, Exit, Person, Phase, Referral
from stegvis.projects.models import Project

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _counts() -> dict[str, int]:
    return {
        "persons": Person.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "audit": AuditEntry.objects.count(),
        "users": User.objects.count(),
        "projects": Project.objects.count(),
    }


def test_name_lists_have_the_promised_sizes() -> None:
    assert len(demo.FEMALE_NAMES) == 60
    assert len(demo.MALE_NAMES) == 60
    assert len(demo.LAST_NAMES) == 80


@pytest.mark.django_db
def test_seed_demo_loads_the_seed_projects_once(settings) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHER  # Argon2 is slow; the hash is not what is tested
    out = StringIO()
    call_command("seed_demo", stdout=out)

    # Five top-level seed projects; MIA is an umbrella over six sub-projects.
    top = Project.objects.filter(parent__isnull=True)
    assert top.count() == 5
    mia = top.get(diarienummer="2016/00403")
    assert mia.subprojects.count() == 6
    assert Project.objects.filter(parent=mia).count() == 6
    for sub in mia.subprojects.select_related("owner"):
        assert sub.owner.kind == Organisation.Kind.SAMORDNINGSFORBUND
        assert sub.enrolments.exists()
        assert not sub.enrolments.exclude(phase=Phase.AVSLUT).exists()

    # REBUS: places per kommun, Finsam rules.
    rebus = Project.objects.get(name="REBUS")
    assert dict(rebus.municipalities.values_list("name", "planned_places")) == {
        "Hagfors": 17,
        "Forshaga": 17,
        "Munkfors": 6,
    }
    assert rebus.fund == Project.Fund.FINSAM
    assert (rebus.age_min, rebus.age_max, rebus.min_partner_agencies) == (18, 64, 2)
    assert rebus.end_date is None
    assert dict(rebus.targets.values_list("metric", "threshold_percent")) == {
        "step_movement_at_exit": 80,
        "work_or_studies_at_exit": 30,
        "increased_wellbeing": 80,
        "action_plan_at_exit": 80,
    }

    # EgenmaktsArenan: the seed's metadata as given.
    egen = Project.objects.select_related("owner").get(diarienummer="24-006-S01")
    assert egen.nuts2 == "SE31"
    assert egen.cofinancing_rate == Decimal(60)
    assert egen.planned_participants == 310
    assert egen.owner.org_nr == "5566459284"
    assert egen.owner.kind == Organisation.Kind.BOLAG
    assert (egen.program_cci, egen.specifikt_mal, egen.intervention_type) == ("2021SE05SFPR", "A2B", "140")

    # Synthetic people: valid personnummer whose gender digit matches kvinna/man.
    ids = list(Person.objects.exclude(personal_id=None).values_list("personal_id", "gender"))
    assert len(ids) > 400
    for personal_id, gender in ids:
        assert personnummer.is_valid(personal_id), "invalid synthetic personnummer"
        assert personal_id[8:10] in ("98", "99")
        if gender in ("kvinna", "man"):
            assert (int(personal_id[10]) % 2 == 0) == (gender == "kvinna")
    assert Person.objects.filter(is_anonymous=True).exists()

    # REBUS: every working phase among open enrolments, and in handledare's caseload.
    open_rebus = Enrolment.objects.filter(project=rebus).exclude(phase=Phase.AVSLUT)
    assert set(open_rebus.values_list("phase", flat=True)) == {
        Phase.KARTLAGGNING,
        Phase.AKTIVITET,
        Phase.PROVNING,
    }
    caseload = open_rebus.filter(coach__username="handledare")
    assert 15 <= caseload.count() <= 25
    assert set(caseload.values_list("phase", flat=True)) == {
        Phase.KARTLAGGNING,
        Phase.AKTIVITET,
        Phase.PROVNING,
    }

    # Exits with varied outcomes, and at least one felregistrering.
    assert Exit.objects.count() > 100
    assert Exit.objects.values("outcome").distinct().count() >= 5
    assert Exit.objects.filter(reason=Exit.Reason.MISREGISTRATION).exists()

    # A re-enrolment: the same person twice in the same project, the first one ended.
    for person_id, project_id in Enrolment.objects.values_list("person_id", "project_id"):
        pair = Enrolment.objects.filter(person_id=person_id, project_id=project_id)
        if pair.count() == 2:
            assert pair.filter(phase=Phase.AVSLUT).exists()
            break
    else:
        pytest.fail("no re-enrolment")

    # Referrals still waiting, and declined ones.
    assert Referral.objects.filter(status=Referral.Status.PENDING).exists()
    assert Referral.objects.filter(status=Referral.Status.DECLINED).exists()

    # Demo logins work and hold the roles the issue asks for.
    handledare = User.objects.get(username="handledare")
    assert handledare.check_password(demo.DEMO_PASSWORD)
    assert handledare.memberships.filter(project=rebus, role=Role.COACH).exists()
    assert User.objects.get(username="handledare2").memberships.filter(project=egen, role=Role.COACH).exists()
    assert User.objects.get(username="handlaggare").organisation.kind == Organisation.Kind.ARBETSFORMEDLINGEN
    admin = User.objects.get(username="admin")
    assert (admin.is_administrator, admin.is_staff, admin.is_superuser) == (True, True, False)
    assert admin.has_perm("projects.change_project")

    # Output: counts and logins, nothing personal.
    printed = out.getvalue()
    assert "http://127.0.0.1:8000/" in printed and "Stegvis-demo-2026" in printed
    for personal_id, _gender in ids[:50]:
        assert personal_id not in printed and personal_id[:8] not in printed

    # Running it again changes nothing.
    before = _counts()
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert _counts() == before
    assert "finns redan" in again.getvalue()


@pytest.mark.django_db
def test_seed_demo_leaves_nothing_behind_when_it_fails(settings, monkeypatch) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHER

    def fail(self: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(demo._Generator, "participants", fail)
    with pytest.raises(RuntimeError):
        call_command("seed_demo", stdout=StringIO())
    assert _counts() == {"persons": 0, "enrolments": 0, "audit": 0, "users": 0, "projects": 0}
    assert not Organisation.objects.exists()
