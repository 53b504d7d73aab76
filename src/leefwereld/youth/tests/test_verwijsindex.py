"""The Verwijsindex age limit applied to the involvement signal (routes): a registration
for a young person without consent ends on their 23rd birthday (Jeugdwet 7.1.1.1)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from leefwereld.core.tests.factories import ResidentFactory, as_actor
from leefwereld.routes import services as routes
from leefwereld.routes.models import Involvement
from leefwereld.rules import consent
from leefwereld.vault.tests.factories import team_for, worker

pytestmark = pytest.mark.django_db


def test_an_involvement_for_a_22_year_old_ends_on_their_23rd_birthday_and_is_then_purged():
    today = timezone.localdate()
    birth = today.replace(year=today.year - 23) + datetime.timedelta(days=40)  # 22, 23 soon
    young = ResidentFactory(birth_date=birth)
    team = team_for(young)
    involvement, _signals = routes.register_involvement(
        as_actor(worker(team)), young, organisation=team
    )
    assert involvement.delete_after == consent.verwijsindex_end(birth)
    assert involvement.delete_after < today.replace(year=today.year + 2)
    later = timezone.now() + datetime.timedelta(days=41)
    routes.purge_expired_involvements(now=later)
    assert not Involvement.objects.filter(pk=involvement.pk).exists()


def test_a_child_keeps_the_two_year_limit():
    today = timezone.localdate()
    child = ResidentFactory(birth_date=today.replace(year=today.year - 10))
    team = team_for(child)
    involvement, _signals = routes.register_involvement(
        as_actor(worker(team)), child, organisation=team
    )
    assert involvement.delete_after == today.replace(year=today.year + 2)
