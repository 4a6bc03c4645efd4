"""Exceptions shared by services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class ConcurrentEditError(Exception):
    """Someone else saved the record after this user opened it (optimistic locking)."""

    message = _(
        "Någon annan har sparat ändringar här efter att du öppnade sidan. "
        "Dina ändringar är inte sparade – ladda om sidan och gör om dem."
    )
