"""Consent ages and the Verwijsindex age limit: hand-worked examples and invariants."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leefwereld.rules import consent
from leefwereld.rules.consent import Consenter

DAY = dt.date(2026, 12, 8)


@pytest.mark.parametrize(
    ("birth_date", "expected"),
    [
        # Worked by hand against Jeugdwet art. 7.3.4 / WGBO art. 7:450 on 8 December 2026.
        (dt.date(2015, 12, 9), Consenter.PARENTS),  # 10, turns 11 tomorrow
        (dt.date(2014, 12, 9), Consenter.PARENTS),  # 11 until tomorrow
        (dt.date(2014, 12, 8), Consenter.CHILD_AND_PARENTS),  # 12 today
        (dt.date(2012, 6, 1), Consenter.CHILD_AND_PARENTS),  # 14: the GP-referral journey
        (dt.date(2010, 12, 9), Consenter.CHILD_AND_PARENTS),  # 15, turns 16 tomorrow
        (dt.date(2010, 12, 8), Consenter.CHILD),  # 16 today
        (dt.date(2008, 1, 1), Consenter.CHILD),  # 18
    ],
)
def test_care_consent_by_age_matches_the_worked_examples(birth_date, expected):
    assert consent.care_consent(birth_date, DAY).consenter == expected


def test_a_child_of_fourteen_and_both_parents_consent_and_are_informed():
    rule = consent.care_consent(dt.date(2012, 6, 1), DAY)
    assert (rule.child_consents, rule.parents_consent, rule.parents_informed) == (
        True,
        True,
        True,
    )
    assert "7.3.4" in rule.article


def test_a_young_person_of_sixteen_decides_alone_and_parents_are_not_told():
    rule = consent.care_consent(dt.date(2010, 3, 3), DAY)
    assert rule.consenter == Consenter.CHILD
    assert not rule.parents_consent and not rule.parents_informed


def test_data_consent_is_the_parents_until_sixteen_then_the_young_person():
    assert consent.data_consent(dt.date(2010, 12, 9), DAY) == Consenter.PARENTS
    assert consent.data_consent(dt.date(2010, 12, 8), DAY) == Consenter.CHILD


def test_the_verwijsindex_ends_on_the_23rd_birthday():
    assert consent.verwijsindex_end(dt.date(2004, 5, 17)) == dt.date(2027, 5, 17)
    assert consent.verwijsindex_without_consent(dt.date(2004, 5, 17), dt.date(2027, 5, 16))
    assert not consent.verwijsindex_without_consent(dt.date(2004, 5, 17), dt.date(2027, 5, 17))


def test_a_leap_day_child_turns_23_on_the_first_of_march():
    assert consent.verwijsindex_end(dt.date(2004, 2, 29)) == dt.date(2027, 3, 1)
    assert consent.verwijsindex_without_consent(dt.date(2004, 2, 29), dt.date(2027, 2, 28))
    assert not consent.verwijsindex_without_consent(dt.date(2004, 2, 29), dt.date(2027, 3, 1))


def test_every_age_limit_names_its_source():
    for parameter in (
        consent.CONSENT_WITH_PARENTS_FROM,
        consent.CONSENT_ALONE_FROM,
        consent.DATA_CONSENT_ALONE_FROM,
        consent.VERWIJSINDEX_AGE_LIMIT,
    ):
        assert parameter.sources and parameter.note
        assert "wetten.overheid.nl" in parameter.cite()


births = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2026, 12, 31))
days = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2060, 12, 31))
ORDER = [Consenter.PARENTS, Consenter.CHILD_AND_PARENTS, Consenter.CHILD]


@given(births, days, st.integers(min_value=1, max_value=4000))
def test_growing_older_never_takes_a_say_away(birth, day, later):
    """Invariant: the child's say only grows with age (parents → both → child)."""
    if day < birth:
        return
    now = consent.care_consent(birth, day).consenter
    then = consent.care_consent(birth, day + dt.timedelta(days=later)).consenter
    assert ORDER.index(then) >= ORDER.index(now)


@given(births, days)
def test_someone_always_consents_and_the_child_consents_from_twelve(birth, day):
    if day < birth:
        return
    rule = consent.care_consent(birth, day)
    assert rule.child_consents or rule.parents_consent
    assert rule.child_consents == (consent.age_on(birth, day) >= 12)
    # Data consent never leaves the child out once they decide on their care alone.
    if rule.consenter == Consenter.CHILD:
        assert consent.data_consent(birth, day) == Consenter.CHILD


@given(births)
def test_the_verwijsindex_end_is_the_first_day_of_age_23(birth):
    end = consent.verwijsindex_end(birth)
    assert consent.age_on(birth, end) == 23
    assert consent.age_on(birth, end - dt.timedelta(days=1)) == 22
