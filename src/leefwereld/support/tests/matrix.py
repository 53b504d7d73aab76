"""Support's objects for the authorisation matrix: one of everything about `world.subject`.

`build(world)` files a melding about the test resident, holds the kitchen-table
conversation, registers two applications (one decided), starts the household plan with a
goal, and records a measurement — each with `world.marker` in its personal content — and
returns a concrete path for every support page and API operation that takes arguments.

The professional who builds the case is no actor of the world: an organisation of its own
holds a read-write Wmo basis while the objects are made, and that basis is revoked before
the matrix opens a page, so it gives none of the world's actors anything.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from leefwereld.core.actor import Actor
from leefwereld.core.domains import LifeDomain
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import MembershipFactory, OrganisationFactory
from leefwereld.support import services
from leefwereld.support.services import DecisionInput
from leefwereld.vault.models import LegalBasis

from .factories import wmo_basis


def PDF(response: Any, world: Any, since: int) -> bool:
    """A PDF compresses its text: that the PDF came back at all means it was shown."""
    return response.status_code == 200 and response.get("Content-Type", "").startswith(
        "application/pdf"
    )


def build(world: Any) -> dict[Any, str | tuple[str, str]]:
    subject = world.subject
    marker = world.marker
    household = subject.household

    organisation = OrganisationFactory(name="Opbouw voor de matrix")
    builder = MembershipFactory(
        organisation=organisation, user__role=Role.PROFESSIONAL, user__last_name="Opbouw"
    ).user
    basis = wmo_basis(subject, organisation, builder)
    professional = Actor.system("matrix", builder)
    owner = Actor.system("matrix", subject.user)

    received = timezone.localdate() - datetime.timedelta(days=3)
    melding = services.register_melding(
        professional, subject, question=f"Hulpvraag {marker}", received_on=received
    )
    services.hold_intake(
        professional,
        melding,
        answers={key: f"{key} {marker}" for key, _letter in services.GUIDE_ITEMS},
        pgb_explained=True,
    )
    waiting = services.register_application(
        professional, melding, provision=f"Aanvraag {marker}", provision_kind="maatwerk"
    )
    decided = services.register_application(
        professional, melding, provision="Traplift", provision_kind="maatwerk"
    )
    decision = services.decide(
        professional,
        decided,
        DecisionInput(outcome="granted", provision="Traplift", reasons=f"Reden {marker}"),
    )
    plan, _created = services.start_plan(owner, household)
    services.change_plan(
        owner,
        plan,
        {"goals": [{"domain": LifeDomain.FINANCES.value, "text": f"Doel {marker}"}], "actions": []},
    )
    services.record_measurement(
        owner,
        household,
        instrument="zrm",
        scores={LifeDomain.FINANCES.value: 2},
        note=f"Meting {marker}",
        resident=subject,
    )
    LegalBasis.objects.filter(pk=basis.pk).update(revoked_at=timezone.now())
    world.extra["support"] = {"melding": melding, "decision": decision, "plan": plan}

    with translation.override("nl"):
        received_text = date_format(received, "j F Y")
    hh = household.pk

    def url(name: str, *args: Any) -> str:
        return reverse(f"support:{name}", args=args)

    return {
        "support:deadlines": url("deadlines"),
        "support:melding_new": url("melding_new", subject.pk),
        "support:case": url("case", melding.pk),
        "support:intake": url("intake", melding.pk),
        "support:report": url("report", melding.pk),
        "support:report_pdf": (url("report_pdf", melding.pk), PDF),
        "support:application_new": url("application_new", melding.pk),
        "support:decide": url("decide", waiting.pk),
        "support:decision": url("decision", decision.pk),
        "support:letter_pdf": (url("letter_pdf", decision.pk), PDF),
        "support:my_support": url("my_support"),
        "support:receipt": (url("receipt", melding.pk), received_text),
        "support:plan": url("plan", hh),
        "support:plan_compare": url("plan_compare", hh) + "?oud=1&nieuw=2",
        "support:plan_pdf": (url("plan_pdf", hh), PDF),
        "support:plan_start": url("plan_start", hh),
        "support:plan_edit": url("plan_edit", hh),
        "support:measure": url("measure", hh),
        "support:plan_sign": url("plan_sign", hh),
        "support:plan_coach": url("plan_coach", hh),
        "support:plan_cosigners": url("plan_cosigners", hh),
        ("/api/v1/support/plans/", "get"): ("/api/v1/support/plans/", f'"household":{hh},'),
        ("/api/v1/support/plans/{id}/", "get"): f"/api/v1/support/plans/{plan.pk}/",
        ("/api/v1/support/measurements/", "get"): f"/api/v1/support/measurements/?household={hh}",
        ("/api/v1/support/decisions/", "get"): (
            "/api/v1/support/decisions/",
            f'"resident":{subject.pk},',
        ),
        ("/api/v1/support/decisions/{id}/", "get"): f"/api/v1/support/decisions/{decision.pk}/",
    }
