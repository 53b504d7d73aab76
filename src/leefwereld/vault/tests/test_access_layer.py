"""The access layer: who may read and write what, and that every access is logged once."""

import datetime

import pytest
from django.utils import timezone

from leefwereld.core.actor import Actor
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import ResidentFactory, UserFactory, as_actor
from leefwereld.vault import access
from leefwereld.vault.models import AccessLog, Grant

from .factories import (
    BreakGlassFactory,
    GrantFactory,
    LegalBasisFactory,
    ResidentWithAccountFactory,
    store_record,
    worker,
)

pytestmark = pytest.mark.django_db

POINT = "test:page"


@pytest.fixture
def resident():
    return ResidentWithAccountFactory(given_names="Noor")


def test_a_professional_reads_the_categories_a_grant_covers_and_nothing_else(
    resident, team, professional
):
    store_record(resident, "finance", "Schulden", "Achterstand huur 1200 euro")
    store_record(resident, "mental_health", "Gesprek", "Somber sinds de zomer")
    GrantFactory(resident=resident, grantee_organisation=team, categories=["finance"])

    opened = access.read_records(as_actor(professional, POINT), resident)

    assert [r.text for r in opened.records] == ["Achterstand huur 1200 euro"]
    assert opened.categories == {"finance"}


def test_a_read_without_any_basis_is_refused_and_logged_as_refused(resident, professional):
    store_record(resident, "finance", "Schulden", "geheim")

    with pytest.raises(access.AccessDenied):
        access.read_records(as_actor(professional, POINT), resident)

    row = AccessLog.objects.get()
    assert row.outcome == AccessLog.Outcome.REFUSED
    assert row.user == professional
    assert row.resident == resident
    assert row.record_count == 0


@pytest.mark.parametrize("trait", ["expired", "revoked", "future"])
def test_a_grant_that_is_not_in_force_gives_no_access(resident, team, professional, trait):
    store_record(resident, "finance")
    GrantFactory(resident=resident, grantee_organisation=team, **{trait: True})

    with pytest.raises(access.AccessDenied):
        access.read_records(as_actor(professional, POINT), resident)


def test_revocation_takes_effect_on_the_very_next_request(resident, team, professional):
    store_record(resident, "finance")
    grant = GrantFactory(resident=resident, grantee_organisation=team)
    access.read_records(as_actor(professional, POINT), resident)

    Grant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())

    with pytest.raises(access.AccessDenied):
        access.read_records(as_actor(professional, POINT), resident)


def test_a_grant_to_one_resident_shows_nothing_of_another_household(resident, team, professional):
    neighbour = ResidentWithAccountFactory()
    store_record(neighbour, "finance", "Van de buren")
    GrantFactory(resident=resident, grantee_organisation=team)

    with pytest.raises(access.AccessDenied):
        access.read_records(as_actor(professional, POINT), neighbour)


def test_a_grant_covers_the_households_shared_records_of_its_category(resident, team, professional):
    store_record(resident.household, "finance", "Gezamenlijke schuld", "Energie 800 euro")
    store_record(resident.household, "housing", "Huur", "niet gedeeld")
    GrantFactory(resident=resident, grantee_organisation=team, categories=["finance"])

    opened = access.read_records(as_actor(professional, POINT), resident)

    assert [r.text for r in opened.records] == ["Energie 800 euro"]
    assert opened.records[0].is_household_record


@pytest.mark.parametrize(
    "role", [Role.COUNCIL_MEMBER, Role.POLICY_OFFICER, Role.ADMINISTRATOR, Role.RESIDENT]
)
def test_roles_outside_casework_see_nothing_even_with_a_grant_to_them(resident, role):
    store_record(resident, "finance")
    outsider = UserFactory(role=role)
    GrantFactory(resident=resident, grantee_user=outsider, grantee_organisation=None)

    with pytest.raises(access.AccessDenied):
        access.read_records(as_actor(outsider, POINT), resident)


def test_a_legal_basis_works_like_a_grant_for_its_organisation(resident, team, professional):
    store_record(resident, "finance", "Schulden", "Wgs-dossier")
    basis = LegalBasisFactory(resident=resident, organisation=team, categories=["finance"])

    opened = access.read_records(as_actor(professional, POINT), resident)

    assert opened.records[0].text == "Wgs-dossier"
    assert opened.log.authorisation == AccessLog.Authorisation.LEGAL_BASIS
    assert opened.log.legal_basis == basis


