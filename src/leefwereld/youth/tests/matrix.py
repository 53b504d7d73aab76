"""Youth care's sample objects for the authorisation matrix.

`build(world)` gives the world's test resident a GP referral with a granted decision, made
directly (not through the verbs, which refuse an adult and would tie it to the world's
team). The registering team is another organisation, so the world's team members see it
only with a basis in the vault, as the policy says. The pages show the resident's name,
which carries the marker.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import OrganisationFactory
from leefwereld.youth.models import Access, Decision, Notice
from leefwereld.youth.tests.factories import product


def build(world) -> dict[Any, Any]:
    today = timezone.localdate()
    subject = world.subject
    provider = OrganisationFactory(kind=Organisation.Kind.CARE_PROVIDER)
    elsewhere = OrganisationFactory(kind=Organisation.Kind.NEIGHBOURHOOD_TEAM)
    row = Access.objects.create(
        child=subject,
        route=Access.Route.GP,
        team=elsewhere,
        referrer_name="Huisarts Matrix",
        referrer_agb="01234567",
        product=product(f"M{world.marker[-6:]}"[:8], provider=provider),
        provider=provider,
        received_on=today,
        registered_by=world.actors[Role.PROFESSIONAL.value],
    )
    decision = Decision.objects.create(
        access=row,
        outcome=Decision.Outcome.GRANTED,
        volume=10,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=90),
        decided_on=today,
        consenter="child",
        consent_article="Jeugdwet art. 7.3.4",
    )
    Notice.objects.create(decision=decision, recipient=subject, role=Notice.Role.CHILD)
    world.extra["youth_decision"] = decision
    return {
        "youth:detail": f"/jeugd/besluit/{decision.pk}/",
        "youth:decide": f"/jeugd/besluit/{decision.pk}/beslissen/",
        "youth:voice": f"/jeugd/besluit/{decision.pk}/mijn-mening/",
    }
