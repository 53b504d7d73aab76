"""The help routes' objects for the authorisation matrix (tests/test_authorisation_matrix.py).

`build(world)` makes, about the world's test resident:

* a help request the resident asked of the world's neighbourhood team (waiting for the team
  to accept), with the marker in the question in the resident's own vault;
* the team's involvement registration (by the world's professional) and another
  organisation's, with a signal each way.

It returns, for every routes page and API operation, the concrete path the matrix opens and
the fragment whose presence means "personal data shown": the resident's name (which holds
the marker) on case workers' pages, the question on pages that read it from the vault, the
resident's id in API answers (they never carry names), the involved organisation on the
resident's own involvement page.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from leefwereld.core.actor import Actor
from leefwereld.core.tests.factories import OrganisationFactory
from leefwereld.routes import notify, services
from leefwereld.routes.models import Involvement, InvolvementSignal
from leefwereld.vault.models import Category


def _involvement(world: Any, organisation, professional, now) -> Involvement:
    today = timezone.localdate(now)
    return Involvement.objects.create(
        resident=world.subject,
        organisation=organisation,
        professional=professional,
        contact_name=professional.display_name,
        contact_phone="06-12345678",
        contact_email="betrokken@werk.example",
        registered_at=now,
        starts_on=today,
        delete_after=today + datetime.timedelta(days=700),
    )


def build(world: Any) -> dict[Any, str | tuple[str, str]]:
    subject, team, marker = world.subject, world.team, world.marker
    now = timezone.now()
    question = f"vraag-{marker}"
    with notify.muted():
        request = services.open_request(
            Actor(subject.user, "matrix:set-up"),
            subject,
            organisation=team,
            category=Category.FINANCE,
            question=f"{question}: ik kom er met mijn rekeningen niet meer uit.",
            now=now,
        )
    professional = world.actors["professional"]
    ours = _involvement(world, team, professional, now)
    elsewhere = OrganisationFactory(name="Jeugdhulp Zuid")
    theirs = _involvement(world, elsewhere, professional, now)
    signal = InvolvementSignal.objects.create(
        recipient=ours, other=theirs, match=InvolvementSignal.Match.SAME_RESIDENT, created_at=now
    )
    InvolvementSignal.objects.create(
        recipient=theirs, other=ours, match=InvolvementSignal.Match.SAME_RESIDENT, created_at=now
    )
    handover = request.handovers.get()
    world.extra["routes"] = {"request": request, "involvement": ours, "signal": signal}

    pk = request.pk
    # API answers carry the resident's id, never a name: that id is the personal fragment.
    resident_id = f'"resident":{subject.pk},'
    api = "/api/v1"
    paths: dict[Any, str | tuple[str, str]] = {
        # Residents.
        "routes:where_am_i": (
            reverse("routes:where_am_i"),
            reverse("routes:my_request", args=[pk]),
        ),
        "routes:my_request": (reverse("routes:my_request", args=[pk]), question),
        "routes:my_involvements": (reverse("routes:my_involvements"), team.name),
        # Case workers: their pages show the resident's name (it holds the marker).
        "routes:worklist": reverse("routes:worklist"),
        "routes:request_detail": (reverse("routes:request_detail", args=[pk]), question),
        "routes:refer": reverse("routes:refer", args=[pk]),
        "routes:involvements": reverse("routes:involvements"),
        "routes:involvement_team": reverse("routes:involvement_team"),
        "routes:involvement_end": reverse("routes:involvement_end", args=[ours.pk]),
        "routes:signal_contact": reverse("routes:signal_contact", args=[signal.pk]),
        # The API.
        (f"{api}/help-requests/", "get"): (f"{api}/help-requests/", resident_id),
        (f"{api}/help-requests/{{id}}/", "get"): (f"{api}/help-requests/{pk}/", resident_id),
        (f"{api}/help-requests/{{id}}/question/", "get"): (
            f"{api}/help-requests/{pk}/question/",
            question,
        ),
        (f"{api}/referrals/{{id}}/", "get"): f"{api}/referrals/{handover.pk}/",
        (f"{api}/involvements/", "get"): (f"{api}/involvements/", resident_id),
        (f"{api}/involvements/{{id}}/end/", "post"): f"{api}/involvements/{ours.pk}/end/",
        (f"{api}/involvement-signals/", "get"): (f"{api}/involvement-signals/", resident_id),
        (f"{api}/involvement-signals/{{id}}/contact-made/", "post"): (
            f"{api}/involvement-signals/{signal.pk}/contact-made/"
        ),
    }
    # The request's own actions (POST only: a GET changes and shows nothing).
    for name in (
        "pillar_to_post",
        "share",
        "withdraw",
        "accept",
        "refuse",
        "escalate",
        "close",
        "add_note",
    ):
        paths[f"routes:{name}"] = reverse(f"routes:{name}", args=[pk])
    # No escalation exists in the world: a GET of the action answers 405 before any look-up.
    paths["routes:take_ownership"] = reverse("routes:take_ownership", args=[pk])
    for verb in (
        "refer",
        "accept",
        "refuse",
        "escalate",
        "pillar-to-post",
        "take-ownership",
        "close",
        "share",
        "withdraw",
    ):
        paths[(f"{api}/help-requests/{{id}}/{verb}/", "post")] = f"{api}/help-requests/{pk}/{verb}/"
    return paths
