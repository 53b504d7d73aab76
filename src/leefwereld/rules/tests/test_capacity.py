"""Payment capacity: beslagvrije voet, vtlb and afloscapaciteit for one household."""

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leefwereld.rules.capacity import Household, payment_capacity
from leefwereld.rules.money import apply_ratio
from leefwereld.rules.parameters import (
    DEFAULT_CAPACITY_CONFIG,
    NORM_TABLES,
    Leefsituatie,
    bijstandsnorm,
    bvv_percentage,
)
from leefwereld.rules.sources import ParameterUnavailable, Source

D = dt.date
S = Leefsituatie
JULY_2025 = D(2025, 7, 1)

# A municipality's own settings for the unconfirmed corrections, used to test that
# switched-on corrections work; the numbers are test inputs, not legal figures.
CONFIGURED = DEFAULT_CAPACITY_CONFIG.with_values(
    note="testinstelling",
    woonkosten_drempel=70000,
    woonkosten_max_verhoging=30000,
    zorgpremie_in_norm=4000,
    arbeidstoeslag=2500,
)


def household(situatie=S.ALLEENSTAANDE, inkomen=180000, **kwargs):
    return Household(leefsituatie=situatie, netto_inkomen=inkomen, **kwargs)


def test_it_takes_95_percent_of_the_norm_of_1_july_2025():
    """Alleenstaande, 1 July 2025: norm € 1.369,06 (Rijksoverheid via Metro; Stimulansz);
    95 % = 1.300,607 → € 1.300,61."""
    result = payment_capacity(household(), JULY_2025)
    assert result.bijstandsnorm == 136906
    assert result.beslagvrije_voet == 130061


def test_it_explains_the_calculation_in_plain_dutch():
    lines = payment_capacity(household(), JULY_2025).explanation.lines()
    assert lines[0] == "Bijstandsnorm alleenstaande (1 juli 2025): € 1.369,06"
    assert lines[1] == "95 % daarvan: € 1.300,61"
    assert any(line.startswith("Woonkostencorrectie: niet toegepast") for line in lines)
    assert lines[-1].startswith("Afloscapaciteit")


def test_every_step_names_its_source():
    result = payment_capacity(household(), JULY_2025, CONFIGURED)
    assert all(step.source for step in result.explanation.steps)


def test_it_rounds_95_percent_of_1401_50_half_up():
    """The brief's example: 95 % of € 1.401,50 = 1.331,425 → € 1.331,43."""
    assert apply_ratio(140150, Fraction(95, 100)) == 133143
    result = payment_capacity(household(), D(2026, 1, 15))
    assert result.beslagvrije_voet == 133143
    assert result.uncertain  # the 2026 norm is not officially confirmed


def test_it_reproduces_the_published_2020_example_at_90_percent():
    """1 Jan 2020 (before the Wet Vbvv): alleenstaande norm incl. VT € 1.052,32 → BVV
    € 947,09 at 90 % (sociaalverhaal.com, cited in DOMAIN-RULES §1a)."""
    pct = bvv_percentage(D(2020, 1, 1))
    assert pct.value == Fraction(90, 100)
    assert apply_ratio(105232, pct.value) == 94709
    assert bvv_percentage(D(2021, 1, 1)).value == Fraction(95, 100)


@pytest.mark.parametrize(
    ("situatie", "day", "norm", "bvv"),
    [
        (S.GEHUWDEN, JULY_2025, 195580, 185801),
        (S.AOW_ALLEENSTAANDE, D(2025, 1, 1), 150107, 142602),
        (S.AOW_GEHUWDEN, D(2024, 7, 1), 197664, 187781),
        (S.ALLEENSTAANDE_OUDER, D(2024, 3, 1), 128383, 121964),
    ],
)
def test_it_uses_the_norm_of_the_leefsituatie(situatie, day, norm, bvv):
    result = payment_capacity(household(situatie, inkomen=400000), day)
    assert (result.bijstandsnorm, result.beslagvrije_voet) == (norm, bvv)


