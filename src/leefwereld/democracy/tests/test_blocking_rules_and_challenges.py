"""The blocking-rules register and the right to challenge."""

import pytest
from django.core.exceptions import ValidationError

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import NeighbourhoodFactory, UserFactory, as_actor, log_in
from leefwereld.democracy import hooks, services
from leefwereld.democracy.models import (
    BlockingRuleStatusChange,
    ChallengeStatus,
    RuleStatus,
)

from .factories import BlockingRuleFactory, ChallengeFactory

pytestmark = pytest.mark.django_db


def officer():
    return UserFactory(role=Role.POLICY_OFFICER)


def report(by=None, **kwargs):
    neighbourhood = NeighbourhoodFactory()
    return services.report_blocking_rule(
        as_actor(by or UserFactory()),
        municipality=neighbourhood.municipality,
        neighbourhood=neighbourhood,
        title=kwargs.pop("title", "Vergunning voor een straatfeest: 8 weken vooraf"),
        blocked="Ons straatfeest op 3 weken termijn.",
        reference="APV artikel 2:25",
        **kwargs,
    )


def count(rule):
    return services.blocking_rules_with_counts().get(pk=rule.pk).support_count


def test_the_reporter_counts_as_the_first_supporter():
    rule = report()
    assert rule.status == RuleStatus.REPORTED
    assert count(rule) == 1


def test_support_counts_once_per_person_and_can_be_withdrawn():
    rule = report()
    neighbour = UserFactory(role=Role.PROFESSIONAL)
    assert services.support_blocking_rule(as_actor(neighbour), rule) is True
    assert services.support_blocking_rule(as_actor(neighbour), rule) is False
    assert services.support_blocking_rule(as_actor(UserFactory()), rule) is True
    assert count(rule) == 3
    services.withdraw_blocking_rule_support(as_actor(neighbour), rule)
    assert count(rule) == 2


def test_the_rule_list_is_ordered_by_the_number_of_supporters():
    few = report(title="Weinig")
    many = report(title="Veel")
    for _ in range(3):
        services.support_blocking_rule(as_actor(UserFactory()), many)
    ordered = list(services.blocking_rules_with_counts().order_by("-support_count"))
    assert ordered[:2] == [many, few]


def test_a_policy_officer_keeps_a_rule_only_with_a_published_reason(client):
    rule = report()
    with pytest.raises(ValidationError, match="uitleg"):
        services.set_blocking_rule_status(
            as_actor(officer()), rule, status=RuleStatus.KEPT, reason=""
        )
    services.set_blocking_rule_status(
        as_actor(officer()),
        rule,
        status=RuleStatus.KEPT,
        reason="Politie en buren moeten het weten.",
    )
    page = client.get(f"/meedoen/blokkerende-regels/{rule.pk}/").content.decode()
    assert "Politie en buren moeten het weten." in page
    services.set_blocking_rule_status(
        as_actor(officer()),
        rule,
        status=RuleStatus.CHANGED,
        reason="Nu 3 weken voor kleine feesten.",
    )
    assert list(
        BlockingRuleStatusChange.objects.filter(rule=rule).values_list("to_status", flat=True)
    ) == ["reported", "kept", "changed"]


def test_a_removed_rule_is_final_and_gets_no_more_support():
    rule = report()
    services.set_blocking_rule_status(
        as_actor(officer()), rule, status=RuleStatus.REMOVED, reason="Weg."
    )
    with pytest.raises(ValidationError):
        services.set_blocking_rule_status(
            as_actor(officer()), rule, status=RuleStatus.KEPT, reason="x"
        )
    with pytest.raises(ValidationError):
        services.support_blocking_rule(as_actor(UserFactory()), rule)


