from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Access-log review, register extracts, retention and the register of processing."""

    name = "stegvis.privacy"
    label = "privacy"

    def ready(self) -> None:
        from stegvis.privacy import extract, links

        extract.register_defaults()
        links.register_defaults()