def test_it_picks_the_norm_table_valid_on_the_peildatum():
    assert bijstandsnorm(S.ALLEENSTAANDE, D(2025, 6, 30)).value == 134545
    assert bijstandsnorm(S.ALLEENSTAANDE, D(2025, 7, 1)).value == 136906
    assert bijstandsnorm(S.GEHUWDEN, D(2024, 12, 31)).value == 186921
    assert bijstandsnorm(S.GEHUWDEN, D(2025, 1, 1)).value == 192207


def test_it_refuses_a_peildatum_without_a_known_norm():
    with pytest.raises(ParameterUnavailable, match="2026-08-01"):
        payment_capacity(household(), D(2026, 8, 1))
    with pytest.raises(ParameterUnavailable, match="AOW"):
        payment_capacity(household(S.AOW_GEHUWDEN), D(2026, 2, 1))


def test_it_can_fall_back_to_the_latest_norm_and_says_so():
    result = payment_capacity(household(), D(2026, 8, 1), allow_stale=True)
    assert result.bijstandsnorm == 140150
    assert result.uncertain
    assert "2026-08-01" in result.explanation.steps[0].note
    aow = payment_capacity(household(S.AOW_GEHUWDEN), D(2026, 2, 1), allow_stale=True)
    assert aow.bijstandsnorm == 209498  # 1 July 2025, the latest known AOW norm


def test_it_caps_the_beslagvrije_voet_at_the_income():
    result = payment_capacity(household(inkomen=100000), JULY_2025)
    assert result.beslagvrije_voet == 100000
    assert result.afloscapaciteit == 0
    assert "niet hoger dan uw inkomen" in result.explanation.lines()[4]


def test_it_computes_the_afloscapaciteit_as_income_minus_vtlb():
    """1 July 2025, alleenstaande, income € 1.800,00: BVV € 1.300,61 + reserveringstoeslag
    5 % of € 1.369,06 = € 68,45 (68,453) → vtlb € 1.369,06 → capacity € 430,94."""
    result = payment_capacity(household(inkomen=180000), JULY_2025)
    assert result.vrij_te_laten_bedrag == 136906
    assert result.afloscapaciteit == 43094


def test_it_marks_the_result_uncertain_while_corrections_are_unconfirmed():
    assert payment_capacity(household(), JULY_2025).uncertain


def test_it_applies_configured_woonkosten_and_zorg_corrections():
    """Configured: drempel € 700, max € 300, € 40 zorgpremie in de norm, arbeidstoeslag € 25.
    Woonkosten € 950 − huurtoeslag € 100 = € 850 → +€ 150; zorgpremie € 160 − zorgtoeslag
    € 0 − € 40 → +€ 120; BVV = 1.300,61 + 150 + 120 = € 1.570,61; vtlb adds € 68,45 and
    € 25 → € 1.664,06; income € 2.000 → capacity € 335,94."""
    h = household(
        inkomen=200000,
        woonkosten=95000,
        huurtoeslag=10000,
        zorgpremie=16000,
        inkomen_uit_arbeid=True,
    )
    result = payment_capacity(h, JULY_2025, CONFIGURED)
    assert result.beslagvrije_voet == 157061
    assert result.vrij_te_laten_bedrag == 166406
    assert result.afloscapaciteit == 33594
    assert result.uncertain  # local settings without a source stay uncertain


def test_it_caps_the_woonkostencorrectie():
    h = household(inkomen=300000, woonkosten=150000)
    result = payment_capacity(h, JULY_2025, CONFIGURED)
    assert result.beslagvrije_voet == 130061 + 30000


def test_a_sourced_local_setting_is_not_uncertain():
    config = DEFAULT_CAPACITY_CONFIG.with_values(
        note="vastgesteld in beleidsregels",
        source=Source("Beleidsregels schulddienstverlening Voorbeeldstad 2026"),
        woonkosten_drempel=None,
        woonkosten_max_verhoging=None,
        zorgpremie_in_norm=0,
        reserveringstoeslag=Fraction(5, 100),
    )
    assert not config.zorgpremie_in_norm.uncertain
    assert config.zorgpremie_in_norm.sources[0].title.startswith("Beleidsregels")


def test_it_rejects_an_unknown_setting():
    with pytest.raises(AttributeError, match="bestaat_niet"):
        DEFAULT_CAPACITY_CONFIG.with_values(note="x", bestaat_niet=1)


