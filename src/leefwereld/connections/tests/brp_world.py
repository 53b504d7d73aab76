"""Test persons in the shape of Haal Centraal BRP Personen Bevragen v2 (our own invented
people with valid BSNs: the specification's test persons live in the RvIG test
environment, not in a file we may ship)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leefwereld.core.tests.factories import valid_bsn


def date(value: datetime.date | str) -> dict[str, str]:
    text = value.isoformat() if isinstance(value, datetime.date) else value
    return {"type": "Datum", "datum": text, "langFormaat": text}


def address(
    street: str,
    number: int,
    postcode: str,
    *,
    object_id: str,
    number_id: str,
    since: datetime.date,
    city: str = "Teststad",
    letter: str = "",
) -> dict[str, Any]:
    inner: dict[str, Any] = {
        "officieleStraatnaam": street,
        "korteStraatnaam": street,
        "huisnummer": number,
        "postcode": postcode,
        "woonplaats": city,
    }
    if letter:
        inner["huisletter"] = letter
    return {
        "type": "Adres",
        "verblijfadres": inner,
        "adresseerbaarObjectIdentificatie": object_id,
        "nummeraanduidingIdentificatie": number_id,
        "datumVan": date(since),
    }


def person(
    n: int,
    given: str,
    surname: str,
    born: datetime.date,
    where: dict[str, Any] | None,
    *,
    prefix: str = "",
    secret: bool = False,
    died: datetime.date | None = None,
    gezag: list[dict] | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "burgerservicenummer": valid_bsn(n),
        "naam": {"voornamen": given, "geslachtsnaam": surname},
        "geboorte": {"datum": date(born)},
    }
    if prefix:
        data["naam"]["voorvoegsel"] = prefix
    if where is not None:
        data["verblijfplaats"] = where
    if secret:
        data["geheimhoudingPersoonsgegevens"] = True
    if died is not None:
        data["overlijden"] = {"datum": date(died)}
        data["opschortingBijhouding"] = {
            "reden": {"code": "O", "omschrijving": "overlijden"},
            "datum": date(died),
        }
    if gezag is not None:
        data["gezag"] = gezag
    return data


@dataclass
class BrpServer:
    url: str
    api_key: str
    data_file: Path

    def publish(self, persons: list[dict[str, Any]]) -> None:
        """What the BRP says from now on (the server reads the file on every request)."""
        self.data_file.write_text(json.dumps({"personen": persons}), encoding="utf-8")
