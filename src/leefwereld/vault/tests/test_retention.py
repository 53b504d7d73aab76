"""Retention by law: what the law and open cases keep, and the job that destroys the rest.

Time-travel tests: records are dated in the past and the job is run "as on" a day.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import ResidentFactory, UserFactory, as_actor
from leefwereld.rules import retention as rules
from leefwereld.vault import access
from leefwereld.vault.models import Record
from leefwereld.vault.retention import destroy_expired
from leefwereld.vault.tests.factories import ResidentWithAccountFactory, store_record

TODAY = datetime.date(2025, 9, 1)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 12))


def dated(owner, kind: str, made_on: datetime.date, category: str = "family", **kw) -> Record:
    record = store_record(owner, category, **kw)
    Record.objects.filter(pk=record.pk).update(kind=kind, created_at=at(made_on))
    record.refresh_from_db()
    return record


# --- the rules (pure) -----------------------------------------------------------------------


def test_every_kind_the_apps_write_has_a_rule_with_a_source():
    kinds = [
        "jeugdhulp",
        "wmo-beschikking",
        "wmo-melding",
        "wmo-verslag",
        "wmo-verslag-opmerking",
        "wmo-aanvraag",
        "wmo-tijdelijke-voorziening",
        "wmo-persoonlijk-plan",
        "plan-version",
        "measurement-zrm",
        "payment-capacity",
        "debt-item",
        "schuldenoverzicht",
    ]
    for kind in kinds:
        rule = rules.rule_for(kind)
        assert rule.requires_keeping, kind
        assert rule.law and rule.sources and rule.counted_from, kind
    assert not rules.rule_for("own-note").requires_keeping
    assert not rules.rule_for("something-new").requires_keeping


def test_the_youth_care_term_is_the_law_in_force_now_counted_from_the_end_of_care():
    rule = rules.rule_for("jeugdhulp")
    made = datetime.date(2016, 3, 1)
    assert rules.keep_until(rule, made_on=made, today=datetime.date(2019, 6, 1)) == (
        datetime.date(2031, 3, 1)
    )
    # From 2020 the term is 20 years, also for files kept from before.
    assert rules.keep_until(rule, made_on=made, today=TODAY) == datetime.date(2036, 3, 1)
    ended = datetime.date(2018, 5, 4)
    assert rules.keep_until(rule, made_on=made, today=TODAY, ended_on=ended) == (
        datetime.date(2038, 5, 4)
    )


def test_a_configured_term_overrides_the_uncertain_default():
    rule = rules.rule_for("payment-capacity")
    assert rule.uncertain and rule.setting == rules.DEBT_ASSISTANCE_SETTING
    made = datetime.date(2020, 2, 29)
    assert rules.keep_until(rule, made_on=made, today=TODAY) == datetime.date(2027, 2, 28)
    overrides = {rules.DEBT_ASSISTANCE_SETTING: 10}
    assert rules.keep_until(rule, made_on=made, today=TODAY, overrides=overrides) == (
        datetime.date(2030, 2, 28)
    )


# --- erasure the law forbids ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_youth_care_record_names_the_law_and_the_date_and_cannot_be_erased():
    resident = ResidentWithAccountFactory()
    record = dated(resident, "jeugdhulp", datetime.date(2021, 4, 6))
    kept = record.retention(TODAY)
    assert kept is not None
    assert kept.until == datetime.date(2041, 4, 6)
    assert "Jeugdwet" in kept.law
    message = record.retention_refusal(TODAY)
    assert "Jeugdwet" in message and "6 april 2041" in message
    assert "wie het mag zien" in message  # the resident can still restrict access
    with pytest.raises(access.RetentionApplies):
        access.erase_record(as_actor(resident.user), record)
    record.refresh_from_db()
    assert not record.is_erased


@pytest.mark.django_db
def test_an_own_note_can_always_be_erased():
    resident = ResidentWithAccountFactory()
    record = dated(resident, "own-note", datetime.date(2025, 8, 1), category="other")
    assert record.retention(TODAY) is None
    assert not record.retention_applies()
    access.erase_record(as_actor(resident.user), record)
    record.refresh_from_db()
    assert record.is_erased and record.erasure == Record.Erasure.RESIDENT


@pytest.mark.django_db
def test_the_writing_apps_later_date_and_law_count():
    resident = ResidentFactory()
    record = dated(
        resident,
        "wmo-beschikking",
        datetime.date(2024, 1, 10),
        category="other",
        retention_law="Archiefwet 1995; Awb afdeling 4.1 (besluit)",
        retention_until=datetime.date(2040, 1, 10),
    )
    kept = record.retention(TODAY)
    assert kept.until == datetime.date(2040, 1, 10)
    assert kept.law.startswith("Archiefwet 1995")


# --- open cases -----------------------------------------------------------------------------


def _debt_case(resident, capacity: Record, *, closed_on=None):
    from leefwereld.core.tests.factories import OrganisationFactory
    from leefwereld.debts.models import DebtCase

    return DebtCase.objects.create(
        household=resident.household,
        client=resident,
        officer=UserFactory(role=Role.DEBT_OFFICER),
        organisation=OrganisationFactory(),
        registered_on=datetime.date(2010, 1, 4),
        first_conversation_due=datetime.date(2010, 2, 1),
        capacity_record=capacity,
        closed_on=closed_on,
    )


@pytest.mark.django_db
def test_the_payment_capacity_behind_a_running_arrangement_cannot_disappear():
    resident = ResidentWithAccountFactory()
    capacity = dated(resident, "payment-capacity", datetime.date(2010, 3, 1), category="finance")
    case = _debt_case(resident, capacity)
    kept = capacity.retention(TODAY)
    assert kept is not None and kept.until is None
    assert "schuldregeling loopt nog" in kept.reason
    assert "schuldregeling loopt nog" in capacity.retention_refusal(TODAY)
    with pytest.raises(access.RetentionApplies):
        access.erase_record(as_actor(resident.user), capacity)
    # Closed: the term runs from the day the case closed.
    case.closed_on = datetime.date(2024, 6, 30)
    case.save(update_fields=["closed_on"])
    assert capacity.retention(TODAY).until == datetime.date(2031, 6, 30)


@pytest.mark.django_db
def test_the_current_version_of_a_plan_is_kept_while_the_plan_goes_on():
    from leefwereld.support.models import Plan, PlanVersion

    resident = ResidentFactory()
    author = UserFactory(role=Role.PROFESSIONAL)
    old = dated(resident.household, "plan-version", datetime.date(2010, 1, 5), category="other")
    current = dated(resident.household, "plan-version", datetime.date(2010, 2, 5), category="other")
    plan = Plan.objects.create(household=resident.household, created_by=author, current_version=2)
    for number, record in ((1, old), (2, current)):
        PlanVersion.objects.create(
            plan=plan, number=number, record=record.pk, created_by=author, author_kind="resident"
        )
    assert current.retention(TODAY).until is None
    assert old.retention(TODAY) is None  # 7 years after 2010: only the history's term


# --- the job (time travel) ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_job_destroys_what_has_expired_and_keeps_what_is_still_required():
    resident = ResidentFactory()
    old_youth = dated(resident, "jeugdhulp", datetime.date(2003, 5, 1))
    young_youth = dated(resident, "jeugdhulp", datetime.date(2019, 5, 1))
    old_decision = dated(
        resident,
        "wmo-beschikking",
        datetime.date(2012, 1, 3),
        category="other",
        retention_law="Archiefwet 1995; Awb afdeling 4.1 (besluit)",
        retention_until=datetime.date(2019, 1, 3),
    )
    running = dated(resident, "payment-capacity", datetime.date(2008, 1, 1), category="finance")
    _debt_case(resident, running)
    closed = dated(resident, "payment-capacity", datetime.date(2009, 1, 1), category="finance")
    _debt_case(resident, closed, closed_on=datetime.date(2015, 12, 31))
    note = dated(resident, "own-note", datetime.date(1999, 1, 1), category="other")

    report = destroy_expired(TODAY)

    assert report.destroyed == 3
    assert report.kept_for_open_case == 1
    for record in (old_youth, old_decision, closed):
        record.refresh_from_db()
        assert record.is_erased, record.kind
        assert record.erasure == Record.Erasure.RETENTION
        assert record.destroyed_at is not None and record.erased_by is None
        assert record.wrapped_key is None and bytes(record.ciphertext) == b""
        assert record.retention_law and record.retention_until < TODAY
    # The tombstone keeps what was destroyed, on which law, until when.
    assert old_youth.category == "family"
    assert "Jeugdwet" in old_youth.retention_law
    assert old_youth.retention_until == datetime.date(2023, 5, 1)
    assert closed.retention_until == datetime.date(2022, 12, 31)
    for record in (young_youth, running, note):
        record.refresh_from_db()
        assert not record.is_erased, record.kind

    # Idempotent: nothing more the same day, and the destroyed stay as they were.
    again = destroy_expired(TODAY)
    assert again.destroyed == 0
    assert Record.objects.filter(erasure=Record.Erasure.RETENTION).count() == 3

    # Twenty years on, the young youth file goes too; the running case's record stays.
    later = destroy_expired(datetime.date(2039, 5, 2))
    assert later.destroyed == 1
    young_youth.refresh_from_db()
    running.refresh_from_db()
    assert young_youth.is_erased and not running.is_erased


@pytest.mark.django_db
def test_the_youth_care_term_follows_the_setting(settings):
    resident = ResidentFactory()
    record = dated(resident, "jeugdhulp", datetime.date(2012, 5, 1))
    settings.LEEFWERELD_YOUTH_CARE_RETENTION_YEARS = 10
    assert destroy_expired(TODAY).destroyed == 1
    record.refresh_from_db()
    assert record.retention_until == datetime.date(2022, 5, 1)


@pytest.mark.django_db
def test_the_command_judges_as_on_the_given_day_and_can_count_without_destroying():
    resident = ResidentFactory()
    record = dated(resident, "jeugdhulp", datetime.date(2010, 5, 1))
    out = io.StringIO()
    call_command("vault_destroy_expired", "--today", "2030-05-01", stdout=out)
    assert "destroyed 0 records" in out.getvalue()
    out = io.StringIO()
    call_command("vault_destroy_expired", "--today", "2030-05-02", "--dry-run", stdout=out)
    assert "would destroy 1 records" in out.getvalue()
    record.refresh_from_db()
    assert not record.is_erased
    call_command("vault_destroy_expired", "--today", "2030-05-02", stdout=io.StringIO())
    record.refresh_from_db()
    assert record.is_erased and record.erasure == Record.Erasure.RETENTION
