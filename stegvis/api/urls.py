from django.urls import path

from stegvis.api import views

app_name = "apitokens"
urlpatterns = [
    path("konto/api-nycklar/", views.token_list, name="list"),
    path("konto/api-nycklar/<int:pk>/aterkalla/", views.token_revoke, name="revoke"),
]
