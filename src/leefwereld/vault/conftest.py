"""Fixtures the vault's test modules share.

Each module defines its own `resident` (some give the resident a name the test looks
for); `team` and `professional` are built around whichever `resident` the module has.
"""

import pytest

from leefwereld.vault.tests.factories import team_for, worker


@pytest.fixture
def team(resident):
    """The neighbourhood team of the resident's neighbourhood."""
    return team_for(resident)


@pytest.fixture
def professional(team):
    """A professional in that team."""
    return worker(team)
