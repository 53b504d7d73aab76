"""Voting: one ballot per eligible resident, online or with a one-time code, changeable
until the round closes, and unlinkable from the voter once it has closed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    NeighbourhoodFactory,
    ResidentFactory,
    UserFactory,
    as_actor,
)
from leefwereld.democracy import services
from leefwereld.democracy.models import (
    Ballot,
    BudgetRound,
    VoterRegisterEntry,
    VotingChannel,
    VotingCode,
)

from .factories import BudgetRoundFactory, ProjectFactory, resident_user, voter_in

pytestmark = pytest.mark.django_db


def officer():
    return UserFactory(role=Role.POLICY_OFFICER)


@pytest.fixture
def round_():
    round_ = BudgetRoundFactory(voting=True, budget=10_000)
    ProjectFactory.create_batch(4, round=round_, cost=3_000)
    return round_


def pks(round_):
    return list(round_.projects.order_by("pk").values_list("pk", flat=True))


def test_an_eligible_resident_votes_once_and_the_register_says_so(round_):
    user = voter_in(round_)
    result = services.cast_ballot(as_actor(user), round_, choices=pks(round_)[:2])
    assert result.changed is False
    entry = VoterRegisterEntry.objects.get(round=round_)
    assert entry.resident == user.resident
    assert entry.channel == VotingChannel.ONLINE
    assert Ballot.objects.filter(round=round_).count() == 1


def test_voting_again_changes_the_ballot_instead_of_adding_one(round_):
    user = voter_in(round_)
    first, second, third = pks(round_)[:3]
    services.cast_ballot(as_actor(user), round_, choices=[first])
    result = services.cast_ballot(as_actor(user), round_, choices=[second, third])
    assert result.changed is True
    assert list(Ballot.objects.filter(round=round_).values_list("choices", flat=True)) == [
        sorted([second, third])
    ]
    assert services.current_choices(round_, user.resident) == sorted([second, third])
    assert VoterRegisterEntry.objects.filter(round=round_).count() == 1


def test_a_ballot_can_only_approve_projects_on_the_ballot(round_):
    rejected = ProjectFactory(round=round_, review_status="rejected")
    other_round = ProjectFactory()
    user = voter_in(round_)
    for choice in ([rejected.pk], [other_round.pk], [], ["x"]):
        with pytest.raises(ValidationError):
            services.cast_ballot(as_actor(user), round_, choices=choice)
    assert not Ballot.objects.exists()


def test_the_maximum_number_and_total_cost_of_approved_projects_are_enforced(round_):
    user = voter_in(round_)
    round_.max_projects = 2
    round_.save()
    with pytest.raises(ValidationError, match="hoogstens 2"):
        services.cast_ballot(as_actor(user), round_, choices=pks(round_)[:3])
    round_.max_projects = None
    round_.max_total_cost = 5_000
    round_.save()
    with pytest.raises(ValidationError, match="5000"):
        services.cast_ballot(as_actor(user), round_, choices=pks(round_)[:2])
    services.cast_ballot(as_actor(user), round_, choices=pks(round_)[:1])


def test_residents_outside_the_area_too_young_or_without_a_resident_record_cannot_vote(round_):
    outsider = resident_user(NeighbourhoodFactory())
    child = voter_in(round_, birth_date=services.years_before(services._today(), 10))
    no_record = UserFactory(role=Role.RESIDENT)
    for user in (outsider, child, no_record):
        with pytest.raises(ValidationError):
            services.cast_ballot(as_actor(user), round_, choices=pks(round_)[:1])
    assert not Ballot.objects.exists()


def test_voting_is_refused_outside_the_voting_phase():
    round_ = BudgetRoundFactory(review=True)
    project = ProjectFactory(round=round_)
    with pytest.raises(ValidationError, match="niet open"):
        services.cast_ballot(as_actor(voter_in(round_)), round_, choices=[project.pk])


# --- one-time codes -----------------------------------------------------------------------


def offline_resident(round_):
    neighbourhood = round_.districts.get().neighbourhood
    return ResidentFactory(household__address__neighbourhood=neighbourhood)


def test_codes_are_issued_to_eligible_residents_without_an_account_and_only_hashed(round_):
    paper = offline_resident(round_)
    voter_in(round_)  # has an account: votes online
    ResidentFactory()  # lives elsewhere
    issued = services.issue_voting_codes(as_actor(officer()), round_)
    assert [resident for resident, _code in issued] == [paper]
    code = issued[0][1]
    stored = VotingCode.objects.get()
    assert stored.code_hash == services.code_hash(code)
    assert code not in stored.code_hash
    # Running it again gives nobody a second code.
    assert services.issue_voting_codes(as_actor(officer()), round_) == []


def test_a_code_votes_exactly_once(round_):
    paper = offline_resident(round_)
    [(_resident, code)] = services.issue_voting_codes(
        as_actor(officer()), round_, residents=[paper]
    )
    services.cast_ballot_with_code(code.lower().replace("-", " "), choices=pks(round_)[:1])
    with pytest.raises(ValidationError, match="al gebruikt"):
        services.cast_ballot_with_code(code, choices=pks(round_)[1:2])
    assert Ballot.objects.filter(round=round_).count() == 1
    entry = VoterRegisterEntry.objects.get(round=round_)
    assert (entry.resident, entry.channel, entry.ballot_token) == (paper, "code", None)


def test_a_wrong_or_revoked_code_does_not_vote(round_):
    paper = offline_resident(round_)
    [(_r, old)] = services.issue_voting_codes(as_actor(officer()), round_, residents=[paper])
    [(_r, new)] = services.issue_voting_codes(as_actor(officer()), round_, residents=[paper])
    with pytest.raises(ValidationError):
        services.cast_ballot_with_code(old, choices=pks(round_)[:1])
    with pytest.raises(ValidationError):
        services.cast_ballot_with_code("AAAA-BBBB-CCCC", choices=pks(round_)[:1])
    services.cast_ballot_with_code(new, choices=pks(round_)[:1])


def test_a_resident_cannot_vote_both_online_and_with_a_code(round_):
    user = voter_in(round_)
    [(_r, code)] = services.issue_voting_codes(
        as_actor(officer()), round_, residents=[user.resident]
    )
    services.cast_ballot(as_actor(user), round_, choices=pks(round_)[:1])
    with pytest.raises(ValidationError, match="al gestemd"):
        services.cast_ballot_with_code(code, choices=pks(round_)[:1])

    other = voter_in(round_)
    [(_r, code)] = services.issue_voting_codes(
        as_actor(officer()), round_, residents=[other.resident]
    )
    services.cast_ballot_with_code(code, choices=pks(round_)[:1])
    with pytest.raises(ValidationError, match="stemcode"):
        services.cast_ballot(as_actor(other), round_, choices=pks(round_)[1:2])
    assert Ballot.objects.filter(round=round_).count() == 2


def test_codes_of_a_closed_round_no_longer_work(round_):
    paper = offline_resident(round_)
    [(_r, code)] = services.issue_voting_codes(as_actor(officer()), round_, residents=[paper])
    services.close_voting(as_actor(officer()), round_)
    assert services.find_code(code) is None
    assert VotingCode.objects.get().revoked_at is not None


# --- unlinkability ------------------------------------------------------------------------


def test_after_closing_no_column_links_a_ballot_to_a_resident(round_):
    voters = [voter_in(round_) for _ in range(3)]
    for n, user in enumerate(voters):
        services.cast_ballot(as_actor(user), round_, choices=pks(round_)[: n + 1])
    paper = offline_resident(round_)
    [(_r, code)] = services.issue_voting_codes(as_actor(officer()), round_, residents=[paper])
    services.cast_ballot_with_code(code, choices=pks(round_)[-1:])
    ids_before = set(Ballot.objects.values_list("id", flat=True))
    tokens = list(VoterRegisterEntry.objects.values_list("ballot_token", flat=True))
    assert sum(t is not None for t in tokens) == 3

    services.close_voting(as_actor(officer()), round_)

    # The register keeps who voted, without any token.
    assert VoterRegisterEntry.objects.filter(round=round_).count() == 4
    assert not VoterRegisterEntry.objects.filter(ballot_token__isnull=False).exists()
    # Ballots: new ids, no token hash, nothing but the round and the choices.
    ballots = list(Ballot.objects.filter(round=round_).values())
    assert len(ballots) == 4
    assert {b["id"] for b in ballots}.isdisjoint(ids_before)
    assert all(b["token_hash"] is None for b in ballots)
    assert set(ballots[0]) == {"id", "round_id", "choices", "token_hash"}
    # Every hash an old token could produce finds nothing.
    for token in tokens:
        if token:
            assert not Ballot.objects.filter(token_hash=services._token_hash(token)).exists()


def test_after_closing_the_stored_order_of_ballots_says_nothing_about_who_voted_when(round_):
    choices_in_voting_order = [[3], [0, 1], [2], [0], [1, 3]]
    projects = pks(round_)
    for choice in choices_in_voting_order:
        services.cast_ballot(
            as_actor(voter_in(round_)), round_, choices=[projects[i] for i in choice]
        )
    services.close_voting(as_actor(officer()), round_)
    # The physical order of the rows (rowid / ctid) is the canonical content order.
    table = Ballot._meta.db_table
    order = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT choices FROM {table} ORDER BY {order}")  # noqa: S608
        stored = [
            Ballot._meta.get_field("choices").from_db_value(r[0], None, connection)
            for r in cursor.fetchall()
        ]
    assert stored == sorted(sorted(projects[i] for i in c) for c in choices_in_voting_order)


def test_the_voter_sees_their_own_ballot_only_while_voting_is_open(round_):
    user = voter_in(round_)
    services.cast_ballot(as_actor(user), round_, choices=pks(round_)[:2])
    assert services.current_choices(round_, user.resident) == sorted(pks(round_)[:2])
    services.close_voting(as_actor(officer()), round_)
    round_.refresh_from_db()
    assert services.current_choices(round_, user.resident) is None
    assert services.has_voted(round_, user.resident) is not None


# --- invariant: every voter is counted once, whatever the order of their changes ---------


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    changes=st.lists(
        st.tuples(st.integers(0, 3), st.sets(st.integers(0, 3), min_size=1)),
        min_size=1,
        max_size=12,
    )
)
def test_ballots_are_counted_once_per_voter_whatever_the_order_of_changes(changes):
    round_ = BudgetRoundFactory(voting=True)
    projects = [ProjectFactory(round=round_, cost=1_000).pk for _ in range(4)]
    voters = [voter_in(round_) for _ in range(4)]
    last: dict[int, list[int]] = {}
    for voter, chosen in changes:
        services.cast_ballot(as_actor(voters[voter]), round_, choices=[projects[i] for i in chosen])
        last[voter] = sorted(projects[i] for i in chosen)
    services.close_voting(as_actor(UserFactory(role=Role.POLICY_OFFICER)), round_)
    stored = sorted(Ballot.objects.filter(round=round_).values_list("choices", flat=True))
    assert stored == sorted(last.values())
    assert VoterRegisterEntry.objects.filter(round=round_).count() == len(last)
    round_ = BudgetRound.objects.get(pk=round_.pk)
    votes = {o.project_id: o.votes for o in round_.result.outcomes.all()}
    for pk in projects:
        assert votes[pk] == sum(pk in ballot for ballot in last.values())
