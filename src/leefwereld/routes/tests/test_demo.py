"""The demo routes follow the same rules as the services."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count, F

from leefwereld.core.tests.factories import as_actor
from leefwereld.demo.build import write_demo_accounts, write_organisations, write_population
from leefwereld.demo.population import SCALES, build_population
from leefwereld.demo.profile import decide_needs
from leefwereld.routes import demo, services
from leefwereld.routes.authorisation import organisation_ids
from leefwereld.routes.models import (
    Escalation,
    Handover,
    HelpRequest,
    Involvement,
    InvolvementSignal,
)
from leefwereld.vault.models import Record

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(scope="module", params=[11, 12])
def built(request, django_db_setup, django_db_blocker):
    """The small demo for two seeds (the routes are random; the rules must always hold)."""
    from django.db import transaction

    seed = request.param
    with django_db_blocker.unblock(), transaction.atomic():
        population = build_population(SCALES["small"], seed=seed, today=TODAY)
        write_population(population, TODAY)
        write_organisations(SCALES["small"], seed)
        write_demo_accounts(population)
        needs = decide_needs(population, seed, TODAY)
        counts = demo.add_demo_data(seed, TODAY, needs)
        yield counts
        transaction.set_rollback(True)


def test_the_demo_has_routes_of_realistic_length(built):
    assert built["help_requests"] > 50
    hops = dict(HelpRequest.objects.values_list("referral_count").annotate(n=Count("pk")))
    assert hops[0] > hops.get(1, 0) > hops.get(2, 0) > 0
    assert Escalation.objects.filter(cause=Escalation.Cause.THIRD_REFERRAL).exists()
    assert HelpRequest.objects.filter(status=HelpRequest.Status.CLOSED).exists()
    assert HelpRequest.objects.exclude(status=HelpRequest.Status.CLOSED).exists()


def test_the_demo_never_has_a_third_referral_or_a_lost_escalation(built):
    assert not Handover.objects.filter(kind=Handover.Kind.REFERRAL, hop__gt=2).exists()
    for handover in Handover.objects.filter(hop__gt=2).select_related("request"):
        assert handover.kind == Handover.Kind.REGIE
        assert handover.request.escalations.filter(opened_at__lte=handover.sent_at).exists()
    for escalation in Escalation.objects.all():
        assert (
            escalation.owner_id is not None
            or escalation.overdue_at is not None
            or escalation.own_by >= TODAY
        )
    # Nothing is pending past its deadline on the reference date.
    assert not Handover.objects.filter(status="pending", accept_by__lt=TODAY).exists()
    for request in HelpRequest.objects.filter(status=HelpRequest.Status.WAITING)[:200]:
        assert request.current_handover.status == "pending"
    for request in HelpRequest.objects.filter(status=HelpRequest.Status.ESCALATED)[:200]:
        assert services.open_escalation(request) is not None


def test_the_demo_resident_has_two_requests_with_their_questions_in_their_vault(built):
    from leefwereld.core.models import Resident

    resident = Resident.objects.get(user__username="inwoner")
    requests = list(HelpRequest.objects.filter(resident=resident).order_by("opened_at"))
    assert len(requests) >= 2
    story = [r for r in requests if r.record_id is not None]
    assert len(story) == 2
    assert Record.objects.filter(pk__in=[r.record_id for r in story], source="routes").count() == 2
    assert story[0].referral_count == 2
    assert story[1].escalations.get().owner_id is not None


def test_the_demo_wijkwerker_has_work_today(built):
    from leefwereld.core.models import User

    wijkwerker = User.objects.get(username="wijkwerker")
    team = organisation_ids(as_actor(wijkwerker))
    assert HelpRequest.objects.filter(
        status=HelpRequest.Status.WAITING, current_handover__to_organisation_id__in=team
    ).exists()
    assert HelpRequest.objects.filter(responsible_user=wijkwerker, status="in_progress").exists()
    assert HelpRequest.objects.filter(responsible_user=wijkwerker, status="waiting").exists()


def test_the_demo_has_involvements_with_signals_both_ways(built):
    assert built["involvements"] == Involvement.objects.count() > 0
    assert InvolvementSignal.objects.filter(match="same_resident").exists()
    pairs = set(
        InvolvementSignal.objects.filter(other__isnull=False).values_list(
            "recipient_id", "other_id"
        )
    )
    assert all((b, a) in pairs for a, b in pairs)
    assert not InvolvementSignal.objects.filter(
        recipient__organisation=F("other__organisation")
    ).exists()
