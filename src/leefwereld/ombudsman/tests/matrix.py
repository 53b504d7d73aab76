"""The ombudsman desk's objects for the authorisation matrix.

`build(world)` files a complaint by the world's test resident (logged in, so it is theirs)
whose summary and text carry the marker, hands it to the world's team as its action team
(so the team's case workers see it there), and sends a signal to policy that names only
its case number. The marker shows on the resident's own pages, the ombudsman's desk and
case page, and the action team's pages; never on the council's figures and signals.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from leefwereld.core.actor import Actor
from leefwereld.ombudsman import services
from leefwereld.ombudsman.models import Category
from leefwereld.ombudsman.transitions import Event

from .factories import ombudsman_user


def build(world: Any) -> dict[Any, str | tuple[str, str]]:
    marker = world.marker
    category = Category.objects.create(name=f"Matrix {world.state}")
    filed = services.file_complaint(
        Actor(world.subject.user, "matrix:set-up"),
        about="team",
        organisation=world.team,
        category=category,
        summary=f"klacht-{marker}",
        description=f"tekst-{marker}",
    )
    complaint = filed.complaint
    desk = Actor(ombudsman_user(), "matrix:set-up")
    services.transition(desk, complaint, Event.HAND_OFF, team=world.team)
    signal = services.send_signal(
        desk,
        title="Terugbellen",
        recommendation="Bel binnen twee dagen terug.",
        complaints=[complaint],
    )
    world.extra["ombudsman"] = {"complaint": complaint, "signal": signal}
    pk = complaint.pk
    return {
        "ombudsman:mine": (reverse("ombudsman:mine"), f"klacht-{marker}"),
        "ombudsman:my_complaint": reverse("ombudsman:my_complaint", args=[pk]),
        "ombudsman:my_feedback": reverse("ombudsman:my_feedback", args=[pk]),
        "ombudsman:my_pillar_to_post": reverse("ombudsman:my_pillar_to_post", args=[pk]),
        "ombudsman:case": reverse("ombudsman:case", args=[pk]),
        "ombudsman:step": reverse("ombudsman:step", args=[pk]),
        "ombudsman:cause": reverse("ombudsman:cause", args=[pk]),
        "ombudsman:team_case": reverse("ombudsman:team_case", args=[pk]),
        "ombudsman:resolve": reverse("ombudsman:resolve", args=[pk]),
        "ombudsman:signal": reverse("ombudsman:signal", args=[signal.pk]),
        "ombudsman:signal_follow_up": reverse("ombudsman:signal_follow_up", args=[signal.pk]),
    }
