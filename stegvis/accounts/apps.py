from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "stegvis.accounts"
    label = "accounts"
