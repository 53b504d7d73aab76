"""Fixtures for the whole suite."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _dutch_unless_a_test_says_otherwise():
    """Every test starts in Dutch, the platform's default language.

    Django keeps the active language per thread; a test that switches to English (or a
    request in English) must not change what the next test sees.
    """
    from django.utils import translation

    with translation.override("nl"):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """With `--reuse-db` (`make test-fast`), SQLite's test database is a file that outlives
    the run, var/test-leefwereld.sqlite3, so the next run skips the migrations. Without it,
    Django's in-memory test database, which `--reuse-db` could not keep. PostgreSQL keeps
    its test database by itself."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if not request.config.getoption("reuse_db") or database["ENGINE"] != (
        "django.db.backends.sqlite3"
    ):
        return
    test = database.setdefault("TEST", {})
    if not test.get("NAME"):
        folder = Path(settings.BASE_DIR) / "var"
        folder.mkdir(exist_ok=True)
        test["NAME"] = str(folder / "test-leefwereld.sqlite3")


@dataclass(frozen=True)
class SmallDemo:
    """The small demo municipality as `make run` builds it, with what the builder decided."""

    today: datetime.date
    seed: int
    population: Any  # leefwereld.demo.population.Population
    counts: dict[str, int]
    accounts: list[Any]  # leefwereld.demo.build.DemoAccount
    needs: Any  # leefwereld.demo.profile.Needs


SMALL_DEMO_SEED = 11


@pytest.fixture(scope="session")
def small_demo(django_db_setup, django_db_blocker):
    """The small demo (2,000 residents), built once per test session for every test that
    asks for it, instead of once per test module or test.

    It is built inside a transaction that stays open until the session ends and is then
    rolled back; each test runs in a savepoint inside it (pytest-django's `django_db`), so
    what a test changes is undone and the next test sees the demo as it was built. Tests that
    use it run last (see pytest_collection_modifyitems below), so no other test sees its
    rows. A test with `django_db(transaction=True)` cannot use it: it would flush the demo.
    """
    from django.db import transaction
    from django.utils import timezone

    from leefwereld.demo.build import build_demo
    from leefwereld.demo.population import SCALES, build_population

    today = timezone.localdate()
    scale = SCALES["small"]
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            population = build_population(scale, SMALL_DEMO_SEED, today)
            counts, accounts, needs = build_demo(population, scale, SMALL_DEMO_SEED, today)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield SmallDemo(today, SMALL_DEMO_SEED, population, counts, accounts, needs)
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def pytest_collection_modifyitems(config, items):
    """Run the tests on the shared small demo last, in their collected order.

    The demo's rows live in the session's open transaction from the first such test on;
    every other test must run before it, on an empty database.
    """
    on_demo = []
    for item in items:
        if "small_demo" not in getattr(item, "fixturenames", ()):
            continue
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            raise pytest.UsageError(
                f"{item.nodeid}: small_demo cannot be used with django_db(transaction=True)"
            )
        on_demo.append(item)
    if on_demo:
        chosen = set(on_demo)
        items[:] = [item for item in items if item not in chosen] + on_demo


@pytest.fixture
def still_ratelimit_clock(monkeypatch):
    """The rate limiter's clock held at one moment: the limits count in fixed windows of
    the clock, and a slow run must not straddle a window's end and start counting again."""
    from types import SimpleNamespace

    from leefwereld.core import ratelimit

    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
