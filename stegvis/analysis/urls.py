from django.urls import path

from stegvis.analysis import views

app_name = "analysis"

urlpatterns = [
    path("projekt/<int:project_pk>/analys/", views.index, name="index"),
    path("projekt/<int:project_pk>/analys/slutsats/", views.note_create, name="note_create"),
]
