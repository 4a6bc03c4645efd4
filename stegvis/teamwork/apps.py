from django.apps import AppConfig


class TeamworkConfig(AppConfig):
    name = "stegvis.teamwork"
    label = "teamwork"
