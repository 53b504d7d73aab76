"""After the draw: meetings with allowances, recommendations voted by the members, the
college's answer within its term of working days, and implementation tracking."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum

from leefwereld.core.actor import Actor
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory
from leefwereld.democracy.panels import lifecycle
from leefwereld.democracy.panels.lifecycle import AttendanceLine
from leefwereld.democracy.panels.models import (
    Attendance,
    ImplementationUpdate,
    Panel,
    Recommendation,
    Vote,
)
from leefwereld.rules import advice as rules

from .factories import drawn_panel

pytestmark = pytest.mark.django_db

FRIDAY_BEFORE_CHRISTMAS = datetime.date(2026, 12, 18)


@pytest.fixture
def actor(officer):
    return Actor.system("test", officer)


@pytest.fixture
def panel():
    panel, _codes = drawn_panel(members=20)
    return panel


def _voted(actor, panel, fors=12, against=5, abstain=1, title="Een ontmoetingsplek per wijk"):
    recommendation = lifecycle.draft_recommendation(
        actor, panel, title=title, text="Elke wijk krijgt een plek waar buren elkaar treffen."
    )
    lifecycle.open_voting(actor, recommendation)
    people = list(lifecycle.members(panel))
    choices = (
        [Vote.Choice.FOR] * fors + [Vote.Choice.AGAINST] * against + [Vote.Choice.ABSTAIN] * abstain
    )
    lifecycle.record_votes(
        actor, recommendation, {v.pk: c for v, c in zip(people, choices, strict=False)}
    )
    return lifecycle.close_voting(actor, recommendation)


def test_the_model_choices_are_the_rules_statuses():
    assert set(Recommendation.Status.values) == set(rules.RecommendationStatus)
    assert set(Recommendation.Decision.values) == set(rules.Decision)
    assert set(ImplementationUpdate.Status.values) == set(rules.ImplementationStatus)


def test_a_meeting_is_planned_only_for_a_drawn_panel(actor):
    panel, _codes = drawn_panel()
    Panel.objects.filter(pk=panel.pk).update(status=Panel.Status.PUBLISHED)
    panel.refresh_from_db()
    with pytest.raises(ValidationError, match="getrokken"):
        lifecycle.plan_meeting(actor, panel, date=FRIDAY_BEFORE_CHRISTMAS, place="Stadhuis")


def test_a_document_line_without_a_web_address_is_refused_naming_the_line(actor, panel):
    with pytest.raises(ValidationError) as refused:
        lifecycle.plan_meeting(
            actor,
            panel,
            date=FRIDAY_BEFORE_CHRISTMAS,
            place="Stadhuis",
            documents="Agenda | https://leefdam.example/agenda.pdf\nVerslag | verslag.pdf",
        )
    assert "Regel 2" in str(refused.value)


def test_an_expert_hearing_names_who_speaks(actor, panel):
    with pytest.raises(ValidationError, match="wie er spreekt"):
        lifecycle.plan_meeting(
            actor, panel, date=FRIDAY_BEFORE_CHRISTMAS, place="Bibliotheek", kind="hearing"
        )


def test_attendance_records_allowances_in_cents_and_refuses_pay_for_an_absent_member(actor, panel):
    meeting = lifecycle.plan_meeting(actor, panel, date=FRIDAY_BEFORE_CHRISTMAS, place="Stadhuis")
    first, second, third = list(lifecycle.members(panel))[:3]
    lifecycle.record_attendance(
        actor,
        meeting,
        [
            AttendanceLine(first.pk, True, travel_cents=740, care_cents=2500),
            AttendanceLine(second.pk, True, travel_cents=0),
            AttendanceLine(third.pk, False),
        ],
    )
    assert meeting.attendances.aggregate(t=Sum("travel_cents"), c=Sum("care_cents")) == {
        "t": 740,
        "c": 2500,
    }
    with pytest.raises(ValidationError, match="niet"):
        lifecycle.record_attendance(actor, meeting, [AttendanceLine(third.pk, False, 500)])
    # All or nothing: the refused batch changed nothing.
    assert Attendance.objects.get(meeting=meeting, volunteer=third).travel_cents == 0


def test_only_members_can_attend_or_vote(actor, panel):
    outsider, _codes = drawn_panel()
    stranger = lifecycle.members(outsider).first()
    meeting = lifecycle.plan_meeting(actor, panel, date=FRIDAY_BEFORE_CHRISTMAS, place="Stadhuis")
    with pytest.raises(ValidationError, match="leden"):
        lifecycle.record_attendance(actor, meeting, [AttendanceLine(stranger.pk, True)])
    recommendation = lifecycle.draft_recommendation(actor, panel, title="T", text="Tekst")
    lifecycle.open_voting(actor, recommendation)
    with pytest.raises(ValidationError, match="leden"):
        lifecycle.cast_vote(stranger, recommendation, Vote.Choice.FOR)


def test_a_resident_cannot_use_the_municipality_verbs(panel):
    resident = Actor.system("test", UserFactory(role=Role.RESIDENT))
    with pytest.raises(PermissionDenied):
        lifecycle.draft_recommendation(resident, panel, title="T", text="Tekst")


def test_more_votes_for_than_against_makes_it_the_panels_recommendation_with_its_support(
    actor, panel
):
    recommendation = _voted(actor, panel, fors=12, against=5, abstain=1)
    assert recommendation.status == Recommendation.Status.FINAL
    support = lifecycle.support(recommendation)
    assert (support.for_, support.against, support.abstain, support.members) == (12, 5, 1, 20)
    assert support.percent_for == 71


def test_a_tie_or_a_majority_against_rejects_and_the_text_can_be_redrafted(actor, panel):
    recommendation = _voted(actor, panel, fors=8, against=8, abstain=0)
    assert recommendation.status == Recommendation.Status.REJECTED
    with pytest.raises(ValidationError, match="stap"):
        lifecycle.publish_recommendation(actor, recommendation, FRIDAY_BEFORE_CHRISTMAS)
    recommendation = lifecycle.redraft(actor, recommendation)
    assert recommendation.status == Recommendation.Status.DRAFT
    assert not recommendation.votes.exists()


def test_a_member_may_change_their_vote_while_voting_is_open_but_not_after(actor, panel):
    recommendation = lifecycle.draft_recommendation(actor, panel, title="T", text="Tekst")
    lifecycle.open_voting(actor, recommendation)
    member = lifecycle.members(panel).first()
    lifecycle.cast_vote(member, recommendation, Vote.Choice.AGAINST)
    lifecycle.cast_vote(member, recommendation, Vote.Choice.FOR)
    assert list(recommendation.votes.values_list("choice", flat=True)) == ["for"]
    lifecycle.close_voting(actor, recommendation)
    with pytest.raises(ValidationError, match="niet gestemd"):
        lifecycle.cast_vote(member, recommendation, Vote.Choice.AGAINST)


def test_publishing_sets_the_answer_deadline_in_working_days_over_the_holidays(actor, panel):
    Panel.objects.filter(pk=panel.pk).update(answer_working_days=10)
    panel.refresh_from_db()
    recommendation = _voted(actor, panel)
    recommendation = lifecycle.publish_recommendation(
        actor, recommendation, FRIDAY_BEFORE_CHRISTMAS
    )
    assert recommendation.answer_due == datetime.date(2027, 1, 5)
    assert not recommendation.is_late(datetime.date(2027, 1, 5))
    assert recommendation.is_late(datetime.date(2027, 1, 6))


def test_not_adopted_needs_reasons_and_starts_no_implementation(actor, panel):
    recommendation = lifecycle.publish_recommendation(
        actor, _voted(actor, panel), FRIDAY_BEFORE_CHRISTMAS
    )
    with pytest.raises(ValidationError) as refused:
        lifecycle.answer_recommendation(
            actor,
            recommendation,
            decision="not_adopted",
            reasons="Nee.",
            today=FRIDAY_BEFORE_CHRISTMAS,
        )
    assert "reasons" in refused.value.error_dict
    recommendation = lifecycle.answer_recommendation(
        actor,
        recommendation,
        decision="not_adopted",
        reasons="Er is geen geld voor in de begroting van 2027; het college kijkt in 2028 opnieuw.",
        today=datetime.date(2027, 1, 4),
    )
    assert recommendation.status == Recommendation.Status.ANSWERED
    assert not recommendation.updates.exists()
    with pytest.raises(ValidationError, match="overgenomen"):
        lifecycle.update_implementation(
            actor, recommendation, status="in_progress", progress=10, date=datetime.date(2027, 2, 1)
        )


def test_a_late_answer_is_recorded_as_late(actor, panel):
    Panel.objects.filter(pk=panel.pk).update(answer_working_days=10)
    panel.refresh_from_db()
    recommendation = lifecycle.publish_recommendation(
        actor, _voted(actor, panel), FRIDAY_BEFORE_CHRISTMAS
    )
    recommendation = lifecycle.answer_recommendation(
        actor, recommendation, decision="adopted", reasons="", today=datetime.date(2027, 1, 6)
    )
    assert recommendation.is_late(datetime.date(2027, 3, 1))
    assert panel.events.filter(kind="recommendation_answered", detail__late=True).exists()


def test_implementation_follows_the_table_and_a_delay_needs_a_reason(actor, panel):
    recommendation = lifecycle.publish_recommendation(
        actor, _voted(actor, panel), FRIDAY_BEFORE_CHRISTMAS
    )
    recommendation = lifecycle.answer_recommendation(
        actor,
        recommendation,
        decision="adopted_with_changes",
        reasons="Eerst in twee wijken, daarna in de hele gemeente als het werkt.",
        today=datetime.date(2027, 1, 4),
    )
    assert recommendation.updates.get().status == "planned"
    with pytest.raises(ValidationError):
        lifecycle.update_implementation(
            actor, recommendation, status="done", progress=100, date=datetime.date(2027, 2, 1)
        )
    lifecycle.update_implementation(
        actor, recommendation, status="in_progress", progress=30, date=datetime.date(2027, 2, 1)
    )
    with pytest.raises(ValidationError) as refused:
        lifecycle.update_implementation(
            actor, recommendation, status="delayed", progress=30, date=datetime.date(2027, 3, 1)
        )
    assert "note" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        lifecycle.update_implementation(
            actor, recommendation, status="done", progress=100, date=datetime.date(2027, 1, 20)
        )
    assert "date" in refused.value.error_dict
    done = lifecycle.update_implementation(
        actor, recommendation, status="done", progress=40, date=datetime.date(2027, 6, 1)
    )
    assert done.progress == 100


def test_a_member_is_found_by_the_code_from_their_letter_and_nobody_else_is():
    panel, codes = drawn_panel(members=20, with_codes=2)
    member = lifecycle.member_by_code(panel, codes[0].lower().replace("-", " "))
    assert member.invitation is not None
    with pytest.raises(ValidationError):
        lifecycle.member_by_code(panel, "ZZZZ-ZZZZ-ZZZZ")
    other, _other_codes = drawn_panel(members=20, with_codes=0)
    with pytest.raises(ValidationError):
        lifecycle.member_by_code(other, codes[0])


def test_the_public_view_costs_the_same_queries_for_one_or_many_recommendations(
    actor, panel, django_assert_max_num_queries
):
    lifecycle.publish_recommendation(actor, _voted(actor, panel), FRIDAY_BEFORE_CHRISTMAS)
    with django_assert_max_num_queries(4) as few:
        lifecycle.public_recommendations(panel, FRIDAY_BEFORE_CHRISTMAS)
    for n in range(4):
        lifecycle.publish_recommendation(
            actor, _voted(actor, panel, title=f"Aanbeveling {n}"), FRIDAY_BEFORE_CHRISTMAS
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        views = lifecycle.public_recommendations(panel, FRIDAY_BEFORE_CHRISTMAS)
    assert len(views) == 5
    assert all(v.support.for_ == 12 for v in views)
