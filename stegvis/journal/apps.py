from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "stegvis.journal"
    label = "journal"
