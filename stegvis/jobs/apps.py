from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "stegvis.jobs"
    label = "jobs"
