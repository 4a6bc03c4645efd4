from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "stegvis.activities"
    label = "activities"
