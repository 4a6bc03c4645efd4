"""The assessments app's rows in the access matrix (stegvis/core/tests/test_access_matrix.py).

- A participant's readings hang off an enrolment: only its coach and the project manager get
  them; colleagues, other projects, referrers, the steering group and administrators get 404,
  as for the participant page.
- Instruments hold no participant data: coaches and the project manager read them; the project
  manager (or an administrator) creates, imports and changes them and sets the rule.
- IPS fidelity rates a team: every member of a project that works with IPS reads it, the
  project manager (or an administrator) records it.
"""

from __future__ import annotations

import datetime

from stegvis.assessments import services
from stegvis.assessments.importing import AreaData, InstrumentData
from stegvis.assessments.models import Assessment, FidelityReview, Instrument, Rater
from stegvis.conftest import PERSONAS


def _row(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    row = {p: default for p in PERSONAS}
    row["anonymous"] = anonymous
    row.update(overrides)
    return row


def _default(w) -> Instrument:
    return services.instrument_ensure_default()


def _assessment(w) -> Assessment:
    """One reading of Alice's participant, made once per world."""
    assessment = getattr(w, "_assessments_reading", None)
    if assessment is None:
        instrument = _default(w)
        first_area = instrument.areas.order_by("position").first()
        assessment = services.assessment_record(
            enrolment=w.alice_enrolment,
            instrument=instrument,
            assessed_on=w.alice_enrolment.start_date,
            occasion=Assessment.Occasion.ENTRY,
            rater=Rater.JOINT,
            levels={first_area.pk: 2},
            by=w.alice,
        )
        w._assessments_reading = assessment
    return assessment


def _own_instrument(w) -> Instrument:
    instrument = getattr(w, "_assessments_instrument", None)
    if instrument is None:
        instrument = services.instrument_create(
            project=w.project_a,
            data=InstrumentData(
                name="Projekt A:s trappa", areas=[AreaData("Vardag", "", ["Låg", "Mellan", "Hög"])]
            ),
            by=w.petra,
        )
        w._assessments_instrument = instrument
    return instrument


def _review(w) -> FidelityReview:
    """Project A works with IPS and has one fidelity review."""
    review = getattr(w, "_assessments_review", None)
    if review is None:
        services.rule_save(
            project=w.project_a,
            expected_version=None,
            criteria={1, 2, 3},
            combination="any",
            instrument=_default(w),
            description="",
            uses_ips=True,
            by=w.petra,
        )
        review = services.fidelity_review_save(
            project=w.project_a,
            review=None,
            expected_version=None,
            team_name="IPS-teamet",
            reviewed_on=datetime.date(2024, 3, 1),
            reviewers="Två granskare",
            summary="",
            scores=dict.fromkeys(range(1, 26), 3),
            by=w.petra,
        )
        w._assessments_review = review
    return review


def _enrolment(w) -> dict:
    return {"pk": w.alice_enrolment.pk}


def _reading(w) -> dict:
    return {"pk": w.alice_enrolment.pk, "assessment_pk": _assessment(w).pk}


def _project(w) -> dict:
    return {"project_pk": w.project_a.pk}


def _ips_project(w) -> dict:
    _review(w)
    return {"project_pk": w.project_a.pk}


PARTICIPANT_ONLY = _row(404, alice=200, petra=200)
READERS = _row(403, alice=200, bob=200, petra=200, ada=200, charlie=404)
MANAGERS = _row(403, petra=200, ada=200, charlie=404)
MEMBERS = _row(200, charlie=404)

MATRIX = {
    "assessments:enrolment": ("get", _enrolment, PARTICIPANT_ONLY),
    "assessments:record": ("get", _enrolment, PARTICIPANT_ONLY),
    "assessments:edit": ("get", _reading, PARTICIPANT_ONLY),
    "assessments:delete": ("get", _reading, PARTICIPANT_ONLY),
    "assessments:instruments": ("get", _project, READERS),
    "assessments:instrument": ("get", lambda w: {**_project(w), "pk": _default(w).pk}, READERS),
    "assessments:instrument_create": ("get", _project, MANAGERS),
    "assessments:instrument_import": ("get", _project, MANAGERS),
    "assessments:import_template": ("get", _project, MANAGERS),
    "assessments:instrument_edit": ("get", lambda w: {**_project(w), "pk": _own_instrument(w).pk}, MANAGERS),
    "assessments:rule": ("get", _project, MANAGERS),
    "assessments:fidelity_list": ("get", _ips_project, MEMBERS),
    "assessments:fidelity": ("get", lambda w: {**_ips_project(w), "pk": _review(w).pk}, MEMBERS),
    "assessments:fidelity_create": ("get", _ips_project, MANAGERS),
    "assessments:fidelity_edit": ("get", lambda w: {**_ips_project(w), "pk": _review(w).pk}, MANAGERS),
}
