from django.urls import path

from stegvis.reports import views

app_name = "reports"

PROJECT = "projekt/<int:project_pk>/rapporter/"

urlpatterns = [
    path(PROJECT, views.index, name="index"),
    path(PROJECT + "arsrapport/", views.annual, name="annual"),
    path(PROJECT + "arsrapport/skapa/", views.annual_export, name="annual_export"),
    path(PROJECT + "arsrapport/<int:year>/text/", views.annual_text, name="annual_text"),
    path(PROJECT + "<slug:identifier>/", views.report, name="report"),
    path(PROJECT + "<slug:identifier>/fil.<str:file_format>", views.download, name="download"),
    path(PROJECT + "<slug:identifier>/skapa-fil/", views.export, name="export"),
    path("projekt/<int:project_pk>/uppfoljning-efter-avslut/", views.checks_due, name="checks_due"),
    path("inskrivning/<int:pk>/uppfoljning-efter-avslut/", views.post_exit_check, name="post_exit_check"),
]
