"""Statutory deadlines: hand-worked examples across Easter, Koningsdag, Bevrijdingsdag,
Hemelvaart and the year end. Each docstring shows the arithmetic."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leefwereld.rules.calendar import is_working_day
from leefwereld.rules.deadlines import (
    AWB_BESLISTERMIJN,
    RULES,
    RuleNotInForce,
    Unit,
    add_months,
    beslissing_op_bezwaar_deadline,
    beslistermijn,
    bezwaartermijn_einde,
    compute_deadline,
    deadline_status,
    klacht_deadline,
    moratorium_einde,
    wgs_eerste_gesprek_deadline,
    wmo_beschikking_deadline,
    wmo_onderzoek_deadline,
    wmo_persoonlijk_plan_deadline,
)

D = dt.date


def test_every_rule_has_a_source_an_article_and_a_validity_date():
    for code, rule in RULES.items():
        assert rule.code == code
        assert rule.article
        assert rule.sources and all(source.url for source in rule.sources)
        assert rule.valid_from <= D(2026, 1, 1)
        assert rule.amount > 0


# --- Awb bezwaartermijn (6:7, 6:8) with the Algemene termijnenwet ----------------


def test_it_moves_a_bezwaar_deadline_past_easter_monday():
    """Bekendmaking Mon 10 Mar 2025; term runs from 11 March; +6 weeks = Mon 21 April
    2025 = Tweede Paasdag → Atw art. 1 → Tue 22 April 2025."""
    assert bezwaartermijn_einde(D(2025, 3, 10)) == D(2025, 4, 22)


def test_it_moves_a_bezwaar_deadline_past_goede_vrijdag():
    """Bekendmaking Fri 7 Mar 2025 + 6 weeks = Fri 18 April 2025 (Goede Vrijdag, Atw
    art. 3 lid 2) → Sat, Sun, Tweede Paasdag → Tue 22 April 2025."""
    result = compute_deadline("awb_bezwaartermijn", D(2025, 3, 7))
    assert result.unextended_end == D(2025, 4, 18)
    assert result.end == D(2025, 4, 22)
    assert "Goede Vrijdag" in result.reasons[0]


def test_it_moves_a_bezwaar_deadline_past_bevrijdingsdag():
    """Bekendmaking Mon 24 Mar 2025 + 6 weeks = Mon 5 May 2025 (Bevrijdingsdag) → Tue 6 May."""
    assert bezwaartermijn_einde(D(2025, 3, 24)) == D(2025, 5, 6)


def test_it_moves_a_bezwaar_deadline_past_christmas():
    """Bekendmaking Fri 14 Nov 2025 + 6 weeks = Fri 26 Dec 2025 (Tweede Kerstdag) → Mon 29 Dec."""
    assert bezwaartermijn_einde(D(2025, 11, 14)) == D(2025, 12, 29)


def test_it_moves_a_bezwaar_deadline_over_the_year_end():
    """Bekendmaking Thu 20 Nov 2025 + 6 weeks = Thu 1 Jan 2026 (Nieuwjaarsdag); Fri 2 Jan is
    gelijkgesteld (Stcrt. 2025, 24713) → weekend → Mon 5 January 2026."""
    assert bezwaartermijn_einde(D(2025, 11, 20)) == D(2026, 1, 5)


def test_it_moves_a_bezwaar_deadline_past_the_friday_after_ascension():
    """Bekendmaking Fri 3 Apr 2026 + 6 weeks = Fri 15 May 2026, gelijkgesteld by
    Stcrt. 2025, 24713 → Mon 18 May 2026 (same outcome as the worked example in
    MinBZK RegelRecht RFC-011, scenario 2)."""
    assert bezwaartermijn_einde(D(2026, 4, 3)) == D(2026, 5, 18)


def test_it_keeps_a_bezwaar_deadline_on_an_ordinary_weekday():
    """Bekendmaking Wed 5 Mar 2025 + 6 weeks = Wed 16 April 2025, a working day."""
    result = compute_deadline("awb_bezwaartermijn", D(2025, 3, 5))
    assert result.end == result.unextended_end == D(2025, 4, 16)
    assert result.reasons == ()


# --- Awb 7:10, 4:13, 9:11 ---------------------------------------------------------


def test_it_counts_the_decision_on_bezwaar_from_the_end_of_the_bezwaartermijn():
    """Bekendmaking Mon 10 Mar 2025 → bezwaartermijn ends Tue 22 Apr 2025 (Atw) →
    +6 weeks = Tue 3 June 2025; with adviescommissie +12 weeks = Tue 15 July 2025;
    verdaagd +6 more."""
    assert beslissing_op_bezwaar_deadline(D(2025, 3, 10)) == D(2025, 6, 3)
    assert beslissing_op_bezwaar_deadline(D(2025, 3, 10), commissie=True) == D(2025, 7, 15)
    assert beslissing_op_bezwaar_deadline(D(2025, 3, 10), verdaagd=True) == D(2025, 7, 15)
    assert beslissing_op_bezwaar_deadline(D(2025, 3, 10), commissie=True, verdaagd=True) == D(
        2025, 8, 26
    )


def test_it_explains_a_verdaging():
    result = compute_deadline("awb_beslissing_op_bezwaar", D(2025, 4, 22), extended=True)
    assert result.amount == 12
    assert "Awb art. 7:10 lid 3" in result.reasons[0]


def test_it_refuses_a_verdaging_the_law_does_not_offer():
    with pytest.raises(ValueError, match="verdaging"):
        compute_deadline("awb_bezwaartermijn", D(2025, 4, 22), extended=True)


def test_it_uses_eight_weeks_as_the_default_beslistermijn():
    """Awb 4:13 lid 2: aanvraag Mon 3 Nov 2025 + 8 weeks = Mon 29 Dec 2025."""
    assert beslistermijn(D(2025, 11, 3)) == D(2025, 12, 29)


def test_it_does_not_extend_a_beslistermijn_from_a_verordening():
    """A verordening's 10 weeks from Fri 17 Oct 2025 = Fri 26 Dec 2025 (Tweede Kerstdag):
    the Atw covers terms in a wet or AMvB only, so it stays 26 December. The same ten
    weeks set by a wet would move to Mon 29 December."""
    assert beslistermijn(D(2025, 10, 17), weeks=10, verordening=True) == D(2025, 12, 26)
    assert compute_deadline(AWB_BESLISTERMIJN, D(2025, 10, 17), amount=10).end == D(2025, 12, 29)


def test_it_requires_the_weeks_of_a_verordening():
    with pytest.raises(ValueError, match="weeks"):
        beslistermijn(D(2025, 10, 17), verordening=True)


def test_it_refuses_to_change_a_fixed_statutory_term():
    with pytest.raises(ValueError, match="niet instelbaar"):
        compute_deadline("awb_bezwaartermijn", D(2025, 1, 6), amount=4)


def test_it_handles_a_complaint_within_six_or_ten_weeks():
    """Awb 9:11: received Fri 14 Nov 2025 + 6 weeks = Fri 26 Dec → Mon 29 Dec 2025; with a
    klachtadviescommissie, received Thu 23 Oct 2025 + 10 weeks = Thu 1 Jan 2026 → Fri 2 Jan
    is gelijkgesteld → Mon 5 Jan 2026; verdaagd +4 weeks."""
    assert klacht_deadline(D(2025, 11, 14)) == D(2025, 12, 29)
    assert klacht_deadline(D(2025, 10, 23), commissie=True) == D(2026, 1, 5)
    assert klacht_deadline(D(2025, 3, 3), verdaagd=True) == D(2025, 5, 12)


# --- Wmo 2015 ---------------------------------------------------------------------


def test_it_gives_the_wmo_onderzoek_six_weeks():
    """Wmo 2015 art. 2.3.2 lid 1: melding Mon 3 Mar 2025 + 6 weeks = Mon 14 April 2025."""
    assert wmo_onderzoek_deadline(D(2025, 3, 3)) == D(2025, 4, 14)


def test_it_gives_seven_days_for_the_persoonlijk_plan_past_bevrijdingsdag():
    """Wmo 2015 art. 2.3.2 lid 2: melding Mon 28 Apr 2025 + 7 days = Mon 5 May 2025
    (Bevrijdingsdag) → Tue 6 May 2025."""
    assert wmo_persoonlijk_plan_deadline(D(2025, 4, 28)) == D(2025, 5, 6)


def test_it_gives_the_wmo_beschikking_two_weeks_past_ascension():
    """Wmo 2015 art. 2.3.5 lid 2: aanvraag Thu 15 May 2025 + 2 weeks = Thu 29 May
    (Hemelvaartsdag); Fri 30 May gelijkgesteld → Mon 2 June 2025."""
    assert wmo_beschikking_deadline(D(2025, 5, 15)) == D(2025, 6, 2)


def test_it_refuses_a_wmo_deadline_before_the_wmo_2015():
    with pytest.raises(RuleNotInForce, match="2015-01-01"):
        wmo_onderzoek_deadline(D(2014, 12, 31))


# --- Wgs and moratorium ----------------------------------------------------------


def test_it_plans_the_first_wgs_conversation_within_four_weeks():
    """Wgs art. 4 lid 1: verzoek Thu 3 Apr 2025 + 4 weeks = Thu 1 May 2025, an ordinary
    working day (1 May is no Atw holiday)."""
    assert wgs_eerste_gesprek_deadline(D(2025, 4, 3)) == D(2025, 5, 1)


def test_it_plans_a_threatened_eviction_within_three_working_days_around_easter():
    """Wgs art. 4 lid 2: verzoek Thu 17 Apr 2025; Goede Vrijdag, weekend and Tweede
    Paasdag do not count → Tue 22 (1), Wed 23 (2), Thu 24 April 2025 (3)."""
    assert wgs_eerste_gesprek_deadline(D(2025, 4, 17), bedreigend=True) == D(2025, 4, 24)
    assert RULES["wgs_eerste_gesprek_bedreigend"].unit is Unit.WORKING_DAYS


def test_it_ends_a_moratorium_after_six_months_including_its_first_day():
    """Wgs art. 5 / Fw 287b lid 5: a moratorium from 15 Jan 2025 covers up to and
    including 14 July 2025; no Atw extension (art. 4: more than three months)."""
    assert moratorium_einde(D(2025, 1, 15)) == D(2025, 7, 14)
    assert moratorium_einde(D(2025, 1, 15), grondslag="fw") == D(2025, 7, 14)
    # 14 June 2025 is a Saturday: a duration is not moved by the Atw.
    assert moratorium_einde(D(2024, 12, 15)) == D(2025, 6, 14)


def test_it_knows_the_breed_moratorium_started_in_april_2017():
    with pytest.raises(RuleNotInForce):
        moratorium_einde(D(2017, 3, 31))
    assert moratorium_einde(D(2017, 4, 1)) == D(2017, 9, 30)


def test_it_adds_months_to_the_last_day_of_a_short_month():
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2024, 8, 31), 6) == D(2025, 2, 28)
    assert add_months(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert add_months(D(2025, 12, 15), 1) == D(2026, 1, 15)


# --- dashboard ----------------------------------------------------------------------


def test_it_reports_days_left_for_a_dashboard():
    """Bekendmaking Tue 20 Oct 2026 + 6 weeks = Tue 1 Dec 2026; on Mon 23 Nov 2026 there
    are 8 calendar days and 6 working days (24–27 Nov, 30 Nov, 1 Dec) left."""
    status = deadline_status("awb_bezwaartermijn", D(2026, 10, 20), D(2026, 11, 23))
    assert status.deadline == D(2026, 12, 1)
    assert status.days_left == 8
    assert status.working_days_left == 6
    assert not status.overdue
    assert not status.due_today


def test_it_reports_an_overdue_and_a_due_deadline():
    overdue = deadline_status("wmo_beschikking", D(2025, 5, 15), D(2025, 6, 4))
    assert overdue.overdue and overdue.days_left == -2
    due = deadline_status("wmo_beschikking", D(2025, 5, 15), D(2025, 6, 2))
    assert due.due_today and not due.overdue


def test_it_names_an_unknown_rule():
    with pytest.raises(KeyError, match="bestaat_niet"):
        compute_deadline("bestaat_niet", D(2025, 1, 1))


@settings(max_examples=150, deadline=None)
@given(
    code=st.sampled_from(sorted(RULES)),
    start=st.dates(min_value=D(2018, 1, 1), max_value=D(2035, 12, 31)),
)
def test_statutory_terms_end_on_a_working_day_and_never_before_their_length(code, start):
    rule = RULES[code]
    result = compute_deadline(rule, start)
    assert result.end >= result.unextended_end > start
    if rule.atw and rule.kind == "termijn":
        assert is_working_day(result.end)
