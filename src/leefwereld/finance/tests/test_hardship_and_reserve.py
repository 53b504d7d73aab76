"""Hardship clause: a second, mandated person decides within the clock; a grant is paid
from the reserve and lands anonymously in the register under its blocking rule."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import MembershipFactory, UserFactory, as_actor
from leefwereld.democracy.models import HardshipDecision
from leefwereld.democracy.tests.factories import BlockingRuleFactory
from leefwereld.finance import services
from leefwereld.finance.models import BudgetYear, HardshipProposal
from leefwereld.finance.services import FinanceError
from leefwereld.vault.models import Category, LegalBasis

from .factories import budget_line, world

pytestmark = pytest.mark.django_db


def _finance_basis(w):
    # The professional may write finance content for the household (a Wmo basis).
    LegalBasis.objects.filter(resident=w.case.resident).update(
        categories=[Category.OTHER, Category.FINANCE]
    )


def _propose(w, amount=40_000):
    _finance_basis(w)
    rule = BlockingRuleFactory(municipality=w.case.team.municipality)
    return services.propose_hardship(
        as_actor(w.case.professional),
        w.case.household,
        amount_cents=amount,
        rule=rule,
        law="wmo",
        why="De inkomensgrens telt een eenmalige uitkering mee.",
        alternatives="Bijzondere bijstand: afgewezen; fonds: geen budget.",
    )


def _lead(w):
    return MembershipFactory(organisation=w.case.team, user__role=Role.TEAM_LEAD).user


def test_a_grant_is_paid_from_the_reserve_and_recorded_anonymously_under_its_rule():
    w = world(amount=10_000_000)  # reserve 5 % = € 5.000
    proposal = _propose(w)
    today = services.today()
    BudgetYear.objects.filter(year=2026).update(year=today.year)
    year = BudgetYear.objects.get(year=today.year)
    before = services.reserve(year)["balance"]
    decided = services.decide_hardship(as_actor(_lead(w)), proposal, grant=True)
    assert decided.status == HardshipProposal.Status.GRANTED
    assert services.reserve(year)["balance"] == before - 40_000
    entry = HardshipDecision.objects.get(pk=decided.register_entry_id)
    assert entry.rule_id == proposal.rule_id and "250" in entry.description
    assert "40" not in entry.description.replace("250", "")  # a band, not the amount
    per_rule = services.hardship_per_rule(today.year)
    assert per_rule[0]["total"] == 40_000 and per_rule[0]["n"] == 1


def test_nobody_decides_their_own_proposal():
    w = world()
    lead = _lead(w)
    _finance_basis(w)
    proposal = _propose(w)
    HardshipProposal.objects.filter(pk=proposal.pk).update(proposed_by=lead)
    proposal.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.decide_hardship(as_actor(lead), proposal, grant=True)


def test_a_professional_is_not_mandated_to_decide():
    w = world()
    proposal = _propose(w)
    other = MembershipFactory(organisation=w.case.team, user__role=Role.PROFESSIONAL).user
    with pytest.raises(PermissionDenied):
        services.decide_hardship(as_actor(other), proposal, grant=True)


def test_the_clock_runs_in_working_days_and_a_late_proposal_is_escalated():
    w = world()
    proposal = _propose(w)
    # 5 working days, Dutch public holidays skipped (rules.calendar).
    from leefwereld import rules

    assert proposal.due_on == rules.add_working_days(proposal.proposed_on, 5)
    assert services.escalate_late(proposal.due_on) == 0
    assert services.escalate_late(proposal.due_on + datetime.timedelta(days=1)) == 1
    proposal.refresh_from_db()
    assert proposal.escalated_on is not None


def test_a_grant_larger_than_the_reserve_is_refused_and_writes_nothing():
    w = world(amount=100_000)  # reserve 5 % = € 50
    proposal = _propose(w, amount=40_000)
    BudgetYear.objects.filter(year=2026).update(year=services.today().year)
    with pytest.raises(FinanceError):
        services.decide_hardship(as_actor(_lead(w)), proposal, grant=True)
    proposal.refresh_from_db()
    assert proposal.status == HardshipProposal.Status.PROPOSED
    assert not HardshipDecision.objects.exists()


def test_a_drawdown_needs_a_reason_and_the_controller():
    w = world(amount=10_000_000)
    year = BudgetYear.objects.get(year=2026)
    controller = as_actor(UserFactory(role=Role.CONTROLLER))
    with pytest.raises(FinanceError):
        services.draw_reserve(controller, year, amount_cents=1_000, reason=" ")
    with pytest.raises(PermissionDenied):
        services.draw_reserve(as_actor(w.case.professional), year, amount_cents=1, reason="x")
    services.draw_reserve(controller, year, amount_cents=1_000, reason="Noodopvang na brand")
    assert services.reserve(year) == {
        "budget": 10_000_000,
        "reserve": 500_000,
        "used": 1_000,
        "balance": 499_000,
    }


def test_budget_changes_are_versions_with_reason_and_decision_maker():
    w = world()
    controller = as_actor(UserFactory(role=Role.CONTROLLER))
    line = services.set_budget(
        controller,
        year=2026,
        neighbourhood=w.line.neighbourhood,
        purpose="thuis",
        amount_cents=1_200_000,
        reason="Raadsbesluit 12 maart: extra voor huishoudelijke hulp",
    )
    assert line.pk == w.line.pk and line.version == 2 and line.amount_cents == 1_200_000
    assert [v.amount_cents for v in line.versions.all()] == [1_000_000, 1_200_000]
    budget_line(w.line.neighbourhood, year=2027)
    assert len(services.overview(2027)) == 1
