"""Finance's sample objects for the authorisation matrix (tests/test_authorisation_matrix.py).

`build(world)` gives the world's test resident a granted support decision with an
allocation from a provider the world's provider account does *not* work for, a
declaration of that provider and a hardship proposal, and returns the concrete path of
every finance page that takes arguments. No finance page shows a resident's name or
records, so none has a `personal` policy: the matrix checks the marker never shows.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import OrganisationFactory
from leefwereld.democracy.tests.factories import BlockingRuleFactory
from leefwereld.finance.models import (
    Allocation,
    Declaration,
    DeclarationLine,
    HardshipProposal,
    PaymentBatch,
    ProviderProfile,
)
from leefwereld.support.models import Application, Decision, Melding


def build(world) -> dict[Any, Any]:
    subject = world.subject
    household = subject.household
    professional = world.actors[Role.PROFESSIONAL.value]
    today = timezone.localdate()
    melding = Melding.objects.create(
        resident=subject,
        household=household,
        channel=Melding.Channel.PROFESSIONAL,
        received_on=today - datetime.timedelta(days=40),
        registered_by=professional,
        status=Melding.Status.DECIDED,
    )
    application = Application.objects.create(
        melding=melding,
        resident=subject,
        received_on=today - datetime.timedelta(days=10),
        provision_kind=Application.ProvisionKind.CUSTOM,
        record=uuid.uuid4(),
        registered_by=professional,
    )
    decision = Decision.objects.create(
        application=application,
        outcome=Decision.Outcome.GRANTED,
        decided_on=today,
        sent_on=today,
        decided_by=professional,
        record=uuid.uuid4(),
    )
    organisation = OrganisationFactory(kind=Organisation.Kind.CARE_PROVIDER)
    provider = ProviderProfile.objects.create(
        organisation=organisation, agb_code=f"{organisation.pk % 10**8:08d}"
    )
    allocation = Allocation.objects.create(
        decision_type=ContentType.objects.get_for_model(Decision),
        decision_id=decision.pk,
        household=household,
        resident=subject,
        product_category="02",
        product_code="02A01",
        provider=provider,
        volume=2,
        unit="04",
        frequency="2",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
        tariff_cents=6_000,
        units_granted=18,
        commitment_cents=108_000,
        neighbourhood=household.address.neighbourhood,
        purpose="thuis",
        created_by=professional,
    )
    declaration = Declaration.objects.create(
        provider=provider, channel="web", submitted_by=professional, line_count=1
    )
    DeclarationLine.objects.create(
        declaration=declaration,
        line_no=1,
        allocation=allocation,
        allocation_number=str(allocation.pk),
        product_code="02A01",
        period_start=today.replace(day=1),
        period_end=today.replace(day=1),
        units=999,
        tariff_cents=6_000,
        amount_cents=999 * 6_000,
        status="refused",
        refusal_code="R05",
    )
    controller = world.actors[Role.CONTROLLER.value]
    batch = PaymentBatch.objects.create(created_by=controller)
    rule = BlockingRuleFactory()
    proposal = HardshipProposal.objects.create(
        household=household,
        amount_cents=50_000,
        rule=rule,
        record=uuid.uuid4(),
        proposed_by=professional,
        proposed_on=today,
        due_on=today + datetime.timedelta(days=7),
    )
    return {
        "finance:allocate": f"/financien/besluit/{decision.pk}/toewijzen/",
        "finance:declaration": f"/financien/declaraties/{declaration.pk}/",
        "finance:batch_xml": f"/financien/betaalbatch/{batch.pk}/pain001.xml",
        "finance:hardship_new": f"/financien/huishouden/{household.pk}/hardheid/",
        "finance:hardship_decide": f"/financien/hardheid/{proposal.pk}/besluit/",
    }
