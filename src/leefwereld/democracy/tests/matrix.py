"""Meedoen's sample objects for the authorisation matrix (tests/test_authorisation_matrix.py).

`build(world)` makes a round in voting in the test resident's neighbourhood, in which the
resident has voted online, a closed round with its result, an initiative with a start-up
grant, a blocking rule and a challenge, and returns the concrete path of every Meedoen page
and API operation that takes arguments.

Meedoen publishes what residents decide together, so nothing here carries the world's
marker: a page whose policy has `personal=None` must never show it. The one personal page
is the resident's own ballot (`democracy:vote`, `policy.own_only`): its "fragment" is the
ticked box of the project the resident chose, which only the resident sees.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

from leefwereld.core.actor import Actor
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory
from leefwereld.democracy import services
from leefwereld.democracy.models import AdvicePoint, AdviceRequest, ChallengeStatus

from .factories import (
    BlockingRuleFactory,
    BudgetRoundFactory,
    ChallengeFactory,
    InitiativeFactory,
    ProjectFactory,
)


def _ticked(project_pk: int):
    """The response shows this project's box ticked: the voter's own choice."""
    pattern = re.compile(rf'<input[^>]*value="{project_pk}"[^>]*checked')

    def shows(response, world, since) -> bool:
        return bool(pattern.search(response.content.decode(errors="ignore")))

    return shows


def build(world) -> dict[Any, Any]:
    subject = world.subject
    neighbourhood = subject.household.address.neighbourhood
    officer = Actor.system("matrix", UserFactory(role=Role.POLICY_OFFICER))

    voting = BudgetRoundFactory(voting=True, min_age=0, neighbourhoods=[neighbourhood])
    chosen = ProjectFactory(round=voting)
    ProjectFactory(round=voting)
    services.cast_ballot(Actor.system("matrix", subject.user), voting, choices=[chosen.pk])

    closed = BudgetRoundFactory(voting=True)
    funded = ProjectFactory(round=closed)
    services.close_voting(None, closed)

    initiative = InitiativeFactory(initiator=subject.user)
    services.answer_initiative(officer, initiative, yes=True, text="Mooi plan.")
    grant = services.award_startup_grant(
        officer,
        initiative,
        amount=500,
        purpose="Zaden en gereedschap",
        report_due=timezone.localdate() + datetime.timedelta(days=90),
        indicators=[("Deelnemers", 10, "mensen")],
    )
    rule = BlockingRuleFactory()
    challenge = ChallengeFactory(status=ChallengeStatus.ASSESSING)

    # The advisory council channel: an open request (advised, awaiting the response).
    advice = AdviceRequest.objects.create(
        source=AdviceRequest.Source.ADVISORY_COUNCIL,
        status=AdviceRequest.Status.ADVISED,
        title="Mantelzorg en respijt",
        proposal="Aanleiding",
        sender="Adviesraad sociaal domein",
        advised_on=timezone.localdate(),
        response_due=timezone.localdate(),
        created_by=officer.user,
    )
    AdvicePoint.objects.create(request=advice, number=1, advice="Meer respijtzorg.")

    def url(name: str, *args: Any) -> str:
        return reverse(f"democracy:{name}", args=args)

    return {
        "democracy:advisory_detail": url("advisory_detail", advice.pk),
        "democracy:advisory_advise": url("advisory_advise", advice.pk),
        "democracy:advisory_respond": url("advisory_respond", advice.pk),
        "democracy:round_detail": url("round_detail", voting.pk),
        "democracy:round_result": url("round_result", closed.pk),
        "democracy:propose": url("propose", voting.pk),
        "democracy:vote": (url("vote", voting.pk), _ticked(chosen.pk)),
        "democracy:round_export": url("round_export", closed.pk),
        "democracy:round_manage": url("round_manage", voting.pk),
        "democracy:round_transition": url("round_transition", voting.pk),
        "democracy:voting_codes": url("voting_codes", voting.pk),
        "democracy:project_detail": url("project_detail", chosen.pk),
        "democracy:project_support": url("project_support", chosen.pk),
        "democracy:project_review": url("project_review", chosen.pk),
        "democracy:realisation_update": url("realisation_update", funded.pk),
        "democracy:initiative_detail": url("initiative_detail", initiative.pk),
        "democracy:initiative_answer": url("initiative_answer", initiative.pk),
        "democracy:initiative_link": url("initiative_link", initiative.pk),
        "democracy:initiative_contact": url("initiative_contact", initiative.pk),
        "democracy:grant_create": url("grant_create", initiative.pk),
        "democracy:grant_report": url("grant_report", grant.pk),
        "democracy:rule_detail": url("rule_detail", rule.pk),
        "democracy:rule_support": url("rule_support", rule.pk),
        "democracy:rule_status": url("rule_status", rule.pk),
        "democracy:rule_hardship": url("rule_hardship", rule.pk),
        "democracy:challenge_detail": url("challenge_detail", challenge.pk),
        "democracy:challenge_join": url("challenge_join", challenge.pk),
        "democracy:challenge_criteria": url("challenge_criteria", challenge.pk),
        "democracy:challenge_decide": url("challenge_decide", challenge.pk),
        "democracy-round-detail": f"/api/v1/budget-rounds/{voting.pk}/",
        "democracy-round-result": f"/api/v1/budget-rounds/{closed.pk}/result/",
        "democracy-project-detail": f"/api/v1/budget-projects/{chosen.pk}/",
        "democracy-project-support": f"/api/v1/budget-projects/{chosen.pk}/support/",
        "democracy-initiative-detail": f"/api/v1/initiatives/{initiative.pk}/",
        "democracy-rule-detail": f"/api/v1/blocking-rules/{rule.pk}/",
        "democracy-rule-support": f"/api/v1/blocking-rules/{rule.pk}/support/",
        "democracy-challenge-detail": f"/api/v1/challenges/{challenge.pk}/",
        ("/api/v1/budget-rounds/{id}/", "get"): f"/api/v1/budget-rounds/{voting.pk}/",
        ("/api/v1/budget-rounds/{id}/result/", "get"): (
            f"/api/v1/budget-rounds/{closed.pk}/result/"
        ),
        ("/api/v1/budget-projects/{id}/", "get"): f"/api/v1/budget-projects/{chosen.pk}/",
        ("/api/v1/budget-projects/{id}/support/", "post"): (
            f"/api/v1/budget-projects/{chosen.pk}/support/"
        ),
        ("/api/v1/budget-projects/{id}/support/", "delete"): (
            f"/api/v1/budget-projects/{chosen.pk}/support/"
        ),
        ("/api/v1/initiatives/{id}/", "get"): f"/api/v1/initiatives/{initiative.pk}/",
        ("/api/v1/blocking-rules/{id}/", "get"): f"/api/v1/blocking-rules/{rule.pk}/",
        ("/api/v1/blocking-rules/{id}/support/", "post"): (
            f"/api/v1/blocking-rules/{rule.pk}/support/"
        ),
        ("/api/v1/blocking-rules/{id}/support/", "delete"): (
            f"/api/v1/blocking-rules/{rule.pk}/support/"
        ),
        ("/api/v1/challenges/{id}/", "get"): f"/api/v1/challenges/{challenge.pk}/",
    }
