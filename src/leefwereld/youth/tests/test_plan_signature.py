"""The consent age on plan signatures (support.services.sign_plan): a child under 12 does
not sign the household plan; from 12 the child signs too (Jeugdwet 7.3.4)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from leefwereld.core.tests.factories import as_actor
from leefwereld.support import services
from leefwereld.support.tests.factories import make_case
from leefwereld.vault.tests.factories import ResidentWithAccountFactory

from .factories import born_years_ago

pytestmark = pytest.mark.django_db


def test_a_child_under_12_cannot_sign_the_plan_and_a_child_of_12_can():
    case = make_case()
    plan, _created = services.start_plan(as_actor(case.professional), case.household)
    young = ResidentWithAccountFactory(household=case.household, birth_date=born_years_ago(11))
    older = ResidentWithAccountFactory(
        household=case.household, birth_date=born_years_ago(12), user__email="b@example.org"
    )
    with pytest.raises(PermissionDenied):
        services.sign_plan(as_actor(young.user), plan, version_number=plan.current_version)
    signature = services.sign_plan(as_actor(older.user), plan, version_number=plan.current_version)
    assert signature.resident == older
    assert (
        services.sign_plan(
            as_actor(case.resident.user), plan, version_number=plan.current_version
        ).resident
        == case.resident
    )
