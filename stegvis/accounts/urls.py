from django.urls import path

from stegvis.accounts import views

app_name = "accounts"

urlpatterns = [
    path("konto/tvastegsverifiering/", views.second_factor_setup, name="2fa_setup"),
    path("konto/verifiera/", views.second_factor_verify, name="2fa_verify"),
    path("konto/sakerhet/", views.security, name="security"),
    path("konto/sakerhet/nya-reservkoder/", views.recovery_codes_renew, name="recovery_codes_renew"),
]
