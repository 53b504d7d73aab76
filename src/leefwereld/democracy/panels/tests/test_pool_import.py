"""Importing an external pool: all or nothing, every error names its line and column."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory, as_actor
from leefwereld.democracy.panels import services
from leefwereld.democracy.panels.models import Panel, Volunteer

from .factories import panel_with_quotas

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel():
    return panel_with_quotas(status=Panel.Status.RECRUITING)


def load(panel, officer, *lines, encoding="utf-8"):
    return services.import_pool_csv(as_actor(officer), panel, "\n".join(lines).encode(encoding))


def test_a_valid_file_adds_everyone_with_their_features_and_households(panel, officer):
    count = load(
        panel,
        officer,
        "id;naam;geslacht;leeftijd;adres;postcode;email",
        "A1;Ans;vrouw;jong;Kerkstraat 1a;1234 AB;ans@example.org",
        "A2;Bert;Man;65 of ouder;kerkstraat 1-A;1234ab;",  # names and any case work too
        "",
        "A3;Cor;man;midden;Dorpsstraat 2;1234 AB;",
    )
    assert count == 3
    people = {v.external_id: v for v in Volunteer.objects.all()}
    assert people["A2"].features == {"geslacht": "man", "leeftijd": "oud"}
    # Housemates may both be in the pool; the selection seats at most one of them.
    assert people["A1"].household_key == people["A2"].household_key != people["A3"].household_key
    assert len({v.public_id for v in people.values()}) == 3


def test_every_error_names_its_line_and_column_and_nothing_is_written(panel, officer):
    with pytest.raises(services.PoolImportError) as error:
        load(
            panel,
            officer,
            "id,geslacht,leeftijd,email",
            "A1,vrouw,jong,",
            "A2,onbekend,jong,",
            "A1,man,oud,",
            "A4,man,,geen-adres",
        )
    problems = error.value.problems
    assert problems[0].startswith("Regel 3, kolom geslacht: 'onbekend' is geen waarde van Geslacht")
    assert "Kies uit: vrouw, man" in problems[0]
    assert problems[1] == "Regel 4, kolom id: nummer 'A1' staat ook al op regel 2."
    assert problems[2].startswith("Regel 5, kolom leeftijd: '' is geen waarde van Leeftijd")
    assert problems[3] == "Regel 5, kolom email: 'geen-adres' is geen geldig e-mailadres."
    assert not Volunteer.objects.exists()


def test_a_missing_column_is_named_on_line_1(panel, officer):
    with pytest.raises(services.PoolImportError) as error:
        load(panel, officer, "id,geslacht", "A1,vrouw")
    assert error.value.problems == ["Regel 1: de kolom 'leeftijd' (Leeftijd) ontbreekt."]


def test_line_numbers_count_quoted_line_breaks(panel, officer):
    with pytest.raises(services.PoolImportError) as error:
        load(panel, officer, "naam,geslacht,leeftijd", '"Ans\nvan Dijk",vrouw,jong', "Bert,x,jong")
    assert error.value.problems[0].startswith("Regel 4, kolom geslacht")


def test_an_id_already_in_the_pool_is_refused(panel, officer):
    load(panel, officer, "id,geslacht,leeftijd", "A1,vrouw,jong")
    with pytest.raises(
        services.PoolImportError, match="Regel 2, kolom id: nummer 'A1' staat al in de pool"
    ):
        load(panel, officer, "id,geslacht,leeftijd", "A1,man,oud")


def test_a_file_in_the_wrong_encoding_gets_a_clear_message(panel, officer):
    with pytest.raises(services.PoolImportError, match="Regel 2: het bestand is geen UTF-8"):
        load(panel, officer, "naam,geslacht,leeftijd", "Zoë,vrouw,jong", encoding="latin-1")


def test_the_pool_is_fixed_once_the_lottery_is_published(panel, officer):
    Panel.objects.filter(pk=panel.pk).update(status=Panel.Status.PUBLISHED)
    panel.refresh_from_db()
    with pytest.raises(ValidationError):
        load(panel, officer, "geslacht,leeftijd", "vrouw,jong")


def test_only_the_municipality_imports(panel):
    with pytest.raises(PermissionDenied):
        load(panel, UserFactory(role=Role.RESIDENT), "geslacht,leeftijd", "vrouw,jong")


def test_the_import_page_lists_the_problems(client, panel, officer):
    client.force_login(officer)
    upload = _file("geslacht;leeftijd\nvrouw;twintig\n")
    response = client.post(reverse("panels:import_pool", args=[panel.pk]), {"file": upload})
    assert response.status_code == 400
    assert "Regel 2, kolom leeftijd" in response.content.decode()


def _file(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("pool.csv", text.encode(), content_type="text/csv")
