"""Help requests and referrals: the two-hop limit, warm handovers and escalation."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from leefwereld.core.models import Organisation
from leefwereld.core.tests.factories import TeamFactory, as_actor
from leefwereld.routes import services
from leefwereld.routes.models import Escalation, Handover, HelpRequest, RouteEvent
from leefwereld.vault import access as vault
from leefwereld.vault.models import AccessLog, Record

from .factories import (
    MONDAY,
    ProviderFactory,
    RegieOrganisationFactory,
    help_request,
    professional,
    resident_with_account,
)

pytestmark = pytest.mark.django_db

Status = HelpRequest.Status


@pytest.fixture
def world():
    """A resident, their neighbourhood team, three providers and the regie team."""
    resident = resident_with_account()
    team = TeamFactory(neighbourhoods=[resident.household.address.neighbourhood]).organisation
    providers = [ProviderFactory(name=name) for name in ("Zorggroep", "Ggz-team", "Schuldhulp")]
    regie = RegieOrganisationFactory()
    workers = {org.pk: professional(org) for org in [team, *providers, regie]}
    return {
        "resident": resident,
        "team": team,
        "providers": providers,
        "regie": regie,
        "workers": workers,
    }


def worker(world, org: Organisation):
    return world["workers"][org.pk]


def at_team(world, now=MONDAY) -> HelpRequest:
    """A request the team's professional opened and so holds (in progress)."""
    return help_request(
        world["resident"], world["team"], actor=worker(world, world["team"]), now=now
    )


def refer_on(world, request: HelpRequest, to: Organisation, now=MONDAY):
    return services.refer(
        as_actor(worker(world, request.current_organisation)), request, to_organisation=to, now=now
    )


def accept(world, request: HelpRequest, now=MONDAY) -> HelpRequest:
    request.refresh_from_db()
    return services.accept_handover(
        as_actor(worker(world, request.current_organisation)), request.current_handover, now=now
    )


# --- opening ----------------------------------------------------------------------------


def test_a_residents_question_goes_into_their_vault_and_never_into_the_route_tables(world):
    resident = world["resident"]
    request = help_request(resident, world["team"], question="Ik kan de huur niet betalen.")
    assert request.status == Status.WAITING
    assert request.record_id is not None
    record = Record.objects.get(pk=request.record_id)
    assert record.resident_id == resident.pk
    assert record.source == "routes"
    assert b"huur" not in bytes(record.ciphertext)
    payload = vault.read_record(as_actor(resident.user), record.pk).payload
    assert payload["text"] == "Ik kan de huur niet betalen."
    # No column of any route table holds the text.
    for model in (HelpRequest, Handover, Escalation, RouteEvent):
        for row in model.objects.values():
            assert not any("huur" in str(value) for value in row.values()), model


def test_a_resident_asks_and_the_organisation_must_accept_within_three_working_days(world):
    request = help_request(world["resident"], world["team"])  # Monday 2 March 2026
    assert request.current_handover.accept_by == datetime.date(2026, 3, 5)
    assert request.responsible_user is None
    assert request.next_deadline == datetime.date(2026, 3, 5)


def test_a_professional_opens_a_request_at_their_own_organisation_and_is_responsible(world):
    request = at_team(world)
    assert request.status == Status.IN_PROGRESS
    assert request.responsible_user == worker(world, world["team"])
    assert request.current_handover.status == Handover.Status.ACCEPTED


def test_a_professional_cannot_open_a_request_at_another_organisation(world):
    with pytest.raises(ValidationError):
        help_request(world["resident"], world["providers"][0], actor=worker(world, world["team"]))


def test_a_professional_without_vault_access_cannot_store_the_question(world):
    with pytest.raises(ValidationError) as error:
        help_request(
            world["resident"],
            world["team"],
            actor=worker(world, world["team"]),
            question="Schulden",
        )
    assert "question" in error.value.message_dict
    assert not HelpRequest.objects.exists()


# --- the two-hop limit ----------------------------------------------------------------------


