"""Every Meedoen URL is classified, and each role gets exactly the pages its class says."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from leefwereld.core import policy
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory, log_in
from leefwereld.democracy import authorisation, services
from leefwereld.democracy.models import ChallengeStatus

from .factories import (
    BlockingRuleFactory,
    BudgetRoundFactory,
    ChallengeFactory,
    InitiativeFactory,
    ProjectFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("leefwereld.democracy.tests.api_urls")]


def names(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n) or None
            yield from names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_democracy_url_is_classified_and_every_classification_exists():
    ours = {n for n in names() if n.startswith("democracy:") or n.startswith("democracy-")}
    assert ours == set(authorisation.URLS)


def test_every_democracy_api_operation_is_classified():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    ours = {
        (path, method)
        for path, ops in schema["paths"].items()
        for method in ops
        if path.split("/")[3]
        in {"budget-rounds", "budget-projects", "initiatives", "blocking-rules", "challenges"}
    }
    assert ours == set(authorisation.OPERATIONS)


@pytest.fixture
def world():
    round_ = BudgetRoundFactory(review=True)
    project = ProjectFactory(round=round_)
    closed = BudgetRoundFactory(voting=True)
    ProjectFactory(round=closed)
    services.close_voting(None, closed)
    initiative = InitiativeFactory()
    grant_initiator = initiative.initiator
    challenge = ChallengeFactory(status=ChallengeStatus.ASSESSING)
    return {
        "round": round_.pk,
        "closed": closed.pk,
        "project": project.pk,
        "initiative": initiative.pk,
        "rule": BlockingRuleFactory().pk,
        "challenge": challenge.pk,
        "initiator": grant_initiator,
    }


MANAGERS = authorisation.MANAGER_ROLES
# name, argument key, who gets 200 (others: 403; anonymous: 200 if "all", else login)
PAGES = [
    ("democracy:index", None, "all"),
    ("democracy:round_list", None, "all"),
    ("democracy:round_detail", "round", "all"),
    ("democracy:round_result", "closed", "all"),
    ("democracy:project_detail", "project", "all"),
    ("democracy:vote_with_code", None, "all"),
    ("democracy:initiative_list", None, "all"),
    ("democracy:initiative_detail", "initiative", "all"),
    ("democracy:rule_list", None, "all"),
    ("democracy:rule_detail", "rule", "all"),
    ("democracy:challenge_list", None, "all"),
    ("democracy:challenge_detail", "challenge", "all"),
    ("democracy:propose", "round", {Role.RESIDENT}),
    ("democracy:vote", "round", {Role.RESIDENT}),
    ("democracy:initiative_create", None, {Role.RESIDENT}),
    ("democracy:challenge_create", None, {Role.RESIDENT}),
    ("democracy:rule_report", None, set(Role)),
    ("democracy:initiative_contact", "initiative", authorisation.CONTACT_PAGE_ROLES),
    ("democracy:council", None, authorisation.COUNCIL_ROLES),
    ("democracy:round_export", "closed", authorisation.EXPORTER_ROLES),
    ("democracy:manage", None, MANAGERS),
    ("democracy:round_create", None, MANAGERS),
    ("democracy:round_import", None, MANAGERS),
    ("democracy:round_manage", "round", MANAGERS),
    ("democracy:voting_codes", "round", MANAGERS),
    ("democracy:project_review", "project", MANAGERS),
    ("democracy:realisation_update", "project", MANAGERS),
    ("democracy:initiative_answer", "initiative", MANAGERS),
    ("democracy:initiative_link", "initiative", MANAGERS),
    ("democracy:grant_create", "initiative", MANAGERS),
    ("democracy:rule_status", "rule", MANAGERS),
    ("democracy:rule_hardship", "rule", authorisation.HARDSHIP_ROLES),
    ("democracy:challenge_criteria", "challenge", MANAGERS),
    ("democracy:challenge_decide", "challenge", MANAGERS),
]


@pytest.mark.parametrize("role", [None, *Role])
def test_each_role_gets_exactly_its_pages(client, world, role):
    if role is not None:
        log_in(client, UserFactory(role=role, is_staff=role == Role.ADMINISTRATOR))
    for name, key, allowed in PAGES:
        url = reverse(name, args=[world[key]] if key else [])
        status = client.get(url).status_code
        if allowed == "all":
            expected = 200
        elif role is None:
            expected = 302
        else:
            expected = 200 if role in allowed else 403
        assert status == expected, (name, role, status)


def test_the_initiator_may_link_and_report_on_their_own_initiative(client, world):
    log_in(client, world["initiator"])
    assert (
        client.get(reverse("democracy:initiative_link", args=[world["initiative"]])).status_code
        == 200
    )
    stranger = UserFactory(role=Role.RESIDENT)
    client.logout()
    log_in(client, stranger)
    assert (
        client.get(reverse("democracy:initiative_link", args=[world["initiative"]])).status_code
        == 403
    )


@pytest.mark.parametrize(
    "name,key",
    [
        ("democracy:project_support", "project"),
        ("democracy:round_transition", "round"),
        ("democracy:rule_support", "rule"),
        ("democracy:challenge_join", "challenge"),
    ],
)
def test_actions_accept_only_post(client, world, name, key):
    log_in(client, UserFactory(role=Role.POLICY_OFFICER))
    assert client.get(reverse(name, args=[world[key]])).status_code == 405


def test_public_pages_never_name_who_proposed_supported_or_reported(client, world):
    round_ = BudgetRoundFactory()
    proposer = UserFactory(role=Role.RESIDENT, first_name="Geheimvoornaam", last_name="Achternaamx")
    ProjectFactory(round=round_, proposed_by=proposer)
    rule = BlockingRuleFactory(reported_by=proposer)
    for url in (
        reverse("democracy:round_detail", args=[round_.pk]),
        reverse("democracy:rule_detail", args=[rule.pk]),
        reverse("democracy:rule_list"),
        "/api/v1/budget-projects/",
        "/api/v1/blocking-rules/",
    ):
        body = client.get(url).content.decode()
        assert "Geheimvoornaam" not in body and "Achternaamx" not in body, url


def test_the_pages_table_agrees_with_the_policies():
    """What this module checks page by page is what the executable policies promise."""
    for name, _key, allowed in PAGES:
        rule = authorisation.URLS[name]
        if allowed == "all":
            assert rule.kind == policy.Kind.PUBLIC, name
        else:
            assert rule.kind == policy.Kind.PAGE and set(allowed) <= rule.roles, name


def test_the_municipality_manages_participation_and_panels_as_one_group():
    from leefwereld.democracy.panels import authorisation as panels

    assert panels.MANAGER_ROLES is authorisation.MANAGER_ROLES
    assert {Role.POLICY_OFFICER, Role.ADMINISTRATOR} == authorisation.MANAGER_ROLES
