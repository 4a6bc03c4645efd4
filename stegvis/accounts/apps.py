from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "stegvis.accounts"
    label = "accounts"

    def ready(self) -> None:
        from stegvis.accounts import signals  # noqa: F401 - connects the sign-in receivers
