"""The core's sample paths for the authorisation matrix: the basic-registration API."""

from __future__ import annotations

from typing import Any


def build(world: Any) -> dict[Any, Any]:
    subject = world.subject
    api = "/api/v1"
    return {
        # The router's root also has a `.json`-suffix route; both open the same page.
        "api-root": f"{api}/",
        # The BSN is not the marker: its presence means the registration was shown.
        (f"{api}/residents/", "get"): (f"{api}/residents/?limit=200", subject.bsn),
        (f"{api}/residents/{{id}}/", "get"): (f"{api}/residents/{subject.pk}/", subject.bsn),
        (f"{api}/households/", "get"): (f"{api}/households/?limit=200", shows_household),
        (f"{api}/households/{{id}}/", "get"): (
            f"{api}/households/{subject.household_id}/",
            shows_household,
        ),
        (f"{api}/municipalities/{{id}}/", "get"): f"{api}/municipalities/"
        f"{subject.household.address.neighbourhood.municipality_id}/",
        (f"{api}/neighbourhoods/{{id}}/", "get"): f"{api}/neighbourhoods/"
        f"{subject.household.address.neighbourhood_id}/",
        (f"{api}/organisations/{{id}}/", "get"): f"{api}/organisations/{world.team.pk}/",
    }


def shows_household(response, world, since) -> bool:
    """A household shows no marker of its own: its id in the answer means it was shown."""
    if response.status_code != 200:
        return False
    data = response.json()
    return any(r.get("id") == world.subject.household_id for r in data.get("results", [data]))
