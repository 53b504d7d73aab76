"""Closing a round on its date, and the daily jobs that do it ("stemmen tot" and
"ja, tenzij"): voting ends after the last day, the job closes the round as an officer would."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import ResidentFactory, UserFactory, as_actor, log_in
from leefwereld.democracy import services
from leefwereld.democracy.models import (
    Ballot,
    InitiativeStatus,
    Phase,
    RoundResult,
    VoterRegisterEntry,
)

from .factories import BudgetRoundFactory, InitiativeFactory, ProjectFactory, voter_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def officer():
    return UserFactory(role=Role.POLICY_OFFICER)


def voting_round(closes_on):
    round_ = BudgetRoundFactory(voting=True, budget=5_000, voting_closes_on=closes_on)
    ProjectFactory.create_batch(2, round=round_, cost=2_000)
    return round_


def first_project(round_):
    return round_.projects.order_by("pk").first().pk


def test_residents_can_vote_on_the_last_day_itself():
    round_ = voting_round(TODAY)
    services.cast_ballot(as_actor(voter_in(round_)), round_, choices=[first_project(round_)])
    assert Ballot.objects.filter(round=round_).count() == 1


def test_after_the_last_day_nobody_can_vote_online_even_before_the_round_is_closed():
    round_ = voting_round(YESTERDAY)
    with pytest.raises(ValidationError, match="gesloten"):
        services.cast_ballot(as_actor(voter_in(round_)), round_, choices=[first_project(round_)])
    assert not Ballot.objects.filter(round=round_).exists()


def test_after_the_last_day_a_voting_code_no_longer_votes():
    round_ = voting_round(TODAY)
    paper = ResidentFactory(household__address__neighbourhood=round_.districts.get().neighbourhood)
    [(_r, code)] = services.issue_voting_codes(as_actor(officer()), round_, residents=[paper])
    round_.voting_closes_on = YESTERDAY
    round_.save(update_fields=["voting_closes_on"])
    assert services.find_code(code) is None
    with pytest.raises(ValidationError):
        services.cast_ballot_with_code(code, choices=[first_project(round_)])
    assert not VoterRegisterEntry.objects.filter(round=round_).exists()


def test_the_vote_page_says_voting_has_closed_after_the_last_day(client):
    round_ = voting_round(YESTERDAY)
    log_in(client, voter_in(round_))
    page = client.get(reverse("democracy:vote", args=[round_.pk])).content.decode()
    assert "Het stemmen is gesloten" in page
    assert 'type="checkbox"' not in page


def test_voting_cannot_open_when_its_last_day_has_already_passed():
    round_ = BudgetRoundFactory(review=True, voting_closes_on=YESTERDAY)
    ProjectFactory(round=round_)
    with pytest.raises(ValidationError, match="stemmen tot"):
        services.open_voting(as_actor(officer()), round_)
    round_.refresh_from_db()
    assert round_.phase == Phase.REVIEW


def test_the_daily_job_closes_only_rounds_whose_last_day_has_passed():
    due = voting_round(TODAY)
    user = voter_in(due)
    services.cast_ballot(as_actor(user), due, choices=[first_project(due)])
    due.voting_closes_on = YESTERDAY  # the next morning
    due.save(update_fields=["voting_closes_on"])
    still_open = voting_round(TODAY)
    by_hand = voting_round(None)

    closed = services.close_due_rounds(TODAY)

    assert [r.pk for r in closed] == [due.pk]
    due.refresh_from_db()
    assert due.phase == Phase.RESULT
    assert RoundResult.objects.get(round=due).voters == 1
    # Closed as an officer would: the link between voter and ballot is gone.
    assert VoterRegisterEntry.objects.get(round=due).ballot_token is None
    assert Ballot.objects.get(round=due).token_hash is None
    change = due.history.get(to_phase=Phase.RESULT)
    assert change.by is None
    assert "Vanzelf gesloten" in change.note
    for other in (still_open, by_hand):
        other.refresh_from_db()
        assert other.phase == Phase.VOTING
    # Running it again changes nothing.
    assert services.close_due_rounds(TODAY) == []


def test_a_round_nobody_voted_in_closes_with_nothing_funded():
    round_ = voting_round(YESTERDAY)
    services.close_due_rounds(TODAY)
    result = RoundResult.objects.get(round=round_)
    assert (result.voters, result.spent) == (0, 0)


def test_the_close_budget_rounds_command_closes_due_rounds():
    due = voting_round(YESTERDAY)
    out = io.StringIO()
    call_command("close_budget_rounds", "--today", TODAY.isoformat(), stdout=out)
    due.refresh_from_db()
    assert due.phase == Phase.RESULT
    assert "1 ronde(s) gesloten" in out.getvalue()


def test_the_initiative_deadlines_command_records_the_yes_once():
    initiative = InitiativeFactory(answer_due=YESTERDAY)
    waiting = InitiativeFactory(answer_due=TODAY)
    out = io.StringIO()
    call_command("initiative_deadlines", stdout=out)
    initiative.refresh_from_db()
    waiting.refresh_from_db()
    assert initiative.status == InitiativeStatus.YES_BY_DEFAULT
    assert waiting.status == InitiativeStatus.SUBMITTED
    assert out.getvalue().startswith("1 ")
    call_command("initiative_deadlines", stdout=out)
    assert initiative.history.filter(to_status=InitiativeStatus.YES_BY_DEFAULT).count() == 1
