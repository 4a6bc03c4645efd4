"""Analysis figures on the reports' fixed data set (stegvis/reports/tests/conftest.py), computed by hand.

In 2024, project A has seven persons: Aina (kvinna), Bertil and Rune (män), enrolled
2024-01-15 and still open; P1 (kvinna, Hagfors, phase → aktivitet, exit to work),
P2 (kvinna, exit to studies), P3 (man; left in April, came back in May, exit to work
in October: counted once, in his second enrolment) and P4 (annan, open). P5 is a
felregistrering and never counted. Step movement at exit (default rule): only P1,
whose phase moved forward.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.analysis import breakdown
from stegvis.analysis.annual import annual_section, notes_for_year
from stegvis.analysis.models import AnalysisNote, Dimension
from stegvis.audit.models import AuditEntry
from stegvis.core.suppression import SUPPRESSED
from stegvis.participants.tests.factories import enrol
from stegvis.reports.tests.conftest import YEAR_2024, build

D = datetime.date


@pytest.fixture
def data(world):
    return build(world)


def _figures(world, dimension, *, suppress=False, period=YEAR_2024):
    result = breakdown.breakdown(world.project_a, period, dimension, suppress=suppress)
    rows = {row.label: (row.participants, row.exited, row.work, row.moved) for row in result.rows}
    total = result.total and (
        result.total.participants,
        result.total.exited,
        result.total.work,
        result.total.moved,
    )
    return rows, total


def test_by_gender(world, data):
    rows, total = _figures(world, Dimension.GENDER)
    # (deltagare, avslutade, arbete eller studier, stegförflyttning)
    assert rows == {"Kvinna": (3, 2, 2, 1), "Man": (3, 1, 1, 0), "Annan könstillhörighet": (1, 0, 0, 0)}
    assert total == (7, 3, 3, 1)


def test_by_start_quarter_counts_the_re_entry_once_in_its_latest_enrolment(world, data):
    rows, total = _figures(world, Dimension.COHORT)
    assert rows == {"2024 K1": (5, 2, 2, 1), "2024 K2": (2, 1, 1, 0)}
    assert total == (7, 3, 3, 1)


def test_by_municipality_and_age_and_phase(world, data):
    rows, _total = _figures(world, Dimension.MUNICIPALITY)
    # P1 and one of the world's open enrolments are in Hagfors.
    assert rows["Hagfors"] == (2, 1, 1, 1)
    assert sum(row[0] for row in rows.values()) == 7
    rows, _total = _figures(world, Dimension.AGE)
    # P1 23 år, P3 25 år, P2 63 år, P4 16 år at start.
    assert rows["–24 år"][:2] == (2, 1)
    assert rows["25–29 år"] == (1, 1, 1, 0)
    assert rows["55– år"] == (1, 1, 1, 0)
    rows, _total = _figures(world, Dimension.PHASE)
    assert rows["Avslut"] == (3, 3, 3, 1)


def test_activity_type_is_multi_valued_without_total(world, data):
    from stegvis.activities.models import Activity, ActivityType

    kind = ActivityType.objects.create(project=world.project_a, name="Praktik", kind="individual")
    data.p1.refresh_from_db()
    Activity.objects.create(
        enrolment=data.p1, activity_type=kind, start_date=D(2024, 3, 1), created_by=world.alice
    )
    rows, total = _figures(world, Dimension.ACTIVITY)
    assert total is None
    assert rows["Praktik"] == (1, 1, 1, 1)
    assert rows["Ingen aktivitet"] == (6, 2, 2, 0)


def test_a_later_period_leaves_out_the_earlier_exits(world, data):
    rows, total = _figures(world, Dimension.GENDER, period=breakdown.Period(D(2024, 9, 2), D(2024, 12, 31)))
    assert rows["Man"] == (3, 1, 1, 0)  # P3's October exit
    assert rows["Kvinna"] == (1, 0, 0, 0)  # only Aina: P1 left in August, P2 on 1 September
    assert total[1] == 1


def test_small_counts_are_hidden_with_their_complements(world, data):
    rows, total = _figures(world, Dimension.GENDER, suppress=True)
    for participants, exited, work, moved in rows.values():
        assert SUPPRESSED in (participants,) or participants >= 5
        assert (exited, work, moved) == (SUPPRESSED, SUPPRESSED, SUPPRESSED)
    assert total[1:] == (SUPPRESSED, SUPPRESSED, SUPPRESSED)


def test_suppression_never_leaves_a_lone_hidden_cell():
    """In every group the exit counts are all shown or all hidden, and no hidden count is alone in its column."""
    groups = [breakdown.Group(str(i)) for i in range(4)]
    for group, (persons, exited, work, moved) in zip(
        groups, [(20, 10, 3, 8), (30, 12, 9, 6), (8, 6, 6, 2), (40, 20, 10, 10)], strict=True
    ):
        group.persons, group.exited, group.work, group.moved = set(range(persons)), exited, work, moved
    cells = [breakdown._inner(group) for group in groups]
    hidden = breakdown._hidden_pattern(cells, totals=True)
    for row in hidden[:-1]:
        assert all(row[:4]) or not any(row[:4])
    for column in range(5):
        hidden_in_column = [row[column] for row in hidden[:-1]].count(True)
        assert hidden_in_column != 1 or hidden[-1][column]
    assert any(any(row) for row in hidden)


def test_sven_sees_the_page_suppressed(world, data):
    response = world.client_for("sven").get(
        reverse("analysis:index", args=[world.project_a.pk]),
        {"dimension": "kon", "start": "2024-01-01", "end": "2024-12-31"},
    )
    assert response.status_code == 200
    rows = response.context["table"].rows
    assert all(row[2] == SUPPRESSED for row in rows)
    assert "Antal under 5" in response.content.decode()
    assert "Spara slutsats" not in response.content.decode()


def test_compare_two_start_quarters(world, data):
    response = world.client_for("petra").get(
        reverse("analysis:index", args=[world.project_a.pk]),
        {"dimension": "kvartal", "start": "2024-01-01", "end": "2024-12-31", "a": "2024 K1", "b": "2024 K2"},
    )
    comparison = response.context["comparison"]
    assert comparison["a"].work_share == 100 and comparison["b"].work_share == 100
    assert comparison["work_diff"] == 0
    assert comparison["a"].moved_share == 50 and comparison["b"].moved_share == 0
    assert comparison["moved_diff"] == 50
    assert "+50" in response.content.decode()


def test_compare_refuses_the_same_group_twice(world, data):
    response = world.client_for("petra").get(
        reverse("analysis:index", args=[world.project_a.pk]),
        {"dimension": "kvartal", "start": "2024-01-01", "end": "2024-12-31", "a": "2024 K1", "b": "2024 K1"},
    )
    assert response.context["comparison"] is None
    assert "Välj två olika grupper att jämföra." in response.content.decode()


def test_note_form_keeps_input_on_error_and_saves_with_audit(world, data):
    client = world.client_for("petra")
    url = reverse("analysis:note_create", args=[world.project_a.pk])
    post = {
        "dimension": "kvartal",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "group_a": "2024 K1",
        "group_b": "2024 K2",
        "conclusion": "",
        "measure": "Tätare uppföljning för sommarstarter",
    }
    response = client.post(url, post)
    assert response.status_code == 200
    assert "Tätare uppföljning för sommarstarter" in response.content.decode()
    assert response.context["comparison"]["moved_diff"] == 50
    assert not AnalysisNote.objects.exists()

    response = client.post(url, {**post, "conclusion": "Vårstarter stegar oftare"})
    assert response.status_code == 302
    note = AnalysisNote.objects.get()
    assert (note.dimension, note.group_a, note.group_b, note.author) == (
        "kvartal",
        "2024 K1",
        "2024 K2",
        world.petra,
    )
    assert AuditEntry.objects.filter(action="analysis.note.created", object_id=note.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Vårstarter stegar oftare" in page and "Tätare uppföljning för sommarstarter" in page


def test_only_the_project_manager_writes_notes(world, data):
    url = reverse("analysis:note_create", args=[world.project_a.pk])
    response = world.client_for("sven").post(url, {"conclusion": "x"})
    assert response.status_code == 403


def test_annual_section_lists_the_notes_of_the_year(world, data):
    from stegvis.analysis import services

    services.note_create(
        project=world.project_a,
        data=services.NoteData("kommun", D(2024, 1, 1), D(2024, 12, 31), "Slutsats", "Åtgärd"),
        by=world.petra,
    )
    notes = notes_for_year(world.project_a, 2024)
    assert [(n["dimension"], n["conclusion"], n["measure"]) for n in notes] == [
        ("Kommun", "Slutsats", "Åtgärd")
    ]
    assert notes_for_year(world.project_a, 2021) == []
    annual = pytest.importorskip("stegvis.reports.annual")  # on the branch that has the annual report
    context = annual.AnnualContext(project=world.project_a, year=2024, suppress=True, today=D(2025, 1, 15))
    section = annual_section(context)
    assert annual_section in annual.SECTIONS
    assert section.subsections == [
        ("Kommun, 2024-01-01 – 2024-12-31", ["Slutsats: Slutsats", "Föreslagen åtgärd: Åtgärd"])
    ]
    assert (
        annual_section(
            annual.AnnualContext(project=world.project_a, year=2021, suppress=True, today=D(2025, 1, 15))
        )
        is None
    )


def test_breakdown_file_through_the_reports_framework(world, data):
    response = world.client_for("petra").get(
        reverse("reports:download", args=[world.project_a.pk, "analys", "csv"]),
        {"start": "2024-01-01", "end": "2024-12-31"},
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Startkvartal" in text and "2024 K1;5;2;2;100 %;1;50 %" in text


def test_page_queries_do_not_grow_with_participants(world, data):
    client = world.client_for("petra")
    url = reverse("analysis:index", args=[world.project_a.pk])

    def count(dimension):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"dimension": dimension}).status_code == 200
        return len(queries)

    before = {d: count(d) for d in Dimension.values}
    for i in range(4):
        enrol(
            project=world.project_a,
            coach=world.alice,
            first_name=f"Extra{i}",
            birth=D(1980 + i, 1, 1),
            start=D(2024, 4, 1),
        )
    assert {d: count(d) for d in Dimension.values} == before


def test_project_page_links_to_the_analysis_for_those_who_may_open_it(world):
    url = reverse("analysis:index", args=[world.project_a.pk])
    page = reverse("projects:detail", args=[world.project_a.pk])
    assert url in world.client_for("petra").get(page).content.decode()
    assert url in world.client_for("sven").get(page).content.decode()
    assert url not in world.client_for("alice").get(page).content.decode()
