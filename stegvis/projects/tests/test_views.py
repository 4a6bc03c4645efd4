"""Project pages: the project manager edits metadata, partners, municipalities and targets."""

from __future__ import annotations

from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.projects.models import ProjectMunicipality, ProjectTarget


def test_project_manager_edits_project_and_it_is_logged(world):
    client = world.client_for("petra")
    url = reverse("projects:edit", args=[world.project_a.pk])
    form = client.get(url).context["form"]
    data = {
        name: ("" if value is None else value) for name, value in form.initial.items() if name in form.fields
    }
    data.update(
        {
            "name": "REBUS",
            "nuts2": "SE31",
            "planned_participants": 40,
            "cofinancing_rate": "60",
            "owner": world.project_a.owner_id,
            "child_poverty_theme": "",
            "strategic_importance": "",
        }
    )
    data = {k: v for k, v in data.items() if v is not False}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    world.project_a.refresh_from_db()
    assert world.project_a.name == "REBUS" and world.project_a.nuts2 == "SE31"
    assert AuditEntry.objects.filter(
        action="projects.project.updated", project_id=world.project_a.pk
    ).exists()


def test_invalid_project_edit_keeps_input_and_explains(world):
    client = world.client_for("petra")
    url = reverse("projects:edit", args=[world.project_a.pk])
    response = client.post(url, {"name": "Nytt namn", "age_min": 30, "age_max": 20})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Nytt namn"' in content
    assert response.context["form"].errors


def test_targets_and_municipalities_are_managed_on_settings_page(world):
    client = world.client_for("petra")
    url = reverse("projects:settings", args=[world.project_a.pk])
    assert (
        client.post(
            url,
            {
                "kind": "target",
                "target-metric": "step_movement_at_exit",
                "target-threshold_percent": 80,
                "target-description": "Mätt mot delmål",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            url, {"kind": "municipality", "municipality-name": "Forshaga", "municipality-planned_places": 17}
        ).status_code
        == 302
    )
    target = ProjectTarget.objects.get(project=world.project_a)
    assert target.threshold_percent == 80
    assert ProjectMunicipality.objects.get(project=world.project_a, name="Forshaga").planned_places == 17
    bad = client.post(
        url, {"kind": "target", "target-metric": "step_movement_at_exit", "target-threshold_percent": 180}
    )
    assert bad.status_code == 200 and "target-threshold_percent" in bad.content.decode()
    delete = reverse("projects:setting_delete", args=[world.project_a.pk, "target", target.pk])
    assert client.post(delete).status_code == 302
    assert not ProjectTarget.objects.filter(pk=target.pk).exists()


def test_municipality_with_participants_cannot_be_removed(world):
    municipality = world.alice_enrolment.municipality
    url = reverse("projects:setting_delete", args=[world.project_a.pk, "municipality", municipality.pk])
    response = world.client_for("petra").post(url, follow=True)
    assert "har deltagare" in response.content.decode()
    assert ProjectMunicipality.objects.filter(pk=municipality.pk).exists()


def test_coach_cannot_edit_project(world):
    response = world.client_for("alice").post(
        reverse("projects:edit", args=[world.project_a.pk]), {"name": "X"}
    )
    assert response.status_code == 403


def test_project_list_shows_role_and_empty_state(world, django_user_model):
    content = world.client_for("alice").get(reverse("projects:list")).content.decode()
    assert "Projekt A" in content and "Handledare" in content and "Projekt B" not in content
    loner = django_user_model.objects.create_user("ensam", password="x-very-long-pass-1")
    from django.test import Client

    from stegvis.accounts.tests.factories import verified_login

    client = Client()
    verified_login(client, loner)
    assert "Du är inte med i något projekt ännu" in client.get(reverse("projects:list")).content.decode()


def test_umbrella_figures_roll_up_from_subprojects(world):
    world.project_b.parent = world.project_a
    world.project_b.save()
    world.petra.memberships.create(project=world.project_b, role="project_manager")
    response = world.client_for("petra").get(reverse("projects:detail", args=[world.project_a.pk]))
    assert response.context["figures"]["current"].total == 4


def test_sub_projects_follow_their_umbrella_in_the_list(world):
    from stegvis.projects.tests.factories import ProjectFactory

    umbrella = ProjectFactory(name="Paraply")
    sub = ProjectFactory(name="Aaa delprojekt", parent=umbrella)
    for project in (umbrella, sub):
        world.petra.memberships.create(project=project, role="steering")
    rows = world.client_for("petra").get(reverse("projects:list")).context["rows"]
    names = [project.name for project, _roles in rows]
    assert names.index("Aaa delprojekt") == names.index("Paraply") + 1