def test_break_glass_gives_flagged_read_access_to_its_actor_only(resident, team, professional):
    store_record(resident, "health", "Medicatie", "Insuline")
    BreakGlassFactory(resident=resident, actor=professional)
    colleague = worker(team, first_name="Piet")

    opened = access.read_records(as_actor(professional, POINT), resident)
    assert opened.log.break_glass_used
    assert opened.break_glass
    with pytest.raises(access.AccessDenied):
        access.read_records(as_actor(colleague, POINT), resident)


def test_break_glass_never_allows_writing(resident, professional):
    BreakGlassFactory(resident=resident, actor=professional)

    with pytest.raises(access.AccessDenied):
        access.write_record(
            as_actor(professional, POINT), resident, "health", "noodtoegang", {"text": "x"}
        )


def test_purpose_binding_only_uses_bases_for_the_stated_purpose(resident, team, professional):
    store_record(resident, "finance")
    GrantFactory(resident=resident, grantee_organisation=team, purpose="schuldhulp")

    access.read_records(as_actor(professional, POINT), resident, purpose="Schuldhulp")
    with pytest.raises(access.AccessDenied):
        access.read_records(as_actor(professional, POINT), resident, purpose="onderzoek")


def test_a_resident_reads_their_own_records_and_their_childs_as_representative(resident):
    child = ResidentFactory(household=resident.household, legal_representative=resident)
    store_record(child, "education", "School", "Groep 5")

    opened = access.read_records(as_actor(resident.user, POINT), child)

    assert [r.text for r in opened.records] == ["Groep 5"]
    assert opened.log.authorisation == AccessLog.Authorisation.REPRESENTATIVE
    assert [s.pk for s in access.subjects_of(as_actor(resident.user))] == [resident.pk, child.pk]


def test_a_resident_cannot_read_another_residents_records(resident):
    other = ResidentWithAccountFactory()
    store_record(other, "finance")

    with pytest.raises(access.AccessDenied):
        access.read_records(as_actor(resident.user, POINT), other)


def test_writing_needs_a_read_write_grant_for_that_category(resident, team, professional):
    GrantFactory(resident=resident, grantee_organisation=team, categories=["finance"])
    with pytest.raises(access.AccessDenied):
        access.write_record(
            as_actor(professional, POINT), resident, "finance", "schuldhulp", {"text": "x"}
        )

    GrantFactory(
        resident=resident, grantee_organisation=team, categories=["finance"], read_write=True
    )
    record = access.write_record(
        as_actor(professional, POINT),
        resident,
        "finance",
        "schuldhulp",
        {"title": "Plan", "text": "Budget"},
    )

    assert access.read_record(as_actor(resident.user, POINT), record.pk).text == "Budget"
    refused, row = AccessLog.objects.filter(action=AccessLog.Action.CREATE).order_by("pk")
    assert refused.outcome == AccessLog.Outcome.REFUSED  # the first try, without write access
    assert row.outcome == AccessLog.Outcome.PERMITTED
    assert row.grant is not None


def test_a_refused_write_or_update_is_logged_although_the_write_is_a_transaction(
    resident, team, professional
):
    record = store_record(resident, "finance")
    GrantFactory(resident=resident, grantee_organisation=team, categories=["finance"])  # read

    with pytest.raises(access.AccessDenied):
        access.write_record(
            as_actor(professional, POINT), resident, "finance", "schuldhulp", {"text": "x"}
        )
    with pytest.raises(access.AccessDenied):
        access.update_record(
            as_actor(professional, POINT), record, {"text": "y"}, purpose="schuldhulp"
        )

    rows = AccessLog.objects.filter(user=professional).order_by("pk")
    assert [(r.action, r.outcome) for r in rows] == [
        (AccessLog.Action.CREATE, AccessLog.Outcome.REFUSED),
        (AccessLog.Action.UPDATE, AccessLog.Outcome.REFUSED),
    ]
    assert all(r.resident == resident and r.categories == ["finance"] for r in rows)
    assert access.read_record(as_actor(resident.user, POINT), record.pk).text == ""


