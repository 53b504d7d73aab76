"""Issue 13, from outside: hostile CSV imports, a formula-safe export and a bounded public
search. Every bad file is refused naming its line and writes nothing; no server errors."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
)

from .factories import OfferFactory
from .test_import import HEADER, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    municipality = MunicipalityFactory()
    OrganisationFactory(name="Zorggroep", municipality=municipality)
    NeighbourhoodFactory(cbs_code="WK000101", municipality=municipality)
    client.force_login(UserFactory(role=Role.POLICY_OFFICER))
    return client


def _post(client, data: bytes) -> str:
    before = Offer.objects.count()
    response = client.post(
        reverse("socialmap:import"), {"file": SimpleUploadedFile("kaart.csv", data)}
    )
    assert response.status_code == 400
    assert Offer.objects.count() == before
    return response.content.decode()


def test_a_field_over_128_kb_is_refused_naming_its_line(officer):
    data = "\n".join([HEADER, row(), row(name="Groot", description="x" * 200_000)]).encode()
    assert "Regel 3: deze regel is niet te lezen" in _post(officer, data)


def test_an_unclosed_quote_is_refused_naming_its_line(officer):
    data = "\n".join([HEADER, row(), row(name='"Open', description="a")]).encode()
    page = _post(officer, data)
    assert "Regel 3" in page


def test_a_10_mb_line_is_refused_by_its_size(officer):
    data = "\n".join([HEADER, row(description="x" * (10 * 1024 * 1024))]).encode()
    assert "groter dan 5 MB" in _post(officer, data)


@pytest.mark.parametrize("age", ["12345678901234567890123456", "²", "1e3", "-1", "NaN", "99999"])
def test_an_impossible_age_is_refused_naming_line_and_field(officer, age):
    page = _post(officer, "\n".join([HEADER, row(min_age=age)]).encode())
    assert "Regel 2, veld min_age" in page


def test_names_that_collide_are_refused_naming_both_lines(officer):
    long = "n" * 200
    page = _post(officer, "\n".join([HEADER, row(name=long)]).encode())
    assert "Regel 2, veld name" in page  # longer than the column: refused, not cut off


def test_the_export_escapes_cells_a_spreadsheet_would_run(client):
    hostile = ['=HYPERLINK("http://x")', "+31 6 1234", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    for i, text in enumerate(hostile):
        OfferFactory(name=text, target_group=f"groep {i}")
    response = client.get(reverse("socialmap:export"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    names = {r[CSV_COLUMNS.index("name")] for r in rows[1:]}
    assert names == {"'" + text for text in hostile}
    # Ordinary text stays as it is.
    assert {r[CSV_COLUMNS.index("target_group")] for r in rows[1:]} == {
        f"groep {i}" for i in range(len(hostile))
    }


def test_export_and_import_round_trip_keeps_plain_text():
    OfferFactory(name="Dagbesteding", description="Gewoon")
    text = export_offers_csv(Offer.objects.all())
    assert "'" not in text


@pytest.mark.parametrize(
    "query",
    [
        {"q": " ".join(f"woord{i}" for i in range(300))},
        {"q": "x" * 5000},
        {"age": "12345678901234567890123456"},
        {"age": "²"},
        {"neighbourhood": "²"},
        {"neighbourhood": "1" * 40},
        {"pagina": "1" * 40},
        {"domain": "\x00"},
    ],
)
def test_the_public_search_answers_any_query_without_a_server_error(client, query):
    OfferFactory(name="Schuldhulp")
    response = client.get(reverse("socialmap:search"), query)
    assert response.status_code == 200


def test_a_search_of_many_words_says_so_in_plain_dutch(client):
    response = client.get(reverse("socialmap:search"), {"q": " ".join(["huur"] * 300)})
    page = response.content.decode()
    assert "Zoek met minder tekst" in page or "hoogstens 10 woorden" in page
    response = client.get(reverse("socialmap:search"), {"q": " ".join(["huur"] * 11)})
    assert "Zoek met hoogstens 10 woorden." in response.content.decode()


CELL = st.one_of(
    st.sampled_from(
        ["", "x" * 300, "12345678901234567890123456", "²", "-1", '"', "=1+1", "maatwerk"]
    ),
    st.text(max_size=20),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=st.dictionaries(st.sampled_from(CSV_COLUMNS), CELL, max_size=4))
def test_any_row_is_imported_correctly_or_refused_naming_its_line(cells):
    municipality = MunicipalityFactory()
    OrganisationFactory(name="Zorggroep", municipality=municipality)
    user = UserFactory(role=Role.POLICY_OFFICER)
    before = Offer.objects.count()
    data = "\n".join([HEADER, row(**cells)]).encode("utf-8", "surrogatepass")
    try:
        count = import_offers_csv(as_actor(user), data, municipality)
    except ImportError_ as error:
        assert error.problems
        assert all(
            p.startswith("Regel ") or "UTF-8" in p or "geen aanbod" in p for p in error.problems
        ), error.problems
        assert Offer.objects.count() == before
    else:
        assert count == 1 and Offer.objects.count() in (before, before + 1)
