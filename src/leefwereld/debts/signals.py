"""Early signals (vroegsignalering): parse, validate, import all-or-nothing, match, group.

Fields follow the DDAS `Vroegsignaal` and `Client` objects (VNG-Realisatie,
ddas-vroegsignalering): bedrag, ontstaansdatum, signaaldatum, crisissignaal, and the
client's BSN (where known), voorletters, voorvoegsel, achternaam, geboortedatum,
postcode, huisnummer, huisnummertoevoeging. The partner's own `kenmerk` is the natural
key: with the partner it identifies a signal, so importing a file (or an overlapping
file) twice creates nothing twice.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from leefwereld.core import csvfiles
from leefwereld.core.actor import Actor
from leefwereld.core.bsn import is_valid_bsn
from leefwereld.core.models import Resident
from leefwereld.core.numbers import MAX_CENTS, NumberError, parse_cents, parse_int

from .authorisation import OFFICER, require
from .models import Creditor, OutreachCase, Signal, SignalImport

COLUMNS = [
    "kenmerk",
    "bedrag",
    "ontstaansdatum",
    "signaaldatum",
    "crisissignaal",
    "bsn",
    "voorletters",
    "voorvoegsel",
    "achternaam",
    "geboortedatum",
    "postcode",
    "huisnummer",
    "huisnummertoevoeging",
]
REQUIRED = ["kenmerk", "bedrag", "ontstaansdatum", "signaaldatum", "crisissignaal"]
YES = {"ja", "j", "true", "1", "yes"}
NO = {"nee", "n", "false", "0", "no", ""}
POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
# Bounds: a partner's monthly file of a large city is well below them.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
REFERENCE_LENGTH = 60  # Signal.reference


@dataclass
class SignalImportError(Exception):
    """Every problem in a file, each naming its line and field; nothing was written."""

    problems: list[str]

    def __str__(self) -> str:
        return "\n".join(self.problems)


@dataclass(frozen=True)
class ImportResult:
    created: int
    skipped: int
    matched: int
    review: int
    already_imported: bool = False


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SignalImportError(
            [
                _(
                    "Regel %(line)s: het bestand is geen UTF-8. Sla het op als "
                    "'CSV UTF-8' en probeer het opnieuw."
                )
                % {"line": line}
            ]
        ) from None


def read_csv(raw: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs; raises on encoding or missing columns."""
    if len(raw) > MAX_FILE_BYTES:
        raise SignalImportError(
            [
                _("Het bestand is groter dan %(mb)s MB; splits het in kleinere bestanden.")
                % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
            ]
        )
    text = decode(raw)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [c.strip().lower() for c in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise SignalImportError(
            [_("Regel 1: deze kolommen ontbreken: %(columns)s") % {"columns": ", ".join(missing)}]
        )
    reader.fieldnames = header
    try:
        read = csvfiles.read_rows(
            reader,
            max_rows=MAX_ROWS,
            too_many=_("Regel %(line)s: het bestand heeft meer dan %(max)s signalen."),
        )
    except csvfiles.UnreadableRows as error:
        raise SignalImportError([str(error)]) from None
    rows = [
        (line, {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)})
        for line, row in read
    ]
    if not rows:
        raise SignalImportError([_("Het bestand bevat geen signalen.")])
    return rows


