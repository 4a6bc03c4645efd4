"""The accounts app's rows in the access matrix (stegvis/core/tests/test_access_matrix.py).

Every persona's client has passed the second factor with a real TOTP device, so the
set-up page offers to replace it and the verify page sends them on. Password reset is
open to everyone and reveals nothing; a made-up link shows the "link does not work" page.
"""

from __future__ import annotations

from stegvis.conftest import PERSONAS


def _row(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    row = {p: default for p in PERSONAS}
    row["anonymous"] = anonymous
    row.update(overrides)
    return row


MATRIX = {
    "accounts:2fa_setup": ("get", lambda w: {}, _row(200)),
    "accounts:2fa_verify": ("get", lambda w: {}, _row(302)),
    "accounts:security": ("get", lambda w: {}, _row(200)),
    "accounts:recovery_codes_renew": ("post", lambda w: {}, _row(200)),
    "password_reset": ("get", lambda w: {}, _row(200, anonymous=200)),
    "password_reset_done": ("get", lambda w: {}, _row(200, anonymous=200)),
    "password_reset_confirm": (
        "get",
        lambda w: {"uidb64": "MA", "token": "set-password"},
        _row(200, anonymous=200),
    ),
    "password_reset_complete": ("get", lambda w: {}, _row(200, anonymous=200)),
}
