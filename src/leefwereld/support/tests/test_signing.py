"""Signing the plan: the household signs, and the network members the household invites.

A network member signs only when (1) the household chose them as a co-signer, (2) their
network membership is active and (3) the resident let them read the plan (a grant):
nobody signs what they cannot read.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from leefwereld.core.tests.factories import as_actor
from leefwereld.support import services
from leefwereld.support.models import PlanCosigner, PlanSignature
from leefwereld.vault import services as vault_services
from leefwereld.vault.export import registered_sections

from .factories import make_case, network_member, other_professional

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_case():
    case = make_case()
    plan, _created = services.start_plan(
        as_actor(case.professional), case.household, template="ouder_kind"
    )
    return case, plan


def test_an_invited_network_member_with_a_grant_signs(plan_case):
    case, plan = plan_case
    sara = network_member(case)
    services.set_cosigners(as_actor(case.resident.user), plan, users=[sara])
    signature = services.sign_plan(as_actor(sara), plan, version_number=1)
    assert signature.resident is None and signature.user == sara
    services.sign_plan(as_actor(case.resident.user), plan, version_number=1)
    assert plan.versions.get(number=1).signatures.count() == 2
    section = next(s for s in registered_sections() if s.key == "support_plans")
    (exported,) = section.build(case.resident)
    assert [c["name"] for c in exported["cosigners"]] == [sara.display_name]


def test_a_network_member_the_household_did_not_invite_cannot_sign(plan_case):
    case, plan = plan_case
    sara = network_member(case)
    with pytest.raises(PermissionDenied):
        services.sign_plan(as_actor(sara), plan, version_number=1)
    assert not PlanSignature.objects.exists()


def test_an_invited_network_member_without_a_grant_cannot_sign(plan_case):
    case, plan = plan_case
    piet = network_member(case, grant=False, name="Piet")
    services.set_cosigners(as_actor(case.resident.user), plan, users=[piet])
    assert not services.may_sign(as_actor(piet), plan)
    with pytest.raises(PermissionDenied):
        services.sign_plan(as_actor(piet), plan, version_number=1)


def test_a_withdrawn_invitation_or_an_ended_membership_stops_signing(plan_case):
    case, plan = plan_case
    sara, piet = network_member(case), network_member(case, name="Piet")
    services.set_cosigners(as_actor(case.resident.user), plan, users=[sara, piet])
    services.set_cosigners(as_actor(case.resident.user), plan, users=[sara])
    row = PlanCosigner.objects.get(user=piet)
    assert row.withdrawn_at is not None  # kept as history
    with pytest.raises(PermissionDenied):
        services.sign_plan(as_actor(piet), plan, version_number=1)
    membership = sara.network_memberships.get()
    vault_services.end_network_membership(as_actor(case.resident.user), membership)
    with pytest.raises(PermissionDenied):
        services.sign_plan(as_actor(sara), plan, version_number=1)


def test_a_network_member_signs_again_after_a_change(plan_case):
    case, plan = plan_case
    sara = network_member(case)
    services.set_cosigners(as_actor(case.resident.user), plan, users=[sara])
    services.sign_plan(as_actor(sara), plan, version_number=1)
    content = services.current_content(as_actor(case.resident.user), plan)
    content["goals"][0]["text"] = "Rust in huis, in mijn eigen woorden."
    services.change_plan(as_actor(case.resident.user), plan, content)
    with pytest.raises(ValidationError):
        services.sign_plan(as_actor(sara), plan, version_number=1)
    services.sign_plan(as_actor(sara), plan, version_number=2)
    assert plan.versions.get(number=2).signatures.get().user == sara


def test_only_the_household_chooses_cosigners_and_only_from_its_network(plan_case):
    case, plan = plan_case
    sara = network_member(case)
    for actor in (sara, case.professional):
        with pytest.raises(PermissionDenied):
            services.set_cosigners(as_actor(actor), plan, users=[sara])
    stranger = network_member(make_case(), name="Vreemde")
    with pytest.raises(ValidationError):
        services.set_cosigners(as_actor(case.resident.user), plan, users=[stranger])
    assert not PlanCosigner.objects.exists()


def test_the_resident_invites_and_the_network_member_signs_on_the_pages(client, plan_case):
    case, plan = plan_case
    sara = network_member(case)
    client.force_login(case.resident.user)
    url = reverse("support:plan", args=[case.household.pk])
    assert "Wie uit uw netwerk tekent het plan mee?" in client.get(url).content.decode()
    client.post(reverse("support:plan_cosigners", args=[case.household.pk]), {"users": [sara.pk]})
    assert PlanCosigner.objects.get().user == sara

    client.force_login(sara)
    page = client.get(url).content.decode()
    assert "Plan tekenen" in page and "Wie uit uw netwerk" not in page
    client.post(reverse("support:plan_sign", args=[case.household.pk]), {"version": "1"})
    assert plan.versions.get(number=1).signatures.get().user == sara
    assert sara.display_name in client.get(url).content.decode()


def test_the_cosigner_and_sign_endpoints_refuse_others(client, plan_case):
    case, _plan = plan_case
    sara = network_member(case)
    client.force_login(other_professional())
    post = client.post(
        reverse("support:plan_cosigners", args=[case.household.pk]), {"users": [sara.pk]}
    )
    assert post.status_code == 403
    client.force_login(sara)  # not invited yet
    post = client.post(reverse("support:plan_sign", args=[case.household.pk]), {"version": "1"})
    assert post.status_code == 403
    assert not PlanCosigner.objects.exists() and not PlanSignature.objects.exists()
