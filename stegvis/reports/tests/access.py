"""The reports app's rows in the access matrix (stegvis/core/tests/test_access_matrix.py).

Aggregated reports: project manager and coaches (exact), steering group and administrator
(suppressed); the referrer gets 403, another project's coach 404. The monthly list of
people: only those who see the whole project. Post-exit checks hang off an ended
enrolment: only its coach and the project manager.
"""

from __future__ import annotations

import datetime

from stegvis.conftest import PERSONAS
from stegvis.participants import services
from stegvis.participants.tests.factories import enrol


def _row(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    row = {p: default for p in PERSONAS}
    row["anonymous"] = anonymous
    row.update(overrides)
    return row


def _ended(w) -> dict:
    """An ended enrolment in alice's caseload, made once per world."""
    enrolment = getattr(w, "_reports_ended", None)
    if enrolment is None:
        enrolment = enrol(
            project=w.project_a,
            coach=w.alice,
            first_name="Doris",
            # A birth date of her own: the factory's personnummer for the default date can,
            # after many tests in one process, be one a persona's participant already has.
            birth=datetime.date(1971, 7, 7),
            start=datetime.date(2024, 2, 1),
        )
        services.enrolment_exit(
            enrolment=enrolment,
            exit_date=datetime.date(2024, 6, 1),
            reason="work",
            outcome="employment",
            qualification_gained=None,
            situation=services.SituationData(sysselsattning="forvarvsarbete", income_sources=["lon"]),
            by=w.alice,
            expected_version=enrolment.version,
        )
        w._reports_ended = enrolment
    return {"pk": enrolment.pk}


def _project(w) -> dict:
    return {"project_pk": w.project_a.pk}


AGGREGATED = _row(200, rita=403, charlie=404)
FILE = _row(200, rita=403, charlie=404)

MATRIX = {
    "reports:index": ("get", _project, AGGREGATED),
    "reports:report": ("get", lambda w: {**_project(w), "identifier": "maluppfyllelse"}, AGGREGATED),
    "reports:download": (
        "get",
        lambda w: {**_project(w), "identifier": "esf-indikatorer", "file_format": "xlsx"},
        FILE,
    ),
    # Starts a background job and goes to its progress page.
    "reports:export": (
        "post",
        lambda w: {**_project(w), "identifier": "esf-indikatorer"},
        _row(302, rita=403, charlie=404),
    ),
    "reports:annual": ("get", _project, AGGREGATED),
    # Starts the annual report's background job and goes to its progress page.
    "reports:annual_export": ("post", _project, _row(302, rita=403, charlie=404)),
    # The analysis and measures are the project manager's own words.
    "reports:annual_text": (
        "get",
        lambda w: {**_project(w), "year": datetime.date.today().year},
        _row(403, petra=200, charlie=404),
    ),
    "reports:checks_due": ("get", _project, _row(403, alice=200, bob=200, petra=200, charlie=404)),
    "reports:post_exit_check": ("get", _ended, _row(404, alice=200, petra=200)),
}
