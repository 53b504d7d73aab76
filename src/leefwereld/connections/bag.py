"""`bag_import`: addresses from a BAG extract, with their nummeraanduiding and CBS area.

The extract format (docs/going-live.md §BAG) is a UTF-8 CSV file with a header line and
these columns, one row per nummeraanduiding (as the BAG's "adressen" extract of the
Kadaster or a municipality's own BAG gives them, flattened):

    nummeraanduiding_id      16 digits (BAG identificatie of the nummeraanduiding)
    adresseerbaar_object_id  16 digits (the verblijfsobject, standplaats or ligplaats)
    openbare_ruimte          the street name
    huisnummer               1–99999
    huisletter               one letter or empty
    huisnummertoevoeging     up to 4 characters or empty
    postcode                 1234AB
    woonplaats               the woonplaats name
    buurtcode                the CBS buurtcode, BU + 8 digits (e.g. BU05990101)

The wijk follows from the buurtcode (its first six digits after BU: WK059901), and must
exist as a `Neighbourhood` (the CBS Kerncijfers wijken en buurten, loaded with the
municipality). Every row is checked first; one bad row refuses the whole file with a
message per bad line, and nothing is written. Importing the same file again changes
nothing; a changed street name or area of a known nummeraanduiding is updated.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from leefwereld.core.csvfiles import UnreadableRows, read_rows
from leefwereld.core.models import Address, Neighbourhood

from .models import AddressIdentity

COLUMNS = [
    "nummeraanduiding_id",
    "adresseerbaar_object_id",
    "openbare_ruimte",
    "huisnummer",
    "huisletter",
    "huisnummertoevoeging",
    "postcode",
    "woonplaats",
    "buurtcode",
]
MAX_ROWS = 2_000_000
ID = re.compile(r"^[0-9]{16}$")
POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
BUURT = re.compile(r"^BU[0-9]{8}$")


class BagImportError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class BagReport:
    created: int = 0
    updated: int = 0
    linked: int = 0  # existing addresses (e.g. typed in before) that got their BAG identity
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    line: int
    nummeraanduiding: str
    adresseerbaar_object: str
    street: str
    house_number: int
    house_letter: str
    addition: str
    postcode: str
    city: str
    buurt: str

    @property
    def wijk(self) -> str:
        return "WK" + self.buurt[2:8]


def _check(line: int, raw: dict[str, str]) -> tuple[Row | None, list[str]]:
    v = {k: (raw.get(k) or "").strip() for k in COLUMNS}
    problems = []

    def bad(column: str, why: str) -> None:
        problems.append(f"Regel {line}, {column}: {why}")

    if not ID.match(v["nummeraanduiding_id"]):
        bad(
            "nummeraanduiding_id",
            f"'{v['nummeraanduiding_id']}' is geen BAG-identificatie van 16 cijfers.",
        )
    if v["adresseerbaar_object_id"] and not ID.match(v["adresseerbaar_object_id"]):
        bad("adresseerbaar_object_id", "geen BAG-identificatie van 16 cijfers.")
    if not v["openbare_ruimte"]:
        bad("openbare_ruimte", "de straatnaam ontbreekt.")
    number = int(v["huisnummer"]) if v["huisnummer"].isascii() and v["huisnummer"].isdigit() else 0
    if not 1 <= number <= 99999:
        bad("huisnummer", f"'{v['huisnummer']}' is geen huisnummer van 1 tot en met 99999.")
    if len(v["huisletter"]) > 1 or (v["huisletter"] and not v["huisletter"].isalpha()):
        bad("huisletter", "hoogstens één letter.")
    if len(v["huisnummertoevoeging"]) > 4:
        bad("huisnummertoevoeging", "hoogstens 4 tekens.")
    postcode = v["postcode"].replace(" ", "").upper()
    if not POSTCODE.match(postcode):
        bad("postcode", f"'{v['postcode']}' is geen postcode als 1234AB.")
    if not v["woonplaats"]:
        bad("woonplaats", "de woonplaats ontbreekt.")
    if not BUURT.match(v["buurtcode"]):
        bad("buurtcode", f"'{v['buurtcode']}' is geen CBS-buurtcode als BU05990101.")
    if problems:
        return None, problems
    return (
        Row(
            line,
            v["nummeraanduiding_id"],
            v["adresseerbaar_object_id"],
            v["openbare_ruimte"][:100],
            number,
            v["huisletter"].upper(),
            v["huisnummertoevoeging"],
            postcode,
            v["woonplaats"][:80],
            v["buurtcode"],
        ),
        [],
    )


def read(text: str) -> list[Row]:
    """Every row checked; BagImportError lists every bad line (nothing is written)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise BagImportError([f"Regel 1: kolom(men) ontbreken: {', '.join(missing)}."])
    try:
        raw_rows = read_rows(
            reader, max_rows=MAX_ROWS, too_many="Regel %(line)s: meer dan %(max)s regels."
        )
    except UnreadableRows as error:
        raise BagImportError([str(error)]) from None
    rows: list[Row] = []
    problems: list[str] = []
    seen: dict[object, int] = {}
    for line, raw in raw_rows:
        row, row_problems = _check(line, raw)
        problems += row_problems
        if row is None:
            continue
        key = (row.postcode, row.house_number, row.house_letter, row.addition)
        for other, what in ((row.nummeraanduiding, "nummeraanduiding_id"), (key, "adres")):
            if other in seen:
                problems.append(f"Regel {line}: {what} staat ook op regel {seen[other]}.")
            seen[other] = line
        rows.append(row)
    wijken = set(
        Neighbourhood.objects.filter(cbs_code__in={r.wijk for r in rows}).values_list(
            "cbs_code", flat=True
        )
    )
    for row in rows:
        if row.wijk not in wijken:
            problems.append(
                f"Regel {row.line}, buurtcode: wijk {row.wijk} bestaat niet in Leefwereld."
            )
    if problems:
        raise BagImportError(problems)
    return rows


