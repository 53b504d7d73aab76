"""One coach (regisseur) per plan, from the organisation most involved (principle 2)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from leefwereld.core.tests.factories import ResidentFactory, as_actor
from leefwereld.support import services
from leefwereld.support.models import Plan
from leefwereld.vault.models import Category, Mode

from .factories import make_case, network_member, organisation_with_basis, other_professional

pytestmark = pytest.mark.django_db


@pytest.fixture
def household():
    """The team (make_case) helps one member; a care provider helps both members; two
    organisations have a basis that does not let them work on the plan."""
    case = make_case()
    partner = ResidentFactory(household=case.household, given_names="Jan")
    care, care_pro = organisation_with_basis(
        case, [case.resident, partner], name="Zorg Zuid", coach_name="Anna"
    )
    organisation_with_basis(case, [case.resident, partner], name="Alleen Lezen", mode=Mode.READ)
    organisation_with_basis(
        case, [case.resident, partner], name="Alleen Geld", categories=[Category.FINANCE]
    )
    plan, _created = services.start_plan(as_actor(case.professional), case.household)
    return case, plan, care, care_pro


def test_the_most_involved_organisation_comes_first_and_read_only_bases_do_not_count(household):
    case, _plan, care, care_pro = household
    ranking = services.involved_organisations(case.household)
    assert [(i.organisation.name, i.members) for i in ranking] == [
        ("Zorg Zuid", 2),
        ("Wijkteam Noord", 1),
    ]
    assert services.most_involved(ranking) == {care.pk}
    candidates = {
        i.organisation.name: [u.pk for u in users]
        for i, users in services.coach_candidates(case.household)
    }
    assert candidates == {"Zorg Zuid": [care_pro.pk], "Wijkteam Noord": [case.professional.pk]}


def test_the_professional_who_starts_the_plan_is_the_first_coach(household):
    case, plan, _care, _pro = household
    assert plan.coach == case.professional and plan.coach_organisation == case.team
    content = services.current_content(as_actor(case.resident.user), plan)
    assert content["coach"]["name"] == case.professional.display_name


def test_the_resident_chooses_a_coach_from_the_most_involved_organisation(household):
    case, plan, care, care_pro = household
    services.sign_plan(as_actor(case.resident.user), plan, version_number=1)
    version = services.choose_coach(as_actor(case.resident.user), plan, coach=care_pro)
    plan.refresh_from_db()
    assert (plan.coach, plan.coach_organisation, plan.current_version) == (care_pro, care, 2)
    assert version.author_kind == "resident"
    new = services.read(as_actor(case.resident.user), version.record)
    assert new["coach"] == {
        "user": care_pro.pk,
        "name": care_pro.display_name,
        "organisation": "Zorg Zuid",
    }
    old = services.read(as_actor(case.resident.user), plan.versions.get(number=1).record)
    assert services.compare(old, new)["coach"][0]["new"]["organisation"] == "Zorg Zuid"
    # A new coach is a change of the plan: the old signature does not carry over.
    assert not plan.versions.get(number=2).signatures.exists()


def test_a_coach_from_a_less_involved_organisation_needs_a_reason(household):
    case, plan, _care, care_pro = household
    services.choose_coach(as_actor(case.resident.user), plan, coach=care_pro)
    with pytest.raises(ValidationError) as error:
        services.choose_coach(as_actor(case.resident.user), plan, coach=case.professional)
    assert "reason" in error.value.error_dict
    version = services.choose_coach(
        as_actor(case.professional),
        plan,
        coach=case.professional,
        reason="Het wijkteam kent de kinderen al jaren.",
    )
    content = services.read(as_actor(case.resident.user), version.record)
    assert "kent de kinderen" in content["note"]
    assert Plan.objects.get().coach == case.professional


def test_only_professionals_of_involved_organisations_can_be_coach(household):
    case, plan, _care, _pro = household
    outsider = other_professional()
    with pytest.raises(ValidationError):
        services.choose_coach(as_actor(case.resident.user), plan, coach=outsider, reason="x")
    with pytest.raises(ValidationError):  # a network member is never the coach
        services.choose_coach(
            as_actor(case.resident.user), plan, coach=network_member(case), reason="x"
        )
    with pytest.raises(ValidationError):  # an organisation the coach does not work for
        services.choose_coach(
            as_actor(case.resident.user), plan, coach=case.professional, organisation=_care
        )


def test_strangers_and_network_members_cannot_choose_the_coach(household):
    case, plan, _care, care_pro = household
    for actor in (other_professional(), network_member(case)):
        with pytest.raises(PermissionDenied):
            services.choose_coach(as_actor(actor), plan, coach=care_pro)
    assert Plan.objects.get().coach == case.professional


def test_editing_goals_keeps_the_chosen_coach(household):
    case, plan, _care, care_pro = household
    services.choose_coach(as_actor(case.resident.user), plan, coach=care_pro)
    plan.refresh_from_db()
    content = services.current_content(as_actor(case.resident.user), plan)
    assert content["coach"]["user"] == care_pro.pk
    version = services.change_plan(
        as_actor(case.resident.user),
        plan,
        {"goals": [{"domain": "financien", "text": "Rust over geld"}], "actions": []},
    )
    assert services.read(as_actor(case.resident.user), version.record)["coach"] == content["coach"]


def test_the_coach_page_shows_the_ranking_and_saves_the_choice(client, household):
    case, _plan, care, care_pro = household
    url = reverse("support:plan_coach", args=[case.household.pk])
    client.force_login(case.resident.user)
    page = client.get(url).content.decode()
    table = page[page.index("<caption") : page.index("</table>")]
    assert table.index("Zorg Zuid") < table.index("Wijkteam Noord")
    assert "meest betrokken" in page and "Alleen Lezen" not in page
    response = client.post(url, {"coach": f"{case.team.pk}-{case.professional.pk}"})
    assert response.status_code == 200 and "niet het meest betrokken" in response.content.decode()
    response = client.post(url, {"coach": f"{care.pk}-{care_pro.pk}"})
    assert response.url == reverse("support:plan", args=[case.household.pk])
    assert Plan.objects.get().coach == care_pro
    plan_page = client.get(response.url).content.decode()
    assert care_pro.display_name in plan_page and "Regisseur kiezen of wijzigen" in plan_page


def test_the_coach_page_is_closed_to_strangers_and_network_members(client, household):
    case, _plan, _care, _pro = household
    url = reverse("support:plan_coach", args=[case.household.pk])
    client.force_login(other_professional())
    assert client.get(url).status_code == 403
    client.force_login(network_member(case))
    assert client.get(url).status_code == 403
