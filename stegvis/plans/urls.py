from django.urls import path

from stegvis.plans import views

app_name = "plans"
urlpatterns = [
    path("mina-deltagare/", views.caseload, name="caseload"),
    path("projekt/<int:project_pk>/arendeoversikt/", views.project_caseload, name="project_caseload"),
    path("inskrivning/<int:pk>/handlingsplan/", views.plan_detail, name="plan"),
    path("inskrivning/<int:pk>/handlingsplan/skapa/", views.plan_create, name="plan_create"),
    path("inskrivning/<int:pk>/handlingsplan/mal/nytt/", views.goal_add, name="goal_add"),
    path("inskrivning/<int:pk>/handlingsplan/mal/<int:goal_pk>/", views.goal_edit, name="goal_edit"),
    path(
        "inskrivning/<int:pk>/handlingsplan/mal/<int:goal_pk>/status/", views.goal_status, name="goal_status"
    ),
    path(
        "inskrivning/<int:pk>/handlingsplan/mal/<int:goal_pk>/ta-bort/", views.goal_delete, name="goal_delete"
    ),
    path("inskrivning/<int:pk>/handlingsplan/godkannande/", views.agreement, name="agreement"),
    path("inskrivning/<int:pk>/handlingsplan/utskrift/", views.plan_print, name="print"),
    path("inskrivning/<int:pk>/handlingsplan/handlingsplan.pdf", views.plan_pdf, name="pdf"),
    path("inskrivning/<int:pk>/uppfoljning/ny/", views.follow_up_add, name="follow_up_add"),
]
