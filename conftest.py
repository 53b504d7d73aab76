"""Fixtures for the whole suite."""

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