def test_the_first_referral_has_no_warning_and_the_sender_stays_responsible(world):
    request = at_team(world)
    result = refer_on(world, request, world["providers"][0])
    assert not result.escalated
    assert result.warning == ""
    assert result.handover.hop == 1
    request.refresh_from_db()
    assert request.status == Status.WAITING
    assert request.current_organisation == world["providers"][0]
    # Warm: the team's professional stays responsible until the provider accepts.
    assert request.responsible_user == worker(world, world["team"])
    accept(world, request)
    request.refresh_from_db()
    assert request.responsible_user == worker(world, world["providers"][0])


def test_the_second_referral_shows_a_warning(world):
    request = at_team(world)
    refer_on(world, request, world["providers"][0])
    accept(world, request)
    result = refer_on(world, request, world["providers"][1])
    assert not result.escalated
    assert result.handover.hop == 2
    assert "tweede verwijzing" in result.warning


def test_a_third_referral_is_impossible_and_opens_an_escalation_instead(world):
    request = at_team(world)
    refer_on(world, request, world["providers"][0])
    accept(world, request)
    refer_on(world, request, world["providers"][1])
    accept(world, request)

    result = refer_on(world, request, world["providers"][2])

    assert result.escalated
    assert result.handover is None
    escalation = result.escalation
    assert escalation.cause == Escalation.Cause.THIRD_REFERRAL
    assert escalation.regie_organisation == world["regie"]
    assert escalation.suggested_organisation == world["providers"][2]
    assert escalation.own_by == datetime.date(2026, 3, 4)  # two working days after Monday
    request.refresh_from_db()
    assert request.status == Status.ESCALATED
    assert request.referral_count == 2
    assert not request.handovers.filter(to_organisation=world["providers"][2]).exists()


