"""Work and income's objects for the authorisation matrix.

`build(world)` records, about the world's test resident, a benefit status, a ladder step
and beschut werk at a provider whose name carries `world.marker` (in the vault). A
professional of an organisation of its own holds a read-write basis while the rows are
made; that basis is revoked before the matrix opens a page, so it gives no actor anything.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from leefwereld.core.actor import Actor
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import MembershipFactory, OrganisationFactory
from leefwereld.vault.models import Category, LegalBasis, Mode
from leefwereld.work import services


def build(world: Any) -> dict[Any, str | tuple[str, str]]:
    subject, marker = world.subject, world.marker
    organisation = OrganisationFactory(name="Werkplein voor de matrix")
    builder = MembershipFactory(
        organisation=organisation, user__role=Role.PROFESSIONAL, user__last_name="Opbouw"
    ).user
    now = timezone.now()
    basis = LegalBasis.objects.create(
        resident=subject,
        organisation=organisation,
        law=LegalBasis.Law.WMO,
        article="Participatiewet art. 7",
        explanation="De gemeente helpt bij werk en inkomen.",
        purpose="Participatiewet",
        categories=[Category.WORK_INCOME],
        mode=Mode.READ_WRITE,
        starts_at=now - datetime.timedelta(minutes=1),
        ends_at=now + datetime.timedelta(days=30),
        recorded_by=builder,
    )
    actor = Actor.system("matrix", builder)
    today = timezone.localdate()
    services.record_benefit(
        actor,
        subject,
        receives=True,
        since=today - datetime.timedelta(days=200),
        obligations=["reintegration"],
        source="suwinet",
    )
    services.record_ladder(actor, subject, step=3, measured_on=today)
    services.record_daytime(
        actor,
        subject,
        kind="beschut_werk",
        provider=f"Werkbedrijf-{marker}",
        hours_per_week=12,
        starts_on=today,
    )
    LegalBasis.objects.filter(pk=basis.pk).update(revoked_at=timezone.now())
    hh = subject.household.pk
    return {
        "work:household": (reverse("work:household", args=[hh]), f"Werkbedrijf-{marker}"),
        "work:benefit": reverse("work:benefit", args=[hh, subject.pk]),
        "work:ladder": reverse("work:ladder", args=[hh, subject.pk]),
        "work:daytime": reverse("work:daytime", args=[hh, subject.pk]),
        "work:schemes": reverse("work:schemes"),
    }
