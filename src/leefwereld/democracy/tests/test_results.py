"""The result: computed with the kernel (equal shares, caps, tie-breaking), explained per
project, compared with greedy, and exchanged as pabulib files."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from leefwereld.algorithms.pb import parse_text
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import NeighbourhoodFactory, UserFactory, as_actor
from leefwereld.democracy import services
from leefwereld.democracy.models import (
    Ballot,
    BudgetRound,
    Phase,
    ProjectOutcome,
    RoundCategory,
    RoundResult,
)

from .factories import BudgetRoundFactory, ProjectFactory, voter_in

pytestmark = pytest.mark.django_db

PB_DATA = Path("/work/shared/data/pb")


def officer():
    return UserFactory(role=Role.POLICY_OFFICER)


def vote(round_, ballots):
    """Cast `ballots` (lists of projects) by as many fresh voters."""
    for chosen in ballots:
        services.cast_ballot(as_actor(voter_in(round_)), round_, choices=[p.pk for p in chosen])


def funded(round_):
    return set(
        ProjectOutcome.objects.filter(result__round=round_, funded=True).values_list(
            "project__title", flat=True
        )
    )


def test_equal_shares_gives_a_minority_its_share_where_greedy_does_not():
    # 6 voters want A and B (each 400), 4 voters want C (400); budget 1000.
    # Greedy: A, B (the majority takes 800, C no longer fits).
    # Equal shares: the minority's 4 x 100 = 400 pays for C.
    round_ = BudgetRoundFactory(voting=True, budget=1_000, completion="add1")
    a, b, c = (ProjectFactory(round=round_, title=t, cost=400) for t in "ABC")
    vote(round_, [[a, b]] * 6 + [[c]] * 4)
    result = services.close_voting(as_actor(officer()), round_)
    assert funded(round_) == {"A", "C"} or funded(round_) == {"B", "C"}
    greedy = set(
        ProjectOutcome.objects.filter(result=result, greedy_funded=True).values_list(
            "project__title", flat=True
        )
    )
    assert greedy == {"A", "B"}
    assert result.spent == 800
    assert result.voters == 10
    assert result.per_voter  # the exact start budget per voter is kept


def test_a_district_cap_is_never_exceeded():
    north, south = NeighbourhoodFactory(name="Noord"), NeighbourhoodFactory(name="Zuid")
    round_ = BudgetRoundFactory(voting=True, budget=3_000, neighbourhoods=[north, south])
    district_north = round_.districts.get(name="Noord")
    district_north.cap = 1_000
    district_north.save()
    district_south = round_.districts.get(name="Zuid")
    n1, n2 = (ProjectFactory(round=round_, district=district_north, cost=800) for _ in range(2))
    s1 = ProjectFactory(round=round_, district=district_south, cost=800)
    vote(round_, [[n1, n2]] * 8 + [[s1]] * 2)
    services.close_voting(as_actor(officer()), round_)
    spent_north = sum(
        o.project.cost
        for o in ProjectOutcome.objects.filter(
            result__round=round_, funded=True, project__district=district_north
        ).select_related("project")
    )
    assert spent_north <= 1_000
    assert spent_north == 800


def test_a_category_cap_is_never_exceeded_and_the_explanation_names_it():
    round_ = BudgetRoundFactory(voting=True, budget=3_000)
    green = RoundCategory.objects.create(round=round_, name="Groen", cap=1_000)
    trees = ProjectFactory(round=round_, title="Bomen", cost=700)
    plants = ProjectFactory(round=round_, title="Planten", cost=600)
    trees.categories.add(green)
    plants.categories.add(green)
    vote(round_, [[trees, plants]] * 10 + [[plants]] * 2)
    result = services.close_voting(as_actor(officer()), round_)
    # Planten has more support and goes first; Bomen would push the theme over its cap.
    assert funded(round_) == {"Planten"}
    outcomes = list(result.outcomes.select_related("project"))
    with translation.override("nl"):
        sentences = services.result_sentences(result, outcomes)
    assert "categorie Groen" in sentences[trees.pk]


def test_every_project_gets_a_plain_dutch_explanation():
    round_ = BudgetRoundFactory(voting=True, budget=1_000)
    a = ProjectFactory(round=round_, title="Speeltuin", cost=600)
    b = ProjectFactory(round=round_, title="Bankjes", cost=600)
    nobody = ProjectFactory(round=round_, title="Fontein", cost=300)
    vote(round_, [[a]] * 5 + [[b]] * 2)
    result = services.close_voting(as_actor(officer()), round_)
    outcomes = list(result.outcomes.select_related("project"))
    with translation.override("nl"):
        sentences = services.result_sentences(result, outcomes)
    assert sentences[a.pk].startswith("Speeltuin is gekozen")
    assert "betaalden" in sentences[a.pk]
    assert sentences[b.pk].startswith("Bankjes is niet gekozen")
    assert "niemand" in sentences[nobody.pk]


def test_the_explanations_follow_the_readers_language():
    round_ = BudgetRoundFactory(voting=True, budget=1_000)
    a = ProjectFactory(round=round_, title="Speeltuin", cost=600)
    vote(round_, [[a]] * 3)
    result = services.close_voting(as_actor(officer()), round_)
    outcomes = list(result.outcomes.select_related("project"))
    with translation.override("en"):
        sentence = services.result_sentences(result, outcomes)[a.pk]
    assert sentence.startswith("Speeltuin was chosen")


def test_the_tie_breaking_order_of_the_round_decides_a_tie():
    def run(order):
        round_ = BudgetRoundFactory(voting=True, budget=500, tie_breaking=order, rule="greedy")
        cheap = ProjectFactory(round=round_, title="Goedkoop", cost=300, code="B")
        dear = ProjectFactory(round=round_, title="Duur", cost=400, code="A")
        vote(round_, [[cheap, dear]] * 3)
        services.close_voting(as_actor(officer()), round_)
        return funded(round_)

    assert run("cost,id") == {"Goedkoop"}
    assert run("-cost,id") == {"Duur"}
    assert run("id") == {"Duur"}


def test_the_result_page_explains_every_project_and_compares_with_greedy(client):
    round_ = BudgetRoundFactory(voting=True, budget=1_000)
    a, b, c = (ProjectFactory(round=round_, title=t, cost=400) for t in ("Alfa", "Beta", "Gamma"))
    vote(round_, [[a, b]] * 6 + [[c]] * 4)
    services.close_voting(as_actor(officer()), round_)
    page = client.get(f"/meedoen/buurtbegroting/{round_.pk}/uitslag/").content.decode()
    assert "Gamma is gekozen" in page
    assert "niet gekozen" in page
    assert "Met de methode &#x27;meeste stemmen&#x27;" in page or "meeste stemmen" in page
    assert "met &#x27;meeste stemmen&#x27; niet" in page or "meeste stemmen' niet" in page


def test_the_result_is_not_public_before_voting_closes(client):
    round_ = BudgetRoundFactory(voting=True)
    assert client.get(f"/meedoen/buurtbegroting/{round_.pk}/uitslag/").status_code == 404


def test_a_round_exports_to_pabulib_and_reads_back_identically():
    round_ = BudgetRoundFactory(voting=True, budget=2_000, title="Buurtbudget; met puntkomma")
    green = RoundCategory.objects.create(round=round_, name="Groen", cap=900)
    a = ProjectFactory(round=round_, title="Bomen", cost=800, description="Regel 1\nRegel 2")
    a.categories.add(green)
    b = ProjectFactory(round=round_, title="Bankjes", cost=700)
    vote(round_, [[a], [a, b], [b]])
    services.close_voting(as_actor(officer()), round_)
    instance = parse_text(services.export_pabulib(round_))
    assert instance.budget == 2_000
    assert instance.category_caps == {"Groen": 900}
    assert {p.id: p.cost for p in instance.projects} == {a.code: 800, b.code: 700}
    assert sorted(v.projects for v in instance.votes) == sorted(
        [(a.code,), tuple(sorted((a.code, b.code))), (b.code,)]
    )
    assert instance.project(a.code).fields["selected"] in ("0", "1")

    imported = services.import_pabulib(
        as_actor(officer()),
        services.export_pabulib(round_),
        municipality=round_.municipality,
        tie_breaking=round_.tie_breaking,
    )
    assert imported.is_analysis and imported.phase == Phase.RESULT
    assert funded(imported) == funded(round_)


def test_a_round_cannot_be_exported_while_voting_is_open():
    round_ = BudgetRoundFactory(voting=True)
    with pytest.raises(ValidationError):
        services.export_pabulib(round_)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("META\nkey;value\nbudget;10\n", "PROJECTS"),
        (
            "META\nkey;value\nbudget;10.50\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n1;1\n",
            "centen",
        ),
        (
            "META\nkey;value\nbudget;10\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n1;1\n",
            "approval",
        ),
    ],
)
def test_a_bad_pabulib_file_is_refused_with_a_clear_message_and_writes_nothing(text, message):
    before = BudgetRound.objects.count()
    with pytest.raises(ValidationError, match=message):
        services.import_pabulib(
            as_actor(officer()), text, municipality=BudgetRoundFactory().municipality
        )
    assert BudgetRound.objects.count() == before + 1  # only the factory's round


@pytest.mark.skipif(not (PB_DATA / "netherlands_amsterdam_166_.pb").exists(), reason="no data")
def test_the_amsterdam_file_imports_with_its_category_caps():
    text = (PB_DATA / "netherlands_amsterdam_166_.pb").read_text(encoding="utf-8")
    round_ = services.import_pabulib(
        as_actor(officer()),
        text,
        municipality=BudgetRoundFactory().municipality,
        rule="greedy",
    )
    instance = parse_text(text)
    assert round_.projects.count() == len(instance.projects)
    assert Ballot.objects.filter(round=round_).count() == len(instance.votes)
    assert RoundCategory.objects.filter(round=round_, cap__isnull=False).count() == len(
        instance.category_caps
    )
    result = RoundResult.objects.get(round=round_)
    assert result.spent <= result.budget
    for category in RoundCategory.objects.filter(round=round_, cap__isnull=False):
        spent = sum(
            o.project.cost
            for o in result.outcomes.filter(
                funded=True, project__categories=category
            ).select_related("project")
        )
        assert spent <= category.cap
