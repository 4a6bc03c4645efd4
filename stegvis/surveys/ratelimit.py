"""Rate limits on the public questionnaire pages, in Django's cache (fixed windows).

Two counters, both over ten minutes:
- per IP address: every request for a questionnaire page, and every autosave whose
  token is not a usable link (someone trying tokens);
- per token: every request for one link, autosaves included, since a participant
  choosing answers makes one request per answer.
The client address is read the way login throttling reads it (django-axes), so a
proxy in front is configured in one place.

With several app nodes the cache must be shared (e.g. Redis); the default local
memory cache counts per process.
"""

from __future__ import annotations

import hashlib

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 600
IP_LIMIT = 20
TOKEN_LIMIT = 80


def client_ip(request: HttpRequest) -> str:
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "") or "unknown"


def _over(key: str, limit: int) -> bool:
    """Count one request against key; True once the window holds more than limit."""
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count > limit


def ip_over_limit(request: HttpRequest) -> bool:
    return _over(f"surveys:rate:ip:{client_ip(request)}", IP_LIMIT)


def token_over_limit(token: str) -> bool:
    # The cache never holds a usable token either, only a digest of it.
    digest = hashlib.sha256(token.encode()).hexdigest()[:40]
    return _over(f"surveys:rate:token:{digest}", TOKEN_LIMIT)
