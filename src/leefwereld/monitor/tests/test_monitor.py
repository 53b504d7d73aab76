"""The council monitor recomputed from small fixtures with hand-worked expectations, the
target form, the open data and the disclosure control on the existing figures pages."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import NeighbourhoodFactory, UserFactory
from leefwereld.debts import economics
from leefwereld.monitor import aggregate, read
from leefwereld.monitor.models import Figure, Indicator, Target
from leefwereld.monitor.tests.factories import help_requests as _requests
from leefwereld.routes import figures as route_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_wijken():
    """Hand-worked: Noord 2025 12 requests (hops 0×6, 1×4, 2×2 → mean 8/12 = 0.67; days to
    help 1..12 → median 6.5), Noord 2026 15 requests (hops all 1, days all 10), Zuid 2025 3
    requests, Zuid 2026 20 requests (hops all 0, days all 4)."""
    noord = NeighbourhoodFactory(name="Noord", cbs_code="WK059901")
    zuid = NeighbourhoodFactory(name="Zuid", cbs_code="WK059902", municipality=noord.municipality)
    _requests(noord, 2025, [0] * 6 + [1] * 4 + [2] * 2, list(range(1, 13)))
    _requests(noord, 2026, [1] * 15, [10] * 15)
    _requests(zuid, 2025, [3, 3, 3], [30, 30, 30])
    _requests(zuid, 2026, [0] * 20, [4] * 20)
    return noord, zuid


def _figure(indicator, hood, year):
    return Figure.objects.get(indicator=indicator, neighbourhood=hood, year=year)


def test_the_small_wijk_and_the_wijk_that_would_give_it_away_are_hidden(two_wijken):
    noord, zuid = two_wijken
    aggregate.run()
    # Bases: [[12, 15], [3, 20]]. Zuid 2025 (3) is too small; the cheapest cycle that keeps
    # it unrecoverable from the municipality's 2025 total (15) and Zuid's sum (23) hides
    # Noord 2025, Noord 2026 and Zuid 2026 too (12 + 15 + 20 beats going through totals).
    assert _figure(Indicator.HOPS, zuid, 2025).hidden == "primary"
    for hood, year in [(noord, 2025), (noord, 2026), (zuid, 2026)]:
        figure = _figure(Indicator.HOPS, hood, year)
        assert (figure.value, figure.base, figure.hidden) == (None, None, "secondary")
    # The municipality per year: 2025 rests on 15 requests, 2026 on 35.
    city_2025 = _figure(Indicator.HOPS, None, 2025)
    assert city_2025.base == 15
    assert city_2025.value == pytest.approx((8 + 9) / 15)
    city_2026 = _figure(Indicator.DAYS_TO_HELP, None, 2026)
    assert city_2026.base == 35
    assert city_2026.value == 4.0  # 20 fours and 15 tens: the median is 4


def test_figures_of_large_enough_wijken_are_shown_exactly(two_wijken):
    noord, zuid = two_wijken
    _requests(zuid, 2025, [0] * 10, [2] * 10)  # Zuid 2025 now 13: nothing small is left
    aggregate.run()
    noord_2025 = _figure(Indicator.HOPS, noord, 2025)
    assert noord_2025.value == pytest.approx(8 / 12)
    assert noord_2025.base == 10  # 12 rounded to a multiple of 5
    assert _figure(Indicator.DAYS_TO_HELP, noord, 2025).value == 6.5
    assert _figure(Indicator.DAYS_TO_HELP, zuid, 2026).value == 4.0


def test_an_indicator_without_a_source_says_so_instead_of_a_number(two_wijken):
    aggregate.run()
    data = read.monitor()
    block = next(b for b in data.blocks if b.indicator == Indicator.ZRM_IMPROVED)
    assert "Nog niet beschikbaar" in block.missing and block.rows == []
    assert not Figure.objects.filter(indicator=Indicator.ZRM_IMPROVED, value__isnull=False)


def test_aggregation_replaces_the_figures_and_stamps_them(two_wijken):
    first = aggregate.run()
    second = aggregate.run()
    assert Figure.objects.count() == second.figures == first.figures
    assert set(Figure.objects.values_list("computed_at", flat=True)) == {second.computed_at}


def test_a_council_member_sets_a_target_and_sees_it_against_the_actual(client, two_wijken):
    noord, zuid = two_wijken
    _requests(zuid, 2025, [0] * 10, [2] * 10)
    aggregate.run()
    member = UserFactory(role=Role.COUNCIL_MEMBER)
    client.force_login(member)
    response = client.post(
        reverse("monitor:target"),
        {
            "neighbourhood": noord.pk,
            "indicator": Indicator.DAYS_TO_HELP,
            "year": 2026,
            "value": "12",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.neighbourhood, target.year, target.value, target.set_by) == (
        noord,
        2026,
        12,
        member,
    )
    page = client.get(response["Location"]).content.decode()
    assert "doel 12,0" in page and "gehaald" in page  # 10 days against a target of 12
    # Setting it again replaces it.
    client.post(
        reverse("monitor:target"),
        {
            "neighbourhood": noord.pk,
            "indicator": Indicator.DAYS_TO_HELP,
            "year": 2026,
            "value": "8",
        },
    )
    assert Target.objects.get().value == 8


def test_a_bad_target_is_refused_with_the_field_named(client, two_wijken):
    noord, _zuid = two_wijken
    client.force_login(UserFactory(role=Role.POLICY_OFFICER))
    response = client.post(
        reverse("monitor:target"),
        {
            "neighbourhood": noord.pk,
            "indicator": Indicator.DEBTS_IN_FOUR_WEEKS,
            "year": 2026,
            "value": "140",
        },
    )
    assert response.status_code == 400
    assert "Een percentage is hoogstens 100." in response.content.decode()
    assert not Target.objects.exists()


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.PROFESSIONAL, Role.CONTROLLER])
def test_only_council_members_and_policy_officers_set_targets(client, role, two_wijken):
    noord, _zuid = two_wijken
    client.force_login(UserFactory(role=role))
    response = client.post(
        reverse("monitor:target"),
        {"neighbourhood": noord.pk, "indicator": Indicator.HOPS, "year": 2026, "value": "1"},
    )
    assert response.status_code == 403
    assert not Target.objects.exists()


def test_the_open_data_needs_no_login_and_carries_cbs_codes(client, two_wijken):
    aggregate.run()
    page = client.get(reverse("monitor:open"))
    assert page.status_code == 200
    assert "WK059901" in page.content.decode()
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("monitor:open_csv")).content.decode()), delimiter=";"
        )
    )
    assert rows[0] == read.CSV_COLUMNS
    hidden = [r for r in rows[1:] if r[0] == "WK059902" and r[2] == "2025" and r[3] == "hops"]
    assert hidden == [["WK059902", "Zuid", "2025", "hops", "", "", "primary", ""]]


def test_the_monitor_page_costs_the_same_queries_for_few_or_many_wijken(
    client, two_wijken, django_assert_max_num_queries
):
    client.force_login(UserFactory(role=Role.COUNCIL_MEMBER))
    aggregate.run()
    with django_assert_max_num_queries(12):
        client.get(reverse("monitor:monitor"))
    for n in range(10):
        NeighbourhoodFactory(municipality=two_wijken[0].municipality, name=f"Wijk {n}")
    aggregate.run()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("monitor:monitor")).status_code == 200


def test_the_spreadsheet_holds_the_csv_lines_with_numbers_as_numbers(client, two_wijken):
    from openpyxl import load_workbook

    aggregate.run()
    client.force_login(UserFactory(role=Role.COUNCIL_MEMBER))
    response = client.get(reverse("monitor:xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert list(lines[0]) == read.CSV_COLUMNS
    city_hops_2025 = next(r for r in lines[1:] if r[0] is None and r[2] == 2025 and r[3] == "hops")
    assert city_hops_2025[4] == pytest.approx(round(17 / 15, 1)) and city_hops_2025[5] == 15
    assert len(lines) == len(client.get(reverse("monitor:csv")).content.decode().splitlines())


def test_the_evaluation_report_is_a_pdf(client, two_wijken):
    aggregate.run()
    client.force_login(UserFactory(role=Role.POLICY_OFFICER))
    response = client.get(reverse("monitor:report"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- the existing figures pages go through the same disclosure control ----------------------


def test_the_routes_figures_hide_a_wijk_with_one_request(two_wijken):
    _noord, zuid = two_wijken
    _requests(zuid, 2027, [1], [5])
    shown = route_figures.published(year=2027)
    row = next(r for r in shown["neighbourhoods"] if r["name"] == "Zuid")
    assert row["requests"] is None and row["mean_hops"] is None
    assert shown["totals"]["requests"] is None  # one request in the whole year


def test_the_fund_hides_a_month_with_few_households():
    months = economics.Economics(
        [
            economics.Month("2026-01", paid=50000, households=2, nominal=90000),
            economics.Month("2026-02", paid=900000, households=14, nominal=1500000),
            economics.Month("2026-03", paid=700000, households=12, nominal=1000000),
        ]
    )
    rows = economics.published(months)
    assert rows[0]["households"] is None and rows[0]["paid"] is None
    # One more month is hidden with it, or the total would give January away.
    assert sum(r["households"] is None for r in rows) == 2
    assert ";;" in economics.to_csv(months).splitlines()[1]


def test_the_demo_derives_targets_from_the_platforms_figures_and_aggregates(two_wijken):
    from leefwereld.monitor import demo

    UserFactory(role=Role.POLICY_OFFICER)
    counts = demo.add_demo_data(2026, datetime.date(2026, 6, 1))
    # Hops and days to help have figures in 2025 and 2026, for both wijken.
    assert counts["monitor targets"] == 2 * 2 * 2
    target = Target.objects.get(neighbourhood=two_wijken[0], year=2026, indicator=Indicator.HOPS)
    # The municipality's 2026 mean is 15/35 hops; the target is 10 % lower, give or take 5 %.
    assert 0.9 * 15 / 35 * 0.95 - 0.05 <= float(target.value) <= 0.9 * 15 / 35 * 1.05 + 0.05
    assert counts["monitor figures"] == Figure.objects.count() > 0
