"""Retention by law: what the law and open cases keep, and the job that destroys the rest.

Time-travel tests: records are dated in the past and the job is run "as on" a day.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from leefwereld.core.tests.factories import ResidentFactory, as_actor
from leefwereld.rules import retention as rules
from leefwereld.vault import access
from leefwereld.vault.models import Record
from leefwereld.vault.retention import destroy_expired
from leefwereld.vault.tests.factories import ResidentWithAccountFactory, dated

TODAY = datetime.date(2025, 9, 1)


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
# The apps' own dependencies are tested in their apps (debts/tests/test_retention_dependency.py,
# support/tests/test_retention_dependency.py): the vault imports no feature app. Here a
# stand-in case stands for any app's.


@pytest.fixture
def case_of(monkeypatch):
    """`case_of(record, closed_on=None)`: an app's case depends on `record`."""
    from leefwereld.vault import retention

    cases: dict = {}

    def checker(records):
        return {
            r.pk: [retention.Dependency(reason="Uw zaak loopt nog.", open=c is None, ended_on=c)]
            for r in records
            if r.pk in cases
            for c in [cases[r.pk]]
        }

    monkeypatch.setattr(retention, "_checkers", [*retention._checkers, checker])

    def depend(record, closed_on=None):
        cases[record.pk] = closed_on

    return depend


# --- the job (time travel) ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_job_destroys_what_has_expired_and_keeps_what_is_still_required(case_of):
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
    case_of(running)
    closed = dated(resident, "payment-capacity", datetime.date(2009, 1, 1), category="finance")
    case_of(closed, closed_on=datetime.date(2015, 12, 31))
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
