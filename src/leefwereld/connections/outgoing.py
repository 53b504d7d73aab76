"""Outgoing requests to the connections, logged without personal data.

Every call to an outside service goes through `send()`: it logs the connection, the
operation, the host and path, the status and the duration — never a body, a query string
or a header value, because those carry BSNs, names and addresses (the Haal Centraal API
takes its BSNs in a POST body for the same reason).
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import urlsplit

import requests

logger = logging.getLogger("leefwereld.connections.outgoing")


def send(
    connection: str, operation: str, method: str, url: str, *, timeout: float, **kwargs: Any
) -> requests.Response:
    parts = urlsplit(url)
    where = f"{parts.scheme}://{parts.netloc}{parts.path}"
    started = time.monotonic()
    try:
        response = requests.request(method, url, timeout=timeout, **kwargs)
    except requests.RequestException as error:
        logger.warning(
            "%s %s %s %s failed: %s",
            connection,
            operation,
            method,
            where,
            type(error).__name__,
        )
        raise
    logger.info(
        "%s %s %s %s -> %s in %d ms",
        connection,
        operation,
        method,
        where,
        response.status_code,
        (time.monotonic() - started) * 1000,
    )
    return response
