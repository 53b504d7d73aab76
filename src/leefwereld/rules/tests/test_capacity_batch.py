"""The vectorised capacity calculation gives exactly the per-household results."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leefwereld.rules.capacity import (
    Household,
    encode_leefsituaties,
    payment_capacity,
    payment_capacity_batch,
)
from leefwereld.rules.parameters import DEFAULT_CAPACITY_CONFIG, Leefsituatie
from leefwereld.rules.sources import ParameterUnavailable
from leefwereld.rules.tests.test_capacity import CONFIGURED, households

D = dt.date


def run_batch(hs, day, config, **kwargs):
    return payment_capacity_batch(
        encode_leefsituaties([h.leefsituatie for h in hs]),
        np.array([h.netto_inkomen for h in hs], dtype=np.int64),
        day,
        config,
        woonkosten=np.array([h.woonkosten for h in hs], dtype=np.int64),
        huurtoeslag=np.array([h.huurtoeslag for h in hs], dtype=np.int64),
        zorgpremie=np.array([h.zorgpremie for h in hs], dtype=np.int64),
        zorgtoeslag=np.array([h.zorgtoeslag for h in hs], dtype=np.int64),
        inkomen_uit_arbeid=np.array([h.inkomen_uit_arbeid for h in hs], dtype=bool),
        extra_correcties=np.array(
            [sum(amount for _, amount in h.extra_correcties) for h in hs], dtype=np.int64
        ),
        **kwargs,
    )


@settings(max_examples=150, deadline=None)
@given(
    hs=st.lists(households(), min_size=1, max_size=40),
    day=st.dates(min_value=D(2024, 1, 1), max_value=D(2025, 12, 31)),
    config=st.sampled_from([DEFAULT_CAPACITY_CONFIG, CONFIGURED]),
)
def test_the_batch_equals_the_per_household_function(hs, day, config):
    batch = run_batch(hs, day, config)
    for i, h in enumerate(hs):
        one = payment_capacity(h, day, config)
        assert batch.bijstandsnorm[i] == one.bijstandsnorm
        assert batch.beslagvrije_voet[i] == one.beslagvrije_voet
        assert batch.vrij_te_laten_bedrag[i] == one.vrij_te_laten_bedrag
        assert batch.afloscapaciteit[i] == one.afloscapaciteit
        assert bool(batch.uncertain[i]) == one.uncertain


def test_the_batch_falls_back_like_the_scalar_function_when_allowed():
    hs = [Household(Leefsituatie.AOW_GEHUWDEN, 250000), Household(Leefsituatie.GEHUWDEN, 250000)]
    day = D(2026, 9, 1)
    with pytest.raises(ParameterUnavailable):
        run_batch(hs, day, DEFAULT_CAPACITY_CONFIG)
    batch = run_batch(hs, day, DEFAULT_CAPACITY_CONFIG, allow_stale=True)
    for i, h in enumerate(hs):
        assert (
            batch.afloscapaciteit[i] == payment_capacity(h, day, allow_stale=True).afloscapaciteit
        )


def test_the_batch_only_needs_norms_for_the_situations_present():
    """The 2026 table has no AOW norms; a batch without AOW households still runs."""
    batch = run_batch([Household(Leefsituatie.ALLEENSTAANDE, 150000)], D(2026, 3, 1), CONFIGURED)
    assert batch.bijstandsnorm.tolist() == [140150]


def test_the_batch_rejects_floats_and_negative_amounts():
    codes = encode_leefsituaties([Leefsituatie.ALLEENSTAANDE])
    with pytest.raises(TypeError, match="netto_inkomen"):
        payment_capacity_batch(codes, np.array([1800.0]), D(2025, 7, 1))
    with pytest.raises(ValueError, match="woonkosten"):
        payment_capacity_batch(codes, np.array([180000]), D(2025, 7, 1), woonkosten=np.array([-1]))
    with pytest.raises(ValueError, match="netto_inkomen"):
        payment_capacity_batch(codes, np.array([1, 2]), D(2025, 7, 1))
    with pytest.raises(ValueError, match="code"):
        payment_capacity_batch(np.array([9]), np.array([1]), D(2025, 7, 1))


def test_an_empty_batch_is_empty():
    batch = payment_capacity_batch(
        np.array([], dtype=np.int8), np.array([], dtype=np.int64), D(2025, 7, 1)
    )
    assert batch.afloscapaciteit.shape == (0,)