def test_updating_a_record_reencrypts_it_and_logs_an_update(resident):
    record = access.write_record(
        as_actor(resident.user, POINT), resident, "housing", access.OWN_PURPOSE, {"text": "oud"}
    )
    old = bytes(record.ciphertext)

    access.update_record(
        as_actor(resident.user, POINT), record, {"text": "nieuw"}, purpose=access.OWN_PURPOSE
    )

    record.refresh_from_db()
    assert bytes(record.ciphertext) != old
    assert access.read_record(as_actor(resident.user, POINT), record.pk).text == "nieuw"
    assert AccessLog.objects.filter(action=AccessLog.Action.UPDATE).count() == 1


def test_erasure_is_refused_while_a_law_requires_keeping_the_record(resident):
    kept = store_record(
        resident,
        "family",
        retention_law="Jeugdwet art. 7.3.8",
        retention_until=timezone.localdate() + datetime.timedelta(days=365),
    )

    with pytest.raises(access.RetentionApplies):
        access.erase_record(as_actor(resident.user, POINT), kept)
    kept.refresh_from_db()
    assert not kept.is_erased


def test_only_the_resident_can_erase_their_records(resident, team, professional):
    record = store_record(resident, "finance")
    GrantFactory(resident=resident, grantee_organisation=team, read_write=True)

    with pytest.raises(access.AccessDenied):
        access.erase_record(as_actor(professional, POINT), record)
    access.erase_record(as_actor(resident.user, POINT), record)

    record.refresh_from_db()
    assert record.is_erased
    assert record.wrapped_key is None
    refused, deleted = AccessLog.objects.filter(action=AccessLog.Action.DELETE).order_by("pk")
    assert (refused.user, refused.outcome) == (professional, AccessLog.Outcome.REFUSED)
    assert (deleted.user, deleted.outcome) == (resident.user, AccessLog.Outcome.PERMITTED)


def test_an_erased_record_can_no_longer_be_read(resident):
    record = store_record(resident, "finance")
    access.erase_record(as_actor(resident.user, POINT), record)

    assert access.read_records(as_actor(resident.user, POINT), resident).records == []
    with pytest.raises(type(record).DoesNotExist):
        access.read_record(as_actor(resident.user, POINT), record.pk)


def test_acting_on_behalf_of_someone_outside_ones_organisation_is_refused(
    resident, team, professional
):
    GrantFactory(resident=resident, grantee_organisation=team)
    stranger = worker(None, first_name="Vreemd")

    with pytest.raises(access.PermissionDenied):
        access.read_records(Actor(professional, POINT, stranger), resident)
    colleague = worker(team, first_name="Collega")
    opened = access.read_records(Actor(professional, POINT, colleague), resident)
    assert opened.log.responsible_user == colleague


def test_the_caseload_lists_exactly_the_residents_with_a_basis_in_force(team, professional):
    granted, legal, glass, expired, revoked, other = (ResidentFactory() for _ in range(6))
    GrantFactory(resident=granted, grantee_organisation=team)
    LegalBasisFactory(resident=legal, organisation=team)
    BreakGlassFactory(resident=glass, actor=professional)
    GrantFactory(resident=expired, grantee_organisation=team, expired=True)
    GrantFactory(resident=revoked, grantee_organisation=team, revoked=True)
    GrantFactory(resident=other)

    assert set(access.caseload(as_actor(professional))) == {granted, legal, glass}


def test_a_network_member_sees_only_what_a_grant_names_them_for(resident):
    relative = UserFactory(role=Role.NETWORK_MEMBER)
    store_record(resident, "daytime", "Dagbesteding", "Dinsdag en donderdag")
    store_record(resident, "health", "Arts", "niet voor familie")
    GrantFactory(
        resident=resident,
        grantee_user=relative,
        grantee_organisation=None,
        categories=["daytime"],
        purpose="meedenken",
    )

    opened = access.read_records(as_actor(relative, POINT), resident)

    assert [r.text for r in opened.records] == ["Dinsdag en donderdag"]
    assert list(access.caseload(as_actor(relative))) == [resident]
