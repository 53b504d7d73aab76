"""Schemes (non-take-up): published and hand-worked examples, and invariants."""

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leefwereld.rules.schemes import (
    DEFAULT_CONFIG,
    MinimaScheme,
    SchemeConfig,
    Situation,
    bijzondere_bijstand,
    check_all,
    huurtoeslag,
    kindgebonden_budget,
    minima,
    zorgtoeslag,
)
from leefwereld.rules.sources import ParameterUnavailable

DAY = dt.date(2026, 12, 7)

# The Rijksoverheid's table for 2026 (alleenstaande, € per month by gross yearly income),
# as published by Metro on 24 November 2025 (source in rules/schemes.py).
PUBLISHED_ZORGTOESLAG_2026 = [
    (29500, 129), (30000, 126), (30500, 120), (31000, 114), (31500, 109), (32000, 103),
    (32500, 97), (33000, 91), (33500, 86), (34000, 80), (34500, 74), (35000, 69),
    (35500, 63), (36000, 57), (36500, 51), (37000, 46), (37500, 40), (38000, 34),
    (38500, 28), (39000, 23), (39500, 17), (40000, 11), (40500, 6), (41000, 0),
]  # fmt: skip


def single(**kw):
    return Situation(peildatum=DAY, age=kw.pop("age", 35), savings=kw.pop("savings", 0), **kw)


@pytest.mark.parametrize(("income", "published"), PUBLISHED_ZORGTOESLAG_2026)
def test_zorgtoeslag_matches_the_published_2026_table_to_the_euro(income, published):
    result = zorgtoeslag(single(income_year=income * 100))
    assert abs(result.amount_month - published * 100) <= 100
    assert result.eligible == (published > 0)
    assert result.uncertain  # secondary source: said so in the explanation


def test_zorgtoeslag_hand_worked_partners():
    # € 246 − 13,75 % × (€ 45.000 − € 29.688) / 12 = € 246 − € 175,45 = € 70,55
    result = zorgtoeslag(single(partner=True, income_year=4500000))
    assert result.amount_month == 7055


def test_zorgtoeslag_not_for_minors_or_above_the_savings_limit():
    assert zorgtoeslag(single(age=17, income_year=0)).amount_month == 0
    rich = zorgtoeslag(single(income_year=0, savings=20000000))
    assert rich.amount_month == 0 and not rich.eligible
    assert "hoger dan de grens" in " ".join(rich.explanation.warnings)


def test_unknown_savings_are_not_guessed_but_named():
    result = zorgtoeslag(Situation(peildatum=DAY, age=40, income_year=2000000))
    assert result.amount_month == 12900
    assert any("spaargeld niet ingevuld" in w for w in result.explanation.warnings)


def test_kindgebonden_budget_hand_worked_single_parent_with_a_14_year_old():
    # € 2.577 + € 703 (12–15) + € 3.389 (alleenstaande ouder) = € 6.669 per year;
    # income € 35.000: 7,60 % × (€ 35.000 − € 29.688) = € 403,71; € 6.265,29 / 12 = € 522,11
    result = kindgebonden_budget(single(children_ages=(14,), income_year=3500000))
    assert result.amount_month == 52211
    assert result.eligible


def test_kindgebonden_budget_only_with_children_under_18():
    result = kindgebonden_budget(single(children_ages=(19,), income_year=1000000))
    assert not result.eligible and result.amount_month == 0


def test_huurtoeslag_gives_no_invented_amount_and_points_to_the_proefberekening():
    result = huurtoeslag(single(rent_month=95000, income_year=2000000))
    assert result.eligible and result.amount_month is None
    assert result.explanation.steps[1].amount_cents == 90007  # rent above the cap not counted
    assert "proefberekening" in result.next_step
    assert huurtoeslag(single()).eligible is None  # no rent typed in: we cannot tell


def test_bijzondere_bijstand_draagkracht_hand_worked():
    # Alleenstaande, 1 Jan 2026 norm € 1.401,50; free 110 % = € 1.541,65;
    # income € 1.700: above € 158,35, 50 % = € 79,18 own share; costs € 100 → € 20,82.
    result = bijzondere_bijstand(single(net_income_month=170000, special_costs_month=10000))
    assert result.amount_month == 2082
    assert result.uncertain  # municipal policy and an unofficial 2026 norm


def test_minima_schemes_follow_the_configured_threshold():
    config = SchemeConfig(
        minima=(
            MinimaScheme(
                "test",
                "Testregeling",
                "Iets.",
                Fraction(120, 100),
                12000,
                "Vraag het.",
                DEFAULT_CONFIG.source,
            ),
        )
    )
    # 120 % of € 1.401,50 = € 1.681,80
    assert minima(single(net_income_month=168180), config)[0].eligible
    assert not minima(single(net_income_month=168181), config)[0].eligible
    assert minima(single(net_income_month=100000), config)[0].amount_month == 1000


def test_every_scheme_explains_its_steps_and_next_step():
    for result in check_all(single(children_ages=(4,), income_year=2500000, rent_month=70000)):
        assert result.next_step and result.sources
        assert result.explanation.lines() or result.explanation.warnings


def test_a_year_without_parameters_is_refused_not_computed_with_stale_figures():
    with pytest.raises(ParameterUnavailable):
        zorgtoeslag(Situation(peildatum=dt.date(2027, 1, 1), age=30))


def test_bad_input_names_the_field():
    with pytest.raises(ValueError, match="income_year"):
        Situation(peildatum=DAY, age=30, income_year=-1)


incomes = st.integers(min_value=0, max_value=12_000_000)


@settings(max_examples=150, deadline=None)
@given(
    low=incomes,
    extra=st.integers(min_value=0, max_value=5_000_000),
    partner=st.booleans(),
    children=st.lists(st.integers(min_value=0, max_value=17), max_size=4).map(tuple),
)
def test_more_income_never_raises_an_allowance(low, extra, partner, children):
    def amounts(income):
        s = Situation(
            peildatum=DAY,
            age=40,
            partner=partner,
            children_ages=children,
            income_year=income,
            net_income_month=income // 12,
            special_costs_month=15000,
            savings=0,
        )
        return [
            zorgtoeslag(s).amount_month,
            kindgebonden_budget(s).amount_month,
            bijzondere_bijstand(s).amount_month,
            *[(r.amount_month or 0) if r.eligible else 0 for r in minima(s)],
        ]

    for before, after in zip(amounts(low), amounts(low + extra), strict=True):
        assert after <= before


@settings(max_examples=100, deadline=None)
@given(income=incomes, partner=st.booleans())
def test_zorgtoeslag_stays_between_zero_and_the_maximum(income, partner):
    amount = zorgtoeslag(single(partner=partner, income_year=income)).amount_month
    assert 0 <= amount <= (24600 if partner else 12900)
