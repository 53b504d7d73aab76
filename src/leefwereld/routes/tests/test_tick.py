"""`leefwereld routes_tick`: deadlines and deletions, idempotent."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from leefwereld.core.tests.factories import ResidentFactory, TeamFactory, as_actor
from leefwereld.routes import services
from leefwereld.routes.models import HelpRequest, Involvement, InvolvementArchive

from .factories import MONDAY, ProviderFactory, RegieOrganisationFactory, help_request, professional

pytestmark = pytest.mark.django_db


def tick(now: str) -> str:
    out = StringIO()
    call_command("routes_tick", now=now, stdout=out)
    return out.getvalue()


def test_the_tick_escalates_overdue_handovers_and_purges_old_involvements_once():
    resident = ResidentFactory(birth_date=datetime.date(2010, 9, 1))  # young: no consent needed
    team = TeamFactory(neighbourhoods=[resident.household.address.neighbourhood]).organisation
    provider = ProviderFactory()
    RegieOrganisationFactory()
    worker = professional(team)
    request = help_request(resident, team, actor=worker)
    services.refer(
        as_actor(worker), request, to_organisation=provider, now=MONDAY
    )  # accept by Thu 5 March
    services.register_involvement(as_actor(worker), resident, organisation=team, now=MONDAY)

    assert "escalated=0" in tick("2026-03-05T20:00")
    assert "escalated=1" in tick("2026-03-06T08:00")
    assert "escalated=0" in tick("2026-03-06T08:05")
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.ESCALATED
    # Two more working days for the regie team: overdue from Wednesday 11 March.
    assert "escalations_overdue=1" in tick("2026-03-11T08:00")
    assert "escalations_overdue=0" in tick("2026-03-11T09:00")

    assert "involvements_archived=1" in tick("2028-03-02T08:00")
    assert not Involvement.objects.exists()
    assert InvolvementArchive.objects.count() == 1
    assert "archive_purged=1" in tick("2033-03-02T08:00")
    assert not InvolvementArchive.objects.exists()


def test_pages_are_in_english_when_the_resident_chooses_english(client):
    from django.conf import settings
    from django.urls import reverse

    from .factories import resident_with_account

    resident = resident_with_account()
    client.force_login(resident.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("routes:where_am_i")).content.decode()
    assert "My help" in page
    assert "You have no open requests for help now." in page