def test_it_adds_extra_vtlb_corrections_with_their_label():
    h = household(inkomen=200000, extra_correcties=(("kosten beschermingsbewind", 12000),))
    result = payment_capacity(h, JULY_2025)
    assert result.vrij_te_laten_bedrag == 136906 + 12000
    assert "Correctie: kosten beschermingsbewind: € 120,00" in result.explanation.lines()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("netto_inkomen", -1, ValueError),
        ("woonkosten", -500, ValueError),
        ("netto_inkomen", 1800.0, TypeError),
        ("zorgpremie", True, TypeError),
    ],
)
def test_it_rejects_bad_amounts_naming_the_field(field, value, error):
    kwargs = {"leefsituatie": S.ALLEENSTAANDE, "netto_inkomen": 100000, field: value}
    with pytest.raises(error, match=field):
        Household(**kwargs)


def test_every_norm_carries_a_source_and_a_validity_period():
    for table in NORM_TABLES:
        for norm in table.norms.values():
            assert norm.sources
            assert norm.valid_from == table.valid_from
            assert norm.valid_to == table.valid_to
            if norm.uncertain:
                assert norm.note


amounts = st.integers(min_value=0, max_value=1_000_000)
situaties = st.sampled_from(list(Leefsituatie))
peildata = st.dates(min_value=D(2024, 1, 1), max_value=D(2025, 12, 31))
configs = st.sampled_from([DEFAULT_CAPACITY_CONFIG, CONFIGURED])


@st.composite
def households(draw):
    return Household(
        leefsituatie=draw(situaties),
        netto_inkomen=draw(amounts),
        woonkosten=draw(amounts),
        huurtoeslag=draw(st.integers(min_value=0, max_value=60000)),
        zorgpremie=draw(st.integers(min_value=0, max_value=40000)),
        zorgtoeslag=draw(st.integers(min_value=0, max_value=30000)),
        inkomen_uit_arbeid=draw(st.booleans()),
        extra_correcties=tuple(
            (f"correctie {i}", bedrag)
            for i, bedrag in enumerate(draw(st.lists(st.integers(0, 50000), max_size=3)))
        ),
    )


@settings(max_examples=300, deadline=None)
@given(h=households(), day=peildata, config=configs)
def test_capacity_is_never_negative_and_bvv_never_exceeds_income(h, day, config):
    result = payment_capacity(h, day, config)
    assert result.afloscapaciteit >= 0
    assert 0 <= result.beslagvrije_voet <= h.netto_inkomen
    assert result.vrij_te_laten_bedrag >= apply_ratio(result.bijstandsnorm, Fraction(95, 100))


@settings(max_examples=300, deadline=None)
@given(h=households(), raise_by=st.integers(min_value=0, max_value=500_000), day=peildata)
def test_capacity_is_monotone_in_income_within_a_situation(h, raise_by, day):
    richer = Household(
        leefsituatie=h.leefsituatie,
        netto_inkomen=h.netto_inkomen + raise_by,
        woonkosten=h.woonkosten,
        huurtoeslag=h.huurtoeslag,
        zorgpremie=h.zorgpremie,
        zorgtoeslag=h.zorgtoeslag,
        inkomen_uit_arbeid=h.inkomen_uit_arbeid,
        extra_correcties=h.extra_correcties,
    )
    poor = payment_capacity(h, day, CONFIGURED)
    rich = payment_capacity(richer, day, CONFIGURED)
    assert rich.afloscapaciteit >= poor.afloscapaciteit
    assert rich.beslagvrije_voet >= poor.beslagvrije_voet
    assert rich.afloscapaciteit - poor.afloscapaciteit <= raise_by


@settings(max_examples=200, deadline=None)
@given(situatie=situaties, day=peildata)
def test_the_norm_used_is_the_one_valid_on_the_peildatum(situatie, day):
    result = payment_capacity(household(situatie, inkomen=0), day)
    table = next(t for t in NORM_TABLES if t.valid_from <= day <= t.valid_to)
    key = S.ALLEENSTAANDE if situatie is S.ALLEENSTAANDE_OUDER else situatie
    assert result.bijstandsnorm == table.norms[key].value
