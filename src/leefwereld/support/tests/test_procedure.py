"""The Wmo procedure end to end through the services, and that content stays in the vault."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from leefwereld.core.domains import LifeDomain
from leefwereld.core.models import Household
from leefwereld.core.tests.factories import HouseholdFactory, as_actor
from leefwereld.support import services
from leefwereld.support.models import Decision, Measurement, Melding, Plan
from leefwereld.support.services import DecisionInput
from leefwereld.vault.export import registered_sections
from leefwereld.vault.models import Record

from .factories import make_case, other_professional

pytestmark = pytest.mark.django_db

ANSWERS = {key: f"antwoord {key}" for key, _l in services.GUIDE_ITEMS}


def test_a_melding_stores_the_question_only_in_the_vault():
    case = make_case()
    melding = services.register_melding(
        as_actor(case.professional), case.resident, question="Ik kan de trap niet meer op."
    )
    assert melding.channel == Melding.Channel.PROFESSIONAL
    assert melding.team == case.team
    assert melding.receipt_sent_at is not None
    record = Record.objects.get(pk=melding.question_record)
    assert b"trap" not in bytes(record.ciphertext)
    assert (
        services.read(as_actor(case.resident.user), record.pk)["text"]
        == "Ik kan de trap niet meer op."
    )


def test_a_professional_without_a_basis_cannot_file_a_melding_about_a_stranger():
    case = make_case()
    with pytest.raises(PermissionDenied):
        services.register_melding(as_actor(other_professional()), case.resident, question="Hulp")
    assert not Melding.objects.exists()


def test_the_resident_files_online_and_gets_the_seven_day_window():
    case = make_case()
    melding = services.register_melding(
        as_actor(case.resident.user),
        case.resident,
        question="Hulp in huis",
        received_on=datetime.date(2025, 12, 26),
    )
    assert melding.channel == Melding.Channel.ONLINE
    assert melding.own_plan_deadline == datetime.date(2026, 1, 5)
    services.receive_own_plan(as_actor(case.resident.user), melding, text="Mijn dochter helpt")
    assert melding.own_plan_received_on is not None


def test_the_intake_must_cover_every_item_and_explain_the_pgb():
    case = make_case()
    melding = services.register_melding(as_actor(case.professional), case.resident, question="Hulp")
    with pytest.raises(ValidationError) as error:
        services.hold_intake(
            as_actor(case.professional),
            melding,
            answers={**ANSWERS, "network": ""},
            pgb_explained=True,
        )
    assert "network" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.hold_intake(
            as_actor(case.professional), melding, answers=ANSWERS, pgb_explained=False
        )
    assert "pgb_explained" in error.value.error_dict


def test_the_whole_procedure_lands_the_decision_in_the_plan():
    case = make_case()
    pro, user = case.professional, case.resident.user
    melding = services.register_melding(
        as_actor(pro), case.resident, question="Hulp bij het huishouden"
    )
    services.record_client_support(as_actor(pro), melding, answer=Melding.ClientSupport.DECLINED)
    intake = services.hold_intake(
        as_actor(pro),
        melding,
        answers=ANSWERS,
        network=[{"name": "Dochter", "helps_with": "boodschappen", "how_often": "wekelijks"}],
        carer_load=7,
        contribution_cents=2160,
        pgb_explained=True,
    )
    report = services.read(as_actor(user), intake.report_record)
    assert report["network"][0]["name"] == "Dochter"
    assert report["carer_load_check"]["score"] == 7
    services.annotate_report(as_actor(user), intake, text="Mijn buurman helpt ook.")

    plan, created = services.start_plan(as_actor(pro), case.household, template="ouder_kind")
    assert created and plan.coach == pro and plan.current_version == 1
    content = services.current_content(as_actor(user), plan)
    content["goals"][0]["text"] = "Ik wil dat mijn zoon weer naar school gaat."
    version = services.change_plan(as_actor(user), plan, content, note="in mijn woorden")
    assert version.number == 2 and version.author_kind == "resident"
    diff = services.compare(
        services.read(as_actor(user), plan.versions.get(number=1).record),
        services.read(as_actor(user), version.record),
    )
    assert [row["change"] for row in diff["goals"]] == ["changed"]
    services.sign_plan(as_actor(user), plan, version_number=2)

    application = services.register_application(
        as_actor(pro), melding, provision="Hulp bij het huishouden", provision_kind="maatwerk"
    )
    decision = services.decide(
        as_actor(pro),
        application,
        DecisionInput(
            outcome=Decision.Outcome.PARTLY,
            provision="2 uur per week",
            reasons="Uw dochter doet de boodschappen.",
        ),
        decided_on=datetime.date(2025, 11, 13),
    )
    assert decision.bezwaar_deadline == datetime.date(2025, 12, 29)
    record = Record.objects.get(pk=decision.record)
    assert record.retention_until is not None and record.retention_law
    plan.refresh_from_db()
    assert plan.current_version == 3
    latest = services.current_content(as_actor(user), plan)
    assert latest["decisions"][0]["id"] == decision.pk
    # a new version needs a new signature
    with pytest.raises(ValidationError):
        services.sign_plan(as_actor(user), plan, version_number=2)


def test_an_application_waits_for_the_report_or_six_weeks():
    case = make_case()
    melding = services.register_melding(
        as_actor(case.professional),
        case.resident,
        question="Hulp",
        received_on=datetime.date(2025, 1, 6),
    )
    with pytest.raises(ValidationError):
        services.register_application(
            as_actor(case.professional),
            melding,
            provision="x",
            provision_kind="maatwerk",
            received_on=datetime.date(2025, 2, 10),
        )
    app = services.register_application(
        as_actor(case.professional),
        melding,
        provision="x",
        provision_kind="maatwerk",
        received_on=datetime.date(2025, 2, 18),  # after the onderzoek deadline of 17 Feb
    )
    assert app.beschikking_deadline == datetime.date(2025, 3, 4)


def test_a_second_plan_for_a_household_returns_the_first():
    case = make_case()
    first, created = services.start_plan(as_actor(case.professional), case.household)
    again, created_again = services.start_plan(as_actor(case.resident.user), case.household)
    assert created and not created_again and first.pk == again.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(household=case.household, created_by=case.professional)


def test_nobody_outside_the_household_signs_or_changes_the_plan():
    case = make_case()
    plan, _ = services.start_plan(as_actor(case.professional), case.household)
    with pytest.raises(PermissionDenied):
        services.sign_plan(as_actor(case.professional), plan, version_number=1)
    with pytest.raises(PermissionDenied):
        services.change_plan(as_actor(other_professional()), plan, {"goals": [], "actions": []})
    with pytest.raises(PermissionDenied):
        services.start_plan(as_actor(other_professional()), HouseholdFactory())


def test_measurements_keep_numbers_in_range_and_in_the_vault():
    case = make_case()
    with pytest.raises(ValidationError):
        services.record_measurement(
            as_actor(case.professional),
            case.household,
            instrument="zrm",
            scores={LifeDomain.FINANCES: 6},
        )
    services.record_measurement(
        as_actor(case.professional),
        case.household,
        instrument="zrm",
        scores={LifeDomain.FINANCES: 2, LifeDomain.HOUSING: 4},
        resident=case.resident,
        measured_on=datetime.date(2025, 1, 1),
    )
    services.record_measurement(
        as_actor(case.resident.user),
        case.household,
        instrument="positive_health",
        scores={"zingeving": 7},
        note="Het gaat beter",
        measured_on=datetime.date(2025, 3, 1),
    )
    series = services.measurement_series(as_actor(case.resident.user), case.household)
    assert [p["scores"] for _m, p in series] == [
        {"financien": 2, "huisvesting": 4},
        {"zingeving": 7},
    ]
    assert Measurement.objects.get(instrument="positive_health").self_assessment


def test_the_export_includes_plans_and_decisions():
    case = make_case()
    services.start_plan(as_actor(case.professional), case.household)
    keys = {s.key for s in registered_sections()}
    assert {"support_plans", "support_decisions"} <= keys
    section = next(s for s in registered_sections() if s.key == "support_plans")
    exported = section.build(case.resident)[0]
    assert exported["versions"][0]["number"] == 1
    assert exported["coach_organisation"] == case.team.name and exported["cosigners"] == []
    assert Household.objects.count() == 1


def _decision_retention_until():
    case = make_case()
    pro = case.professional
    melding = services.register_melding(as_actor(pro), case.resident, question="Hulp")
    services.hold_intake(as_actor(pro), melding, answers=ANSWERS, pgb_explained=True)
    application = services.register_application(
        as_actor(pro), melding, provision="Hulp", provision_kind="maatwerk"
    )
    decision = services.decide(
        as_actor(pro),
        application,
        DecisionInput(outcome="granted", provision="Hulp", reasons="Nodig."),
        decided_on=datetime.date(2025, 3, 14),
    )
    return Record.objects.get(pk=decision.record).retention_until


def test_the_decision_retention_follows_the_setting(monkeypatch, settings):
    """[U] The retention period is unconfirmed, so it must stay configurable."""
    monkeypatch.delenv("LEEFWERELD_DECISION_RETENTION_YEARS", raising=False)
    settings.LEEFWERELD_DECISION_RETENTION_YEARS = None
    assert services.decision_retention_years() == 7
    monkeypatch.setenv("LEEFWERELD_DECISION_RETENTION_YEARS", "20")
    assert services.decision_retention_years() == 20
    settings.LEEFWERELD_DECISION_RETENTION_YEARS = 10
    assert _decision_retention_until() == datetime.date(2035, 3, 14)
    settings.LEEFWERELD_DECISION_RETENTION_YEARS = 0
    with pytest.raises(ImproperlyConfigured):
        services.decision_retention_years()
