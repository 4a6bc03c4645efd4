"""Services: the default instrument, instruments and their versions, imports, readings, the rule, fidelity."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from stegvis.assessments import selectors, services
from stegvis.assessments.content import DEFAULT_INSTRUMENT
from stegvis.assessments.importing import AreaData, InstrumentData, parse_instrument_file, template_csv
from stegvis.assessments.models import (
    Area,
    Assessment,
    FidelityReview,
    Instrument,
    Level,
    Rater,
    StepMovementRule,
)
from stegvis.assessments.tests.conftest import areas_of, record
from stegvis.audit.models import AuditEntry
from stegvis.core.exceptions import ConcurrentEditError

TODAY = datetime.date.today()


def small(name: str = "Vardagstrappan", levels: int = 3, areas: int = 2) -> InstrumentData:
    return InstrumentData(
        name=name,
        areas=[
            AreaData(f"Område {i}", "", [f"Nivå {v}" for v in range(1, levels + 1)])
            for i in range(1, areas + 1)
        ],
    )


# --- the default instrument --------------------------------------------------------------------


def test_default_instrument_has_eight_areas_of_five_levels_and_is_idempotent(db):
    first = services.instrument_ensure_default()
    again = services.instrument_ensure_default()
    assert first == again and Instrument.objects.filter(key=first.key).count() == 1
    assert first.is_default and first.project is None and first.scale_max == 5
    names = list(first.areas.order_by("position").values_list("name", flat=True))
    assert names == [name for name, _d, _l in DEFAULT_INSTRUMENT["areas"]]
    assert len(names) == 8
    assert Level.objects.filter(area__instrument=first).count() == 40


def test_default_instrument_is_in_stegvis_own_words(db):
    """No text from the licensed instruments (Outcomes Star, NNS) is shipped."""
    texts = " ".join(
        [DEFAULT_INSTRUMENT["name"], DEFAULT_INSTRUMENT["description"]]
        + [f"{n} {d} {' '.join(levels)}" for n, d, levels in DEFAULT_INSTRUMENT["areas"]]
    ).lower()
    for phrase in (
        "outcomes star",
        "stjärn",
        "journey of change",
        "stuck",
        "accepting help",
        "believing",
        "self-reliance",
    ):
        assert phrase not in texts


# --- instruments -------------------------------------------------------------------------------


def test_create_instrument_owned_by_the_project(world):
    instrument = services.instrument_create(project=world.project_a, data=small(), by=world.petra)
    assert instrument.project == world.project_a and instrument.version == 1 and instrument.scale_max == 3
    assert [a.name for a in areas_of(instrument)] == ["Område 1", "Område 2"]
    assert AuditEntry.objects.filter(
        action="assessments.instrument.created", object_id=instrument.pk
    ).exists()
    assert instrument in selectors.instruments_for(world.project_a)
    assert instrument not in selectors.instruments_for(world.project_b)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (InstrumentData(name="", areas=small().areas), "Ge instrumentet ett namn."),
        (InstrumentData(name="X", areas=[]), "minst ett område"),
        (InstrumentData(name="X", areas=[AreaData("A", "", ["1"])]), "2–10 nivåer"),
        (
            InstrumentData(name="X", areas=[AreaData("A", "", ["1", "2"]), AreaData("a", "", ["1", "2"])]),
            "två gånger",
        ),
        (
            InstrumentData(
                name="X", areas=[AreaData("A", "", ["1", "2"]), AreaData("B", "", ["1", "2", "3"])]
            ),
            "lika många nivåer",
        ),
        (InstrumentData(name="X", areas=[AreaData("A", "", ["1", " "])]), "nivå 2 saknar beskrivning"),
        (InstrumentData(name="X", areas=[AreaData("", "", ["1", "2"])]), "Område 1 saknar namn"),
    ],
)
def test_instrument_structure_is_checked(world, data, message):
    with pytest.raises(ValidationError) as error:
        services.instrument_create(project=world.project_a, data=data, by=world.petra)
    assert any(message in m for m in error.value.messages)
    assert not Instrument.objects.filter(project=world.project_a).exists()


def test_unused_instrument_is_changed_in_place(world):
    instrument = services.instrument_create(project=world.project_a, data=small(), by=world.petra)
    changed = services.instrument_update(
        instrument=instrument, data=small("Nytt namn", levels=4), by=world.petra
    )
    assert changed.pk == instrument.pk and changed.version == 1 and changed.scale_max == 4
    assert Area.objects.filter(instrument=instrument).count() == 2


def test_used_instrument_gets_a_new_version_and_the_rule_follows(world):
    instrument = services.instrument_create(project=world.project_a, data=small(), by=world.petra)
    services.rule_save(
        project=world.project_a,
        expected_version=None,
        criteria={2},
        combination="any",
        instrument=instrument,
        description="",
        uses_ips=False,
        by=world.petra,
    )
    reading = record(
        world.alice_enrolment, instrument, [1, 2], on=world.alice_enrolment.start_date, by=world.alice
    )
    successor = services.instrument_update(
        instrument=instrument, data=small("Trappan 2", levels=3), by=world.petra
    )
    instrument.refresh_from_db()
    assert successor.pk != instrument.pk and successor.version == 2 and successor.key == instrument.key
    assert successor.is_current and not instrument.is_current and successor.previous == instrument
    # The old version and its reading are untouched.
    assert instrument.name == "Vardagstrappan" and reading.scores.count() == 2
    assert selectors.rule_for(world.project_a).instrument == successor
    with pytest.raises(ValidationError):
        services.instrument_update(instrument=instrument, data=small(), by=world.petra)


def test_stegvis_own_instrument_cannot_be_changed(world, instrument):
    with pytest.raises(ValidationError):
        services.instrument_update(instrument=instrument, data=small(), by=world.petra)


# --- import ------------------------------------------------------------------------------------

CSV = "område;områdesbeskrivning;nivå;beskrivning\nVardag;Om vardagen;1;Låg\nVardag;;2;Mellan\nVardag;;3;Hög\nArbete;;1;Långt\nArbete;;2;Nära\nArbete;;3;Framme\n"


def test_import_csv(world):
    instrument = services.instrument_import(
        project=world.project_a,
        filename="trappa.csv",
        content=CSV.encode(),
        name="Licensierad trappa",
        raters="both",
        licence_note="Avtal med utgivaren 2025-01-01",
        by=world.petra,
    )
    assert instrument.source == Instrument.Source.IMPORT and instrument.scale_max == 3
    areas = areas_of(instrument)
    assert [a.name for a in areas] == ["Vardag", "Arbete"] and areas[0].description == "Om vardagen"
    assert list(areas[1].levels.values_list("description", flat=True)) == ["Långt", "Nära", "Framme"]
    assert AuditEntry.objects.filter(action="assessments.instrument.imported").exists()


def test_import_reads_excel_csv_with_comma_and_windows_1252(db):
    text = "Område,Nivå,Beskrivning\nHälsa,2,Bättre\nHälsa,1,Sämre\n"
    areas, _meta = parse_instrument_file("excel.csv", text.encode("cp1252"))
    assert areas[0].name == "Hälsa" and areas[0].levels == ["Sämre", "Bättre"]


def test_import_json_with_its_own_name(world):
    content = json.dumps(
        {
            "name": "Från fil",
            "areas": [{"name": "A", "levels": ["1", "2"]}, {"name": "B", "levels": ["x", "y"]}],
        }
    ).encode()
    instrument = services.instrument_import(
        project=world.project_a,
        filename="f.json",
        content=content,
        name="",
        raters="coach",
        licence_note="Eget",
        by=world.petra,
    )
    assert instrument.name == "Från fil" and instrument.raters == "coach"


@pytest.mark.parametrize(
    ("content", "messages"),
    [
        (b"namn;text\nA;B\n", ["Rad 1 ska vara en rubrikrad"]),
        (
            "område;nivå;beskrivning\nA;1;x\nA;ett;y\nA;3;z\nB;1;x\nB;1;y\n".encode(),
            ["Rad 3: nivån ”ett” är inte ett heltal.", "Rad 6: nivå 1 i området ”B” finns redan."],
        ),
        ("område;nivå;beskrivning\nA;1;x\nA;3;y\n".encode(), ["nivåerna ska vara 1, 2, 3"]),
        (b"", ["Filen är tom."]),
        (b'{"areas": "inte en lista"}', ["lista ”areas”"]),
        (b"{inte json", ["inte giltig JSON"]),
        (b"\xff\xfe\x00\x00" * 10, ["Filen"]),
    ],
)
def test_import_reports_every_problem_and_saves_nothing(world, content, messages):
    with pytest.raises(ValidationError) as error:
        services.instrument_import(
            project=world.project_a,
            filename="fel.csv",
            content=content,
            name="Fel",
            raters="both",
            licence_note="Avtal",
            by=world.petra,
        )
    for message in messages:
        assert any(message in m for m in error.value.messages), error.value.messages
    assert not Instrument.objects.filter(project=world.project_a).exists()


def test_import_needs_a_licence_note(world):
    with pytest.raises(ValidationError) as error:
        services.instrument_import(
            project=world.project_a,
            filename="a.csv",
            content=CSV.encode(),
            name="X",
            raters="both",
            licence_note=" ",
            by=world.petra,
        )
    assert "licence_note" in error.value.message_dict


def test_template_round_trips(db):
    areas = [AreaData("A", "Om A", ["1", "2", "3"]), AreaData("B", "", ["x; y", "z", "å"])]
    parsed, _meta = parse_instrument_file("mall.csv", ("\ufeff" + template_csv(areas)).encode())
    assert parsed == areas


# --- readings ----------------------------------------------------------------------------------


def test_record_a_reading(world, instrument):
    enrolment = world.alice_enrolment
    reading = record(
        enrolment,
        instrument,
        [1, 2, None, 4],
        on=enrolment.start_date,
        by=world.alice,
        rater=Rater.PARTICIPANT,
    )
    values = {s.area.name: s.level.value for s in reading.scores.select_related("area", "level")}
    assert values == {"Hantera hälsan": 1, "Tilltro till att få arbete": 2, "Jobbsökande": 4}
    entry = AuditEntry.objects.get(action="assessments.assessment.recorded", object_id=reading.pk)
    assert entry.enrolment_id == enrolment.pk and entry.person_id == enrolment.person_id


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"assessed_on": TODAY + datetime.timedelta(days=1)}, "assessed_on"),
        ({"assessed_on": datetime.date(2000, 1, 1)}, "assessed_on"),
        ({"occasion": "nonsense"}, "occasion"),
    ],
)
def test_reading_rules(world, instrument, change, field):
    area = areas_of(instrument)[0]
    arguments = {
        "enrolment": world.alice_enrolment,
        "instrument": instrument,
        "assessed_on": world.alice_enrolment.start_date,
        "occasion": Assessment.Occasion.ENTRY,
        "rater": Rater.JOINT,
        "levels": {area.pk: 3},
        "by": world.alice,
        **change,
    }
    with pytest.raises(ValidationError) as error:
        services.assessment_record(**arguments)
    assert field in error.value.message_dict


def test_a_reading_needs_one_assessed_area_of_its_own_instrument(world, instrument):
    enrolment = world.alice_enrolment
    with pytest.raises(ValidationError, match="minst ett område"):
        record(enrolment, instrument, [None, None], on=enrolment.start_date, by=world.alice)
    other = services.instrument_create(project=world.project_a, data=small(), by=world.petra)
    with pytest.raises(ValidationError, match="inte hör till instrumentet"):
        services.assessment_record(
            enrolment=enrolment,
            instrument=instrument,
            assessed_on=enrolment.start_date,
            occasion="entry",
            rater="joint",
            levels={areas_of(other)[0].pk: 1},
            by=world.alice,
        )
    with pytest.raises(ValidationError):
        record(enrolment, instrument, [6], on=enrolment.start_date, by=world.alice)
    assert not Assessment.objects.exists()


def test_instrument_decides_who_rates(world):
    coach_only = services.instrument_create(
        project=world.project_a,
        data=InstrumentData("Handledarens", small().areas, raters="coach"),
        by=world.petra,
    )
    with pytest.raises(ValidationError) as error:
        record(
            world.alice_enrolment,
            coach_only,
            [1],
            on=world.alice_enrolment.start_date,
            by=world.alice,
            rater=Rater.PARTICIPANT,
        )
    assert "rater" in error.value.message_dict


def test_same_rater_same_day_is_refused_but_a_pair_is_fine(world, instrument):
    enrolment, on = world.alice_enrolment, world.alice_enrolment.start_date
    record(enrolment, instrument, [2], on=on, by=world.alice, rater=Rater.PARTICIPANT)
    record(enrolment, instrument, [3], on=on, by=world.alice, rater=Rater.COACH)
    with pytest.raises(ValidationError, match="samma dag"):
        record(enrolment, instrument, [4], on=on, by=world.alice, rater=Rater.PARTICIPANT)
    assert Assessment.objects.count() == 2


def test_no_reading_after_the_exit(world, instrument):
    from stegvis.participants import services as participant_services

    enrolment = world.alice_enrolment
    exit_day = enrolment.start_date + datetime.timedelta(days=30)
    participant_services.enrolment_exit(
        enrolment=enrolment,
        exit_date=exit_day,
        reason="planned",
        outcome="job_seeking",
        qualification_gained=None,
        situation=participant_services.SituationData(sysselsattning="arbetssokande"),
        by=world.alice,
        expected_version=enrolment.version,
    )
    record(enrolment, instrument, [3], on=exit_day, by=world.alice, occasion="exit")
    with pytest.raises(ValidationError, match="avslutades"):
        record(enrolment, instrument, [3], on=exit_day + datetime.timedelta(days=1), by=world.alice)


def test_correct_and_delete_against_the_version_seen(world, instrument):
    enrolment = world.alice_enrolment
    reading = record(enrolment, instrument, [1, 1], on=enrolment.start_date, by=world.alice)
    areas = areas_of(instrument)
    services.assessment_correct(
        assessment=reading,
        expected_version=1,
        assessed_on=reading.assessed_on,
        occasion="entry",
        rater="joint",
        levels={areas[0].pk: 2},
        by=world.alice,
    )
    assert list(reading.scores.values_list("level__value", flat=True)) == [2]
    with pytest.raises(ConcurrentEditError):
        services.assessment_correct(
            assessment=reading,
            expected_version=1,
            assessed_on=reading.assessed_on,
            occasion="entry",
            rater="joint",
            levels={areas[0].pk: 3},
            by=world.alice,
        )
    with pytest.raises(ConcurrentEditError):
        services.assessment_delete(assessment=reading, expected_version=1, by=world.alice)
    services.assessment_delete(assessment=reading, expected_version=2, by=world.alice)
    assert not Assessment.objects.exists()
    actions = set(AuditEntry.objects.filter(enrolment_id=enrolment.pk).values_list("action", flat=True))
    assert {"assessments.assessment.corrected", "assessments.assessment.deleted"} <= actions


# --- the rule ----------------------------------------------------------------------------------


def test_rule_is_saved_against_its_version(world, instrument):
    rule = services.rule_save(
        project=world.project_a,
        expected_version=None,
        criteria={1},
        combination="all",
        instrument=instrument,
        description="Mätt mot uppsatta delmål.",
        uses_ips=True,
        by=world.petra,
    )
    assert rule.criteria == {1} and rule.version == 1 and selectors.uses_ips(world.project_a)
    assert selectors.rule_text(rule) == "Stegförflyttning räknas när: (1) minst ett delmål uppnått."
    with pytest.raises(ConcurrentEditError):
        services.rule_save(
            project=world.project_a,
            expected_version=None,
            criteria={2},
            combination="any",
            instrument=None,
            description="",
            uses_ips=False,
            by=world.petra,
        )
    with pytest.raises(ValidationError):
        services.rule_save(
            project=world.project_a,
            expected_version=1,
            criteria=set(),
            combination="any",
            instrument=None,
            description="",
            uses_ips=False,
            by=world.petra,
        )
    assert StepMovementRule.objects.get().criteria == {1}


def test_rule_cannot_use_another_projects_instrument(world):
    theirs = services.instrument_create(project=world.project_b, data=small(), by=world.charlie)
    with pytest.raises(ValidationError) as error:
        services.rule_save(
            project=world.project_a,
            expected_version=None,
            criteria={2},
            combination="any",
            instrument=theirs,
            description="",
            uses_ips=False,
            by=world.petra,
        )
    assert "instrument" in error.value.message_dict


# --- fidelity ----------------------------------------------------------------------------------


def _review(
    world, total_each: int = 3, on: datetime.date = datetime.date(2024, 5, 1), review=None, version=None
):
    return services.fidelity_review_save(
        project=world.project_a,
        review=review,
        expected_version=version,
        team_name="IPS-teamet",
        reviewed_on=on,
        reviewers="Två granskare",
        summary="",
        scores=dict.fromkeys(range(1, 26), total_each),
        by=world.petra,
    )


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (125, "exemplary"),
        (115, "exemplary"),
        (114, "good"),
        (100, "good"),
        (99, "fair"),
        (74, "fair"),
        (73, "not_ips"),
        (25, "not_ips"),
    ],
)
def test_fidelity_bands(total, band):
    assert FidelityReview.band_for(total) == band


def test_fidelity_review_total_and_correction(world):
    review = _review(world)
    assert review.total == 75 and review.band == "fair" and review.items.count() == 25
    corrected = _review(world, total_each=4, review=review, version=1)
    assert corrected.total == 100 and corrected.version == 2
    with pytest.raises(ConcurrentEditError):
        _review(world, review=review, version=1)


def test_fidelity_review_needs_every_item(world):
    with pytest.raises(ValidationError) as error:
        services.fidelity_review_save(
            project=world.project_a,
            review=None,
            expected_version=None,
            team_name="T",
            reviewed_on=datetime.date(2024, 5, 1),
            reviewers="G",
            summary="",
            scores={n: 3 for n in range(1, 25)},
            by=world.petra,
        )
    assert "item_25" in error.value.message_dict
    assert not FidelityReview.objects.exists()
