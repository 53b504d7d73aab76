"""The BRP answer checks: whatever shape an answer has, parsing either gives a person or
raises BrpError with a message — never another exception (which would escape the
all-or-nothing handling and show a traceback instead of a reason)."""

from __future__ import annotations

import contextlib
import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from leefwereld.connections.brp import BrpError, parse_gezag, parse_person
from leefwereld.core.tests.factories import valid_bsn

from .brp_world import address, person

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = [
    "burgerservicenummer",
    "naam",
    "geboorte",
    "overlijden",
    "verblijfplaats",
    "geheimhoudingPersoonsgegevens",
    "opschortingBijhouding",
]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_shape_of_person_parses_or_is_refused_with_a_reason(data):
    base = person(
        1,
        "Anna",
        "Jansen",
        datetime.date(1985, 3, 1),
        address(
            "Dorpsstraat",
            1,
            "1234AB",
            object_id="0" * 16,
            number_id="1" * 16,
            since=datetime.date(2020, 1, 1),
        ),
    )
    broken = dict(base)
    for name in data.draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        broken[name] = data.draw(json_values)
    try:
        parsed = parse_person(broken, 0)
    except BrpError as error:
        assert str(error).startswith("BRP-antwoord, persoon 1")
    else:
        assert parsed.bsn == broken["burgerservicenummer"]


@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_any_shape_of_gezag_parses_or_is_refused_with_a_reason(value):
    with contextlib.suppress(BrpError):
        parse_gezag(value, "gezag")


@given(
    n=st.integers(min_value=0, max_value=10_000),
    born=st.dates(datetime.date(1900, 1, 1), datetime.date(2026, 12, 1)),
)
def test_a_well_formed_person_keeps_its_bsn_and_birth_date(n, born):
    parsed = parse_person(person(n, "X", "Y", born, None), 0)

    assert (parsed.bsn, parsed.birth_date, parsed.address) == (valid_bsn(n), born, None)
