"""URL wiring only."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from stegvis.accounts import views as account_views
from stegvis.api.api import api
from stegvis.core import views as core_views

admin.site.site_header = "Stegvis – administration"
admin.site.site_title = "Stegvis"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("konto/logga-in/", account_views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/losenord/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("konto/losenord/skickat/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "konto/losenord/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("stegvis.accounts.urls")),
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
    path("", include("stegvis.api.urls")),
    path("api/v1/", api.urls),
    path("", include("stegvis.privacy.urls")),
    path("", include("stegvis.reports.urls")),
    path("", include("stegvis.jobs.urls")),
    path("", include("stegvis.imports.urls")),
    path("", include("stegvis.analysis.urls")),
]

if settings.OIDC_ENABLED:
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))

handler403 = "stegvis.core.views.forbidden"
