"""A client for Haal Centraal BRP Personen Bevragen (version 2), and what it answers.

The API (BRP-API/Haal-Centraal-BRP-bevragen, OpenAPI 3) takes every question as a POST to
`/personen` with a `type` naming the operation; BSNs travel in the body, never in the URL.
We use three operations:

* `RaadpleegMetBurgerservicenummer`: up to 20 people by BSN (`persons`);
* `ZoekMetAdresseerbaarObjectIdentificatie`: the people registered at one address
  (`people_at_address`), which is how births and people moving in are found;
* the same `Raadpleeg` with the field `gezag`: who has authority over a minor (`gezag`).

Everything the API answers is checked here before anything is written: a missing BSN, a
date that is not a date, an answer that is not the shape of the specification raises
`BrpError` with a Dutch message that says which person and which field.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests
from django.conf import settings

from leefwereld.core.bsn import is_valid_bsn

from . import outgoing

# The specification allows at most 20 BSNs per Raadpleeg request.
MAX_BSNS_PER_REQUEST = 20

PERSON_FIELDS = [
    "burgerservicenummer",
    "naam",
    "geboorte",
    "overlijden",
    "verblijfplaats",
    "geheimhoudingPersoonsgegevens",
    "opschortingBijhouding",
]


class BrpError(Exception):
    """The BRP could not be asked or answered something we cannot use; nothing is written."""


@dataclass(frozen=True)
class BrpAddress:
    street: str
    house_number: int
    house_letter: str
    addition: str
    postcode: str
    city: str
    nummeraanduiding: str
    adresseerbaar_object: str
    since: datetime.date | None

    @property
    def key(self) -> str:
        """One address: the BAG's identification where the BRP gives it."""
        return (
            self.adresseerbaar_object
            or self.nummeraanduiding
            or (f"{self.postcode}{self.house_number}{self.house_letter}{self.addition}")
        )


@dataclass(frozen=True)
class BrpPerson:
    bsn: str
    given_names: str
    surname_prefix: str
    surname: str
    birth_date: datetime.date
    address: BrpAddress | None
    secret: bool
    deceased_on: datetime.date | None
    fingerprint: str = field(compare=False)


@dataclass(frozen=True)
class Gezag:
    """One authority relation over a minor (gezagsrelatie-v2)."""

    kind: str  # GezamenlijkOuderlijkGezag, EenhoofdigOuderlijkGezag, Voogdij, ...
    minor_bsn: str
    holder_bsns: tuple[str, ...]


def _date(value: Any, where: str, *, required: bool) -> datetime.date | None:
    """A `Datum` of the specification (type Datum with `datum`); partial dates
    (JaarDatum, JaarMaandDatum, DatumOnbekend) are not a full date."""
    if value is None:
        if required:
            raise BrpError(f"{where}: de datum ontbreekt.")
        return None
    if not isinstance(value, dict) or "type" not in value:
        raise BrpError(f"{where}: geen datum volgens de specificatie.")
    if value["type"] != "Datum":
        if required:
            raise BrpError(f"{where}: alleen een onvolledige datum ({value['type']}).")
        return None
    text = value.get("datum", "")
    if not isinstance(text, str):
        raise BrpError(f"{where}: geen datum volgens de specificatie.")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise BrpError(f"{where}: '{value.get('datum')}' is geen geldige datum.") from None


def _object(data: dict, name: str, where: str) -> dict:
    """An optional object of the answer: {} when absent, refused when not an object."""
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BrpError(f"{where}: {name} is geen object.")
    return value


def _text(data: dict, name: str, where: str, *, required: bool = False) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise BrpError(f"{where}: {name} is geen tekst.")
    if required and not value.strip():
        raise BrpError(f"{where}: {name} ontbreekt.")
    return value.strip()


