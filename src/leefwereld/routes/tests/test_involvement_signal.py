"""The involvement signal (Verwijsindex, Jeugdwet §7.1): who is involved, never why."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    AddressFactory,
    HouseholdFactory,
    ResidentFactory,
    as_actor,
)
from leefwereld.routes import services
from leefwereld.routes.models import Involvement, InvolvementArchive, InvolvementSignal
from leefwereld.vault.tests.factories import GrantFactory

from .factories import MONDAY, ProviderFactory, professional, resident_with_account

pytestmark = pytest.mark.django_db

Match = InvolvementSignal.Match


@pytest.fixture
def orgs():
    school, care, housing = (
        ProviderFactory(name=n) for n in ("School", "Zorggroep", "Woonstichting")
    )
    return {
        "school": (school, professional(school, first_name="Sanne", last_name="School")),
        "care": (care, professional(care, first_name="Cor", last_name="Zorg")),
        "housing": (housing, professional(housing, first_name="Wim", last_name="Woon")),
    }


def consent(resident, organisation):
    """The resident lets the organisation in: a basis (reach) and consent for an adult. The
    rules of reach and age have their own tests (test_involvement_reach.py)."""
    GrantFactory(resident=resident, grantee_organisation=organisation)


def register(orgs, key, resident, now=MONDAY):
    organisation, worker = orgs[key]
    consent(resident, organisation)
    return services.register_involvement(
        as_actor(worker), resident, organisation=organisation, now=now
    )


def test_two_organisations_with_the_same_resident_both_get_the_others_contact_details(orgs):
    child = ResidentFactory()
    first, none_yet = register(orgs, "school", child)
    assert none_yet == []
    second, signals = register(orgs, "care", child)

    assert {(s.recipient_id, s.other_id, s.match) for s in signals} == {
        (second.pk, first.pk, Match.SAME_RESIDENT),
        (first.pk, second.pk, Match.SAME_RESIDENT),
    }
    to_school = InvolvementSignal.objects.get(recipient=first)
    assert to_school.contact.contact_name == "Cor Zorg"
    assert to_school.contact.organisation.name == "Zorggroep"


def test_one_organisation_registers_once_and_never_signals_itself(orgs):
    child = ResidentFactory()
    register(orgs, "school", child)
    with pytest.raises(ValidationError):
        register(orgs, "school", child)
    colleague = professional(orgs["school"][0])
    sibling = ResidentFactory(household=child.household)
    consent(sibling, orgs["school"][0])
    _inv, signals = services.register_involvement(
        as_actor(colleague), sibling, organisation=orgs["school"][0], now=MONDAY
    )
    assert signals == []


def test_residents_at_the_same_address_match(orgs):
    mother = ResidentFactory()
    son = ResidentFactory(household=mother.household)
    register(orgs, "housing", mother)
    _inv, signals = register(orgs, "school", son)
    assert {s.match for s in signals} == {Match.SAME_ADDRESS}


def test_an_institution_address_does_not_match(orgs):
    home = HouseholdFactory(address=AddressFactory(is_institution=True))
    other_home = HouseholdFactory(address=home.address)
    register(orgs, "care", ResidentFactory(household=home))
    _inv, signals = register(orgs, "school", ResidentFactory(household=other_home))
    assert signals == []


def test_children_of_the_same_parent_match_also_at_different_addresses(orgs):
    parent = ResidentFactory()
    first = ResidentFactory()
    second = ResidentFactory()  # lives elsewhere (another household)
    first.parents.add(parent)
    second.parents.add(parent)
    register(orgs, "school", first)
    _inv, signals = register(orgs, "care", second)
    assert {s.match for s in signals} == {Match.SAME_PARENT}


def test_unrelated_residents_do_not_match(orgs):
    register(orgs, "school", ResidentFactory())
    _inv, signals = register(orgs, "care", ResidentFactory())
    assert signals == []


def test_an_involvement_stores_who_and_how_to_reach_them_never_a_reason():
    fields = {f.name for f in Involvement._meta.get_fields() if f.concrete}
    assert fields == {
        "id",
        "resident",
        "organisation",
        "professional",
        "contact_name",
        "contact_phone",
        "contact_email",
        "registered_at",
        "starts_on",
        "delete_after",
    }


def test_an_involvement_is_deleted_after_two_years_into_the_archive(orgs):
    child = ResidentFactory()
    first, _ = register(orgs, "school", child)
    register(orgs, "care", child)
    assert first.delete_after == datetime.date(2028, 3, 2)

    day_before = datetime.datetime(2028, 3, 1, 12, tzinfo=datetime.UTC)
    assert services.purge_expired_involvements(day_before)["involvements_archived"] == 0
    counts = services.purge_expired_involvements(
        datetime.datetime(2028, 3, 2, 12, tzinfo=datetime.UTC)
    )
    assert counts["involvements_archived"] == 2
    assert not Involvement.objects.exists()
    assert not InvolvementSignal.objects.exists()
    assert set(InvolvementArchive.objects.values_list("reason", flat=True)) == {"expired"}


def test_an_expired_involvement_no_longer_matches_even_before_the_tick_ran(orgs):
    child = ResidentFactory()
    register(orgs, "school", child, now=MONDAY)
    two_years_later = datetime.datetime(2028, 3, 3, 9, tzinfo=datetime.UTC)
    _inv, signals = register(orgs, "care", child, now=two_years_later)
    assert [s.match for s in signals if s.other_id] == []


def test_ending_goes_to_the_five_year_archive_and_unjustified_leaves_no_trace(orgs):
    child = ResidentFactory()
    ended, _ = register(orgs, "school", child)
    wrong, _ = register(orgs, "care", child)
    services.end_involvement(as_actor(orgs["school"][1]), ended, now=MONDAY)
    services.end_involvement(as_actor(orgs["care"][1]), wrong, unjustified=True, now=MONDAY)
    archived = InvolvementArchive.objects.get()
    assert archived.organisation == orgs["school"][0]
    assert archived.purge_after == datetime.date(2031, 3, 2)
    assert not Involvement.objects.exists()
    counts = services.purge_expired_involvements(
        datetime.datetime(2031, 3, 2, 9, tzinfo=datetime.UTC)
    )
    assert counts["archive_purged"] == 1


def test_only_the_registering_organisation_ends_an_involvement(orgs):
    involvement, _ = register(orgs, "school", ResidentFactory())
    with pytest.raises(PermissionDenied):
        services.end_involvement(as_actor(orgs["care"][1]), involvement, now=MONDAY)


def test_the_archive_gives_a_new_registration_one_signal_only(orgs):
    child = ResidentFactory()
    old, _ = register(orgs, "school", child)
    services.end_involvement(as_actor(orgs["school"][1]), old, now=MONDAY)

    later = MONDAY + datetime.timedelta(days=200)
    _inv, signals = register(orgs, "care", child, now=later)
    assert [(s.match, s.other_archive.contact_name) for s in signals] == [
        (Match.HISTORY, "Sanne School")
    ]
    assert InvolvementArchive.objects.get().signalled_at is not None

    _inv, again = register(orgs, "housing", child, now=later)
    assert all(s.match != Match.HISTORY for s in again)


def test_every_involved_professional_gets_an_e_mail_without_names(
    orgs, django_capture_on_commit_callbacks
):
    child = ResidentFactory(surname="Bijzondernaam")
    register(orgs, "school", child)
    with django_capture_on_commit_callbacks(execute=True):
        register(orgs, "care", child)
    assert {a for m in mail.outbox for a in m.to} == {
        orgs["school"][1].email,
        orgs["care"][1].email,
    }
    assert all("Bijzondernaam" not in m.body for m in mail.outbox)


def test_a_professional_marks_contact_made_and_the_team_lead_sees_it(client, orgs):
    child = ResidentFactory()
    register(orgs, "school", child)
    register(orgs, "care", child)
    signal = InvolvementSignal.objects.get(recipient__organisation=orgs["school"][0])
    with pytest.raises(PermissionDenied):
        services.mark_contact_made(as_actor(orgs["housing"][1]), signal, now=MONDAY)
    services.mark_contact_made(as_actor(orgs["school"][1]), signal, now=MONDAY)
    signal.refresh_from_db()
    assert signal.contact_made_at is not None

    lead = professional(orgs["school"][0], role=Role.TEAM_LEAD)
    client.force_login(lead)
    page = client.get(reverse("routes:involvement_team")).content.decode()
    assert "Zorggroep" in page
    assert "Ja, op" in page
    assert "Bij 0 signalen is nog geen contact opgenomen." in page


def test_the_resident_sees_which_organisations_are_involved_and_nothing_more(client, orgs):
    resident = resident_with_account()
    register(orgs, "school", resident)
    register(orgs, "care", resident)
    client.force_login(resident.user)
    page = client.get(reverse("routes:my_involvements")).content.decode()
    assert "School" in page
    assert "Zorggroep" in page
    assert "Cor Zorg" not in page  # not who
    assert "06-12345678" not in page  # not how to reach the professional
    assert "Woonstichting" not in page
