"""Retention: the current version of a household plan stays while the plan goes on.

The support app registers this dependency with the vault (support/retention.py).
"""

from __future__ import annotations

import datetime

import pytest

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import ResidentFactory, UserFactory
from leefwereld.support.models import Plan, PlanVersion
from leefwereld.vault.tests.factories import dated

TODAY = datetime.date(2025, 9, 1)


@pytest.mark.django_db
def test_the_current_version_of_a_plan_is_kept_while_the_plan_goes_on():
    resident = ResidentFactory()
    author = UserFactory(role=Role.PROFESSIONAL)
    old = dated(resident.household, "plan-version", datetime.date(2010, 1, 5), category="other")
    current = dated(resident.household, "plan-version", datetime.date(2010, 2, 5), category="other")
    plan = Plan.objects.create(household=resident.household, created_by=author, current_version=2)
    for number, record in ((1, old), (2, current)):
        PlanVersion.objects.create(
            plan=plan, number=number, record=record.pk, created_by=author, author_kind="resident"
        )
    assert current.retention(TODAY).until is None
    assert old.retention(TODAY) is None  # 7 years after 2010: only the history's term
