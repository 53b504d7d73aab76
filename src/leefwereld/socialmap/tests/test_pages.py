import pytest
from django.urls import reverse

from leefwereld.core.domains import LifeDomain
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    MembershipFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    UserFactory,
)
from leefwereld.socialmap.models import Offer, OfferProposal

from .factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_anyone_searches_without_logging_in(client):
    OfferFactory(name="Voedselbank", description="Een voedselpakket.")
    page = client.get(reverse("socialmap:search"), {"q": "voedsel"})
    assert page.status_code == 200
    assert "Voedselbank" in page.content.decode()


def test_an_offer_page_is_public_but_an_unapproved_offer_is_not_found(client):
    offer = OfferFactory(name="Taalcafé")
    draft = OfferFactory(approved_at=None)
    assert client.get(reverse("socialmap:detail", args=[offer.pk])).status_code == 200
    assert client.get(reverse("socialmap:detail", args=[draft.pk])).status_code == 404


def test_the_printable_list_groups_a_neighbourhoods_offers_by_life_domain(client):
    north = NeighbourhoodFactory(name="Noord")
    OfferFactory(name="Buurthuis Noord", neighbourhoods=[north])
    OfferFactory(name="Buurthuis Zuid", neighbourhoods=[NeighbourhoodFactory()])
    page = client.get(reverse("socialmap:print", args=[north.cbs_code])).content.decode()
    assert "Buurthuis Noord" in page
    assert "Buurthuis Zuid" not in page
    assert "Financiën" in page


def test_the_search_page_costs_the_same_queries_for_few_or_many_offers(
    client, django_assert_max_num_queries
):
    OfferFactory(neighbourhoods=[NeighbourhoodFactory()])
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("socialmap:search"))
    for _ in range(15):
        OfferFactory(neighbourhoods=[NeighbourhoodFactory()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("socialmap:search"))


def test_a_provider_proposes_an_offer_and_it_appears_after_approval(client):
    membership = MembershipFactory()
    organisation = membership.organisation
    client.force_login(membership.user)
    response = client.post(
        reverse("socialmap:propose_new", args=[organisation.pk]),
        {
            "name": "Repair café",
            "description": "Samen repareren.",
            "kind": Offer.Kind.GENERAL,
            "access": Offer.Access.WALK_IN,
            "costs": "Gratis",
            "domains": ["maatschappelijke_participatie"],
        },
    )
    assert response.status_code == 302
    assert not Offer.objects.exists()
    proposal = OfferProposal.objects.get()

    client.force_login(UserFactory(role=Role.POLICY_OFFICER))
    client.post(reverse("socialmap:review", args=[proposal.pk]), {"decision": "approve"})
    offer = Offer.objects.get()
    assert offer.is_public
    assert "repareren" in offer.search_document
    assert (
        client.get(reverse("socialmap:search"), {"q": "repair"})
        .content.decode()
        .count("Repair café")
    )


def test_a_provider_cannot_propose_for_another_organisation(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    other = OrganisationFactory()
    response = client.get(reverse("socialmap:propose_new", args=[other.pk]))
    assert response.status_code == 403


def test_a_rejection_needs_a_reason_and_keeps_the_offer_off_the_map(client):
    membership = MembershipFactory()
    proposal = OfferProposal.objects.create(
        organisation=membership.organisation,
        data={"name": "X"},
        proposed_by=membership.user,
    )
    client.force_login(UserFactory(role=Role.POLICY_OFFICER))
    client.post(reverse("socialmap:review", args=[proposal.pk]), {"decision": "reject"})
    proposal.refresh_from_db()
    assert proposal.status == OfferProposal.Status.PENDING
    client.post(
        reverse("socialmap:review", args=[proposal.pk]),
        {"decision": "reject", "reason": "Dubbel met bestaand aanbod."},
    )
    proposal.refresh_from_db()
    assert proposal.status == OfferProposal.Status.REJECTED
    assert not Offer.objects.exists()


def test_residents_cannot_review(client):
    client.force_login(UserFactory(role=Role.RESIDENT))
    assert client.get(reverse("socialmap:review_queue")).status_code == 403


def test_the_public_api_lists_approved_offers_with_filters(client):
    OfferFactory(name="Schuldhulp", description="Geldzorgen")
    OfferFactory(name="Concept", approved_at=None)
    data = client.get("/api/v1/offers/", {"q": "schulden"}).json()
    assert [o["name"] for o in data["results"]] == ["Schuldhulp"]
    assert data["results"][0]["domains"] == ["financien"]


def test_results_are_paged_with_the_total_and_a_page_past_the_end_shows_the_last(client):
    for n in range(25):
        OfferFactory(name=f"Buurthuis {n:02d}", description="Koffie en een praatje.")
    url = reverse("socialmap:search")
    first = client.get(url, {"q": "koffie"})
    assert "25 aanbod gevonden" in first.content.decode()
    assert [o.name for o in first.context["page"]] == [f"Buurthuis {n:02d}" for n in range(20)]
    second = client.get(url, {"q": "koffie", "pagina": "2"})
    assert [o.name for o in second.context["page"]] == [f"Buurthuis {n:02d}" for n in range(20, 25)]
    assert "Pagina 2 van 2" in second.content.decode()
    assert client.get(url, {"q": "koffie", "pagina": "9"}).context["page"].number == 2
    assert client.get(url, {"q": "koffie", "pagina": "x"}).context["page"].number == 1
    nothing = client.get(url, {"q": "onvindbaar"})
    assert "0 aanbod gevonden" in nothing.content.decode()


def test_a_result_shows_its_life_domains_and_the_chosen_neighbourhood_stays_chosen(client):
    north = NeighbourhoodFactory(name="Noord")
    OfferFactory(
        name="Woonhulp",
        domains=[LifeDomain.HOUSING, LifeDomain.FINANCES],
        neighbourhoods=[north],
    )
    OfferFactory(name="Zonder leefgebied").domain_links.all().delete()
    page = client.get(reverse("socialmap:search"), {"neighbourhood": north.pk}).content.decode()
    assert "Financiën, Huisvesting · " in page  # ZRM order, whatever order they were added
    assert f'<option value="{north.pk}" selected>Noord</option>' in page
    assert "Zonder leefgebied" in page
