"""Fixtures the citizen panels' test modules share."""

import pytest

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory


@pytest.fixture
def officer():
    """The policy officer who runs the panel."""
    return UserFactory(role=Role.POLICY_OFFICER)
