"""Panel set-up: quotas suggested from the population, editable, with flexible bounds."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    HouseholdFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    ResidentFactory,
    UserFactory,
    as_actor,
)
from leefwereld.democracy.panels import services
from leefwereld.democracy.panels.models import Panel, Quota

from .factories import panel_with_quotas

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def municipality():
    municipality = MunicipalityFactory()
    for name, population in (("Noord", 12_000), ("Oost", 7_000), ("Zuid", 1_000)):
        NeighbourhoodFactory(municipality=municipality, name=name, population=population)
    return municipality


@given(st.lists(st.integers(0, 50_000), min_size=1, max_size=12), st.integers(20, 1000))
def test_apportioned_seats_always_add_up_to_the_panel_size(weights, size):
    seats = services.apportion(weights, size)
    assert sum(seats) == size
    assert all(s >= 0 for s in seats)


def test_the_suggested_quotas_sum_to_the_panel_size_per_category(officer, municipality):
    household = HouseholdFactory(address__neighbourhood=municipality.neighbourhoods.first())
    for year in (1940, 1960, 1975, 1990, 2005, 2015):
        ResidentFactory(birth_date=datetime.date(year, 3, 1), household=household)
    panel = services.create_panel(
        as_actor(officer),
        municipality=municipality,
        title="Eenzaamheid",
        size=37,
        categories=["wijk", "leeftijd", "geslacht", "opleiding"],
        theme_groups=["Uitkering", "Ondernemer", "Onderwijs en ambtenaar"],
        today=TODAY,
    )
    for category in panel.categories.prefetch_related("quotas"):
        quotas = list(category.quotas.all())
        assert sum(q.target for q in quotas) == 37, category.key
        # Flexible: the bounds leave room either way and never exceed the panel.
        assert all(q.min <= q.target <= q.max <= 37 for q in quotas)
        assert all(q.min_flex <= q.min and q.max <= q.max_flex for q in quotas)
        assert sum(q.min for q in quotas) <= 37 <= sum(q.max for q in quotas)


def test_neighbourhood_quotas_follow_the_population_figures(officer, municipality):
    panel = services.create_panel(
        as_actor(officer),
        municipality=municipality,
        title="Wonen",
        size=20,
        categories=["wijk"],
        today=TODAY,
    )
    targets = dict(Quota.objects.filter(category__panel=panel).values_list("label", "target"))
    assert targets == {"Noord": 12, "Oost": 7, "Zuid": 1}


def test_age_quotas_follow_the_residents_of_16_and_older(officer, municipality):
    household = HouseholdFactory(address__neighbourhood=municipality.neighbourhoods.first())
    # Three of 25-39, one of 70+, one child who does not count.
    for birth in ("1995-01-01", "1990-06-01", "1987-01-01", "1950-01-01", "2015-01-01"):
        ResidentFactory(birth_date=datetime.date.fromisoformat(birth), household=household)
    panel = services.create_panel(
        as_actor(officer),
        municipality=municipality,
        title="Wonen",
        size=20,
        categories=["leeftijd"],
        today=TODAY,
    )
    targets = dict(Quota.objects.filter(category__panel=panel).values_list("value", "target"))
    assert targets == {"16-24": 0, "25-39": 15, "40-54": 0, "55-69": 0, "70-plus": 5}


@pytest.mark.parametrize("size", [19, 1001])
def test_a_panel_has_20_to_1000_members(officer, municipality, size):
    with pytest.raises(ValidationError):
        services.create_panel(as_actor(officer), municipality=municipality, title="X", size=size)


def test_only_the_municipality_sets_up_panels(municipality):
    with pytest.raises(PermissionDenied):
        services.create_panel(
            as_actor(UserFactory(role=Role.RESIDENT)), municipality=municipality, title="X", size=20
        )


def test_edited_bounds_are_checked_and_nothing_is_saved_on_an_error(officer):
    panel = panel_with_quotas()
    first, second = Quota.objects.filter(category__key="geslacht").order_by("order")
    with pytest.raises(ValidationError) as error:
        services.update_quotas(
            as_actor(officer),
            panel,
            {first.pk: (5, 15, 4, 16), second.pk: (12, 8, None, None)},
        )
    assert "minimum is groter dan het maximum" in str(error.value)
    first.refresh_from_db()
    assert (first.min, first.max) == (9, 11)


def test_a_new_size_resuggests_the_quotas(officer, municipality):
    panel = services.create_panel(
        as_actor(officer),
        municipality=municipality,
        title="Wonen",
        size=20,
        categories=["wijk"],
        today=TODAY,
    )
    services.update_panel(as_actor(officer), panel, size=40)
    assert sum(Quota.objects.filter(category__panel=panel).values_list("target", flat=True)) == 40


def test_recruitment_cannot_open_with_quotas_that_cannot_add_up(officer):
    panel = panel_with_quotas()
    Quota.objects.filter(category__key="geslacht").update(min=11, max=15)  # 22 > 20
    with pytest.raises(ValidationError, match="minima bij Geslacht"):
        services.transition_panel(as_actor(officer), panel, Panel.Status.RECRUITING)


def test_the_officer_sets_up_a_panel_through_the_pages(client, officer, municipality):
    client.force_login(officer)
    response = client.post(
        reverse("panels:create"),
        {
            "title": "Klimaat in de wijk",
            "question": "Hoe maken we de wijk groener?",
            "size": "30",
            "method": "leximin",
            "categories": ["wijk", "geslacht"],
            "theme_label": "Groep",
            "theme_groups": "Huurders\nEigenaren",
        },
    )
    panel = Panel.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("panels:quotas", args=[panel.pk])
    assert [c.key for c in panel.categories.all()] == ["wijk", "geslacht", "groep"]
    page = client.get(reverse("panels:quotas", args=[panel.pk])).content.decode()
    assert "Huurders" in page and "Noord" in page


def test_residents_cannot_open_the_management_pages(client):
    panel = panel_with_quotas()
    client.force_login(UserFactory(role=Role.RESIDENT))
    assert client.get(reverse("panels:manage")).status_code == 403
    assert client.get(reverse("panels:quotas", args=[panel.pk])).status_code == 403
