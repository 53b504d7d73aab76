"""Search in Dutch, the same on SQLite and PostgreSQL (the suite runs on both)."""

import pytest

from leefwereld.core.domains import LifeDomain
from leefwereld.core.tests.factories import NeighbourhoodFactory
from leefwereld.socialmap.forms import SearchForm
from leefwereld.socialmap.search import fold, stems
from leefwereld.socialmap.views import filter_offers

from .factories import OfferFactory

pytestmark = pytest.mark.django_db


def found(**params) -> set[str]:
    return {o.name for o in filter_offers(SearchForm(params))}


def test_folding_removes_accents_and_capitals():
    assert fold("Crèche ÉÉN Café") == "creche een cafe"


def test_a_singulars_stem_starts_the_plurals_stem():
    # Dutch Porter (PostgreSQL's and ours): schulden → schuld, gezinnen → gezinn,
    # kinderen → kinder; search matches stems as prefixes, so the singular finds the plural.
    for plural, singular in [("schulden", "schuld"), ("gezinnen", "gezin"), ("kinderen", "kind")]:
        assert stems(plural)[0].startswith(stems(singular)[0])


def test_a_plural_finds_the_singular_and_the_other_way_round():
    OfferFactory(name="Schuldhulp", description="Hulp bij een schuld.")
    OfferFactory(name="Opvoedhulp", description="Voor gezinnen met kinderen.")
    assert found(q="schulden") == {"Schuldhulp"}
    assert found(q="gezin") == {"Opvoedhulp"}


def test_accents_do_not_matter_either_way():
    OfferFactory(name="Taalcafé", description="Nederlands oefenen.")
    OfferFactory(name="Creche De Zon", description="Opvang.")
    assert found(q="taalcafe") == {"Taalcafé"}
    assert found(q="crèche") == {"Creche De Zon"}


def test_words_match_as_the_start_of_a_word():
    OfferFactory(name="Schuldhulpverlening", description="Bij geldzorgen.")
    assert found(q="schuldhulp") == {"Schuldhulpverlening"}


def test_every_word_must_match():
    OfferFactory(name="Huurachterstand", description="Regeling voor de huur.")
    OfferFactory(name="Huiswerkbegeleiding", description="Na school.")
    assert found(q="huur regeling") == {"Huurachterstand"}
    assert found(q="huur school") == set()


def test_it_searches_the_organisation_name_and_domains_too():
    OfferFactory(name="Spreekuur", organisation__name="Woonstichting De Linde")
    OfferFactory(name="Inloop", domains=[LifeDomain.SUBSTANCE_USE])
    assert found(q="linde") == {"Spreekuur"}
    assert found(q="middelengebruik") == {"Inloop"}


def test_unapproved_offers_are_never_found():
    OfferFactory(name="Concept", approved_at=None)
    assert found(q="concept") == set()
    assert found() == set()


def test_filters_by_domain_neighbourhood_and_age():
    north, south = NeighbourhoodFactory(), NeighbourhoodFactory()
    OfferFactory(name="Noord", neighbourhoods=[north], domains=[LifeDomain.HOUSING])
    OfferFactory(name="Overal", domains=[LifeDomain.HOUSING])  # the whole municipality
    OfferFactory(name="Jeugd", min_age=0, max_age=17, domains=[LifeDomain.DOMESTIC_RELATIONS])
    assert found(neighbourhood=south.pk) == {"Overal", "Jeugd"}
    assert found(neighbourhood=north.pk) == {"Noord", "Overal", "Jeugd"}
    assert found(domain=LifeDomain.HOUSING) == {"Noord", "Overal"}
    assert found(age=30) == {"Noord", "Overal"}
    assert found(age=12) == {"Noord", "Overal", "Jeugd"}
