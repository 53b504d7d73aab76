"""Gezag (minors) and representation (adults): the BRP shapes, the migration of the old
single legal representative, and how the vault applies the consent ages to them."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leefwereld.core import gezag
from leefwereld.core.models import Gezag, GezagHolder, Representation
from leefwereld.core.tests.factories import OrganisationFactory, ResidentFactory, as_actor
from leefwereld.vault import access, services
from leefwereld.vault.tests.factories import ResidentWithAccountFactory, team_for

pytestmark = pytest.mark.django_db


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def test_joint_custody_records_two_parents_and_replaces_the_earlier_answer():
    mother, father = ResidentFactory(), ResidentFactory()
    child = ResidentFactory(household=mother.household, birth_date=years_ago(14))
    gezag.record_gezag(child, Gezag.Type.EENHOOFDIG, parents=[mother])
    gezag.record_gezag(child, Gezag.Type.TWEEHOOFDIG, parents=[mother, father], source="brp")
    assert {r.pk for r in gezag.holders_of(child)} == {mother.pk, father.pk}
    assert Gezag.objects.get(minor=child).source == "brp"
    assert GezagHolder.objects.filter(gezag__minor=child).count() == 2


@pytest.mark.parametrize(
    ("type", "people"),
    [
        (Gezag.Type.TWEEHOOFDIG, 1),  # joint custody needs two parents
        (Gezag.Type.EENHOOFDIG, 2),
        (Gezag.Type.TIJDELIJK_GEEN, 1),  # no gezag means no holders
    ],
)
def test_a_type_with_the_wrong_number_of_holders_is_refused_and_writes_nothing(type, people):
    child = ResidentFactory(birth_date=years_ago(8))
    with pytest.raises(ValidationError) as error:
        gezag.record_gezag(child, type, parents=[ResidentFactory() for _ in range(people)])
    assert "holders" in error.value.message_dict
    assert not Gezag.objects.filter(minor=child).exists()


def test_a_certified_institution_can_be_the_guardian_and_an_adult_has_no_gezag():
    child = ResidentFactory(birth_date=years_ago(9))
    gi = OrganisationFactory(name="Jeugdbescherming West")
    gezag.record_gezag(child, Gezag.Type.VOOGDIJ, institution=gi)
    assert gezag.holders_of(child) == []
    with pytest.raises(ValidationError):
        gezag.record_gezag(ResidentFactory(), Gezag.Type.EENHOOFDIG, parents=[ResidentFactory()])


def test_the_migration_copies_every_old_representative_without_loss():
    parent = ResidentFactory()
    child = ResidentFactory(birth_date=years_ago(10), legal_representative=parent)
    child.parents.add(parent)
    ward = ResidentFactory(birth_date=years_ago(11), legal_representative=ResidentFactory())
    curator = ResidentFactory()
    adult = ResidentFactory(legal_representative=curator)
    migration = importlib.import_module(
        "leefwereld.core.migrations.0004_legal_representative_to_gezag"
    )
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # running twice adds nothing
    assert Gezag.objects.get(minor=child).type == Gezag.Type.EENHOOFDIG
    assert gezag.holders_of(child) == [parent]
    assert Gezag.objects.get(minor=ward).type == Gezag.Type.VOOGDIJ
    rep = Representation.objects.get(represented=adult)
    assert (rep.representative, rep.kind, rep.scope) == (curator, "curatele", "both")
    assert Representation.objects.count() == 1


def test_a_parent_with_gezag_manages_the_vault_until_the_child_turns_16():
    parent = ResidentWithAccountFactory()
    young = ResidentFactory(household=parent.household, birth_date=years_ago(16, days=-1))
    older = ResidentFactory(household=parent.household, birth_date=years_ago(16))
    for child in (young, older):
        gezag.record_gezag(child, Gezag.Type.EENHOOFDIG, parents=[parent])
    subjects = {r.pk for r in access.subjects_of(as_actor(parent.user))}
    assert young.pk in subjects  # 15, turns 16 tomorrow: the parents decide (UAVG art. 5)
    assert older.pk not in subjects  # 16 today: the young person alone


def test_a_child_under_16_cannot_share_their_own_data_but_their_parent_can():
    parent = ResidentWithAccountFactory()
    child = ResidentWithAccountFactory(household=parent.household, birth_date=years_ago(14))
    gezag.record_gezag(child, Gezag.Type.EENHOOFDIG, parents=[parent])
    team = team_for(child)
    with pytest.raises(PermissionDenied):
        services.grant_access(
            as_actor(child.user),
            child,
            categories=["family"],
            purpose="x",
            grantee_organisation=team,
        )
    grant = services.grant_access(
        as_actor(parent.user), child, categories=["family"], purpose="x", grantee_organisation=team
    )
    assert grant.created_by == parent.user


def test_a_bewindvoerder_sees_and_shares_only_the_money_parts():
    bewindvoerder = ResidentWithAccountFactory()
    client = ResidentFactory()
    Representation.objects.create(
        represented=client,
        representative=bewindvoerder,
        kind=Representation.Kind.BEWINDVOERDER,
        starts_on=timezone.localdate(),
        source="register",
    )
    actor = as_actor(bewindvoerder.user)
    assert access.represented_categories(actor, client) == {"finance"}
    bases = access.bases_for(actor, [client])
    assert [set(b.categories) for b in bases] == [{"finance"}]
    team = team_for(client)
    with pytest.raises(PermissionDenied):
        services.grant_access(
            actor, client, categories=["health"], purpose="x", grantee_organisation=team
        )
    assert services.grant_access(
        as_actor(bewindvoerder.user),
        client,
        categories=["finance"],
        purpose="x",
        grantee_organisation=team,
    ).categories == ["finance"]


def test_an_ended_representation_gives_nothing():
    mentor = ResidentWithAccountFactory()
    client = ResidentFactory()
    Representation.objects.create(
        represented=client,
        representative=mentor,
        kind=Representation.Kind.MENTOR,
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
        source="register",
    )
    assert access.subjects_of(as_actor(mentor.user)) == [mentor]
