"""The fund's promise from registration, phase by phase, on the case; children first."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import ResidentFactory, UserFactory, as_actor, log_in
from leefwereld.debts import services
from leefwereld.debts.models import Phase
from leefwereld.rules import fund_promise

from .factories import DAY, debt_officer

pytestmark = pytest.mark.django_db


def registered(officer):
    return services.open_case(
        as_actor(officer), ResidentFactory(), registered_on=DAY, threatening=False
    )


def test_every_phase_has_its_deadline_from_registration_and_shows_when_it_is_late():
    officer = debt_officer()
    case = registered(officer)
    services.advance(as_actor(officer), case, Phase.FIRST_CONVERSATION, DAY)
    # The first conversation is held on Friday 05-09-2025: its deadline (3 working days
    # after Monday 01-09) was Thursday 04-09, so one working day late.
    services.advance(as_actor(officer), case, Phase.INVENTORY, datetime.date(2025, 9, 5))
    case.refresh_from_db()
    rows = services.promise(case, today=datetime.date(2025, 9, 16))
    first, inventory, _offer, takeover = rows
    assert (first.due, first.done_on, first.days_late) == (
        datetime.date(2025, 9, 4),
        datetime.date(2025, 9, 5),
        1,
    )
    # Inventory due 3 + 7 = 10 working days after registration: Monday 15-09; on Tuesday
    # 16-09, still not complete, it is 1 working day late.
    assert inventory.due == datetime.date(2025, 9, 15) and inventory.days_late == 1
    assert fund_promise.current(rows) is inventory
    assert takeover.due == case.takeover_due == datetime.date(2025, 9, 29)


def test_children_first_halves_the_clock_from_registration():
    officer = debt_officer()
    case = registered(officer)
    case = services.flag_children(as_actor(officer), case, "huisuitzetting dreigt", DAY)
    # 10 working days after Monday 01-09-2025: Monday 15-09-2025.
    assert case.children_at_risk and case.takeover_due == datetime.date(2025, 9, 15)
    with pytest.raises(ValidationError, match="waarom"):
        services.flag_children(as_actor(officer), case, "  ", DAY)


def test_the_officer_sets_the_fast_route_on_the_case_page(client):
    officer = debt_officer()
    case = registered(officer)
    log_in(client, officer)
    page = client.get(f"/schulden/zaken/{case.pk}/").content.decode()
    assert "De belofte van het fonds per fase" in page and "Snelle route voor de kinderen" in page
    response = client.post(f"/schulden/zaken/{case.pk}/kinderen/", {"reason": "energie dicht"})
    assert response.status_code == 302
    page = client.get(f"/schulden/zaken/{case.pk}/").content.decode()
    assert "Deze zaak gaat met voorrang (de klok gehalveerd): energie dicht." in page
    assert "snelle route, twee weken" in page


def test_a_resident_cannot_set_the_fast_route(client):
    officer = debt_officer()
    case = registered(officer)
    resident = ResidentFactory(user=UserFactory(role=Role.RESIDENT))
    log_in(client, resident.user)
    response = client.post(f"/schulden/zaken/{case.pk}/kinderen/", {"reason": "x"})
    assert response.status_code in (302, 403)
    case.refresh_from_db()
    assert not case.children_at_risk
