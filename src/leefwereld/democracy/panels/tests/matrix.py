"""The citizen panels' sample objects for the authorisation matrix
(tests/test_authorisation_matrix.py).

`build(world)` makes a closed panel with quotas, a selection run, and the test resident as
a volunteer who registered with their own name (it holds the world's marker) and was drawn,
and returns the concrete path of every panels page and API operation that takes arguments.

The pool page shows volunteers' names to the municipality's managers, in every
state of access (the volunteer gave them to the municipality; they are not vault data):
their policy is `policy.only(*MANAGER_ROLES)`. Every public page and the API show public
ids only and must never show the marker.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory
from leefwereld.democracy.panels.models import (
    Meeting,
    Panel,
    Recommendation,
    SelectionRun,
    Volunteer,
)

from .factories import VolunteerFactory, panel_with_quotas


def build(world) -> dict[Any, Any]:
    panel = panel_with_quotas(status=Panel.Status.CLOSED)
    volunteer = VolunteerFactory(
        panel=panel,
        name=world.subject.full_name,
        features={"geslacht": "vrouw", "leeftijd": "jong"},
        status=Volunteer.Status.SELECTED,
    )
    category = panel.categories.order_by("pk").first()
    run = SelectionRun.objects.create(
        panel=panel,
        method=panel.method,
        size=panel.size,
        input_digest="0" * 64,
        created_by=UserFactory(role=Role.POLICY_OFFICER),
    )

    # After the draw (issue 19): a meeting and a published recommendation, made directly
    # (the sample panel is closed; the verbs would want a drawn one).
    meeting = Meeting.objects.create(panel=panel, date=run.created_at.date(), place="Stadhuis")
    recommendation = Recommendation.objects.create(
        panel=panel,
        number=1,
        title="Een ontmoetingsplek per wijk",
        text="Elke wijk krijgt een plek waar buren elkaar treffen.",
        status=Recommendation.Status.PUBLISHED,
        published_on=run.created_at.date(),
        answer_due=run.created_at.date(),
    )
    # Put to the vote: its page lists the members by name to record the vote in the room.
    voting = Recommendation.objects.create(
        panel=panel,
        number=2,
        title="Een buddy voor wie alleen woont",
        text="Vrijwilligers bezoeken wie dat wil.",
        status=Recommendation.Status.VOTING,
    )

    def url(name: str, *args: Any) -> str:
        return reverse(f"panels:{name}", args=args)

    paths: dict[Any, Any] = {
        name: url(name, panel.pk)
        for name in (
            "public",
            "lottery_file",
            "register",
            "registered",
            "manage_panel",
            "edit",
            "transition",
            "quotas",
            "resuggest",
            "add_category",
            "invite",
            "pool",
            "import_pool",
            "selection",
            "start_selection",
            "publish",
            "draw",
            "prepare_replacements",
            "member",
            "meetings",
            "advice",
        )
    }
    paths = {f"panels:{name}": path for name, path in paths.items()}
    paths.update(
        {
            "panels:replacement_file": url("replacement_file", panel.pk, 1),
            "panels:remove_category": url("remove_category", panel.pk, category.pk),
            "panels:withdraw": url("withdraw", panel.pk, volunteer.pk),
            "panels:dropout": url("dropout", panel.pk, volunteer.pk),
            "panels:run": url("run", run.pk),
            "panels:run_progress": url("run_progress", run.pk),
            "panels:cancel_run": url("cancel_run", run.pk),
            "panels:relax": url("relax", run.pk),
            "panels:accountability": reverse("panels:accountability"),
            "panels:recommendation_public": url(
                "recommendation_public", panel.pk, recommendation.number
            ),
            "panels:member_vote": url("member_vote", panel.pk, recommendation.pk),
            "panels:meeting": url("meeting", panel.pk, meeting.pk),
            "panels:recommendation": url("recommendation", panel.pk, voting.pk),
            "panels:recommendation_step": url("recommendation_step", panel.pk, recommendation.pk),
            "panels:answer": url("answer", panel.pk, recommendation.pk),
            "panels:implementation": url("implementation", panel.pk, recommendation.pk),
            "panel-detail": f"/api/v1/panels/{panel.pk}/",
            ("/api/v1/panels/{id}/", "get"): f"/api/v1/panels/{panel.pk}/",
        }
    )
    # The name the volunteer typed is shown to the managers on the pool page.
    paths["panels:pool"] = (paths["panels:pool"], world.subject.full_name)
    # The attendance page and the vote in the room name the members for the managers.
    paths["panels:meeting"] = (paths["panels:meeting"], world.subject.full_name)
    paths["panels:recommendation"] = (paths["panels:recommendation"], world.subject.full_name)
    return paths
