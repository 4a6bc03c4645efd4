"""The surveys app's rows in the access matrix (stegvis/core/tests/test_access_matrix.py).

A participant's questionnaires hang off their enrolment: only their coach and the
project manager get them (404 for everyone else, as for the participant page).
A project's questionnaires and aggregated results: every member of the project.
Writing versions and the partner questionnaire: the project manager (403 for other
members). The public link pages answer every persona alike, signed in or not:
the token is the only key, and the page names no one.
"""

from __future__ import annotations

import datetime

from django.core.cache import cache

from stegvis.conftest import PERSONAS
from stegvis.participants import services as participant_services
from stegvis.participants.models import Consent
from stegvis.surveys import services
from stegvis.surveys.models import Occasion, Questionnaire


def _row(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    row = {p: default for p in PERSONAS}
    row["anonymous"] = anonymous
    row.update(overrides)
    return row


def _setup(w) -> dict:
    """Made once per world: consents, a paper response, open links, a draft version, a partner link."""
    made = getattr(w, "_surveys", None)
    if made is not None:
        return made
    services.questionnaires_ensure_defaults()
    participant = Questionnaire.objects.get(key="deltagarenkat")
    partner = Questionnaire.objects.get(key="samverkansenkat")
    enrolment = w.alice_enrolment
    for consenting in (enrolment, w.rita_enrolment):
        participant_services.consent_record(
            person=consenting.person,
            project=consenting.project,
            scope=Consent.Scope.SURVEYS,
            form_version="1.0",
            given_on=consenting.start_date,
            by=w.alice,
        )
    version = services.latest_published(participant)
    response = services.response_enter(
        enrolment=enrolment,
        questionnaire=participant,
        occasion=Occasion.START,
        answered_on=datetime.date.today(),
        answers={q.pk: 3 for q in services.asked_questions(version, Occasion.START) if q.kind == "scale"},
        by=w.alice,
    )
    link, _token = services.link_create(
        enrolment=enrolment, questionnaire=participant, occasion=Occasion.EXIT, by=w.alice
    )
    # Another participant's link for the public pages, so that revoking the first one does not spend it.
    _public_link, token = services.link_create(
        enrolment=w.rita_enrolment, questionnaire=participant, occasion=Occasion.START, by=w.alice
    )
    draft = services.version_draft_create(questionnaire=participant, project=w.project_a, by=w.petra)
    partner_link, _token = services.partner_links_create(
        project=w.project_a, questionnaire=partner, organisation=w.af, count=1, by=w.petra
    )[0]
    made = w._surveys = {
        "participant": participant,
        "response": response,
        "link": link,
        "token": token,
        "draft": draft,
        "partner_link": partner_link,
    }
    return made


def _enrolment(w) -> dict:
    _setup(w)
    return {"pk": w.alice_enrolment.pk}


def _response(w) -> dict:
    return {"pk": w.alice_enrolment.pk, "response_pk": _setup(w)["response"].pk}


def _link(w) -> dict:
    return {"pk": w.alice_enrolment.pk, "link_pk": _setup(w)["link"].pk}


def _project(w) -> dict:
    _setup(w)
    return {"project_pk": w.project_a.pk}


def _questionnaire(w) -> dict:
    return {"project_pk": w.project_a.pk, "pk": _setup(w)["participant"].pk}


def _draft(w) -> dict:
    draft = _setup(w)["draft"]
    return {"project_pk": w.project_a.pk, "pk": draft.questionnaire_id, "version_pk": draft.pk}


def _partner_link(w) -> dict:
    return {"project_pk": w.project_a.pk, "link_pk": _setup(w)["partner_link"].pk}


def _token(w) -> dict:
    # The matrix sends every public request from one address; the rate limit has tests of its own.
    cache.clear()
    return {"token": _setup(w)["token"]}


PARTICIPANT_ONLY = _row(404, alice=200, petra=200)
MEMBERS = _row(200, charlie=404)
MANAGER = _row(403, petra=200, charlie=404)
PUBLIC = _row(200, anonymous=200)

MATRIX = {
    "surveys:enrolment": ("get", _enrolment, PARTICIPANT_ONLY),
    "surveys:link_create": ("get", _enrolment, PARTICIPANT_ONLY),
    "surveys:link_revoke": ("post", _link, _row(404, alice=302, petra=302)),
    "surveys:paper": ("get", _enrolment, PARTICIPANT_ONLY),
    "surveys:response": ("get", _response, PARTICIPANT_ONLY),
    "surveys:response_delete": ("get", _response, PARTICIPANT_ONLY),
    "surveys:project": ("get", _project, MEMBERS),
    "surveys:results": ("get", _project, MEMBERS),
    "surveys:questionnaire": ("get", _questionnaire, MEMBERS),
    "surveys:version_print": ("get", lambda w: {**_draft(w)}, MEMBERS),
    "surveys:version_edit": ("get", _draft, MANAGER),
    "surveys:partner_link_create": ("get", _project, MANAGER),
    "surveys:partner_paper": ("get", _project, MANAGER),
    # Posts that change things come last; each leads back to a page (302).
    "surveys:version_create": ("post", _questionnaire, _row(403, petra=302, charlie=404)),
    "surveys:version_publish": ("post", _draft, _row(403, petra=302, charlie=404)),
    "surveys:version_discard": ("post", _draft, _row(403, petra=302, charlie=404)),
    "surveys:partner_link_revoke": ("post", _partner_link, _row(403, petra=302, charlie=404)),
    # Public: the same for every persona, signed in or not.
    "surveys:public": ("get", _token, PUBLIC),
    "surveys:public_save": ("post", _token, PUBLIC),
    "surveys:public_thanks": ("get", lambda w: {}, PUBLIC),
}