def parse_address(data: Any, where: str) -> BrpAddress | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise BrpError(f"{where}: verblijfplaats is geen object.")
    if data.get("type") != "Adres":
        # VerblijfplaatsBuitenland, VerblijfplaatsOnbekend, Locatie: no address here.
        return None
    inner = data.get("verblijfadres")
    if not isinstance(inner, dict):
        raise BrpError(f"{where}: verblijfadres ontbreekt.")
    where = f"{where} verblijfadres"
    number = inner.get("huisnummer")
    if not isinstance(number, int) or number < 1:
        raise BrpError(f"{where}: huisnummer '{number}' is geen positief geheel getal.")
    postcode = _text(inner, "postcode", where, required=True).replace(" ", "").upper()
    if len(postcode) != 6 or not postcode[:4].isdigit() or not postcode[4:].isalpha():
        raise BrpError(f"{where}: postcode '{postcode}' is geen Nederlandse postcode.")
    return BrpAddress(
        street=_text(inner, "officieleStraatnaam", where)
        or _text(inner, "korteStraatnaam", where, required=True),
        house_number=number,
        house_letter=_text(inner, "huisletter", where)[:1],
        addition=_text(inner, "huisnummertoevoeging", where)[:4],
        postcode=postcode,
        city=_text(inner, "woonplaats", where, required=True),
        nummeraanduiding=_text(data, "nummeraanduidingIdentificatie", where),
        adresseerbaar_object=_text(data, "adresseerbaarObjectIdentificatie", where),
        since=_date(data.get("datumVan"), f"{where} datumVan", required=False),
    )


def parse_person(data: Any, index: int) -> BrpPerson:
    where = f"BRP-antwoord, persoon {index + 1}"
    if not isinstance(data, dict):
        raise BrpError(f"{where}: geen object.")
    bsn = _text(data, "burgerservicenummer", where, required=True)
    if not is_valid_bsn(bsn) or len(bsn) != 9:
        raise BrpError(f"{where}: burgerservicenummer is geen geldig BSN.")
    where = f"{where} (BSN eindigend op {bsn[-3:]})"
    name = data.get("naam")
    if not isinstance(name, dict):
        raise BrpError(f"{where}: naam ontbreekt.")
    birth = data.get("geboorte")
    if not isinstance(birth, dict):
        raise BrpError(f"{where}: geboorte ontbreekt.")
    death = _object(data, "overlijden", where)
    deceased = _date(death.get("datum"), f"{where} overlijden", required=False)
    suspended = _object(data, "opschortingBijhouding", where)
    reason = _object(suspended, "reden", f"{where} opschortingBijhouding")
    if deceased is None and reason.get("code") == "O":
        # Bijhouding opgeschort wegens overlijden (reden O), the date is the suspension's.
        deceased = _date(suspended.get("datum"), f"{where} opschortingBijhouding", required=True)
    secret = data.get("geheimhoudingPersoonsgegevens", False)
    if not isinstance(secret, bool):
        raise BrpError(f"{where}: geheimhoudingPersoonsgegevens is geen ja/nee.")
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return BrpPerson(
        bsn=bsn,
        given_names=_text(name, "voornamen", f"{where} naam", required=True),
        surname_prefix=_text(name, "voorvoegsel", f"{where} naam"),
        surname=_text(name, "geslachtsnaam", f"{where} naam", required=True),
        birth_date=_date(birth.get("datum"), f"{where} geboortedatum", required=True),  # type: ignore[arg-type]
        address=parse_address(data.get("verblijfplaats"), where),
        secret=secret,
        deceased_on=deceased,
        fingerprint=hashlib.sha256(canonical.encode()).hexdigest(),
    )


def parse_gezag(data: Any, where: str) -> list[Gezag]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise BrpError(f"{where}: gezag is geen lijst.")
    relations = []
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise BrpError(f"{where}: gezagsrelatie zonder type.")
        people = [_object(item, "minderjarige", where)]
        for key in ("ouders", "derden"):
            group = item.get(key) or []
            if not isinstance(group, list):
                raise BrpError(f"{where}: {key} is geen lijst.")
            people += group
        people += [_object(item, key, where) for key in ("ouder", "derde")]
        bsns = []
        for one in people:
            if not isinstance(one, dict):
                raise BrpError(f"{where}: een gezagdrager is geen object.")
            bsn = one.get("burgerservicenummer", "")
            if not isinstance(bsn, str):
                raise BrpError(f"{where}: burgerservicenummer is geen tekst.")
            bsns.append(bsn)
        minor, holders = bsns[0], [b for b in bsns[1:] if b]
        relations.append(Gezag(item["type"], minor, tuple(holders)))
    return relations


