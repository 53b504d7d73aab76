"""The youth and objections demo steps on a small family (the full demo is tested in
demo/tests): gezag from the parents, youth care with notices by age, objections."""

from __future__ import annotations

import pytest
from django.utils import timezone

from leefwereld.core.models import Gezag
from leefwereld.core.tests.factories import ResidentFactory
from leefwereld.demo.profile import Needs
from leefwereld.objections import demo as objections_demo
from leefwereld.objections.models import Objection
from leefwereld.vault.tests.factories import team_for, worker
from leefwereld.youth import demo
from leefwereld.youth.models import Access, Decision, Notice

from .factories import born_years_ago

pytestmark = pytest.mark.django_db


def test_the_demo_gives_minors_gezag_and_youth_care_with_notices_by_age():
    mother = ResidentFactory()
    first = mother.pk
    father = ResidentFactory(household=mother.household)
    children = [
        ResidentFactory(household=mother.household, birth_date=born_years_ago(age))
        for age in (6, 14, 17)
    ]
    for child in children:
        child.parents.add(mother, father)
    worker(team_for(mother))
    needs = Needs(frozenset(), frozenset(), frozenset(c.pk - first for c in children))
    today = timezone.localdate()

    counts = demo.add_demo_data(seed=3, today=today, needs=needs)

    assert counts["gezag"] == 3
    assert set(Gezag.objects.values_list("type", flat=True)) == {Gezag.Type.TWEEHOOFDIG}
    assert counts["youth_access"] == Access.objects.count() == 3
    for decision in Decision.objects.exclude(decided_on=None).select_related("access__child"):
        roles = sorted(Notice.objects.filter(decision=decision).values_list("role", flat=True))
        if decision.access.child.age_on(decision.decided_on) >= 16:
            assert roles == ["child"]
        else:
            assert roles == ["child", "parent", "parent"]
    for access in Access.objects.select_related("product"):
        assert access.product.contracted_providers.filter(pk=access.provider_id).exists()
    objections_demo.add_demo_data(seed=3, today=today)
    assert Objection.objects.filter(announced_on__isnull=True).count() == 0
