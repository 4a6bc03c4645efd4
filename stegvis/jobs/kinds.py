"""Names of job kinds shown on the progress page; apps register theirs in AppConfig.ready()."""

from __future__ import annotations

from django.utils.functional import Promise

JOB_KINDS: dict[str, str | Promise] = {}


def register(kind: str, label: str | Promise) -> None:
    JOB_KINDS[kind] = label


def label_for(kind: str) -> str | Promise:
    from django.utils.translation import gettext_lazy as _

    return JOB_KINDS.get(kind, _("Bakgrundsjobb"))