@pytest.mark.parametrize("role", [Role.COUNCIL_MEMBER, Role.POLICY_OFFICER])
def test_the_council_page_lists_the_rules_with_their_counts(client, role):
    rule = report(title="Subsidie alleen voor stichtingen")
    services.support_blocking_rule(as_actor(UserFactory()), rule)
    log_in(client, UserFactory(role=role))
    page = client.get("/meedoen/raad/").content.decode()
    assert "Subsidie alleen voor stichtingen" in page
    assert '<td class="utrecht-table__cell utrecht-table__cell--numeric">2</td>' in page


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.PROFESSIONAL, Role.ADMINISTRATOR])
def test_other_roles_do_not_get_the_council_page(client, role):
    log_in(client, UserFactory(role=role))
    assert client.get("/meedoen/raad/").status_code == 403


def test_the_council_page_groups_hardship_decisions_under_a_rule_through_the_hook(client):
    rule = report(title="Kostendelersnorm")

    def provider(rule_ids):
        return {rule.pk: 4} if rule.pk in rule_ids else {}

    hooks.register_hardship_provider(provider)
    try:
        assert hooks.hardship_decisions_by_rule([rule.pk]) == {rule.pk: 4}
        log_in(client, UserFactory(role=Role.COUNCIL_MEMBER))
        page = client.get("/meedoen/raad/").content.decode()
        assert '<td class="utrecht-table__cell utrecht-table__cell--numeric">4</td>' in page
    finally:
        hooks.unregister_hardship_provider(provider)
    assert hooks.hardship_decisions_by_rule([rule.pk]) == {rule.pk: 0}


# --- right to challenge -------------------------------------------------------------------


def test_residents_bid_and_join_a_challenge():
    resident = UserFactory(role=Role.RESIDENT)
    challenge = services.submit_challenge(
        as_actor(resident),
        municipality=NeighbourhoodFactory().municipality,
        title="Wij onderhouden het park",
        task="Groenonderhoud Julianapark",
        plan="Met 20 vrijwilligers en een hovenier.",
        group_name="Vrienden van het park",
        bid_amount=30_000,
    )
    assert challenge.members.count() == 1
    services.join_challenge(as_actor(UserFactory(role=Role.RESIDENT)), challenge)
    services.join_challenge(as_actor(resident), challenge)
    assert challenge.members.count() == 2
    with pytest.raises(ValidationError):
        services.join_challenge(as_actor(UserFactory(role=Role.PROFESSIONAL)), challenge)


def test_criteria_are_published_before_the_decision_and_the_decision_has_reasons(client):
    challenge = ChallengeFactory()
    with pytest.raises(ValidationError, match="criteria"):
        services.decide_challenge(
            as_actor(officer()),
            challenge,
            granted=True,
            reasons="x",
            assessments={},
        )
    services.publish_criteria(
        as_actor(officer()),
        challenge,
        criteria=[("Kwaliteit", "Minstens even goed als nu."), ("Kosten", ""), ("", "")],
        current_budget=45_000,
    )
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.ASSESSING
    quality, cost = challenge.criteria.order_by("pk")
    with pytest.raises(ValidationError, match="elk"):
        services.decide_challenge(
            as_actor(officer()),
            challenge,
            granted=True,
            reasons="Goed plan.",
            assessments={quality.pk: (True, "")},
        )
    with pytest.raises(ValidationError, match="redenen"):
        services.decide_challenge(
            as_actor(officer()),
            challenge,
            granted=True,
            reasons=" ",
            assessments={quality.pk: (True, ""), cost.pk: (True, "")},
        )
    services.decide_challenge(
        as_actor(officer()),
        challenge,
        granted=True,
        reasons="Het plan is goedkoper en de buurt doet mee.",
        assessments={quality.pk: (True, "Hovenier erbij."), cost.pk: (True, "€ 15.000 minder.")},
    )
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.GRANTED
    page = client.get(f"/meedoen/uitdaagrecht/{challenge.pk}/").content.decode()
    assert "Het plan is goedkoper en de buurt doet mee." in page
    assert "Hovenier erbij." in page
    assert "Kwaliteit" in page


def test_blocking_rule_factory_makes_a_listed_rule(client):
    rule = BlockingRuleFactory()
    assert rule.title in client.get("/meedoen/blokkerende-regels/").content.decode()
