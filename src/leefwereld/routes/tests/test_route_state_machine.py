"""Whatever happens on a route — referrals, acceptances, refusals, reports of being sent from
pillar to post, the regie team stepping in, time passing across Dutch holidays — no
request ever has a third referral without an escalation record, and every escalation has
an owner or is overdue (flagged once its deadline passed; before that, its deadline runs).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from leefwereld.core.tests.factories import TeamFactory, as_actor
from leefwereld.routes import services
from leefwereld.routes.models import Escalation, Handover, HelpRequest
from leefwereld.rules import add_working_days

from .factories import (
    ProviderFactory,
    RegieOrganisationFactory,
    professional,
    resident_with_account,
)

pytestmark = pytest.mark.django_db

# The Friday before Christmas: deadlines run across Christmas and New Year's Day.
START = datetime.datetime(2026, 12, 18, 9, 0, tzinfo=datetime.UTC)
PROVIDERS = 4


class RouteMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        # Every run starts from the same small world and leaves nothing behind.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.regie = RegieOrganisationFactory()
        self.regie_worker = professional(self.regie)
        self.providers = [ProviderFactory() for _ in range(PROVIDERS)]
        self.workers = {o.pk: professional(o) for o in self.providers}
        self.workers[self.regie.pk] = self.regie_worker
        self.resident = resident_with_account()
        TeamFactory(
            organisation=self.providers[0],
            neighbourhoods=[self.resident.household.address.neighbourhood],
        )
        self.now = START
        self.request_ids: list[int] = []

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- helpers ---------------------------------------------------------------------------

    def _request(self, index: int) -> HelpRequest:
        return HelpRequest.objects.get(pk=self.request_ids[index % len(self.request_ids)])

    def _try(self, action, user, *args, **kwargs):
        """Refusals of the rules (wrong status, wrong person) are fine; anything else fails."""
        try:
            return action(as_actor(user), *args, now=self.now, **kwargs)
        except (ValidationError, PermissionDenied):
            return None

    # --- rules -----------------------------------------------------------------------------

    @rule(provider=st.integers(0, PROVIDERS - 1), by_professional=st.booleans())
    def open_a_request(self, provider: int, by_professional: bool) -> None:
        # Provider 0 is the resident's neighbourhood team: its professionals may open a
        # request on the resident's behalf (accepted at once).
        organisation = self.providers[0] if by_professional else self.providers[provider]
        actor = self.workers[organisation.pk] if by_professional else self.resident.user
        request = services.open_request(
            as_actor(actor),
            self.resident,
            organisation=organisation,
            category="finance",
            now=self.now,
        )
        self.request_ids.append(request.pk)

    @precondition(lambda self: self.request_ids)
    @rule(index=st.integers(0, 50), destination=st.integers(0, PROVIDERS))
    def refer(self, index: int, destination: int) -> None:
        request = self._request(index)
        regie = services.held_by_regie(request)
        holder = regie.regie_organisation_id if regie else request.current_organisation_id
        actor = self.workers.get(holder)
        if actor is None:
            return
        to = self.regie if destination == PROVIDERS else self.providers[destination]
        self._try(services.refer, actor, request, to_organisation=to)

    @precondition(lambda self: self.request_ids)
    @rule(index=st.integers(0, 50))
    def accept(self, index: int) -> None:
        request = self._request(index)
        handover = request.current_handover
        if handover is not None:
            actor = self.workers[handover.to_organisation_id]
            self._try(services.accept_handover, actor, handover)

    @precondition(lambda self: self.request_ids)
    @rule(index=st.integers(0, 50))
    def refuse(self, index: int) -> None:
        request = self._request(index)
        handover = request.current_handover
        if handover is not None:
            actor = self.workers[handover.to_organisation_id]
            self._try(services.refuse_handover, actor, handover)

    @precondition(lambda self: self.request_ids)
    @rule(index=st.integers(0, 50))
    def regie_takes_ownership(self, index: int) -> None:
        escalation = services.open_escalation(self._request(index))
        if escalation is not None:
            self._try(services.take_ownership, self.regie_worker, escalation)

    @precondition(lambda self: self.request_ids)
    @rule(index=st.integers(0, 50))
    def resident_feels_sent_from_pillar_to_post(self, index: int) -> None:
        self._try(services.report_pillar_to_post, self.resident.user, self._request(index))

    @precondition(lambda self: self.request_ids)
    @rule(index=st.integers(0, 50))
    def professional_escalates(self, index: int) -> None:
        request = self._request(index)
        actor = self.workers.get(request.current_organisation_id)
        if actor is not None:
            self._try(services.escalate, actor, request)

    @precondition(lambda self: self.request_ids)
    @rule(index=st.integers(0, 50))
    def close(self, index: int) -> None:
        request = self._request(index)
        actor = self.workers.get(request.current_organisation_id)
        if actor is not None:
            self._try(services.close_request, actor, request)

    @rule(hours=st.integers(1, 24 * 6))
    def time_passes(self, hours: int) -> None:
        self.now += datetime.timedelta(hours=hours)
        services.catch_up(self.now)

    # --- invariants ------------------------------------------------------------------------

    @invariant()
    def no_third_referral_without_an_escalation(self) -> None:
        for request in HelpRequest.objects.filter(pk__in=self.request_ids):
            handovers = list(request.handovers.order_by("sequence"))
            escalations = list(request.escalations.order_by("opened_at"))
            referrals = [h for h in handovers if h.kind == Handover.Kind.REFERRAL]
            assert len(referrals) <= services.MAX_REFERRALS
            for handover in handovers:
                if handover.is_hop and handover.hop > services.MAX_REFERRALS:
                    assert handover.kind == Handover.Kind.REGIE
                    assert any(e.opened_at <= handover.sent_at for e in escalations), (
                        f"hop {handover.hop} of request {request.pk} without an escalation"
                    )
            assert request.referral_count == sum(1 for h in handovers if h.is_hop)

    @invariant()
    def every_escalation_has_an_owner_or_is_overdue(self) -> None:
        today = timezone.localtime(self.now).date()
        for escalation in Escalation.objects.filter(request_id__in=self.request_ids):
            assert escalation.regie_organisation_id == self.regie.pk
            assert escalation.own_by == add_working_days(
                timezone.localtime(escalation.opened_at).date(),
                services.escalation_working_days(),
            )
            assert (
                escalation.owner_id is not None
                or escalation.cancelled_at is not None
                or today <= escalation.own_by
                or escalation.overdue_at is not None
            ), f"escalation {escalation.pk}: no owner, past {escalation.own_by}, not overdue"
            if escalation.overdue_at is not None:
                assert escalation.owner_id is not None or escalation.is_overdue(today)

    @invariant()
    def the_status_says_where_the_request_is(self) -> None:
        today = timezone.localtime(self.now).date()
        for request in HelpRequest.objects.filter(pk__in=self.request_ids).select_related(
            "current_handover"
        ):
            pending = request.handovers.filter(status=Handover.Status.PENDING)
            if request.status == HelpRequest.Status.WAITING:
                assert request.current_handover.status == Handover.Status.PENDING
                assert request.next_deadline == request.current_handover.accept_by
                # The tick escalated everything past its acceptance deadline.
                assert request.current_handover.accept_by >= today
                assert pending.count() == 1
            else:
                assert not pending.exists()
            if request.status == HelpRequest.Status.ESCALATED:
                assert services.open_escalation(request) is not None
                assert request.current_organisation_id == self.regie.pk
            if request.status == HelpRequest.Status.IN_PROGRESS:
                assert request.responsible_user_id is not None


def test_no_route_has_a_third_referral_without_escalation_and_no_escalation_is_lost():
    run_state_machine_as_test(
        RouteMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
