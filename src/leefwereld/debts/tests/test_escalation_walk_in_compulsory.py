"""The end of the four-week clock tells people; a resident who walks in gets a case; a
refusing creditor gets a last letter and the court a request (Fw 287a)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ResidentFactory,
    UserFactory,
    as_actor,
    log_in,
)
from leefwereld.debts import services
from leefwereld.debts.models import DebtCase, Escalation, Phase
from leefwereld.vault.models import AccessLog

from .factories import DAY, CreditorFactory, debt_officer
from .test_fund_journey import open_case_with_debts

pytestmark = pytest.mark.django_db
LATE = DAY + datetime.timedelta(days=29)


def overdue_case():
    officer = debt_officer(email="sf@gemeente.test")
    case = open_case_with_debts(officer, ResidentFactory(), [CreditorFactory()], [10_000])
    lead = MembershipFactory(
        user=UserFactory(role=Role.TEAM_LEAD, email="lead@gemeente.test"),
        organisation=case.organisation,
    ).user
    return officer, lead, case


def test_the_end_of_the_clock_mails_the_officer_and_the_team_lead_once(
    django_capture_on_commit_callbacks,
):
    _officer, _lead, case = overdue_case()
    MembershipFactory(  # a team lead elsewhere is not told
        user=UserFactory(role=Role.TEAM_LEAD, email="elders@gemeente.test"),
        organisation=OrganisationFactory(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_overdue(LATE) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["lead@gemeente.test", "sf@gemeente.test"]
    assert case.reference in message.subject
    assert "/schulden/escalaties/" in message.body
    # No personal data in an e-mail: not the resident's name, not the creditor.
    assert case.client.surname not in message.body + message.subject
    escalation = Escalation.objects.get(case=case)
    assert (escalation.on, escalation.due, escalation.recipients) == (LATE, case.takeover_due, 2)
    case.refresh_from_db()
    assert case.takeover_escalated_on == LATE
    # The daily job is idempotent: the same day and the next day tell nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_overdue(LATE) == 0
        assert services.escalate_overdue(LATE + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    assert Escalation.objects.count() == 1


def test_a_case_within_the_four_weeks_or_taken_over_is_not_escalated():
    _officer, _lead, case = overdue_case()
    assert services.escalate_overdue(case.takeover_due) == 0  # the last day still counts
    DebtCase.objects.filter(pk=case.pk).update(taken_over_on=case.takeover_due)
    assert services.escalate_overdue(LATE) == 0
    assert not Escalation.objects.exists()


def test_the_daily_command_escalates(capsys):
    _officer, _lead, case = overdue_case()
    DebtCase.objects.filter(pk=case.pk).update(takeover_due=DAY - datetime.timedelta(days=1))
    call_command("debts_escalate")
    assert "1 zaken geëscaleerd" in capsys.readouterr().out
    call_command("debts_escalate")
    assert "0 zaken geëscaleerd" in capsys.readouterr().out


def test_the_escalation_shows_on_the_dashboard_and_the_team_leads_page(client):
    officer, lead, case = overdue_case()
    services.escalate_overdue(LATE)
    log_in(client, officer)
    page = client.get("/schulden/").content.decode()
    assert "Gemeld aan de teamleider" in page and case.reference in page
    client.logout()
    log_in(client, lead)
    # The team lead finds the page from the menu, not only from the e-mail's link.
    assert 'href="/schulden/escalaties/"' in client.get("/mijn-werk/").content.decode()
    page = client.get("/schulden/escalaties/").content.decode()
    assert case.reference in page
    assert case.client.surname not in page
    assert client.get(f"/schulden/zaken/{case.pk}/").status_code == 403
    client.logout()
    other_lead = MembershipFactory(
        user=UserFactory(role=Role.TEAM_LEAD), organisation=OrganisationFactory()
    ).user
    log_in(client, other_lead)
    assert case.reference not in client.get("/schulden/escalaties/").content.decode()
    client.logout()
    log_in(client, UserFactory(professional=True))
    assert client.get("/schulden/escalaties/").status_code == 403


# --- walk-in ------------------------------------------------------------------------------


def test_an_officer_registers_a_resident_who_walks_in(client):
    officer = debt_officer()
    resident = ResidentFactory()
    log_in(client, officer)
    assert client.get("/schulden/zaken/aanmelden/").status_code == 200
    response = client.post(
        "/schulden/zaken/aanmelden/",
        {
            "bsn": resident.bsn,
            "birth_date": resident.birth_date.isoformat(),
            "registered_on": DAY.isoformat(),
            "threatening": "on",
        },
    )
    case = DebtCase.objects.get(client=resident)
    assert response.status_code == 302 and response.url == f"/schulden/zaken/{case.pk}/"
    assert case.outreach is None and case.phase == Phase.REGISTRATION
    # Threatening: the first conversation within 3 working days (Wgs art. 4 lid 2).
    assert case.first_conversation_due == datetime.date(2025, 9, 4)
    logged = AccessLog.objects.filter(
        resident=resident, user=officer, access_point="debts:case_walk_in"
    )
    assert logged.exists()


def test_a_walk_in_needs_the_matching_birth_date_and_no_running_case(client):
    officer = debt_officer()
    resident = ResidentFactory()
    log_in(client, officer)
    wrong = client.post(
        "/schulden/zaken/aanmelden/",
        {"bsn": resident.bsn, "birth_date": "1990-01-01", "registered_on": DAY.isoformat()},
    )
    assert wrong.status_code == 400
    assert "geen inwoner met dit BSN" in wrong.content.decode()
    assert not DebtCase.objects.exists()
    case = services.open_case(as_actor(officer), resident, registered_on=DAY, threatening=False)
    partner = ResidentFactory(household=resident.household)
    again = client.post(
        "/schulden/zaken/aanmelden/",
        {
            "bsn": partner.bsn,
            "birth_date": partner.birth_date.isoformat(),
            "registered_on": DAY.isoformat(),
        },
    )
    assert again.status_code == 400 and case.reference in again.content.decode()
    assert DebtCase.objects.count() == 1


def test_only_debt_officers_register_walk_ins(client):
    log_in(client, UserFactory(professional=True))
    assert client.get("/schulden/zaken/aanmelden/").status_code == 403


# --- dwangakkoord -------------------------------------------------------------------------


def test_refusing_creditors_get_a_letter_and_the_court_a_request(client):
    officer = debt_officer()
    resident = ResidentFactory()
    a, b, c = CreditorFactory(), CreditorFactory(), CreditorFactory()
    case = open_case_with_debts(officer, resident, [a, b, c], [300_000, 100_000, 100_000])
    first, second, third = services.make_offers(as_actor(officer), case, DAY)
    services.respond(as_actor(officer), first, accepted=True, on=DAY)
    services.respond(as_actor(officer), second, accepted=True, on=DAY)
    services.respond(as_actor(officer), third, accepted=False, on=DAY)
    overview = services.compulsory_overview(case)
    assert [o.pk for o in overview.refused] == [third.pk]
    assert (overview.claims_total, overview.accepted_claims, overview.refused_claims) == (
        500_000,
        400_000,
        100_000,
    )
    assert overview.accepted_share == "80,0 %"
    log_in(client, officer)
    before = AccessLog.objects.filter(resident=resident).count()
    page = client.get(f"/schulden/zaken/{case.pk}/dwangakkoord/").content.decode()
    assert "artikel 287a" in page
    assert page.count('class="lw-letter"') == 2  # one creditor letter + the court request
    assert str(c) in page and resident.full_name in page
    assert "80,0 %" in page
    assert AccessLog.objects.filter(resident=resident).count() == before + 1
    refusals = client.get("/schulden/weigeringen/").content.decode()
    assert f"/schulden/zaken/{case.pk}/dwangakkoord/" in refusals


def test_without_a_refusal_there_is_no_request_and_nothing_is_read(client):
    officer = debt_officer()
    resident = ResidentFactory()
    case = open_case_with_debts(officer, resident, [CreditorFactory()], [10_000])
    log_in(client, officer)
    before = AccessLog.objects.filter(resident=resident).count()
    page = client.get(f"/schulden/zaken/{case.pk}/dwangakkoord/").content.decode()
    assert "niet nodig" in page and resident.full_name not in page
    assert AccessLog.objects.filter(resident=resident).count() == before


def test_the_clock_tells_when_the_team_lead_was_told_and_a_late_takeover_stays_late():
    _officer, _lead, case = overdue_case()
    assert services.takeover_clock(case, LATE).escalated_on is None
    services.escalate_overdue(LATE)
    case.refresh_from_db()
    clock = services.takeover_clock(case, LATE)
    assert (clock.state, clock.escalated_on) == ("overdue", LATE)
    DebtCase.objects.filter(pk=case.pk).update(taken_over_on=LATE)
    case.refresh_from_db()
    done = services.takeover_clock(case, LATE)
    assert done.state == "done" and done.done_late and done.taken_over_on == LATE


def test_a_muted_escalation_records_but_sends_nothing(django_capture_on_commit_callbacks):
    from leefwereld.debts import notify

    _officer, _lead, case = overdue_case()
    with django_capture_on_commit_callbacks(execute=True), notify.muted():
        assert services.escalate_overdue(LATE) == 1
    assert mail.outbox == []
    assert Escalation.objects.filter(case=case).exists()


def refused_after_takeover():
    officer = debt_officer()
    resident = ResidentFactory()
    case = open_case_with_debts(
        officer, resident, [CreditorFactory(), CreditorFactory()], [300_000, 100_000]
    )
    first, second = services.make_offers(as_actor(officer), case, DAY)
    services.respond(as_actor(officer), first, accepted=True, on=DAY)
    services.respond(as_actor(officer), second, accepted=False, on=DAY)
    first.refresh_from_db()
    services.mark_paid(as_actor(officer), first.instruction, DAY)
    arrangement = services.complete_takeover(as_actor(officer), case, DAY)
    second.refresh_from_db()
    return officer, case, arrangement, first, second


def test_a_granted_dwangakkoord_takes_the_creditor_over_into_a_new_version(client):
    officer, case, arrangement, first, second = refused_after_takeover()
    before = services.household_totals(case.household_id)
    log_in(client, officer)
    client.post(f"/schulden/aanbod/{second.pk}/rechter/", {"decision": "granted"})
    second.refresh_from_db()
    arrangement.refresh_from_db()
    assert (second.status, second.court_decision) == ("accepted", "granted")
    after = services.household_totals(case.household_id)
    assert after["taken_over"] == before["taken_over"] + second.offer_cents
    assert arrangement.taken_over_cents == first.offer_cents + second.offer_cents
    assert second.instruction.amount_cents == second.offer_cents
    version = arrangement.versions.order_by("-number").first()
    assert (version.number, version.reason) == (2, "court")
    capacity = services.capacity_of(services.case_records(as_actor(officer), case), case)
    assert version.monthly_cents <= capacity
    assert sum(services.account_balances().values()) == 0
    with pytest.raises(services.ValidationError):  # decided once
        services.record_court_decision(as_actor(officer), second, granted=True, on=DAY)


def test_a_rejected_dwangakkoord_leaves_the_claim_outside_the_fund():
    officer, case, arrangement, _first, second = refused_after_takeover()
    before = services.household_totals(case.household_id)
    services.record_court_decision(as_actor(officer), second, granted=False, on=DAY)
    second.refresh_from_db()
    assert (second.status, second.court_decision) == ("refused", "rejected")
    assert services.household_totals(case.household_id) == before
    assert arrangement.versions.count() == 1
