"""Races with real database connections, for tests that prove nothing is booked or saved twice.

SQLite serialises writers with one database lock, so no race can happen there: these tests
run on PostgreSQL (`needs_postgres()`), with `@pytest.mark.django_db(transaction=True)` so
each thread's connection sees the committed set-up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import close_old_connections, connection


def needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with one database lock: no race can happen")


def race(n: int, work: Callable[[int], Any]) -> tuple[list[Any], list[Exception]]:
    """Run `work(i)` for i in 0..n-1 in n threads released at once, each with its own
    connection; returns the results and the exceptions (a test asserts there are none)."""
    barrier = threading.Barrier(n)
    results: list[Any] = []
    errors: list[Exception] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(work(i))
        except Exception as error:  # collected, and asserted to be none
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors
