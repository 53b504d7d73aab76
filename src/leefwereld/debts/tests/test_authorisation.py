"""The debt fund's policies beyond what the platform-wide matrix checks.

tests/test_authorisation_matrix.py executes every policy of `debts.authorisation` (every
page and operation, every role, every state of access, forbidden actions and API writes)
with the sample objects of tests/matrix.py. Here: who may send debt signals.
"""

from __future__ import annotations

import pytest
from django.test import Client

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory
from leefwereld.debts import authorisation

pytestmark = pytest.mark.django_db


def test_the_signal_api_refuses_writes_outside_the_senders():
    for role in Role:
        if role in authorisation.SIGNAL_SENDERS:
            continue
        client = Client()
        client.force_login(UserFactory(role=role))
        response = client.post(
            "/api/v1/debt-signals/", {"signals": []}, content_type="application/json"
        )
        assert response.status_code == 403, role
