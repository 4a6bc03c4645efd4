from django.urls import path

from stegvis.journal import views

app_name = "journal"
urlpatterns = [
    path("inskrivning/<int:pk>/journal/", views.journal, name="list"),
    path("inskrivning/<int:pk>/journal/ny/", views.note_add, name="add"),
    path("journal/anteckning/<int:pk>/oppna/", views.note_open, name="open"),
    path("journal/anteckning/<int:pk>/ratta/", views.note_correct, name="correct"),
]
