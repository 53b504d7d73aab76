"""A round over several neighbourhoods: one ballot per resident over every project of the
round, as in Amsterdam's Centrum Begroot (pabulib 252, where most voters approved projects
in more than one neighbourhood); the district caps bound spending inside the rule."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    NeighbourhoodFactory,
    ResidentFactory,
    UserFactory,
    as_actor,
    log_in,
)
from leefwereld.democracy import services
from leefwereld.democracy.models import Ballot, ProjectOutcome, RoundCategory

from .factories import BudgetRoundFactory, ProjectFactory, resident_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    north, south = NeighbourhoodFactory(name="Noord"), NeighbourhoodFactory(name="Zuid")
    round_ = BudgetRoundFactory(voting=True, budget=3_000, neighbourhoods=[north, south])
    district = {d.name: d for d in round_.districts.all()}
    district["Noord"].cap = 1_000
    district["Noord"].save()
    return round_, north, south, district


def officer():
    return UserFactory(role=Role.POLICY_OFFICER)


def test_a_resident_votes_on_projects_of_every_neighbourhood_of_the_round(town):
    round_, north, south, district = town
    in_north = ProjectFactory(round=round_, district=district["Noord"], cost=800)
    in_south = ProjectFactory(round=round_, district=district["Zuid"], cost=800)
    from_south = resident_user(south)
    services.cast_ballot(as_actor(from_south), round_, choices=[in_north.pk, in_south.pk])
    paper = ResidentFactory(household__address__neighbourhood=north)
    [(_r, code)] = services.issue_voting_codes(as_actor(officer()), round_, residents=[paper])
    services.cast_ballot_with_code(code, choices=[in_south.pk])
    assert sorted(Ballot.objects.values_list("choices", flat=True)) == [
        sorted([in_north.pk, in_south.pk]),
        [in_south.pk],
    ]


def test_a_resident_outside_the_round_s_neighbourhoods_may_not_vote(town):
    round_, _north, _south, district = town
    project = ProjectFactory(round=round_, district=district["Noord"])
    elsewhere = resident_user(NeighbourhoodFactory(name="West"))
    with pytest.raises(ValidationError, match="woont niet"):
        services.cast_ballot(as_actor(elsewhere), round_, choices=[project.pk])


def test_the_ballot_names_the_neighbourhood_of_each_project(client, town):
    round_, north, _south, district = town
    ProjectFactory(round=round_, district=district["Noord"], title="Bankjes")
    ProjectFactory(round=round_, district=district["Zuid"], title="Bomen")
    log_in(client, resident_user(north))
    page = client.get(reverse("democracy:vote", args=[round_.pk])).content.decode()
    assert "Bankjes (€ 1.000, Noord)" in page
    assert "Bomen (€ 1.000, Zuid)" in page


def test_a_single_neighbourhood_ballot_does_not_repeat_the_neighbourhood(client):
    round_ = BudgetRoundFactory(voting=True)
    ProjectFactory(round=round_, district=round_.districts.get(), title="Bankjes")
    log_in(client, resident_user(round_.districts.get().neighbourhood))
    page = client.get(reverse("democracy:vote", args=[round_.pk])).content.decode()
    assert "Bankjes (€ 1.000)" in page


def test_the_result_page_shows_spending_per_neighbourhood_and_theme_against_the_caps(client, town):
    round_, north, south, district = town
    green = RoundCategory.objects.create(round=round_, name="Groen", cap=2_000)
    n1, n2 = (ProjectFactory(round=round_, district=district["Noord"], cost=800) for _ in "ab")
    s1 = ProjectFactory(round=round_, district=district["Zuid"], cost=700)
    s1.categories.add(green)
    # Everyone likes both northern projects, but Noord may get at most € 1.000.
    for _ in range(8):
        services.cast_ballot(as_actor(resident_user(south)), round_, choices=[n1.pk, n2.pk])
    for _ in range(2):
        services.cast_ballot(as_actor(resident_user(north)), round_, choices=[s1.pk])
    result = services.close_voting(as_actor(officer()), round_)
    outcomes = list(
        ProjectOutcome.objects.filter(result=result)
        .select_related("project")
        .prefetch_related("project__categories")
    )
    areas = {(a.kind, a.name): a for a in services.spending_per_area(round_, outcomes)}
    assert areas["district", "Noord"].spent == 800
    assert areas["district", "Noord"].cap == 1_000
    assert areas["district", "Zuid"].spent == 700
    assert areas["district", "Zuid"].cap is None
    assert (areas["theme", "Groen"].funded, areas["theme", "Groen"].spent) == (1, 700)

    page = client.get(reverse("democracy:round_result", args=[round_.pk])).content.decode()
    assert "Verdeling per gebied en thema" in page
    assert "Thema Groen" in page
    assert "geen maximum" in page


def test_a_single_neighbourhood_result_has_no_area_table(client):
    round_ = BudgetRoundFactory(voting=True)
    project = ProjectFactory(round=round_, district=round_.districts.get())
    services.cast_ballot(
        as_actor(resident_user(round_.districts.get().neighbourhood)),
        round_,
        choices=[project.pk],
    )
    services.close_voting(as_actor(officer()), round_)
    page = client.get(reverse("democracy:round_result", args=[round_.pk])).content.decode()
    assert "Verdeling per gebied" not in page
