"""URL wiring only."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from stegvis.accounts.forms import LoginForm
from stegvis.core import views as core_views

admin.site.site_header = "Stegvis – administration"
admin.site.site_title = "Stegvis"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("stegvis.projects.urls")),
    path("", include("stegvis.participants.urls")),
    path("", include("stegvis.plans.urls")),
    path("", include("stegvis.activities.urls")),
    path("", include("stegvis.journal.urls")),
    path("", include("stegvis.teamwork.urls")),
    path("", include("stegvis.assessments.urls")),
    path("", include("stegvis.surveys.urls")),
    path("", include("stegvis.jobs.urls")),
    path("", include("stegvis.imports.urls")),
]

handler403 = "stegvis.core.views.forbidden"
