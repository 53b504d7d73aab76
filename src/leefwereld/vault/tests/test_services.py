"""Grants, access requests, legal bases, break-glass and network members."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leefwereld.core.models import NetworkMembership
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    OrganisationFactory,
    ResidentFactory,
    UserFactory,
    as_actor,
)
from leefwereld.vault import access, services
from leefwereld.vault.models import AccessRequest, BreakGlass, Grant, LegalBasis

from .factories import (
    AccessRequestFactory,
    BreakGlassFactory,
    GrantFactory,
    ResidentWithAccountFactory,
    store_record,
    worker,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident():
    return ResidentWithAccountFactory()


def test_a_grant_lasts_90_days_by_default(resident, team):
    grant = services.grant_access(
        as_actor(resident.user),
        resident,
        categories=["finance"],
        purpose="schuldhulp",
        grantee_organisation=team,
    )
    assert grant.last_day == timezone.localdate() + datetime.timedelta(days=90)
    assert grant.is_active()


def test_the_longest_grant_follows_the_setting(resident, team, settings):
    settings.LEEFWERELD_GRANT_MAX_DAYS = 30
    with pytest.raises(ValidationError) as error:
        services.grant_access(
            as_actor(resident.user),
            resident,
            categories=["finance"],
            purpose="schuldhulp",
            grantee_organisation=team,
            ends_on=timezone.localdate() + datetime.timedelta(days=31),
        )
    assert "ends_on" in error.value.message_dict
    grant = services.grant_access(
        as_actor(resident.user),
        resident,
        categories=["finance"],
        purpose="schuldhulp",
        grantee_organisation=team,
    )
    assert grant.last_day == timezone.localdate() + datetime.timedelta(days=30)


def test_a_grant_needs_categories_a_purpose_and_one_grantee(resident, team):
    with pytest.raises(ValidationError) as error:
        services.grant_access(
            as_actor(resident.user), resident, categories=[], purpose=" ", grantee_organisation=team
        )
    assert "categories" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.grant_access(
            as_actor(resident.user), resident, categories=["finance"], purpose="x"
        )
    assert "grantee" in error.value.message_dict


def test_nobody_but_the_resident_or_their_representative_gives_or_revokes_access(resident, team):
    professional = worker(team)
    with pytest.raises(PermissionDenied):
        services.grant_access(
            as_actor(professional),
            resident,
            categories=["finance"],
            purpose="x",
            grantee_organisation=team,
        )
    grant = GrantFactory(resident=resident, grantee_organisation=team)
    with pytest.raises(PermissionDenied):
        services.revoke_grant(as_actor(ResidentWithAccountFactory().user), grant)


def test_a_parent_grants_access_to_their_childs_vault(resident, team):
    child = ResidentFactory(household=resident.household, legal_representative=resident)
    grant = services.grant_access(
        as_actor(resident.user),
        child,
        categories=["education"],
        purpose="jeugdhulp",
        grantee_organisation=team,
    )
    assert grant.resident == child
    assert grant.created_by == resident.user


def test_a_resident_cannot_give_council_members_access_to_their_data(resident):
    with pytest.raises(ValidationError):
        services.grant_access(
            as_actor(resident.user),
            resident,
            categories=["finance"],
            purpose="x",
            grantee_user=UserFactory(role=Role.COUNCIL_MEMBER),
        )


def test_a_request_mails_the_resident_without_personal_details_and_approval_grants_it(
    resident, team
):
    professional = worker(team)
    request = services.request_access(
        as_actor(professional),
        resident,
        categories=["finance", "housing"],
        purpose="schuldhulp",
        days=60,
        organisation=team,
        portal_url="https://leefwereld.example/mijn-gegevens/toegang/",
    )
    assert [m.to for m in mail.outbox] == [[resident.user.email]]
    assert "schuld" not in mail.outbox[0].body.lower()
    assert "https://leefwereld.example/mijn-gegevens/toegang/" in mail.outbox[0].body

    grant = services.approve_request(as_actor(resident.user), request)

    request.refresh_from_db()
    assert request.status == AccessRequest.Status.APPROVED
    assert grant.grantee_organisation == team
    assert grant.categories == ["finance", "housing"]
    assert grant.last_day == timezone.localdate() + datetime.timedelta(days=60)
    assert mail.outbox[-1].to == [professional.email]
    store_record(resident, "finance")
    assert access.read_records(as_actor(professional, "t"), resident).records


def test_a_declined_request_grants_nothing_and_cannot_be_decided_twice(resident, team):
    request = AccessRequestFactory(resident=resident, organisation=team)
    services.decline_request(as_actor(resident.user), request)

    assert not Grant.objects.exists()
    with pytest.raises(ValidationError):
        services.approve_request(as_actor(resident.user), request)


def test_a_professional_can_only_request_for_their_own_organisation(resident, team):
    professional = worker(team)
    with pytest.raises(ValidationError):
        services.request_access(
            as_actor(professional),
            resident,
            categories=["finance"],
            purpose="x",
            organisation=OrganisationFactory(),
        )


@pytest.mark.parametrize(
    ("role", "law", "allowed"),
    [
        (Role.TEAM_LEAD, LegalBasis.Law.JEUGDWET, True),
        (Role.ADMINISTRATOR, LegalBasis.Law.WMO, True),
        (Role.DEBT_OFFICER, LegalBasis.Law.WGS, True),
        (Role.DEBT_OFFICER, LegalBasis.Law.JEUGDWET, False),
        (Role.PROFESSIONAL, LegalBasis.Law.WGS, False),
        (Role.OMBUDSMAN, LegalBasis.Law.WGS, False),
    ],
)
def test_who_may_record_which_legal_basis(resident, team, role, law, allowed):
    staff = worker(team, role=role)

    def record():
        return services.record_legal_basis(
            as_actor(staff),
            resident,
            law=law,
            article="artikel 1",
            explanation="Uitleg",
            purpose="hulp",
            categories=["finance"],
            ends_on=timezone.localdate() + datetime.timedelta(days=10),
            organisation=team,
        )

    if allowed:
        basis = record()
        assert basis.is_active()
        assert mail.outbox[-1].to == [resident.user.email]
    else:
        with pytest.raises(PermissionDenied):
            record()


def test_break_glass_needs_a_reason_is_limited_in_time_and_mails_the_resident(resident, team):
    professional = worker(team)
    with pytest.raises(ValidationError):
        services.break_glass(as_actor(professional), resident, reason="kort")

    glass = services.break_glass(
        as_actor(professional),
        resident,
        reason="Bewoner in acute crisis, huisarts niet bereikbaar.",
    )

    assert glass.ends_at - glass.starts_at == datetime.timedelta(hours=24)
    assert glass.organisation == team
    assert mail.outbox[-1].to == [resident.user.email]
    assert access.open_for_residents(
        [(resident.pk, f"break-glass:{glass.uuid}", glass.reason_ciphertext)]
    ) == ["Bewoner in acute crisis, huisarts niet bereikbaar."]


def test_break_glass_is_only_for_residents_in_ones_work_area(resident):
    elsewhere = worker(OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.break_glass(
            as_actor(elsewhere), resident, reason="Een lange genoeg reden om te proberen."
        )


def test_only_the_ombudsman_reviews_break_glass_and_only_once(resident):
    glass = BreakGlassFactory(resident=resident)
    with pytest.raises(PermissionDenied):
        services.review_break_glass(
            as_actor(UserFactory(role=Role.TEAM_LEAD)), glass, outcome="justified", note=""
        )

    ombudsman = UserFactory(role=Role.OMBUDSMAN)
    services.review_break_glass(
        as_actor(ombudsman), glass, outcome=BreakGlass.Outcome.UNJUSTIFIED, note="Geen nood"
    )

    glass.refresh_from_db()
    assert glass.review_outcome == BreakGlass.Outcome.UNJUSTIFIED
    with pytest.raises(ValidationError):
        services.review_break_glass(as_actor(ombudsman), glass, outcome="justified", note="")


def test_an_invitation_creates_a_network_member_account_with_no_access_to_records(resident):
    store_record(resident, "health", "Arts", "Niet voor familie")
    invitation, token = services.invite_network_member(
        as_actor(resident.user),
        resident,
        name="Els",
        email="els@example.org",
        relation="zus",
        accept_url="https://x/{token}/",
    )
    assert mail.outbox[-1].to == ["els@example.org"]
    assert f"https://x/{token}/" in mail.outbox[-1].body
    assert token not in invitation.token_hash

    membership = services.accept_invitation(
        token,
        username="els",
        password="een-lang-wachtwoord-42",
        first_name="Els",
        last_name="Jansen",
    )

    assert membership.user.role == Role.NETWORK_MEMBER
    assert membership.household_id == resident.household_id
    assert membership.user.check_password("een-lang-wachtwoord-42")
    with pytest.raises(access.AccessDenied):
        access.read_records(as_actor(membership.user, "t"), resident)
    with pytest.raises(ValidationError):
        services.accept_invitation(token, username="els2", password="x")


def test_ending_a_network_membership_revokes_the_grants_to_that_person(resident):
    relative = UserFactory(role=Role.NETWORK_MEMBER)
    membership = NetworkMembership.objects.create(
        user=relative, household=resident.household, invited_by=resident
    )
    grant = GrantFactory(resident=resident, grantee_user=relative, grantee_organisation=None)

    services.end_network_membership(as_actor(resident.user), membership)

    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert membership.ended == timezone.localdate()
