"""Rate limits on public forms and code entry, counted in Django's cache.

A fixed window per (scope, key): the first request of a window creates the counter, every
request adds one, and beyond the limit the request is refused until the window ends. The
limits per URL name are in settings.LEEFWERELD_RATE_LIMITS (conf/base.py); the middleware
(core.middleware.RateLimitMiddleware) applies them and answers a plain-Dutch 429 page.

The cache decides the scope: LocMem (dev, CI) counts per process; production uses the
database cache, shared by all workers. If the cache itself fails (e.g. the cache table was
never created) the request is let through and the failure is logged as an error: login
keeps its own throttling (django-axes), and an outage of every public form would be worse.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.cache import cache
from django.db import DatabaseError

logger = logging.getLogger(__name__)


def _cache_key(scope: str, key: str, window: int, now: float) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{int(now // window)}"


def hit(scope: str, key: str, limit: int, window: int, *, now: float | None = None) -> bool:
    """Count one request; True while it is within `limit` requests per `window` seconds."""
    moment = time.time() if now is None else now
    cache_key = _cache_key(scope, key, window, moment)
    try:
        if cache.add(cache_key, 1, window + 1):
            count = 1
        else:
            try:
                count = cache.incr(cache_key)
            except ValueError:  # expired between add and incr
                cache.set(cache_key, 1, window + 1)
                count = 1
    except DatabaseError:
        logger.error(
            "Rate limit %s not counted: the cache does not work "
            "(run `leefwereld createcachetable`).",
            scope,
            exc_info=True,
        )
        return True
    return count <= limit


def seconds_left(window: int, *, now: float | None = None) -> int:
    moment = time.time() if now is None else now
    return max(1, int(window - (moment % window)))
