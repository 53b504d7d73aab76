"""The monitor's figures: hops, time to the right help, escalations — per neighbourhood and
per organisation, from plain query functions."""

from __future__ import annotations

import datetime

import pytest

from leefwereld.core.tests.factories import ResidentFactory, TeamFactory, as_actor
from leefwereld.routes import figures, services

from .factories import MONDAY, ProviderFactory, RegieOrganisationFactory, help_request, professional

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def setting():
    resident = ResidentFactory()
    hood = resident.household.address.neighbourhood
    team = TeamFactory(neighbourhoods=[hood]).organisation
    providers = [ProviderFactory(name=n) for n in ("Aanbieder A", "Aanbieder B", "Aanbieder C")]
    RegieOrganisationFactory()
    workers = {o.pk: professional(o) for o in [team, *providers]}
    return hood, team, providers, workers


def neighbour(hood):
    return ResidentFactory(household__address__neighbourhood=hood)


def test_hops_time_to_help_and_escalations_per_neighbourhood_and_organisation(setting):
    hood, team, providers, workers = setting
    w = workers
    # Helped by the team itself on the first day.
    direct = help_request(neighbour(hood), team, actor=w[team.pk])
    services.close_request(as_actor(w[team.pk]), direct, now=MONDAY + 10 * DAY)
    # Referred once; the provider accepted four days later and helped.
    once = help_request(neighbour(hood), team, actor=w[team.pk])
    services.refer(as_actor(w[team.pk]), once, to_organisation=providers[0], now=MONDAY)
    once.refresh_from_db()
    services.accept_handover(
        as_actor(w[providers[0].pk]), once.current_handover, now=MONDAY + 4 * DAY
    )
    services.close_request(as_actor(w[providers[0].pk]), once, now=MONDAY + 20 * DAY)
    # Referred twice (one refused), then a third attempt: escalated.
    long = help_request(neighbour(hood), team, actor=w[team.pk])
    services.refer(as_actor(w[team.pk]), long, to_organisation=providers[0], now=MONDAY)
    long.refresh_from_db()
    services.refuse_handover(as_actor(w[providers[0].pk]), long.current_handover, now=MONDAY)
    long.refresh_from_db()
    services.accept_handover(as_actor(w[team.pk]), long.current_handover, now=MONDAY)
    services.refer(as_actor(w[team.pk]), long, to_organisation=providers[1], now=MONDAY)
    long.refresh_from_db()
    services.accept_handover(as_actor(w[providers[1].pk]), long.current_handover, now=MONDAY)
    services.refer(as_actor(w[providers[1].pk]), long, to_organisation=providers[2], now=MONDAY)

    totals = figures.totals()
    assert (totals.requests, totals.open, totals.helped) == (3, 1, 2)
    assert totals.mean_hops == pytest.approx(1.0)
    assert totals.two_or_more == 1
    assert totals.escalated == 1
    assert totals.median_days_to_help == 2.0  # 0 and 4 days
    assert totals.median_days_to_help_referred == 4.0
    assert figures.hops_distribution() == {"0": 1, "1": 1, "2": 1, "3+": 0}

    (row,) = [n for n in figures.per_neighbourhood() if n.neighbourhood_id == hood.pk]
    assert (row.requests, row.helped, row.two_or_more, row.escalations) == (3, 2, 1, 1)
    assert row.causes == {"third_referral": 1}
    assert round(row.two_or_more_share) == 33

    by_org = {o.name: o for o in figures.per_organisation()}
    assert by_org["Aanbieder A"].received == 2
    assert by_org["Aanbieder A"].refused == 1
    assert by_org["Aanbieder A"].accepted == 1
    assert by_org["Aanbieder B"].escalations_from == 1
    assert by_org[team.name].referred_on == 3
    assert by_org["Aanbieder B"].causes == {"third_referral": 1}
    assert (by_org["Aanbieder A"].helped, by_org["Aanbieder A"].median_days_to_help) == (1, 4.0)
    assert by_org["Aanbieder A"].mean_hops_helped == 1.0
    assert (by_org[team.name].helped, by_org[team.name].median_days_to_help) == (1, 0.0)

    causes = {c.cause: c for c in figures.escalation_causes()}
    assert causes["third_referral"].count == 1
    assert causes["pillar_to_post"].count == 0
    assert figures.years() == [2026]
    assert figures.totals(year=2025).requests == 0


def test_the_figures_cost_the_same_queries_for_few_or_many_requests(
    setting, django_assert_max_num_queries
):
    hood, team, providers, workers = setting

    def grow(n):
        for _ in range(n):
            request = help_request(neighbour(hood), team, actor=workers[team.pk])
            services.refer(
                as_actor(workers[team.pk]), request, to_organisation=providers[0], now=MONDAY
            )

    def run():
        figures.totals()
        figures.hops_distribution()
        figures.per_neighbourhood()
        figures.per_organisation()
        figures.escalation_causes()

    grow(1)
    with django_assert_max_num_queries(20) as few:
        run()
    grow(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        run()


def test_published_organisation_counts_hide_accepted_so_received_minus_refused_cannot_show_it(
    monkeypatch,
):
    # 40 received, 37 refused, 3 accepted, none open: shown on their own, received - refused
    # would give the hidden 3 back; as one table with received as row total it cannot.
    rows = [
        figures.OrganisationFigures(
            organisation_id=1, name="A", received=40, accepted=3, refused=37
        ),
        figures.OrganisationFigures(
            organisation_id=2, name="B", received=50, accepted=25, refused=25
        ),
    ]
    monkeypatch.setattr(figures, "per_organisation", lambda year=None: rows)
    shown = {o.name: o for o in figures.published()["organisations"]}
    assert shown["A"].accepted is None
    published = [shown["A"].received, shown["A"].refused]
    assert None in published  # either may be hidden, but not both shown
    assert shown["B"].received == 50  # a large row total stays (rounded to 5)
