from django.urls import path

from stegvis.activities import views

app_name = "activities"

GROUP = "projekt/<int:project_pk>/gruppaktiviteter/"
ACTIVITY = "inskrivning/<int:enrolment_pk>/insatser/"

urlpatterns = [
    path("projekt/<int:project_pk>/insatskatalog/", views.catalogue, name="catalogue"),
    path("projekt/<int:project_pk>/insatskatalog/<int:pk>/", views.type_edit, name="type_edit"),
    path("projekt/<int:project_pk>/insatskatalog/<int:pk>/ta-bort/", views.type_delete, name="type_delete"),
    path("projekt/<int:project_pk>/timmar/", views.hours, name="hours"),
    path(GROUP, views.group_list, name="group_list"),
    path(GROUP + "ny/", views.group_add, name="group_add"),
    path(GROUP + "<int:pk>/", views.group_detail, name="group_detail"),
    path(GROUP + "<int:pk>/redigera/", views.group_edit, name="group_edit"),
    path(GROUP + "<int:pk>/deltagare/", views.bookings, name="bookings"),
    path(GROUP + "<int:group_pk>/deltagare/<int:pk>/avboka/", views.booking_end, name="booking_end"),
    path(GROUP + "<int:pk>/tillfallen/ny/", views.session_add, name="session_add"),
    path(GROUP + "<int:group_pk>/tillfallen/<int:pk>/", views.attendance, name="attendance"),
    path(GROUP + "<int:group_pk>/tillfallen/<int:pk>/redigera/", views.session_edit, name="session_edit"),
    path(GROUP + "<int:group_pk>/tillfallen/<int:pk>/ta-bort/", views.session_delete, name="session_delete"),
    path(ACTIVITY, views.enrolment_activities, name="enrolment_activities"),
    path(ACTIVITY + "ny/", views.activity_add, name="activity_add"),
    path(ACTIVITY + "<int:pk>/", views.activity_detail, name="activity_detail"),
    path(ACTIVITY + "<int:pk>/redigera/", views.activity_edit, name="activity_edit"),
    path(ACTIVITY + "<int:pk>/avsluta/", views.activity_end, name="activity_end"),
]
