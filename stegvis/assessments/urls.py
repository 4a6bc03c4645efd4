from django.urls import path

from stegvis.assessments import views

app_name = "assessments"
urlpatterns = [
    path("inskrivning/<int:pk>/skattningar/", views.enrolment_assessments, name="enrolment"),
    path("inskrivning/<int:pk>/skattningar/ny/", views.assessment_record, name="record"),
    path("inskrivning/<int:pk>/skattningar/<int:assessment_pk>/", views.assessment_edit, name="edit"),
    path(
        "inskrivning/<int:pk>/skattningar/<int:assessment_pk>/ta-bort/",
        views.assessment_delete,
        name="delete",
    ),
    path("projekt/<int:project_pk>/skattningsinstrument/", views.instrument_list, name="instruments"),
    path(
        "projekt/<int:project_pk>/skattningsinstrument/nytt/",
        views.instrument_create,
        name="instrument_create",
    ),
    path(
        "projekt/<int:project_pk>/skattningsinstrument/importera/",
        views.instrument_import,
        name="instrument_import",
    ),
    path(
        "projekt/<int:project_pk>/skattningsinstrument/importmall/",
        views.import_template,
        name="import_template",
    ),
    path(
        "projekt/<int:project_pk>/skattningsinstrument/<int:pk>/", views.instrument_detail, name="instrument"
    ),
    path(
        "projekt/<int:project_pk>/skattningsinstrument/<int:pk>/andra/",
        views.instrument_edit,
        name="instrument_edit",
    ),
    path("projekt/<int:project_pk>/stegforflyttning/", views.rule_edit, name="rule"),
    path("projekt/<int:project_pk>/ips-trohet/", views.fidelity_list, name="fidelity_list"),
    path("projekt/<int:project_pk>/ips-trohet/ny/", views.fidelity_create, name="fidelity_create"),
    path("projekt/<int:project_pk>/ips-trohet/<int:pk>/", views.fidelity_detail, name="fidelity"),
    path("projekt/<int:project_pk>/ips-trohet/<int:pk>/andra/", views.fidelity_edit, name="fidelity_edit"),
]