def _date(value: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _cents(value: str) -> int:
    """An amount as partners write it (123,45 or 123.45 or 1.234,56), bounded, in cents."""
    return parse_cents(value, "bedrag", minimum=1, maximum=MAX_CENTS)


def validate_rows(rows: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Clean every row; collect all problems (line and field) before raising."""
    problems: list[str] = []
    clean: list[dict[str, Any]] = []
    seen: dict[str, int] = {}

    def problem(line: int, field: str, message: str) -> None:
        problems.append(
            _("Regel %(line)s, veld %(field)s: %(message)s")
            % {"line": line, "field": field, "message": message}
        )

    for line, row in rows:
        row = {k: ("" if v is None else str(v).strip()) for k, v in row.items()}
        ok = True
        for field in REQUIRED:
            if not row.get(field):
                problem(line, field, _("dit veld is verplicht."))
                ok = False
        if not ok:
            continue
        if len(row["kenmerk"]) > REFERENCE_LENGTH:
            # Cut off, two kenmerken could become one and a genuine signal be skipped.
            problem(
                line,
                "kenmerk",
                _("een kenmerk heeft hoogstens %(n)s tekens.") % {"n": REFERENCE_LENGTH},
            )
            continue
        data: dict[str, Any] = {"line": line, "reference": row["kenmerk"]}
        if row["kenmerk"] in seen:
            problems.append(
                _("Regel %(line)s: kenmerk %(ref)s staat ook al op regel %(first)s.")
                % {"line": line, "ref": row["kenmerk"], "first": seen[row["kenmerk"]]}
            )
            continue
        seen[row["kenmerk"]] = line
        try:
            data["amount_cents"] = _cents(row["bedrag"])
        except NumberError:
            problem(
                line,
                "bedrag",
                _("'%(v)s' is geen bedrag van € 0,01 tot € 1.000.000.000, bijvoorbeeld 123,45.")
                % {"v": row["bedrag"][:40]},
            )
            ok = False
        for field, key in (
            ("ontstaansdatum", "origin_date"),
            ("signaaldatum", "signal_date"),
            ("geboortedatum", "birth_date"),
        ):
            if not row.get(field):
                data[key] = None
                continue
            try:
                data[key] = _date(row[field])
            except ValueError:
                problem(
                    line,
                    field,
                    _("'%(v)s' is geen datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2025-03-31.")
                    % {"v": row[field]},
                )
                ok = False
        if ok and data["origin_date"] > data["signal_date"]:
            problem(line, "ontstaansdatum", _("ligt na de signaaldatum."))
            ok = False
        crisis = row["crisissignaal"].lower()
        if crisis not in YES | NO:
            problem(line, "crisissignaal", _("vul 'ja' of 'nee' in."))
            ok = False
        data["crisis"] = crisis in YES
        bsn = row.get("bsn", "").replace(" ", "")
        # ASCII digits first: is_valid_bsn's isdigit() says yes to '²²²²²²²²²'.
        if bsn and not (re.fullmatch(r"[0-9]{1,9}", bsn) and is_valid_bsn(bsn.zfill(9))):
            problem(line, "bsn", _("'%(v)s' is geen geldig BSN.") % {"v": bsn[:20]})
            ok = False
        data["bsn"] = bsn.zfill(9) if bsn else ""
        postcode = row.get("postcode", "").replace(" ", "").upper()
        if postcode and not POSTCODE.match(postcode):
            problem(
                line,
                "postcode",
                _("'%(v)s' is geen postcode, bijvoorbeeld 3011AB.") % {"v": postcode},
            )
            ok = False
        number = row.get("huisnummer", "")
        house_number = None
        if number:
            try:
                house_number = parse_int(number, "huisnummer", minimum=1, maximum=99999)
            except NumberError:
                problem(line, "huisnummer", _("vul een huisnummer van 1 tot en met 99999 in."))
                ok = False
        if not bsn and not (
            row.get("achternaam") and row.get("geboortedatum") and postcode and number
        ):
            problem(
                line,
                "bsn",
                _("zonder BSN zijn achternaam, geboortedatum, postcode en huisnummer verplicht."),
            )
            ok = False
        if not ok:
            continue
        data.update(
            initials=row.get("voorletters", "")[:20],
            surname_prefix=row.get("voorvoegsel", "")[:20],
            surname=row.get("achternaam", "")[:120],
            postcode=postcode,
            house_number=house_number,
            house_addition=row.get("huisnummertoevoeging", "")[:8],
        )
        clean.append(data)
    if problems:
        raise SignalImportError(problems)
    return clean


def file_hash(partner: Creditor, raw: bytes) -> str:
    return hashlib.sha256(f"{partner.pk}:".encode() + raw).hexdigest()


def json_hash(partner: Creditor, rows: list[dict[str, Any]]) -> str:
    return file_hash(partner, json.dumps(rows, sort_keys=True, default=str).encode())


def _norm(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def match_signals(data: list[dict[str, Any]]) -> None:
    """Set `match`, `resident` and `candidate` on each cleaned row, set-based.

    1. BSN exactly (one query for all BSNs).
    2. Otherwise surname + birth date + the current address (postcode, house number):
       all three equal → matched; surname and birth date equal but another address, or
       birth date and address equal but another surname → review queue.
    """
    by_bsn = {
        r.bsn: r
        for r in Resident.objects.filter(
            bsn__in=[d["bsn"] for d in data if d["bsn"]]
        ).select_related("household__address")
    }
    rest = [d for d in data if not (d["bsn"] and d["bsn"] in by_bsn)]
    births = {d["birth_date"] for d in rest if d["birth_date"]}
    candidates: list[Resident] = []
    if births:
        candidates = list(
            Resident.objects.filter(birth_date__in=births, household__isnull=False)
            .filter(
                Q(surname__in={d["surname"] for d in rest if d["surname"]})
                | Q(household__address__postcode__in={d["postcode"] for d in rest if d["postcode"]})
            )
            .select_related("household__address")
        )
    for d in data:
        d["resident"] = d["candidate"] = None
        if d["bsn"] and d["bsn"] in by_bsn:
            d["match"], d["resident"] = Signal.Match.BSN, by_bsn[d["bsn"]]
            continue
        d["match"] = Signal.Match.NONE
        for r in candidates:
            if r.birth_date != d["birth_date"]:
                continue
            same_name = _norm(r.surname) == _norm(d["surname"]) and _norm(
                r.surname_prefix
            ) == _norm(d["surname_prefix"])
            address = r.household.address if r.household else None
            same_address = address is not None and (
                address.postcode == d["postcode"] and address.house_number == d["house_number"]
            )
            if same_name and same_address:
                d["match"], d["resident"], d["candidate"] = Signal.Match.NAME_ADDRESS, r, None
                break
            if same_name or same_address:
                d["match"], d["candidate"] = Signal.Match.REVIEW, r
        if d["match"] == Signal.Match.NONE and not d["bsn"]:
            # Not found at all: an officer looks at it (moved, typo, not registered here).
            d["match"] = Signal.Match.REVIEW


def attach_to_outreach(signals: list[Signal], today: datetime.date) -> None:
    """Group matched signals per household into one open outreach case (DDAS zaak)."""
    households = {s.resident.household_id for s in signals if s.resident is not None}
    open_cases = {
        o.household_id: o
        for o in OutreachCase.objects.filter(
            household_id__in=households,
            status__in=[OutreachCase.Status.OPEN, OutreachCase.Status.REACHED],
        )
    }
    for signal in signals:
        resident = signal.resident
        if resident is None or not resident.household_id:
            continue
        household_id = resident.household_id
        outreach = open_cases.get(household_id)
        if outreach is None:
            outreach = OutreachCase.objects.create(household_id=household_id, opened_on=today)
            open_cases[household_id] = outreach
        signal.outreach = outreach
        clear_identity(signal)
        signal.save()


def clear_identity(signal: Signal) -> None:
    """Once we know who it is, the partner's copy of the identity is no longer needed."""
    signal.bsn = signal.initials = signal.surname_prefix = signal.surname = ""
    signal.postcode = signal.house_addition = ""
    signal.birth_date = None
    signal.house_number = None


@transaction.atomic
def import_signals(
    actor: Actor,
    rows: list[tuple[int, dict[str, Any]]],
    partner: Creditor,
    digest: str,
    today: datetime.date,
) -> ImportResult:
    """Validate every row, then write all signals or none.

    The same file again is recognised by its hash and changes nothing; a signal whose
    kenmerk the partner sent before is skipped.
    """
    if SignalImport.objects.filter(file_hash=digest).exists():
        return ImportResult(0, len(rows), 0, 0, already_imported=True)
    data = validate_rows(rows)
    known = set(
        Signal.objects.filter(
            partner=partner, reference__in=[d["reference"] for d in data]
        ).values_list("reference", flat=True)
    )
    new = [d for d in data if d["reference"] not in known]
    match_signals(new)
    batch = SignalImport.objects.create(
        partner=partner, file_hash=digest, imported_by=actor.user, signal_count=len(new)
    )
    signals = []
    for d in new:
        signal = Signal(
            batch=batch,
            partner=partner,
            reference=d["reference"],
            amount_cents=d["amount_cents"],
            origin_date=d["origin_date"],
            signal_date=d["signal_date"],
            crisis=d["crisis"],
            bsn=d["bsn"],
            initials=d["initials"],
            surname_prefix=d["surname_prefix"],
            surname=d["surname"],
            birth_date=d["birth_date"],
            postcode=d["postcode"],
            house_number=d["house_number"],
            house_addition=d["house_addition"],
            match=d["match"],
            resident=d["resident"],
            candidate=d["candidate"],
        )
        signal.save()
        signals.append(signal)
    attach_to_outreach(signals, today)
    matched = sum(1 for s in signals if s.resident_id)
    return ImportResult(len(signals), len(known), matched, len(signals) - matched)


@transaction.atomic
def review_signal(
    actor: Actor, signal: Signal, resident: Resident | None, today: datetime.date
) -> Signal:
    """An officer confirms the candidate (or another resident), or says: nobody here."""
    require(actor, OFFICER)
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.match != Signal.Match.REVIEW:
        return signal
    signal.candidate = None
    if resident is None:
        signal.match = Signal.Match.NONE
        clear_identity(signal)
        signal.save()
        return signal
    signal.match = Signal.Match.REVIEWED
    signal.resident = resident
    signal.save()
    attach_to_outreach([signal], today)
    return signal