def import_rows(rows: list[Row]) -> BagReport:
    """Create or update the addresses and their BAG identities, in one transaction."""
    report = BagReport()
    wijken = dict(
        Neighbourhood.objects.filter(cbs_code__in={r.wijk for r in rows}).values_list(
            "cbs_code", "pk"
        )
    )
    with transaction.atomic():
        identities = {
            i.nummeraanduiding: i
            for i in AddressIdentity.objects.select_related("address").filter(
                nummeraanduiding__in=[r.nummeraanduiding for r in rows]
            )
        }
        for row in rows:
            values = {
                "street": row.street,
                "house_number": row.house_number,
                "house_letter": row.house_letter,
                "addition": row.addition,
                "postcode": row.postcode,
                "city": row.city,
                "neighbourhood_id": wijken[row.wijk],
            }
            identity = identities.get(row.nummeraanduiding)
            if identity is None:
                address = Address.objects.filter(
                    postcode=row.postcode,
                    house_number=row.house_number,
                    house_letter=row.house_letter,
                    addition=row.addition,
                ).first()
                if address is None:
                    address = Address.objects.create(**values)
                    report.created += 1
                else:
                    Address.objects.filter(pk=address.pk).update(**values)
                    report.linked += 1
                AddressIdentity.objects.create(
                    address=address,
                    nummeraanduiding=row.nummeraanduiding,
                    adresseerbaar_object=row.adresseerbaar_object,
                    buurt_code=row.buurt,
                )
                continue
            address = identity.address
            if any(getattr(address, k) != v for k, v in values.items()) or (
                identity.adresseerbaar_object,
                identity.buurt_code,
            ) != (row.adresseerbaar_object, row.buurt):
                Address.objects.filter(pk=address.pk).update(**values)
                AddressIdentity.objects.filter(pk=identity.pk).update(
                    adresseerbaar_object=row.adresseerbaar_object, buurt_code=row.buurt
                )
                report.updated += 1
            else:
                report.unchanged += 1
    return report
