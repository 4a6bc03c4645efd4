from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "stegvis.projects"
    label = "projects"
