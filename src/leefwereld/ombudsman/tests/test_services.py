"""The desk's verbs: intake, handling by the table, deadlines, escalation, feedback."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from leefwereld.core.appendonly import AppendOnlyError
from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import OrganisationFactory, UserFactory, as_actor
from leefwereld.ombudsman import services
from leefwereld.ombudsman.models import ComplainantContact, Complaint, ComplaintEvent
from leefwereld.ombudsman.transitions import Event
from leefwereld.vault.tests.factories import ResidentWithAccountFactory, worker

from .factories import CategoryFactory, anonymous_complaint, ombudsman_user, resident_complaint

pytestmark = pytest.mark.django_db

# Fri 13 November 2026, 10:00: the term ends Monday 28 December (Christmas, Atw).
FILED_AT = datetime.datetime(2026, 11, 13, 10, tzinfo=datetime.UTC)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


@pytest.fixture
def regie():
    return OrganisationFactory(name="Regieteam", kind=Organisation.Kind.MUNICIPALITY)


@pytest.fixture
def desk():
    return as_actor(ombudsman_user())


def kinds(complaint: Complaint) -> list[str]:
    return list(complaint.events.order_by("pk").values_list("kind", flat=True))


def test_an_anonymous_complaint_gets_a_number_a_code_and_the_awb_deadline():
    filed = anonymous_complaint(now=FILED_AT)
    complaint = filed.complaint
    assert complaint.number == "K-2026-000001"
    assert complaint.deadline == datetime.date(2026, 12, 28)
    assert complaint.channel == Complaint.Channel.WEB_ANONYMOUS
    assert complaint.resident is None
    assert complaint.contact.email == "a.jansen@example.org"
    assert filed.code not in complaint.code_digest
    assert services.find_by_code(complaint.number, filed.code) == complaint
    assert services.find_by_code(complaint.number.lower(), filed.code.lower()) == complaint
    assert services.find_by_code(complaint.number, "VERKEERD12") is None
    assert anonymous_complaint(now=FILED_AT).complaint.number == "K-2026-000002"


def test_an_anonymous_complaint_without_a_way_to_answer_is_refused_naming_the_fields():
    with pytest.raises(ValidationError) as refused:
        anonymous_complaint(contact={"name": "", "email": "", "phone": ""})
    assert set(refused.value.message_dict) == {"name", "email"}
    assert not Complaint.objects.exists()


def test_a_logged_in_resident_complains_about_themself_in_their_neighbourhood():
    resident = ResidentWithAccountFactory()
    complaint = resident_complaint(resident).complaint
    assert complaint.resident == resident
    assert complaint.neighbourhood == resident.household.address.neighbourhood
    assert complaint.channel == Complaint.Channel.WEB
    assert not ComplainantContact.objects.exists()


def test_staff_register_a_phone_complaint_and_must_say_how_it_came_in():
    clerk = as_actor(worker(OrganisationFactory()))
    common = {
        "about": "provider",
        "organisation": OrganisationFactory(),
        "category": CategoryFactory(),
        "summary": "Zorg gestopt",
        "description": "De thuiszorg kwam niet meer.",
        "contact": {"name": "B. de Wit", "phone": "010-1234567"},
    }
    with pytest.raises(ValidationError) as refused:
        services.file_complaint(clerk, **common)
    assert "channel" in refused.value.message_dict
    complaint = services.file_complaint(clerk, channel="phone", **common).complaint
    assert complaint.registered_by == clerk.user
    assert complaint.contact.phone == "010-1234567"


def test_a_council_member_cannot_file_or_register():
    with pytest.raises(PermissionDenied):
        services.file_complaint(
            as_actor(UserFactory(role=Role.COUNCIL_MEMBER)),
            about="municipality",
            category=CategoryFactory(),
            summary="x",
            description="y",
        )


def test_a_retired_category_cannot_be_chosen():
    with pytest.raises(ValidationError) as refused:
        anonymous_complaint(category=CategoryFactory(active=False))
    assert "category" in refused.value.message_dict


def test_handling_follows_the_table_and_every_step_is_in_the_append_only_history(desk, regie):
    complaint = anonymous_complaint(now=FILED_AT).complaint
    services.transition(desk, complaint, Event.TAKE_UP)
    with pytest.raises(ValidationError):
        services.transition(desk, complaint, Event.TAKE_UP)  # not from handling
    with pytest.raises(ValidationError):
        services.transition(desk, complaint, Event.EXTEND)  # needs a reason
    services.transition(desk, complaint, Event.EXTEND, note="Wachten op de zorgaanbieder")
    complaint.refresh_from_db()
    assert complaint.deadline == datetime.date(2027, 1, 22)
    with pytest.raises(ValidationError):
        services.transition(desk, complaint, Event.EXTEND, note="Nog eens")
    with pytest.raises(ValidationError):
        services.transition(desk, complaint, Event.ANSWER)  # needs the answer
    services.transition(desk, complaint, Event.ANSWER, note="U krijgt excuses en een afspraak.")
    complaint.refresh_from_db()
    assert complaint.state == "answered"
    assert kinds(complaint) == ["filed", "take_up", "extend", "answer"]
    event = complaint.events.last()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        ComplaintEvent.objects.filter(pk=event.pk).delete()


def test_only_the_ombudsman_handles(regie):
    complaint = anonymous_complaint().complaint
    with pytest.raises(PermissionDenied):
        services.transition(as_actor(worker(regie)), complaint, Event.TAKE_UP)


def test_the_action_team_resolves_and_cannot_refuse(desk, regie):
    complaint = anonymous_complaint().complaint
    services.transition(desk, complaint, Event.HAND_OFF)
    complaint.refresh_from_db()
    assert complaint.action_team == regie
    outsider = as_actor(worker(OrganisationFactory()))
    with pytest.raises(PermissionDenied):
        services.resolve(outsider, complaint, "Niets gedaan")
    team_member = as_actor(worker(regie))
    with pytest.raises(ValidationError):
        services.resolve(team_member, complaint, "")
    services.resolve(team_member, complaint, "Zorgaanbieder en wijkteam samen aan tafel gezet.")
    complaint.refresh_from_db()
    assert complaint.state == "handling"
    assert complaint.resolution.startswith("Zorgaanbieder")


def test_pillar_to_post_escalates_to_the_action_team_at_once(regie):
    resident = ResidentWithAccountFactory()
    complaint = resident_complaint(resident).complaint
    services.report_pillar_to_post(as_actor(resident.user), complaint)
    complaint.refresh_from_db()
    assert complaint.pillar_to_post and complaint.state == "action_team"
    assert complaint.action_team == regie
    assert kinds(complaint) == ["filed", "pillar_to_post"]


def test_the_tick_marks_late_once_and_hands_three_times_late_to_the_action_team(desk, regie):
    complaint = anonymous_complaint(now=FILED_AT).complaint  # term ends 28 December
    services.transition(desk, complaint, Event.TAKE_UP)
    assert services.tick(at(datetime.date(2026, 12, 28)))["late"] == 0
    assert services.tick(at(datetime.date(2026, 12, 29)))["late"] == 1
    assert services.tick(at(datetime.date(2026, 12, 30)))["late"] == 0  # idempotent
    complaint.refresh_from_db()
    assert complaint.times_late == 1 and complaint.state == "handling"
    # 13 Nov + 3 × 45 days (the term with the Atw shift) = 28 March 2027.
    assert services.tick(at(datetime.date(2027, 3, 27)))["late_3x"] == 0
    assert services.tick(at(datetime.date(2027, 3, 28)))["late_3x"] == 1
    assert services.tick(at(datetime.date(2027, 3, 29)))["late_3x"] == 0
    complaint.refresh_from_db()
    assert complaint.state == "action_team" and complaint.action_team == regie
    assert kinds(complaint) == ["filed", "take_up", "late", "late_3x"]


def test_feedback_not_satisfied_reopens_with_a_new_term_and_satisfied_closes(desk, regie):
    complaint = anonymous_complaint(now=FILED_AT).complaint
    services.transition(desk, complaint, Event.TAKE_UP)
    services.transition(desk, complaint, Event.ANSWER, note="Antwoord")
    reopened_on = at(datetime.date(2027, 1, 4))
    services.give_feedback(None, complaint, satisfied=False, note="Niet opgelost", now=reopened_on)
    complaint.refresh_from_db()
    assert complaint.state == "handling"
    assert complaint.term_start == datetime.date(2027, 1, 4)
    assert complaint.deadline == datetime.date(2027, 2, 15)
    services.transition(desk, complaint, Event.ANSWER, note="Nieuw antwoord")
    services.give_feedback(None, complaint, satisfied=True)
    complaint.refresh_from_db()
    assert complaint.state == "closed" and complaint.satisfied is True
    with pytest.raises(ValidationError):
        services.give_feedback(None, complaint, satisfied=False)


def test_contact_details_are_deleted_a_year_after_closing(desk):
    complaint = anonymous_complaint(now=FILED_AT).complaint
    services.transition(desk, complaint, Event.WITHDRAW, now=FILED_AT)
    assert services.tick(at(datetime.date(2027, 11, 13)))["contacts_deleted"] == 0
    assert services.tick(at(datetime.date(2027, 11, 14)))["contacts_deleted"] == 1
    assert not ComplainantContact.objects.exists()
    assert Complaint.objects.filter(pk=complaint.pk).exists()


def test_a_signal_to_policy_and_its_follow_up(desk):
    complaint = anonymous_complaint().complaint
    with pytest.raises(ValidationError):
        services.send_signal(desk, title="", recommendation="", complaints=[])
    signal = services.send_signal(
        desk, title="Terugbellen", recommendation="Bel binnen 2 dagen", complaints=[complaint]
    )
    with pytest.raises(PermissionDenied):
        services.respond_to_signal(desk, signal, follow_up="x")
    officer = as_actor(UserFactory(role=Role.POLICY_OFFICER))
    services.respond_to_signal(officer, signal, follow_up="Belbelofte ingevoerd", close=True)
    signal.refresh_from_db()
    assert signal.closed_at is not None
    with pytest.raises(ValidationError):
        services.respond_to_signal(officer, signal, follow_up="Nog iets")


def test_categories_are_kept_by_the_ombudsman_two_levels_deep(desk):
    main = services.save_category(desk, name="Wachttijd", parent=None, active=True)
    sub = services.save_category(desk, name="Wmo", parent=main, active=True)
    with pytest.raises(ValidationError):
        services.save_category(desk, name="Dieper", parent=sub, active=True)
    with pytest.raises(ValidationError):
        services.save_category(desk, name="wachttijd", parent=None, active=True)
    with pytest.raises(PermissionDenied):
        services.save_category(
            as_actor(UserFactory(role=Role.PROFESSIONAL)), name="X", parent=None, active=True
        )
