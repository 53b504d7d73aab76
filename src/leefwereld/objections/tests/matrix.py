"""Objections' sample objects for the authorisation matrix: the world's resident objects
to a youth decision about them (made here directly, so this builder does not depend on
the order in which the apps' builders run). The pages show the resident's name."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from leefwereld.core.models import Organisation
from leefwereld.core.tests.factories import OrganisationFactory
from leefwereld.objections.models import Objection
from leefwereld.youth.models import Access, Decision
from leefwereld.youth.tests.factories import product


def build(world) -> dict[Any, Any]:
    today = timezone.localdate()
    subject = world.subject
    provider = OrganisationFactory(kind=Organisation.Kind.CARE_PROVIDER)
    row = Access.objects.create(
        child=subject,
        route=Access.Route.TEAM,
        team=OrganisationFactory(kind=Organisation.Kind.NEIGHBOURHOOD_TEAM),
        product=product(f"B{world.marker[-6:]}"[:8], provider=provider),
        provider=provider,
        received_on=today - datetime.timedelta(days=20),
        registered_by=subject.user,
    )
    decision = Decision.objects.create(
        access=row, outcome=Decision.Outcome.REFUSED, decided_on=today - datetime.timedelta(days=10)
    )
    objection = Objection.objects.create(
        content_type=ContentType.objects.get_for_model(Decision),
        object_id=decision.pk,
        decision_label=str(decision),
        resident=subject,
        announced_on=decision.decided_on,
        received_on=today,
        filed_by=subject.user,
    )
    return {
        "objections:new": (f"/bezwaar/nieuw/?besluit=youth.decision:{decision.pk}", world.marker),
        "objections:detail": f"/bezwaar/{objection.pk}/",
        "objections:hearing": f"/bezwaar/{objection.pk}/hoorzitting/",
        "objections:decide": f"/bezwaar/{objection.pk}/beslissen/",
    }
