"""The activity catalogue: defaults once per project, managed by the project manager."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stegvis.activities import services
from stegvis.activities.models import ActivityKind, ActivityType
from stegvis.audit.models import AuditEntry

SEED_ACTIVITIES = {
    "Motiverande samtal",
    "Kartläggning",
    "Gruppaktivitet",
    "Social träning",
    "Friskvård",
    "Arbetsprövning",
    "Arbetsträning",
    "Praktik",
    "Praktikbesök",
    "Språkstöd",
    "Studievägledning",
    "IPS/Supported Employment – jobbsökning",
    "IPS/Supported Employment – stöd på arbetsplatsen",
    "BIP (handledningsmetod)",
    "Matchning från dag 1 (handledningsmetod)",
    "Livsstil och hälsa",
}


def test_catalogue_page_gives_the_project_the_seed_activities_once(world):
    client = world.client_for("petra")
    url = reverse("activities:catalogue", args=[world.project_a.pk])
    assert client.get(url).status_code == 200
    names = set(ActivityType.objects.filter(project=world.project_a).values_list("name", flat=True))
    assert names == SEED_ACTIVITIES
    assert not ActivityType.objects.filter(project=world.project_b).exists()
    client.get(url)
    assert ActivityType.objects.filter(project=world.project_a).count() == len(SEED_ACTIVITIES)
    assert AuditEntry.objects.filter(action="activities.catalogue.defaults_added").count() == 1


def test_deleted_default_does_not_come_back(world):
    services.catalogue_ensure_defaults(project=world.project_a, by=world.petra)
    bip = ActivityType.objects.get(project=world.project_a, name="BIP (handledningsmetod)")
    services.activity_type_delete(activity_type=bip, by=world.petra)
    assert services.catalogue_ensure_defaults(project=world.project_a, by=world.petra) == 0
    assert not ActivityType.objects.filter(project=world.project_a, name__startswith="BIP").exists()


def test_project_manager_adds_renames_and_deactivates(world):
    client = world.client_for("petra")
    url = reverse("activities:catalogue", args=[world.project_a.pk])
    response = client.post(
        url, {"name": "  Körkortsteori ", "kind": "group", "description": "", "position": ""}
    )
    assert response.status_code == 302
    added = ActivityType.objects.get(project=world.project_a, name="Körkortsteori")
    assert added.kind == ActivityKind.GROUP and added.active
    assert added.position > ActivityType.objects.get(project=world.project_a, name="Praktik").position

    edit = reverse("activities:type_edit", args=[world.project_a.pk, added.pk])
    response = client.post(
        edit, {"name": "Körkortsteori i grupp", "kind": "both", "description": "Teori", "position": 5}
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.name, added.kind, added.active, added.position) == (
        "Körkortsteori i grupp",
        "both",
        False,
        5,
    )
    page = client.get(url).content.decode()
    assert "Körkortsteori i grupp" in page and "Används inte" in page


def test_duplicate_name_is_refused_and_the_form_keeps_the_input(world):
    client = world.client_for("petra")
    url = reverse("activities:catalogue", args=[world.project_a.pk])
    client.get(url)
    response = client.post(url, {"name": "praktik", "kind": "individual", "description": "Min text"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Det finns redan en insats med det namnet" in page
    assert "Min text" in page and 'value="praktik"' in page


def test_used_activity_cannot_be_deleted_or_made_group_only(world, activity):
    used = activity.activity_type
    with pytest.raises(ValidationError):
        services.activity_type_delete(activity_type=used, by=world.petra)
    client = world.client_for("petra")
    response = client.post(
        reverse("activities:type_edit", args=[world.project_a.pk, used.pk]),
        {"name": used.name, "kind": "group", "description": "", "active": "on", "position": 1},
    )
    assert "kan inte bli enbart gruppinsats" in response.content.decode()
    response = client.post(reverse("activities:type_delete", args=[world.project_a.pk, used.pk]))
    assert response.status_code == 302
    assert ActivityType.objects.filter(pk=used.pk).exists()


def test_unused_activity_is_deleted(world):
    services.catalogue_ensure_defaults(project=world.project_a, by=world.petra)
    unused = ActivityType.objects.get(project=world.project_a, name="Studievägledning")
    client = world.client_for("petra")
    response = client.post(reverse("activities:type_delete", args=[world.project_a.pk, unused.pk]))
    assert response.status_code == 302
    assert not ActivityType.objects.filter(pk=unused.pk).exists()


def test_coach_reads_the_catalogue_but_cannot_change_it(world):
    client = world.client_for("alice")
    url = reverse("activities:catalogue", args=[world.project_a.pk])
    page = client.get(url).content.decode()
    assert "Motiverande samtal" in page and "Lägg till i katalogen" not in page
    assert client.post(url, {"name": "Egen", "kind": "individual"}).status_code == 403
    assert not ActivityType.objects.filter(name="Egen").exists()


def test_project_page_links_to_the_catalogue_group_activities_and_hours(world):
    page = (
        world.client_for("alice").get(reverse("projects:detail", args=[world.project_a.pk])).content.decode()
    )
    for name in ("activities:catalogue", "activities:group_list", "activities:hours"):
        assert reverse(name, args=[world.project_a.pk]) in page
    steering = (
        world.client_for("sven").get(reverse("projects:detail", args=[world.project_a.pk])).content.decode()
    )
    assert reverse("activities:group_list", args=[world.project_a.pk]) not in steering
