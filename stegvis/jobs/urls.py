from django.urls import path

from stegvis.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobb/<uuid:pk>/", views.job_detail, name="detail"),
    path("jobb/<uuid:pk>/hamta/", views.job_download, name="download"),
]
