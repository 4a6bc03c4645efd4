from django.urls import path

from stegvis.projects import views

app_name = "projects"
urlpatterns = [
    path("projekt/", views.project_list, name="list"),
    path("projekt/<int:pk>/", views.project_detail, name="detail"),
    path("projekt/<int:pk>/redigera/", views.project_edit, name="edit"),
    path("projekt/<int:pk>/installningar/", views.project_settings, name="settings"),
    path(
        "projekt/<int:pk>/installningar/<str:kind>/<int:item_pk>/ta-bort/",
        views.project_setting_delete,
        name="setting_delete",
    ),
]
