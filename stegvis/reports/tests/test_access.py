"""Access rules of the reports that the matrix does not cover with one URL each."""

from __future__ import annotations

import pytest
from django.urls import reverse

LIST = "manadslista"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("petra", 200),
        ("alice", 403),
        ("bob", 403),
        ("sven", 403),
        ("ada", 403),
        ("rita", 403),
        ("charlie", 404),
    ],
)
def test_monthly_list_only_for_those_who_see_the_whole_project(world, persona, status):
    for url in (
        reverse("reports:report", args=[world.project_a.pk, LIST]),
        reverse("reports:download", args=[world.project_a.pk, LIST, "csv"]),
    ):
        assert world.client_for(persona).get(url).status_code == status


def test_coach_with_whole_project_gets_the_monthly_list(world):
    world.alice.memberships.filter(project=world.project_a).update(whole_project=True)
    url = reverse("reports:download", args=[world.project_a.pk, LIST, "xlsx"])
    assert world.client_for("alice").get(url).status_code == 200


def test_unknown_report_and_format_are_404(world):
    client = world.client_for("petra")
    assert client.get(reverse("reports:report", args=[world.project_a.pk, "okand"])).status_code == 404
    assert (
        client.get(
            reverse("reports:download", args=[world.project_a.pk, "esf-indikatorer", "pdf"])
        ).status_code
        == 404
    )


def test_report_index_hides_the_list_of_people_from_the_steering_group(world):
    content = (
        world.client_for("sven").get(reverse("reports:index", args=[world.project_a.pk])).content.decode()
    )
    assert "ESF+-indikatorer" in content
    assert "Månadslista" not in content
    content = (
        world.client_for("petra").get(reverse("reports:index", args=[world.project_a.pk])).content.decode()
    )
    assert "Månadslista" in content
