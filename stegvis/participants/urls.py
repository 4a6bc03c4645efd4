from django.urls import path

from stegvis.participants import views

app_name = "participants"
urlpatterns = [
    path("projekt/<int:project_pk>/deltagare/", views.enrolment_list, name="list"),
    path("projekt/<int:project_pk>/deltagare/ny/", views.enrol, name="enrol"),
    path("projekt/<int:project_pk>/anvisningar/", views.referral_list, name="referrals"),
    path("projekt/<int:project_pk>/anvisningar/ny/", views.referral_create, name="refer"),
    path(
        "projekt/<int:project_pk>/anvisningar/<int:pk>/avboj/",
        views.referral_decline,
        name="referral_decline",
    ),
    path("projekt/<int:project_pk>/mina-anvisade/", views.referred_status, name="referred_status"),
    path("inskrivning/<int:pk>/", views.enrolment_detail, name="detail"),
    path("inskrivning/<int:pk>/fas/", views.phase_change, name="phase"),
    path("inskrivning/<int:pk>/avslut/", views.enrolment_exit, name="exit"),
    path("inskrivning/<int:pk>/samtycke/", views.consent_add, name="consent_add"),
    path(
        "inskrivning/<int:pk>/samtycke/<int:consent_pk>/aterkalla/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("inskrivning/<int:pk>/kansliga-uppgifter/", views.sensitive_open, name="sensitive_open"),
]