def test_the_database_refuses_a_third_referral_even_past_the_services(world):
    request = at_team(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Handover.objects.create(
            request=request,
            sequence=9,
            hop=3,
            kind=Handover.Kind.REFERRAL,
            to_organisation=world["providers"][0],
            accept_by=datetime.date(2026, 3, 5),
        )


def test_a_refused_referral_counts_as_a_hop_and_goes_back_to_the_sender(world):
    request = at_team(world)
    refer_on(world, request, world["providers"][0])
    request.refresh_from_db()
    services.refuse_handover(
        as_actor(worker(world, world["providers"][0])), request.current_handover, now=MONDAY
    )
    request.refresh_from_db()
    assert request.referral_count == 1
    assert request.status == Status.WAITING
    assert request.current_organisation == world["team"]
    assert request.current_handover.kind == Handover.Kind.RETURN
    assert request.responsible_user == worker(world, world["team"])
    # The team takes it back and tries once more: that is the second (and last) referral.
    accept(world, request)
    assert "tweede" in refer_on(world, request, world["providers"][1]).warning


def test_the_regie_team_takes_ownership_and_assigns_a_third_organisation(world):
    request = at_team(world)
    for provider in world["providers"][:2]:
        refer_on(world, request, provider)
        accept(world, request)
    escalation = refer_on(world, request, world["providers"][2]).escalation

    services.take_ownership(as_actor(worker(world, world["regie"])), escalation, now=MONDAY)
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS
    assert request.responsible_user == worker(world, world["regie"])

    result = services.refer(
        as_actor(worker(world, world["regie"])),
        request,
        to_organisation=world["providers"][2],
        now=MONDAY,
    )
    assert result.handover.kind == Handover.Kind.REGIE
    assert result.handover.hop == 3
    # An assignment by the regie team cannot be refused: it has a mandate.
    with pytest.raises(ValidationError):
        services.refuse_handover(
            as_actor(worker(world, world["providers"][2])), result.handover, now=MONDAY
        )


def test_only_the_regie_team_can_take_ownership(world):
    request = at_team(world)
    escalation = services.escalate(as_actor(worker(world, world["team"])), request, now=MONDAY)
    with pytest.raises(PermissionDenied):
        services.take_ownership(
            as_actor(worker(world, world["providers"][0])), escalation, now=MONDAY
        )


def test_only_the_receiving_organisation_can_accept(world):
    request = at_team(world)
    handover = refer_on(world, request, world["providers"][0]).handover
    with pytest.raises(PermissionDenied):
        services.accept_handover(
            as_actor(worker(world, world["providers"][1])), handover, now=MONDAY
        )


def test_an_action_that_does_not_fit_the_status_is_refused(world):
    request = help_request(world["resident"], world["team"])
    with pytest.raises(services.InvalidTransition):
        services.close_request(as_actor(worker(world, world["team"])), request, now=MONDAY)
    assert ("waiting", "close") not in services.TRANSITIONS


# --- escalating by itself -------------------------------------------------------------------


def test_a_handover_not_accepted_in_time_escalates_by_itself_counting_working_days_across_a_holiday(
    world,
):
    friday = datetime.datetime(2026, 4, 24, 10, 0, tzinfo=datetime.UTC)  # Koningsdag is Mon 27
    request = at_team(world, now=friday)
    handover = refer_on(world, request, world["providers"][0], now=friday).handover
    # Tue 28, Wed 29, Thu 30 April: Koningsdag does not count.
    assert handover.accept_by == datetime.date(2026, 4, 30)

    last_day = datetime.datetime(2026, 4, 30, 20, 0, tzinfo=datetime.UTC)
    assert services.escalate_overdue(last_day) == 0
    next_day = datetime.datetime(2026, 5, 1, 7, 0, tzinfo=datetime.UTC)
    assert services.escalate_overdue(next_day) == 1
    assert services.escalate_overdue(next_day) == 0  # idempotent

    request.refresh_from_db()
    assert request.status == Status.ESCALATED
    escalation = request.escalations.get()
    assert escalation.cause == Escalation.Cause.ACCEPTANCE_OVERDUE
    assert escalation.opened_by is None
    handover.refresh_from_db()
    assert handover.status == Handover.Status.SUPERSEDED


def test_an_escalation_nobody_takes_on_in_time_is_flagged_overdue_once(world):
    request = at_team(world)
    escalation = services.escalate(as_actor(worker(world, world["team"])), request, now=MONDAY)
    assert escalation.own_by == datetime.date(2026, 3, 4)
    assert (
        services.flag_overdue_escalations(datetime.datetime(2026, 3, 4, 20, tzinfo=datetime.UTC))
        == 0
    )
    later = datetime.datetime(2026, 3, 5, 8, tzinfo=datetime.UTC)
    assert services.flag_overdue_escalations(later) == 1
    assert services.flag_overdue_escalations(later) == 0
    escalation.refresh_from_db()
    assert escalation.overdue_at is not None
    assert escalation.is_overdue(datetime.date(2026, 3, 5))
    assert request.events.filter(kind=RouteEvent.Kind.ESCALATION_OVERDUE).count() == 1


@override_settings(LEEFWERELD_HANDOVER_ACCEPT_WORKING_DAYS=5, LEEFWERELD_ESCALATION_WORKING_DAYS=1)
def test_the_deadlines_are_settings(world):
    request = at_team(world)
    handover = refer_on(world, request, world["providers"][0]).handover
    assert handover.accept_by == datetime.date(2026, 3, 9)
    request.refresh_from_db()
    escalation = services.escalate(
        as_actor(worker(world, world["providers"][0])), request, now=MONDAY
    )
    assert escalation.own_by == datetime.date(2026, 3, 3)


def test_the_regie_organisation_can_be_configured_by_name(world):
    other = ProviderFactory(name="Regieteam Sociaal Domein")
    professional(other)
    request = at_team(world)
    with override_settings(LEEFWERELD_REGIE_ORGANISATION="Regieteam Sociaal Domein"):
        escalation = services.escalate(as_actor(worker(world, world["team"])), request, now=MONDAY)
    assert escalation.regie_organisation == other


def test_without_a_setting_the_regie_team_is_the_first_municipality_organisation(world):
    assert services.regie_organisation() == world["regie"]


# --- the resident -------------------------------------------------------------------------------


def test_a_resident_who_feels_sent_from_pillar_to_post_escalates_directly(world):
    request = at_team(world)
    escalation = services.report_pillar_to_post(
        as_actor(world["resident"].user), request, now=MONDAY
    )
    assert escalation.cause == Escalation.Cause.PILLAR_TO_POST
    request.refresh_from_db()
    assert request.status == Status.ESCALATED
    # Saying it again while the regie team has it keeps one open escalation.
    again = services.report_pillar_to_post(as_actor(world["resident"].user), request, now=MONDAY)
    assert again == escalation
    assert request.escalations.count() == 1
    assert request.events.filter(kind=RouteEvent.Kind.PILLAR_TO_POST).count() == 2


def test_pillar_to_post_is_reported_by_the_resident_or_recorded_by_the_holding_organisation(world):
    request = at_team(world)
    with pytest.raises(PermissionDenied):
        services.report_pillar_to_post(
            as_actor(worker(world, world["providers"][0])), request, now=MONDAY
        )
    # A resident without an account says it by phone; the team's professional records it.
    escalation = services.report_pillar_to_post(
        as_actor(worker(world, world["team"])), request, now=MONDAY
    )
    assert escalation.cause == Escalation.Cause.PILLAR_TO_POST


def test_withdrawing_cancels_an_open_escalation(world):
    request = at_team(world)
    services.report_pillar_to_post(as_actor(world["resident"].user), request, now=MONDAY)
    services.withdraw_request(as_actor(world["resident"].user), request, now=MONDAY)
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    assert request.outcome == HelpRequest.Outcome.WITHDRAWN
    assert request.escalations.get().cancelled_at is not None


def test_closing_records_the_time_to_the_right_help(world):
    request = at_team(world)
    refer_on(world, request, world["providers"][0])
    accept(world, request, now=MONDAY + datetime.timedelta(days=2))
    request.refresh_from_db()
    services.close_request(
        as_actor(worker(world, world["providers"][0])),
        request,
        now=MONDAY + datetime.timedelta(days=30),
    )
    request.refresh_from_db()
    assert request.days_to_help == 2
    assert request.outcome == HelpRequest.Outcome.HELPED


def test_the_resident_lets_the_current_organisation_read_the_question(world):
    resident = world["resident"]
    request = help_request(resident, world["team"], question="Ik slaap slecht van de schulden.")
    provider_worker = worker(world, world["team"])
    assert not services.may_read_content(as_actor(provider_worker), request)

    services.share_with_current_organisation(as_actor(resident.user), request, now=MONDAY)

    assert services.shared_with(request, world["team"].pk)
    assert services.may_read_content(as_actor(provider_worker), request)
    before = AccessLog.objects.count()
    payload = services.read_content(as_actor(provider_worker), request)
    assert payload["text"] == "Ik slaap slecht van de schulden."
    assert AccessLog.objects.count() == before + 1
    assert AccessLog.objects.latest("pk").authorisation == AccessLog.Authorisation.GRANT


# --- history and e-mail ---------------------------------------------------------------------------


def test_the_route_history_is_append_only(world):
    request = at_team(world)
    event = request.events.first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        RouteEvent.objects.filter(request=request).delete()
    with pytest.raises(PermissionError):
        RouteEvent.objects.filter(request=request).update(kind="closed")


def test_the_history_says_who_did_what_and_when(world):
    request = at_team(world)
    refer_on(world, request, world["providers"][0])
    accept(world, request)
    kinds = list(request.events.values_list("kind", "actor_id", "organisation_id"))
    assert kinds == [
        ("opened", worker(world, world["team"]).pk, world["team"].pk),
        ("accepted", worker(world, world["team"]).pk, world["team"].pk),
        ("referred", worker(world, world["team"]).pk, world["providers"][0].pk),
        ("accepted", worker(world, world["providers"][0]).pk, world["providers"][0].pk),
    ]


def test_every_handover_sends_e_mail_without_personal_details(
    world, django_capture_on_commit_callbacks
):
    resident = world["resident"]
    request = at_team(world)
    with django_capture_on_commit_callbacks(execute=True):
        refer_on(world, request, world["providers"][0])
    recipients = {address for message in mail.outbox for address in message.to}
    assert resident.user.email in recipients
    assert world["providers"][0].email in recipients
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        accept(world, request)
    assert {a for m in mail.outbox for a in m.to} >= {
        resident.user.email,
        worker(world, world["team"]).email,
    }
    for message in mail.outbox:
        assert resident.surname not in message.body
        assert resident.bsn not in message.body


def test_no_e_mail_leaves_when_the_change_is_rolled_back(world, django_capture_on_commit_callbacks):
    request = at_team(world)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        # Referring to the organisation that already holds it is refused: nothing is sent.
        refer_on(world, request, world["team"])
    assert mail.outbox == []
