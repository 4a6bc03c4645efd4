from django.urls import path, re_path

from stegvis.surveys import views

app_name = "surveys"

# secrets.token_urlsafe(32): 43 characters of A–Z, a–z, 0–9, "-" and "_".
LINK_KEY = r"(?P<token>[A-Za-z0-9_-]{20,100})"
ENROLMENT = "inskrivning/<int:pk>/enkater/"
PROJECT = "projekt/<int:project_pk>/enkater/"
VERSION = PROJECT + "<int:pk>/version/<int:version_pk>/"

urlpatterns = [
    # One participant.
    path(ENROLMENT, views.enrolment_surveys, name="enrolment"),
    path(ENROLMENT + "lank/ny/", views.link_create, name="link_create"),
    path(ENROLMENT + "lank/<int:link_pk>/aterkalla/", views.link_revoke, name="link_revoke"),
    path(ENROLMENT + "papper/", views.paper_entry, name="paper"),
    path(ENROLMENT + "svar/<int:response_pk>/", views.response_detail, name="response"),
    path(ENROLMENT + "svar/<int:response_pk>/ta-bort/", views.response_delete, name="response_delete"),
    # One project.
    path(PROJECT, views.project_surveys, name="project"),
    path(PROJECT + "resultat/", views.results, name="results"),
    path(PROJECT + "samverkan/lankar/ny/", views.partner_link_create, name="partner_link_create"),
    path(
        PROJECT + "samverkan/lankar/<int:link_pk>/aterkalla/",
        views.partner_link_revoke,
        name="partner_link_revoke",
    ),
    path(PROJECT + "samverkan/papper/", views.partner_paper_entry, name="partner_paper"),
    path(PROJECT + "<int:pk>/", views.questionnaire_detail, name="questionnaire"),
    path(PROJECT + "<int:pk>/ny-version/", views.version_create, name="version_create"),
    path(VERSION + "redigera/", views.version_edit, name="version_edit"),
    path(VERSION + "publicera/", views.version_publish, name="version_publish"),
    path(VERSION + "ta-bort/", views.version_discard, name="version_discard"),
    path(VERSION + "utskrift/", views.version_print, name="version_print"),
    # Public: the participant's (or partner's) page, no login.
    path("enkat/tack/", views.public_thanks, name="public_thanks"),
    re_path(rf"^enkat/{LINK_KEY}/$", views.public_questionnaire, name="public"),
    re_path(rf"^enkat/{LINK_KEY}/spara/$", views.public_save, name="public_save"),
]
