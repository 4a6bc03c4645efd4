from django.urls import path

from stegvis.privacy import views

app_name = "privacy"
urlpatterns = [
    path("dataskydd/", views.index, name="index"),
    path("dataskydd/loggkontroll/", views.access_log, name="access_log"),
    path("dataskydd/registerutdrag/", views.subject_search, name="subject_search"),
    path("dataskydd/registerutdrag/<int:pk>/", views.subject_detail, name="subject_detail"),
    path("dataskydd/registerutdrag/<int:pk>/pdf/", views.subject_pdf, name="subject_pdf"),
    path("dataskydd/registerutdrag/<int:pk>/json/", views.subject_json, name="subject_json"),
    path("dataskydd/gallring/", views.retention_overview, name="retention"),
    path("dataskydd/register/", views.processing_register, name="register"),
    path("projekt/<int:pk>/gallring/", views.retention_edit, name="retention_edit"),
]
