"""Private file storage: uploads and job results that must never be served as static or media files.

Files live under STEGVIS_DATA_DIR/private/ and are only handed out by views that check access.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Reads its folder from settings on every use (tests point it elsewhere); has no URL."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.PRIVATE_DATA_DIR)

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:  # type: ignore[override]
        return None


def private_storage() -> PrivateStorage:
    """A callable, so that migrations do not freeze the storage's settings."""
    return PrivateStorage()
