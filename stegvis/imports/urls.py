from django.urls import path

from stegvis.imports import views

app_name = "imports"
urlpatterns = [
    path("projekt/<int:project_pk>/import/", views.start, name="start"),
    path("projekt/<int:project_pk>/import/mall.csv", views.template_csv, name="template"),
    path("import/<int:pk>/", views.detail, name="detail"),
    path("import/<int:pk>/kolumner/", views.mapping, name="mapping"),
    path("import/<int:pk>/importera/", views.run_import, name="run"),
    path("import/<int:pk>/avbryt/", views.abandon, name="abandon"),
]