def _batches(values: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class HaalCentraalClient:
    """Asks the BRP. Configured by BRP_API_URL, BRP_API_KEY (sent as X-API-KEY) and, for
    mutual TLS, BRP_CLIENT_CERT / BRP_CLIENT_KEY (docs/going-live.md)."""

    def __init__(
        self,
        url: str | None = None,
        api_key: str | None = None,
        *,
        timeout: float | None = None,
        cert: tuple[str, str] | None = None,
    ) -> None:
        self.url = (url if url is not None else settings.BRP_API_URL).rstrip("/")
        self.api_key = api_key if api_key is not None else settings.BRP_API_KEY
        self.timeout = timeout if timeout is not None else settings.BRP_API_TIMEOUT
        if cert is None and settings.BRP_CLIENT_CERT:
            cert = (settings.BRP_CLIENT_CERT, settings.BRP_CLIENT_KEY)
        self.cert = cert
        if not self.url:
            raise BrpError("De BRP-koppeling is niet ingesteld: BRP_API_URL ontbreekt.")

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            response = outgoing.send(
                "brp",
                body["type"],
                "POST",
                f"{self.url}/personen",
                json=body,
                headers={"X-API-KEY": self.api_key, "Accept": "application/json"},
                timeout=self.timeout,
                cert=self.cert,
            )
        except requests.RequestException as error:
            raise BrpError(f"De BRP is niet bereikbaar ({type(error).__name__}).") from None
        if response.status_code != 200:
            title = ""
            with contextlib.suppress(ValueError, AttributeError):
                title = str(response.json().get("title", ""))
            raise BrpError(f"De BRP antwoordde {response.status_code}: {title or 'fout'}.")
        try:
            data = response.json()
        except ValueError:
            raise BrpError("Het BRP-antwoord is geen JSON.") from None
        if not isinstance(data, dict) or not isinstance(data.get("personen"), list):
            raise BrpError("Het BRP-antwoord heeft geen lijst 'personen'.")
        return data

    def persons(self, bsns: Iterable[str]) -> list[BrpPerson]:
        """Everyone of `bsns` the BRP knows, in batches of 20, all checked."""
        wanted = sorted(set(bsns))
        found: list[BrpPerson] = []
        for batch in _batches(wanted, MAX_BSNS_PER_REQUEST):
            data = self._post(
                {
                    "type": "RaadpleegMetBurgerservicenummer",
                    "burgerservicenummer": batch,
                    "fields": PERSON_FIELDS,
                }
            )
            found += [parse_person(p, i) for i, p in enumerate(data["personen"])]
        return found

    def people_at_address(self, adresseerbaar_object: str) -> list[str]:
        """The BSNs of the people registered at one adresseerbaar object."""
        data = self._post(
            {
                "type": "ZoekMetAdresseerbaarObjectIdentificatie",
                "adresseerbaarObjectIdentificatie": adresseerbaar_object,
                "fields": ["burgerservicenummer"],
            }
        )
        bsns = []
        for i, person in enumerate(data["personen"]):
            bsn = person.get("burgerservicenummer", "") if isinstance(person, dict) else ""
            if not is_valid_bsn(bsn):
                raise BrpError(f"BRP-antwoord adresvraag, persoon {i + 1}: geen geldig BSN.")
            bsns.append(bsn)
        return bsns

    def gezag(self, bsn: str) -> list[Gezag]:
        """Who has authority over the minor with this BSN (empty: nobody registered)."""
        data = self._post(
            {
                "type": "RaadpleegMetBurgerservicenummer",
                "burgerservicenummer": [bsn],
                "fields": ["burgerservicenummer", "gezag"],
            }
        )
        if not data["personen"]:
            return []
        return parse_gezag(data["personen"][0].get("gezag"), "BRP-antwoord gezag")
