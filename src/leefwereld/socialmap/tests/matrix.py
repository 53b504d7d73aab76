"""The sociale kaart's sample objects for the authorisation matrix
(tests/test_authorisation_matrix.py).

`build(world)` puts an approved offer of the world's neighbourhood team on the map, with a
pending proposal for a change, and returns the concrete path of every sociale kaart page
and API operation that takes arguments. The sociale kaart holds no personal data of
residents: nothing here carries the world's marker, and no page may show it.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from leefwereld.socialmap.models import OfferProposal

from .factories import OfferFactory


def build(world) -> dict[Any, Any]:
    neighbourhood = world.subject.household.address.neighbourhood
    team = world.team
    offer = OfferFactory(organisation=team, name="Inloopspreekuur", neighbourhoods=[neighbourhood])
    proposal = OfferProposal.objects.create(
        organisation=team,
        offer=offer,
        data={"name": "Inloopspreekuur op dinsdag"},
        proposed_by=world.actors["professional"],
    )
    return {
        "socialmap:detail": reverse("socialmap:detail", args=[offer.pk]),
        "socialmap:print": reverse("socialmap:print", args=[neighbourhood.cbs_code]),
        "socialmap:propose_new": reverse("socialmap:propose_new", args=[team.pk]),
        "socialmap:propose_change": reverse("socialmap:propose_change", args=[team.pk, offer.pk]),
        "socialmap:review": reverse("socialmap:review", args=[proposal.pk]),
        "offer-detail": f"/api/v1/offers/{offer.pk}/",
        ("/api/v1/offers/{id}/", "get"): f"/api/v1/offers/{offer.pk}/",
    }
