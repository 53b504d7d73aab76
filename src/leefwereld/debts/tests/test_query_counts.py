"""The list pages cost the same number of queries for 2 rows as for 6: no query per row.

Each test measures a page, adds more of what it lists, and measures again. A template or
view that touches a relation per row (a missing select_related or annotate) makes the
second count larger and the test fail.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leefwereld.core.models import Membership
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import ResidentFactory, UserFactory, as_actor, log_in
from leefwereld.debts import services
from leefwereld.debts.models import (
    DebtCase,
    Offer,
    OutreachCase,
    Sector,
    Signal,
    SignalImport,
)

from .factories import DAY, CreditorFactory, debt_officer
from .test_fund_journey import open_case_with_debts

pytestmark = pytest.mark.django_db
LATE = DAY + datetime.timedelta(days=40)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


class World:
    """Signals, outreach cases, debt cases, refusals and escalations, grown on demand."""

    def __init__(self):
        self.officer = debt_officer()
        self.partner = CreditorFactory(sector=Sector.LANDLORD)
        self.batch = SignalImport.objects.create(
            partner=self.partner, file_hash="h", imported_by=self.officer
        )
        self.n = 0

    def grow(self, count: int) -> None:
        for _ in range(count):
            self.n += 1
            resident = ResidentFactory()
            outreach = OutreachCase.objects.create(household=resident.household, opened_on=DAY)
            for match, crisis in ((Signal.Match.BSN, True), (Signal.Match.REVIEW, False)):
                Signal.objects.create(
                    batch=self.batch,
                    partner=self.partner,
                    reference=f"K-{self.n}-{match}",
                    amount_cents=10_000,
                    origin_date=DAY,
                    signal_date=DAY,
                    crisis=crisis,
                    match=match,
                    resident=resident if match == Signal.Match.BSN else None,
                    candidate=resident if match == Signal.Match.REVIEW else None,
                    outreach=outreach,
                )
            # A case where one creditor refused, past its four weeks and escalated.
            case = open_case_with_debts(
                self.officer, resident, [CreditorFactory(), CreditorFactory()], [50_000, 50_000]
            )
            first, second = services.make_offers(as_actor(self.officer), case, DAY)
            services.respond(as_actor(self.officer), first, accepted=True, on=DAY)
            services.respond(as_actor(self.officer), second, accepted=False, on=DAY)
        services.escalate_overdue(LATE)


@pytest.fixture
def world():
    return World()


OFFICER_PAGES = [
    "/schulden/",
    "/schulden/signalen/",
    "/schulden/vroegsignalering/",
    "/schulden/zaken/",
    "/schulden/weigeringen/",
    "/schulden/escalaties/",
]


@pytest.mark.parametrize("url", OFFICER_PAGES)
def test_officer_list_pages_use_a_constant_number_of_queries(client, world, url):
    world.grow(2)
    log_in(client, world.officer)
    small = queries(client, url)
    world.grow(4)
    assert DebtCase.objects.count() == 6
    assert Offer.objects.filter(status=Offer.Status.REFUSED).count() == 6
    assert queries(client, url) == small


def test_the_team_leads_escalation_page_uses_a_constant_number_of_queries(client, world):
    lead = UserFactory(role=Role.TEAM_LEAD)
    world.grow(2)
    organisation = DebtCase.objects.first().organisation
    Membership.objects.create(user=lead, organisation=organisation)
    log_in(client, lead)
    small = queries(client, "/schulden/escalaties/")
    world.grow(4)
    assert queries(client, "/schulden/escalaties/") == small


def test_the_signal_partners_page_uses_a_constant_number_of_queries(client, world):
    member = UserFactory(professional=True)
    Membership.objects.create(user=member, organisation=world.partner.organisation)
    world.grow(2)
    log_in(client, member)
    small = queries(client, "/schulden/signaalpartner/")
    world.grow(4)
    assert queries(client, "/schulden/signaalpartner/") == small
