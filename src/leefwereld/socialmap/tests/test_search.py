"""Search in Dutch, the same on SQLite and PostgreSQL (the suite runs on both)."""

import datetime

import pytest
from django.db import connection, transaction

from leefwereld.core.domains import LifeDomain
from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    MunicipalityFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    UserFactory,
    as_actor,
)
from leefwereld.socialmap import demo, services
from leefwereld.socialmap.forms import OFFER_FIELDS, SearchForm
from leefwereld.socialmap.models import Offer, OfferProposal
from leefwereld.socialmap.search import fold, search, stems
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


def test_a_word_finds_the_compounds_it_starts():
    # 'huur' stems to 'hur', which 'huurachterstand' does not start with; the word does.
    OfferFactory(name="Huurachterstand", description="Samen een betalingsregeling maken.")
    OfferFactory(name="Opvoedondersteuning", description="Praten met een coach.")
    assert found(q="huur") == {"Huurachterstand"}
    assert found(q="opvoed") == {"Opvoedondersteuning"}


def test_common_words_in_a_query_are_ignored_alike_on_both_backends():
    OfferFactory(name="Inloopspreekuur", description="Kom langs.")
    assert found(q="zonder inloop") == {"Inloopspreekuur"}
    assert found(q="niet") == {"Inloopspreekuur"}  # only stop words: no search at all


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


# --- every way an offer is written keeps it findable ------------------------------------


def test_an_offer_changed_by_approval_is_found_under_its_new_words_only():
    offer = OfferFactory(name="Taalles", description="Nederlands leren.")
    data = {field: getattr(offer, field) for field in OFFER_FIELDS}
    data.update(name="Rekenles", description="Beter rekenen.", domains=["financien"])
    proposal = OfferProposal.objects.create(
        organisation=offer.organisation,
        offer=offer,
        data={**data, "neighbourhoods": []},
        proposed_by=UserFactory(),
    )
    services.approve_proposal(as_actor(UserFactory(role=Role.POLICY_OFFICER)), proposal)
    assert found(q="rekenen") == {"Rekenles"}
    assert found(q="nederlands") == set()


def test_after_an_organisation_is_renamed_its_offers_are_found_under_the_new_name():
    organisation = OrganisationFactory(name="Stichting Welzijn Oud")
    OfferFactory(organisation=organisation, name="Buurtkamer")
    organisation.name = "Buurtwerk Nieuwstad"
    organisation.save()
    assert found(q="nieuwstad") == {"Buurtkamer"}
    assert found(q="welzijn") == set()


def test_imported_offers_are_found():
    municipality = MunicipalityFactory()
    OrganisationFactory(name="Buurtwerk", municipality=municipality)
    header = ";".join(services.CSV_COLUMNS)
    values = {
        "organisation": "Buurtwerk",
        "name": "Kledingbank",
        "description": "Gratis kleding voor kinderen.",
        "kind": "algemeen",
        "costs": "Gratis",
        "access": "inloop",
        "domains": "financien",
    }
    line = ";".join(values.get(column, "") for column in services.CSV_COLUMNS)
    services.import_offers_csv(
        as_actor(UserFactory(role=Role.POLICY_OFFICER)),
        f"{header}\n{line}".encode(),
        municipality,
    )
    assert found(q="kleding kind") == {"Kledingbank"}


def test_the_demo_offers_are_found():
    hood = NeighbourhoodFactory()
    OrganisationFactory(kind=Organisation.Kind.VOLUNTEER_ORGANISATION, name="Vrijwilligers Oost")
    counts = demo.add_demo_data(seed=1, today=datetime.date(2026, 12, 1))
    assert counts["offers"] == Offer.objects.count() > 0
    assert found(q="voedselbank") == {f"Voedselbank {hood.name}"}
    if connection.vendor == "postgresql":
        assert not Offer.objects.filter(search_vector__isnull=True).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored tsvector is PostgreSQL's")
def test_postgresql_search_reads_the_gin_index_on_the_stored_vector():
    for n in range(100):
        OfferFactory(name=f"Aanbod {n}", description="Schuldhulp." if n % 25 == 0 else "Iets.")
    # The search condition alone (no approval filter, whose partial indexes a planner may
    # also pick for a tiny table): with sequential scans off, only a usable index on the
    # stored vector avoids one. And no to_tsvector may run per row.
    queryset = search(Offer.objects.all(), "schulden")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "socialmap_offer_search_vector" in plan
    assert "to_tsvector" not in plan
    assert len(queryset) == 4
