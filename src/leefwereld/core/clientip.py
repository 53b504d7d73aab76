"""The client's address, also behind a reverse proxy.

Behind nginx every request arrives from the proxy. Each trusted proxy appends the address
it saw to X-Forwarded-For, so with N trusted proxies the client's address is the N-th entry
from the right; anything further left was written by the client and may be forged.
`LEEFWERELD_TRUSTED_PROXY_COUNT` (default 0: trust no header) says how many proxies there
are. Login throttling (django-axes, AXES_CLIENT_IP_CALLABLE) and the rate limits
(core.ratelimit) both key on this address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "LEEFWERELD_TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        # Fewer entries than proxies: a request that did not pass all of them.
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
