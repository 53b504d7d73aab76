"""Objections: Awb deadlines worked by hand, the hearing before the outcome, the grounds
in the resident's vault, and who sees what."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leefwereld.core.tests.factories import as_actor
from leefwereld.objections import registry, services
from leefwereld.objections.models import Objection
from leefwereld.vault.tests.factories import LegalBasisFactory, worker
from leefwereld.youth import services as youth
from leefwereld.youth.models import Access
from leefwereld.youth.tests.factories import town

pytestmark = pytest.mark.django_db


def decided(t):
    today = timezone.localdate()
    return youth.register(
        as_actor(t["professional"]),
        t["child"],
        route=Access.Route.GP,
        team=t["team"],
        product=t["product"],
        provider=t["provider"],
        received_on=today,
        referrer_name="Huisarts Jansen",
        referrer_agb="01234567",
        volume=20,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=180),
    ).decision


def test_the_awb_deadlines_of_an_objection_worked_by_hand():
    # Decision announced Thursday 1 October 2026. Bezwaartermijn: six weeks from the day
    # after, ends Thursday 12 November 2026 (Awb 6:7/6:8). Decision on the objection: six
    # weeks from the day after that, Thursday 24 December 2026 (Awb 7:10 lid 1); with an
    # advisory committee twelve weeks: Thursday 4 February 2027; postponed: +6 weeks.
    o = Objection(announced_on=datetime.date(2026, 10, 1), received_on=datetime.date(2026, 11, 12))
    assert o.objection_deadline == datetime.date(2026, 11, 12)
    assert not o.late
    assert o.decide_by == datetime.date(2026, 12, 24)
    o.committee = True
    assert o.decide_by == datetime.date(2027, 2, 4)
    o.committee, o.postponed = False, True
    assert o.decide_by == datetime.date(2027, 2, 4)
    o.received_on = datetime.date(2026, 11, 13)
    assert o.late


def test_a_deadline_on_a_saturday_moves_to_monday_atw():
    # Announced Saturday 3 October 2026: six weeks end Saturday 14 November, and the
    # Algemene termijnenwet moves it to Monday 16 November 2026.
    o = Objection(announced_on=datetime.date(2026, 10, 3), received_on=datetime.date(2026, 11, 16))
    assert o.objection_deadline == datetime.date(2026, 11, 16)
    assert not o.late


def test_a_parent_objects_to_their_childs_youth_decision_and_the_grounds_go_to_the_vault(client):
    t = town(14)
    decision = decided(t)
    client.force_login(t["mother"].user)
    page = client.get(f"/bezwaar/nieuw/?besluit=youth.decision:{decision.pk}")
    assert page.status_code == 200
    response = client.post(
        f"/bezwaar/nieuw/?besluit=youth.decision:{decision.pk}",
        {"grounds": "Twintig uur is te weinig voor Sem."},
    )
    objection = Objection.objects.get()
    assert response["Location"] == f"/bezwaar/{objection.pk}/"
    assert objection.resident == t["child"]
    assert objection.decision == decision
    assert objection.received_on == timezone.localdate()
    detail = client.get(f"/bezwaar/{objection.pk}/").content.decode()
    assert "Twintig uur is te weinig voor Sem." in detail
    assert objection.decide_by.strftime("%Y") in detail
    # The stranger cannot object to it, or see the objection.
    client.force_login(t["stranger"].user)
    assert client.get(f"/bezwaar/nieuw/?besluit=youth.decision:{decision.pk}").status_code == 404
    assert client.get(f"/bezwaar/{objection.pk}/").status_code == 404


def test_an_unknown_or_malformed_decision_reference_is_not_found(client):
    t = town(14)
    client.force_login(t["mother"].user)
    for ref in ("youth.decision:999", "nope", "core.resident:1", "youth.decision:x"):
        assert client.get(f"/bezwaar/nieuw/?besluit={ref}").status_code == 404


def test_empty_grounds_are_refused_and_nothing_is_written():
    t = town(14)
    target = registry.find(as_actor(t["mother"].user), f"youth.decision:{decided(t).pk}")
    with pytest.raises(ValidationError) as error:
        services.file(as_actor(t["mother"].user), target, grounds="  ")
    assert "grounds" in error.value.message_dict
    assert not Objection.objects.exists()


def test_the_outcome_needs_the_hearing_first_and_only_a_handler_with_a_basis_decides():
    t = town(14)
    target = registry.find(as_actor(t["mother"].user), f"youth.decision:{decided(t).pk}")
    objection = services.file(as_actor(t["mother"].user), target, grounds="Te weinig uren.")
    handler = worker(t["team"])
    LegalBasisFactory(resident=t["child"], organisation=t["team"], law="jeugdwet")
    with pytest.raises(PermissionDenied):
        services.decide(as_actor(worker()), objection, outcome=Objection.Outcome.UNFOUNDED)
    with pytest.raises(ValidationError):
        services.decide(as_actor(handler), objection, outcome=Objection.Outcome.WELL_FOUNDED)
    services.plan_hearing(
        as_actor(handler),
        objection,
        state=Objection.Hearing.PLANNED,
        at=timezone.now() + datetime.timedelta(days=7),
    )
    services.plan_hearing(as_actor(handler), objection, state=Objection.Hearing.HELD)
    done = services.decide(as_actor(handler), objection, outcome=Objection.Outcome.PARTLY)
    assert (done.outcome, done.decided_on) == ("deels", timezone.localdate())
    with pytest.raises(ValidationError):
        services.decide(as_actor(handler), objection, outcome=Objection.Outcome.UNFOUNDED)


def test_a_plainly_inadmissible_objection_needs_no_hearing_and_postponing_is_once():
    t = town(14)
    target = registry.find(as_actor(t["mother"].user), f"youth.decision:{decided(t).pk}")
    objection = services.file(as_actor(t["mother"].user), target, grounds="Bezwaar.")
    handler = worker(t["team"])
    LegalBasisFactory(resident=t["child"], organisation=t["team"], law="jeugdwet")
    before = objection.decide_by
    services.postpone(as_actor(handler), objection)
    objection.refresh_from_db()
    assert (
        objection.decide_by == before + datetime.timedelta(weeks=6) or objection.decide_by > before
    )
    with pytest.raises(ValidationError):
        services.postpone(as_actor(handler), objection)
    assert (
        services.decide(
            as_actor(handler), objection, outcome=Objection.Outcome.INADMISSIBLE
        ).outcome
        == "niet_ontvankelijk"
    )
