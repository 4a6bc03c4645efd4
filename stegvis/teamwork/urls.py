from django.urls import path

from stegvis.teamwork import views

app_name = "teamwork"
urlpatterns = [
    path("projekt/<int:project_pk>/samverkansteam/", views.meeting_list, name="meetings"),
    path("projekt/<int:project_pk>/samverkansteam/nytt/", views.meeting_create, name="meeting_create"),
    path("samverkansteam/<int:pk>/", views.meeting_detail, name="meeting"),
    path("samverkansteam/<int:pk>/redigera/", views.meeting_edit, name="meeting_edit"),
    path("samverkansteam/<int:pk>/arenden/nytt/", views.agenda_add, name="agenda_add"),
    path("samverkansteam/arenden/<int:pk>/", views.agenda_edit, name="agenda_edit"),
    path("samverkansteam/<int:pk>/uppgifter/ny/", views.task_add, name="task_add"),
    path("samverkansteam/uppgifter/<int:pk>/klar/", views.task_toggle, name="task_toggle"),
    path("projekt/<int:project_pk>/samverkanshinder/", views.barrier_list, name="barriers"),
    path("projekt/<int:project_pk>/samverkanshinder/nytt/", views.barrier_create, name="barrier_create"),
    path("samverkanshinder/<int:pk>/", views.barrier_detail, name="barrier"),
    path("samverkanshinder/<int:pk>/redigera/", views.barrier_edit, name="barrier_edit"),
    path("samverkanshinder/<int:pk>/lyft/", views.barrier_raise, name="barrier_raise"),
    path("samverkanshinder/<int:pk>/beslut/", views.barrier_decide, name="barrier_decide"),
    path("samverkanshinder/<int:pk>/avsluta/", views.barrier_close, name="barrier_close"),
]
