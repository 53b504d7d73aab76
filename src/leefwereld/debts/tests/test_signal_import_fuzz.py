"""Issue 13: hostile signal files, through the page and the service. Every malformed file
is refused naming its line and field and writes nothing; a good row is read exactly."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from leefwereld.debts import signals
from leefwereld.debts.models import Signal, SignalImport

from .factories import CreditorFactory, debt_officer
from .test_signal_import import HEADER, problems_of, row, run

pytestmark = pytest.mark.django_db


def _page_post(client, data: bytes) -> str:
    partner = CreditorFactory(sector="energy")
    client.force_login(debt_officer())
    response = client.post(
        reverse("debts:signal_import"),
        {"partner": partner.pk, "file": SimpleUploadedFile("s.csv", data)},
    )
    assert response.status_code in (200, 400), response.status_code
    assert not Signal.objects.exists() and not SignalImport.objects.exists()
    return response.content.decode()


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"amount": "12345678901234567890123456"}, "Regel 2, veld bedrag"),
        ({"amount": "1e3"}, "Regel 2, veld bedrag"),
        ({"amount": "NaN"}, "Regel 2, veld bedrag"),
        ({"amount": "Infinity"}, "Regel 2, veld bedrag"),
        ({"amount": "0,00"}, "Regel 2, veld bedrag"),
        ({"number": "²"}, "Regel 2, veld huisnummer"),
        ({"number": "1" * 40}, "Regel 2, veld huisnummer"),
        ({"bsn": "²²²²²²²²²"}, "Regel 2, veld bsn"),
        ({"ref": "K" * 61}, "Regel 2, veld kenmerk"),
    ],
)
def test_a_bad_value_is_refused_naming_line_and_field_through_the_page(client, kwargs, words):
    page = _page_post(client, "\n".join([HEADER, row(**kwargs)]).encode())
    assert words in page


def test_kenmerken_equal_in_their_first_60_characters_are_not_merged():
    problems = problems_of("\n".join([HEADER, row(ref="K" * 60 + "1"), row(ref="K" * 60 + "2")]))
    assert any("Regel 2, veld kenmerk" in p for p in problems)
    assert any("Regel 3, veld kenmerk" in p for p in problems)


def test_a_field_over_128_kb_names_its_line(client):
    page = _page_post(
        client, "\n".join([HEADER, row(), row(ref="R2", surname="x" * 200_000)]).encode()
    )
    assert "Regel 3: deze regel is niet te lezen" in page


def test_a_file_over_5_mb_is_refused(client):
    page = _page_post(
        client, ("\n".join([HEADER, row()]) + "\n" + " " * (6 * 1024 * 1024)).encode()
    )
    assert "groter dan 5 MB" in page


def test_a_good_row_is_read_exactly():
    result = run("\n".join([HEADER, row(amount="1.234,56", number="12")]))
    assert result.created == 1
    assert Signal.objects.get().amount_cents == 123_456


CELL = st.one_of(
    st.sampled_from(
        ["", "²", "1" * 26, "1e3", "NaN", "-5", "12,345", '"', "K" * 61, "2025-02-30", "ja"]
    ),
    st.text(max_size=15),
)
FIELDS = [
    "ref",
    "amount",
    "origin",
    "signal",
    "crisis",
    "bsn",
    "surname",
    "birth",
    "postcode",
    "number",
]


@settings(max_examples=60, deadline=None)
@given(values=st.dictionaries(st.sampled_from(FIELDS), CELL, max_size=3))
def test_any_row_is_read_correctly_or_refused_naming_line_and_field(values):
    text = "\n".join([HEADER, row(**values)])
    data = text.encode("utf-8", "surrogatepass")
    try:
        result = run(data)
    except signals.SignalImportError as error:
        assert error.problems and all(p.startswith("Regel ") for p in error.problems), error
        assert not SignalImport.objects.exists()
        return
    signal = Signal.objects.get()
    assert result.created == 1
    assert 1 <= signal.amount_cents <= 100_000_000_000
    assert len(signal.reference) <= 60
    Signal.objects.all().delete()
    SignalImport.objects.all().delete()
