"""Council monitor journey: a council member sets a target for a neighbourhood and sees the
target against the actual figure, in the chart and its table; the public open-data page
opens without login. axe-core (WCAG 2.1 AA) on every page, charts included."""

import pytest

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import PASSWORD, NeighbourhoodFactory, UserFactory
from leefwereld.monitor import aggregate
from leefwereld.monitor.tests.factories import help_requests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_a_council_member_sets_a_target_and_sees_it_against_the_actual(page, assert_accessible):
    noord = NeighbourhoodFactory(name="Noord", cbs_code="WK059901")
    zuid = NeighbourhoodFactory(name="Zuid", cbs_code="WK059902", municipality=noord.municipality)
    # Both wijken large enough in both years: every figure can be shown.
    help_requests(noord, 2025, [0] * 6 + [1] * 4 + [2] * 2, list(range(1, 13)))
    help_requests(noord, 2026, [1] * 15, [10] * 15)
    help_requests(zuid, 2025, [0] * 13, [2] * 13)
    help_requests(zuid, 2026, [0] * 20, [4] * 20)
    aggregate.run()
    member = UserFactory(role=Role.COUNCIL_MEMBER, first_name="Jeroen", last_name="Smit")

    log_in(page, member)
    page.goto("/raad/monitor/")
    assert page.get_by_role("heading", name="Raadsmonitor", level=1).is_visible()
    assert page.get_by_text("Stand van de cijfers").is_visible()
    assert_accessible(page)

    page.get_by_label("Wijk", exact=True).select_option(label="Noord")
    page.get_by_label("Indicator", exact=True).select_option(
        label="Dagen tot de juiste hulp (mediaan)"
    )
    page.get_by_role("spinbutton", name="Jaar").fill("2026")
    page.get_by_label("Streefwaarde", exact=True).fill("12")
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Streefwaarde vastgelegd voor Noord in 2026.").is_visible()
    # The chart draws the target as a line next to the actual bar; the table says it was met.
    chart = page.locator("svg[aria-labelledby='grafiek-days_to_help']")
    assert chart.locator("line.target").count() == 1
    assert chart.locator("rect.bar").count() == 2
    table = page.get_by_role("table", name="Dagen tot de juiste hulp (mediaan): werkelijk")
    assert "doel 12,0" in table.get_by_role("row", name="Noord").inner_text()
    assert "gehaald" in table.get_by_role("row", name="Noord").inner_text()
    assert_accessible(page)

    # A wrong percentage names the field and keeps the form.
    page.get_by_label("Indicator", exact=True).select_option(
        label="Schuldzaken binnen 4 weken overgenomen (%)"
    )
    page.get_by_label("Streefwaarde", exact=True).fill("140")
    page.get_by_role("button", name="Vastleggen").click()
    assert page.get_by_text("Een percentage is hoogstens 100.").is_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/raad/monitor/open/")
    assert page.get_by_role("heading", name="Wijkmonitor (open data)").is_visible()
    assert page.get_by_text("WK059901").first.is_visible()
    assert_accessible(page)
