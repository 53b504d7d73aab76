"""CSV import and export: line-numbered errors, all or nothing, idempotent."""

import pytest
from django.core.exceptions import PermissionDenied

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    MunicipalityFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    UserFactory,
    as_actor,
)
from leefwereld.socialmap.models import Offer
from leefwereld.socialmap.services import (
    CSV_COLUMNS,
    ImportError_,
    export_offers_csv,
    import_offers_csv,
    public_offers,
)

pytestmark = pytest.mark.django_db

HEADER = ";".join(CSV_COLUMNS)


def row(org="Zorggroep", name="Dagbesteding", kind="maatwerk", access="beschikking", **extra):
    values = {
        "organisation": org,
        "name": name,
        "description": "Een zinvolle dag.",
        "kind": kind,
        "costs": "Gratis",
        "access": access,
        "domains": "tijdsbesteding|sociaal_netwerk",
        **extra,
    }
    return ";".join(str(values.get(c, "")) for c in CSV_COLUMNS)


@pytest.fixture
def setup():
    municipality = MunicipalityFactory()
    OrganisationFactory(name="Zorggroep", municipality=municipality)
    NeighbourhoodFactory(cbs_code="WK000101", municipality=municipality)
    return municipality, UserFactory(role=Role.POLICY_OFFICER)


def run(setup, *lines, encoding="utf-8"):
    municipality, user = setup
    return import_offers_csv(
        as_actor(user), "\n".join([HEADER, *lines]).encode(encoding), municipality
    )


def test_a_valid_file_is_imported_and_approved(setup):
    assert run(setup, row(), row(name="Begeleiding", neighbourhoods="WK000101")) == 2
    offer = Offer.objects.get(name="Begeleiding")
    assert offer.is_public
    assert [n.cbs_code for n in offer.neighbourhoods.all()] == ["WK000101"]
    assert sorted(link.domain for link in offer.domain_links.all()) == [
        "sociaal_netwerk",
        "tijdsbesteding",
    ]


def test_errors_name_the_line_and_field_and_nothing_is_written(setup):
    with pytest.raises(ImportError_) as error:
        run(
            setup,
            row(),
            row(name="Foute soort", kind="duur"),
            row(org="Onbekend", name="X"),
            row(name="Wijk", neighbourhoods="WK999999"),
            row(name="Leeftijd", min_age="18", max_age="12"),
        )
    problems = "\n".join(error.value.problems)
    assert "Regel 3, veld kind" in problems
    assert "Regel 4, veld organisation" in problems
    assert "Regel 5, veld neighbourhoods" in problems
    assert "Regel 6, veld max_age" in problems
    assert Offer.objects.count() == 0


def test_a_missing_column_is_named(setup):
    municipality, user = setup
    with pytest.raises(ImportError_, match="costs"):
        import_offers_csv(as_actor(user), b"organisation;name\nZorggroep;X\n", municipality)


def test_a_file_in_the_wrong_encoding_gets_a_clear_message(setup):
    with pytest.raises(ImportError_, match="Regel 2: het bestand is geen UTF-8"):
        run(setup, row(name="Crèche"), encoding="latin-1")
    assert Offer.objects.count() == 0


def test_duplicate_lines_are_refused(setup):
    with pytest.raises(ImportError_, match="Regel 3: dit aanbod staat ook al op regel 2"):
        run(setup, row(), row())


def test_importing_the_same_file_twice_creates_nothing_twice(setup):
    run(setup, row(), row(name="Begeleiding"))
    run(setup, row(), row(name="Begeleiding"))
    assert Offer.objects.count() == 2


def test_the_export_imports_again_unchanged(setup):
    municipality, user = setup
    run(setup, row(), row(name="Begeleiding", neighbourhoods="WK000101", min_age="18"))
    exported = export_offers_csv(public_offers().order_by("name"))
    Offer.objects.all().delete()
    import_offers_csv(as_actor(user), exported.encode(), municipality)
    assert export_offers_csv(public_offers().order_by("name")) == exported


def test_only_the_municipality_imports(setup):
    municipality, _user = setup
    with pytest.raises(PermissionDenied):
        import_offers_csv(as_actor(UserFactory(role=Role.RESIDENT)), HEADER.encode(), municipality)
