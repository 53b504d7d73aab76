"""Statutory deadlines (termijnen) of the social domain as pure functions.

Every rule is a :class:`Deadline` record in :data:`RULES` with its article,
source, unit (calendar days, working days, weeks, months), whether the
Algemene termijnenwet extension applies, and the date from which the rule is in
force. :func:`compute_deadline` turns a rule and a start date into the last day
of the term; :func:`deadline_status` adds the days left for a dashboard.

Counting convention (Dutch legal practice, e.g. Awb 6:8 for bezwaar): a term
"binnen N weken na" an event starts the day after the event and its last day is
the event date plus N weeks (same weekday). A *duration* that starts on a day
(the moratorium "voor de duur van maximaal zes maanden") includes its first
day, so its last day is the start plus six months minus one day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from leefwereld.rules.calendar import (
    ATW_ART_1,
    add_working_days,
    atw_applies,
    atw_extend,
    working_days_between,
)
from leefwereld.rules.sources import Source


class Unit(StrEnum):
    DAYS = "days"  # kalenderdagen
    WORKING_DAYS = "working_days"  # werkdagen (see calendar.is_working_day)
    WEEKS = "weeks"
    MONTHS = "months"


class Kind(StrEnum):
    TERM = "termijn"  # "binnen N … na <gebeurtenis>": last day = event + N
    DURATION = "duur"  # "voor de duur van N …" from a first day: last day = start + N - 1 day


@dataclass(frozen=True, slots=True)
class Deadline:
    """Metadata of one statutory term."""

    code: str
    name: str  # Dutch, shown to professionals and residents
    article: str  # "Wmo 2015 art. 2.3.2 lid 1"
    sources: tuple[Source, ...]
    amount: int
    unit: Unit
    start_event: str  # what the start date means, in Dutch
    atw: bool  # whether the Algemene termijnenwet extension applies
    valid_from: dt.date
    valid_to: dt.date | None = None
    kind: Kind = Kind.TERM
    extension_amount: int = 0  # maximum verdaging, in the same unit
    extension_article: str = ""
    configurable: bool = False
    valid_from_confirmed: bool = True
    note: str = ""

    @property
    def counts_working_days(self) -> bool:
        return self.unit is Unit.WORKING_DAYS

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class DeadlineResult:
    rule: Deadline
    start: dt.date
    amount: int  # the term length used, incl. any verdaging
    unextended_end: dt.date  # before the Algemene termijnenwet
    end: dt.date  # the last day of the term
    reasons: tuple[str, ...]  # why the end moved (Atw) or was lengthened (verdaging)


@dataclass(frozen=True, slots=True)
class DeadlineStatus:
    """A deadline as a dashboard shows it on a given day."""

    result: DeadlineResult
    today: dt.date
    days_left: int  # calendar days until the end; 0 on the last day, negative once late
    working_days_left: int  # working days after today up to and including the end

    @property
    def deadline(self) -> dt.date:
        return self.result.end

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def due_today(self) -> bool:
        return self.days_left == 0


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day-of-month ``months`` later; the last day of the month when it is shorter."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    next_month_first = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month_first - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def _shift(day: dt.date, amount: int, unit: Unit) -> dt.date:
    if unit is Unit.DAYS:
        return day + dt.timedelta(days=amount)
    if unit is Unit.WEEKS:
        return day + dt.timedelta(weeks=amount)
    if unit is Unit.MONTHS:
        return add_months(day, amount)
    return add_working_days(day, amount)


# --- sources -----------------------------------------------------------------

WMO_2015 = Source(
    "Wet maatschappelijke ondersteuning 2015 (BWBR0035362)",
    "https://wetten.overheid.nl/BWBR0035362",
)
AWB = Source("Algemene wet bestuursrecht (BWBR0005537)", "https://wetten.overheid.nl/BWBR0005537")
AWB_9_11 = Source(
    "Awb art. 9:11 (tekst en toelichting, PG Awb digitaal)",
    "https://pgawb.nl/pg-awb-digitaal/hoofdstuk-9/9-1-klachtbehandeling-door-een-bestuursorgaan/"
    "9-1-2-de-behandeling-van-klaagschriften/artikel-911/",
    kind="secondary",
)
WGS = Source(
    "Wet gemeentelijke schuldhulpverlening (BWBR0031331)",
    "https://wetten.overheid.nl/BWBR0031331",
)
BESLUIT_BREED_MORATORIUM = Source(
    "Besluit breed moratorium, Stb. 2017, 83 (inwerkingtreding Wgs art. 5 per 1 april 2017)",
    "https://zoek.officielebekendmakingen.nl/stb-2017-83.html",
)
FW_287B = Source(
    "Faillissementswet art. 287b lid 5 (BWBR0001860)",
    "https://wetten.overheid.nl/BWBR0001860#Artikel287b",
)


# --- the rules ---------------------------------------------------------------

# Wmo 2015 art. 2.3.2 lid 1, geldend vanaf 2015-01-01
WMO_ONDERZOEK = Deadline(
    code="wmo_onderzoek",
    name="Onderzoek na melding (Wmo)",
    article="Wmo 2015 art. 2.3.2 lid 1",
    sources=(WMO_2015,),
    amount=6,
    unit=Unit.WEEKS,
    start_event="datum van ontvangst van de melding",
    atw=True,
    valid_from=dt.date(2015, 1, 1),
    note="‘zo spoedig mogelijk, doch uiterlijk binnen zes weken’; na die termijn mag de cliënt "
    "een aanvraag doen zonder onderzoek (art. 2.3.2 lid 9).",
)

# Wmo 2015 art. 2.3.2 lid 2, geldend vanaf 2015-01-01
WMO_PERSOONLIJK_PLAN = Deadline(
    code="wmo_persoonlijk_plan",
    name="Persoonlijk plan overhandigen (Wmo)",
    article="Wmo 2015 art. 2.3.2 lid 2",
    sources=(WMO_2015,),
    amount=7,
    unit=Unit.DAYS,
    start_event="datum van de melding",
    atw=True,
    valid_from=dt.date(2015, 1, 1),
    note="De wet telt de zeven dagen vanaf de melding (‘gedurende zeven dagen na de melding’), "
    "niet vanaf de ontvangstbevestiging.",
)

# Wmo 2015 art. 2.3.5 lid 2, geldend vanaf 2015-01-01
WMO_BESCHIKKING = Deadline(
    code="wmo_beschikking",
    name="Beschikking op aanvraag maatwerkvoorziening (Wmo)",
    article="Wmo 2015 art. 2.3.5 lid 2",
    sources=(WMO_2015,),
    amount=2,
    unit=Unit.WEEKS,
    start_event="datum van ontvangst van de aanvraag",
    atw=True,
    valid_from=dt.date(2015, 1, 1),
)

# Awb art. 6:7 en 6:8 lid 1, geldend vanaf 1994-01-01
AWB_BEZWAARTERMIJN = Deadline(
    code="awb_bezwaartermijn",
    name="Bezwaartermijn",
    article="Awb art. 6:7 en 6:8 lid 1",
    sources=(AWB, ATW_ART_1),
    amount=6,
    unit=Unit.WEEKS,
    start_event="datum waarop het besluit is bekendgemaakt (de termijn begint de dag erna)",
    atw=True,
    valid_from=dt.date(1994, 1, 1),
)

# Awb art. 7:10 lid 1 en 3, geldend vanaf 2009-10-01 (datum onbevestigd)
AWB_BESLISSING_OP_BEZWAAR = Deadline(
    code="awb_beslissing_op_bezwaar",
    name="Beslissing op bezwaar",
    article="Awb art. 7:10 lid 1",
    sources=(AWB,),
    amount=6,
    unit=Unit.WEEKS,
    start_event="laatste dag van de bezwaartermijn (de beslistermijn begint de dag erna)",
    atw=True,
    valid_from=dt.date(2009, 10, 1),
    extension_amount=6,
    extension_article="Awb art. 7:10 lid 3",
    valid_from_confirmed=False,
    note="Of de beslistermijn rekent vanaf de door de Atw verlengde bezwaartermijn is een "
    "interpretatie; zie docs/rules.md.",
)

# Awb art. 7:10 lid 1 (adviescommissie art. 7:13) en lid 3, geldend vanaf 2009-10-01 (onbevestigd)
AWB_BESLISSING_OP_BEZWAAR_COMMISSIE = Deadline(
    code="awb_beslissing_op_bezwaar_commissie",
    name="Beslissing op bezwaar (met adviescommissie)",
    article="Awb art. 7:10 lid 1 (commissie art. 7:13)",
    sources=(AWB,),
    amount=12,
    unit=Unit.WEEKS,
    start_event="laatste dag van de bezwaartermijn (de beslistermijn begint de dag erna)",
    atw=True,
    valid_from=dt.date(2009, 10, 1),
    extension_amount=6,
    extension_article="Awb art. 7:10 lid 3",
    valid_from_confirmed=False,
)

# Awb art. 4:13 lid 2, geldend vanaf 2009-10-01 (datum onbevestigd)
AWB_BESLISTERMIJN = Deadline(
    code="awb_beslistermijn",
    name="Beslistermijn (wettelijk vangnet)",
    article="Awb art. 4:13 lid 2",
    sources=(AWB,),
    amount=8,
    unit=Unit.WEEKS,
    start_event="datum van ontvangst van de aanvraag",
    atw=True,
    valid_from=dt.date(2009, 10, 1),
    configurable=True,
    valid_from_confirmed=False,
    note="Geldt als wet of verordening geen termijn stelt (Jeugdwet; Wgs zonder "
    "verordening beslistermijn). Een termijn uit een gemeentelijke verordening valt niet "
    "onder de Atw (Atw art. 1 en 5 gelden voor wet en AMvB): zie beslistermijn().",
)

# Awb art. 9:11 lid 1 en 2, geldend vanaf 2004-03-31 (volgens PG Awb)
AWB_KLACHTAFHANDELING = Deadline(
    code="awb_klachtafhandeling",
    name="Afhandeling klacht",
    article="Awb art. 9:11 lid 1",
    sources=(AWB, AWB_9_11),
    amount=6,
    unit=Unit.WEEKS,
    start_event="datum van ontvangst van het klaagschrift",
    atw=True,
    valid_from=dt.date(2004, 3, 31),
    extension_amount=4,
    extension_article="Awb art. 9:11 lid 2",
    valid_from_confirmed=False,
)

# Awb art. 9:11 lid 1 (met klachtadviescommissie, afdeling 9.3) en lid 2
AWB_KLACHTAFHANDELING_COMMISSIE = Deadline(
    code="awb_klachtafhandeling_commissie",
    name="Afhandeling klacht (met klachtadviescommissie)",
    article="Awb art. 9:11 lid 1 (afdeling 9.3)",
    sources=(AWB, AWB_9_11),
    amount=10,
    unit=Unit.WEEKS,
    start_event="datum van ontvangst van het klaagschrift",
    atw=True,
    valid_from=dt.date(2004, 3, 31),
    extension_amount=4,
    extension_article="Awb art. 9:11 lid 2",
    valid_from_confirmed=False,
)

# Wgs art. 4 lid 1, geldend vanaf 2012-07-01
WGS_EERSTE_GESPREK = Deadline(
    code="wgs_eerste_gesprek",
    name="Eerste gesprek schuldhulpverlening",
    article="Wgs art. 4 lid 1",
    sources=(WGS,),
    amount=4,
    unit=Unit.WEEKS,
    start_event="datum waarop de persoon zich tot het college wendt",
    atw=True,
    valid_from=dt.date(2012, 7, 1),
)

# Wgs art. 4 lid 2, geldend vanaf 2012-07-01
WGS_EERSTE_GESPREK_BEDREIGEND = Deadline(
    code="wgs_eerste_gesprek_bedreigend",
    name="Eerste gesprek bij bedreigende situatie",
    article="Wgs art. 4 lid 2",
    sources=(WGS,),
    amount=3,
    unit=Unit.WORKING_DAYS,
    start_event="datum waarop de persoon zich tot het college wendt",
    atw=True,
    valid_from=dt.date(2012, 7, 1),
    note="Bedreigende situatie: gedwongen woningontruiming, beëindiging van de levering van "
    "gas, elektriciteit, stadsverwarming of water, of opzegging/ontbinding van de "
    "zorgverzekering. ‘Werkdag’ is niet gedefinieerd in de Wgs; wij tellen zoals de Atw "
    "(geen zaterdag, zondag, feestdag of gelijkgestelde dag).",
)

# Wgs art. 5 lid 1, in werking vanaf 2017-04-01 (Besluit breed moratorium)
WGS_MORATORIUM = Deadline(
    code="wgs_moratorium",
    name="Afkoelingsperiode (breed moratorium), maximale duur",
    article="Wgs art. 5 lid 1",
    sources=(WGS, BESLUIT_BREED_MORATORIUM),
    amount=6,
    unit=Unit.MONTHS,
    start_event="eerste dag van de afkoelingsperiode (uitspraak rechtbank)",
    atw=False,
    valid_from=dt.date(2017, 4, 1),
    kind=Kind.DURATION,
    note="Een maximale duur, geen termijn voor een handeling; de Atw geldt niet voor termijnen "
    "van meer dan drie maanden (Atw art. 4 onderdeel a).",
)

# Fw art. 287b lid 5 (moratorium bij bedreigende situatie); ingangsdatum niet bevestigd
FW_MORATORIUM = Deadline(
    code="fw_moratorium",
    name="Moratorium (voorlopige voorziening), maximale duur",
    article="Fw art. 287b lid 5",
    sources=(FW_287B,),
    amount=6,
    unit=Unit.MONTHS,
    start_event="dag waarop de voorlopige voorziening is uitgesproken",
    atw=False,
    valid_from=dt.date(2008, 1, 1),
    kind=Kind.DURATION,
    valid_from_confirmed=False,
)

RULES: dict[str, Deadline] = {
    rule.code: rule
    for rule in (
        WMO_ONDERZOEK,
        WMO_PERSOONLIJK_PLAN,
        WMO_BESCHIKKING,
        AWB_BEZWAARTERMIJN,
        AWB_BESLISSING_OP_BEZWAAR,
        AWB_BESLISSING_OP_BEZWAAR_COMMISSIE,
        AWB_BESLISTERMIJN,
        AWB_KLACHTAFHANDELING,
        AWB_KLACHTAFHANDELING_COMMISSIE,
        WGS_EERSTE_GESPREK,
        WGS_EERSTE_GESPREK_BEDREIGEND,
        WGS_MORATORIUM,
        FW_MORATORIUM,
    )
}


class RuleNotInForce(ValueError):
    """The start date lies before the rule entered into force (or after it lapsed)."""


def get_rule(rule: Deadline | str) -> Deadline:
    if isinstance(rule, Deadline):
        return rule
    try:
        return RULES[rule]
    except KeyError:
        raise KeyError(f"onbekende termijnregel: {rule!r}") from None


def compute_deadline(
    rule: Deadline | str,
    start: dt.date,
    *,
    extended: bool = False,
    amount: int | None = None,
    apply_atw: bool | None = None,
) -> DeadlineResult:
    """The last day of the term ``rule`` that starts with the event on ``start``.

    ``extended`` adds the rule's maximum verdaging (e.g. Awb 7:10 lid 3).
    ``amount`` overrides the length for configurable rules (a verordening's
    beslistermijn). ``apply_atw`` overrides whether the Algemene termijnenwet is
    applied; by default it follows the rule and Atw art. 4.
    """
    rule = get_rule(rule)
    if not rule.in_force_on(start):
        raise RuleNotInForce(
            f"{rule.article} is niet van toepassing op {start.isoformat()} "
            f"(geldend vanaf {rule.valid_from.isoformat()})"
        )
    if amount is not None and not rule.configurable:
        raise ValueError(f"{rule.article}: de termijn is wettelijk vast en niet instelbaar")
    length = rule.amount if amount is None else amount
    if length <= 0:
        raise ValueError("amount: een termijn moet minstens 1 lang zijn")
    reasons: list[str] = []

    if rule.kind is Kind.DURATION:
        raw_end = _shift(start, length, rule.unit) - dt.timedelta(days=1)
    else:
        raw_end = _shift(start, length, rule.unit)
    total = length
    if extended:
        if not rule.extension_amount:
            raise ValueError(f"{rule.article} kent geen verdaging")
        raw_end = _shift(raw_end, rule.extension_amount, rule.unit)
        total += rule.extension_amount
        reasons.append(
            f"{rule.extension_article}: verdaagd met {rule.extension_amount} "
            f"{_unit_nl(rule.unit, rule.extension_amount)}"
        )

    use_atw = rule.atw if apply_atw is None else apply_atw
    if use_atw and rule.kind is Kind.TERM:
        parts_within_atw = atw_applies(rule.unit.value, length) and (
            not extended or atw_applies(rule.unit.value, rule.extension_amount)
        )
        if parts_within_atw:
            atw = atw_extend(start, raw_end)
            return DeadlineResult(rule, start, total, raw_end, atw.end, (*reasons, *atw.reasons))
    return DeadlineResult(rule, start, total, raw_end, raw_end, tuple(reasons))


def deadline_status(
    rule: Deadline | str,
    start: dt.date,
    today: dt.date,
    *,
    extended: bool = False,
    amount: int | None = None,
    apply_atw: bool | None = None,
) -> DeadlineStatus:
    """The deadline of ``rule`` for an event on ``start`` and how much time is left on ``today``."""
    result = compute_deadline(rule, start, extended=extended, amount=amount, apply_atw=apply_atw)
    return DeadlineStatus(
        result=result,
        today=today,
        days_left=(result.end - today).days,
        working_days_left=working_days_between(today, result.end),
    )


def _unit_nl(unit: Unit, amount: int) -> str:
    singular = {
        Unit.DAYS: "dag",
        Unit.WORKING_DAYS: "werkdag",
        Unit.WEEKS: "week",
        Unit.MONTHS: "maand",
    }
    plural = {
        Unit.DAYS: "dagen",
        Unit.WORKING_DAYS: "werkdagen",
        Unit.WEEKS: "weken",
        Unit.MONTHS: "maanden",
    }
    return singular[unit] if amount == 1 else plural[unit]


# --- named helpers for the apps ------------------------------------------------


def wmo_onderzoek_deadline(melding_ontvangen: dt.date) -> dt.date:
    """Wmo 2015 art. 2.3.2 lid 1: last day for the onderzoek after a melding."""
    return compute_deadline(WMO_ONDERZOEK, melding_ontvangen).end


def wmo_persoonlijk_plan_deadline(melding: dt.date) -> dt.date:
    """Wmo 2015 art. 2.3.2 lid 2: last day to hand in a persoonlijk plan."""
    return compute_deadline(WMO_PERSOONLIJK_PLAN, melding).end


def wmo_beschikking_deadline(aanvraag_ontvangen: dt.date) -> dt.date:
    """Wmo 2015 art. 2.3.5 lid 2: last day for the beschikking on an aanvraag."""
    return compute_deadline(WMO_BESCHIKKING, aanvraag_ontvangen).end


def bezwaartermijn_einde(bekendmaking: dt.date) -> dt.date:
    """Awb 6:7/6:8 with Atw art. 1: last day on which bezwaar can be made."""
    return compute_deadline(AWB_BEZWAARTERMIJN, bekendmaking).end


def beslissing_op_bezwaar_deadline(
    bekendmaking: dt.date, *, commissie: bool = False, verdaagd: bool = False
) -> dt.date:
    """Awb 7:10: last day for the decision on bezwaar, counted from the end of the
    (Atw-extended) bezwaartermijn; 6 weeks, 12 with an adviescommissie, +6 if verdaagd."""
    rule = AWB_BESLISSING_OP_BEZWAAR_COMMISSIE if commissie else AWB_BESLISSING_OP_BEZWAAR
    return compute_deadline(rule, bezwaartermijn_einde(bekendmaking), extended=verdaagd).end


def beslistermijn(
    aanvraag_ontvangen: dt.date, *, weeks: int | None = None, verordening: bool = False
) -> dt.date:
    """Awb 4:13 lid 2 (8 weeks) unless a verordening sets ``weeks``.

    A term from a municipal verordening is not a "in een wet gestelde termijn",
    so the Atw extension is not applied when ``verordening`` is true.
    """
    if verordening and weeks is None:
        raise ValueError("weeks: geef de beslistermijn uit de verordening op")
    return compute_deadline(
        AWB_BESLISTERMIJN,
        aanvraag_ontvangen,
        amount=weeks,
        apply_atw=False if verordening else None,
    ).end


def klacht_deadline(
    ontvangen: dt.date, *, commissie: bool = False, verdaagd: bool = False
) -> dt.date:
    """Awb 9:11: 6 weeks (10 with a klachtadviescommissie), +4 if verdaagd."""
    rule = AWB_KLACHTAFHANDELING_COMMISSIE if commissie else AWB_KLACHTAFHANDELING
    return compute_deadline(rule, ontvangen, extended=verdaagd).end


def klacht_keer_te_laat(
    ontvangen: dt.date, vandaag: dt.date, *, commissie: bool = False, verdaagd: bool = False
) -> int:
    """How many times over a complaint's handling is late on ``vandaag``: 0 within the term
    (Awb 9:11, see klacht_deadline), else the number of whole terms that have passed since
    receipt, at least 1. "3× te laat" is therefore a complaint still open three full terms
    after receipt (18 weeks for a 6-week term): our escalation threshold, not the law's.
    """
    end = klacht_deadline(ontvangen, commissie=commissie, verdaagd=verdaagd)
    if vandaag <= end:
        return 0
    term = (end - ontvangen).days
    return max(1, (vandaag - ontvangen).days // term)


def wgs_eerste_gesprek_deadline(verzoek: dt.date, *, bedreigend: bool = False) -> dt.date:
    """Wgs art. 4: first conversation within 4 weeks, or 3 working days when the
    situation is threatening (eviction, cut-off of energy/water, termination of
    health insurance)."""
    rule = WGS_EERSTE_GESPREK_BEDREIGEND if bedreigend else WGS_EERSTE_GESPREK
    return compute_deadline(rule, verzoek).end


def moratorium_einde(start: dt.date, *, grondslag: str = "wgs") -> dt.date:
    """Last day of a moratorium of the maximum six months (Wgs art. 5 or Fw 287b)."""
    rule = WGS_MORATORIUM if grondslag == "wgs" else FW_MORATORIUM
    return compute_deadline(rule, start).end


__all__ = [
    "RULES",
    "Deadline",
    "DeadlineResult",
    "DeadlineStatus",
    "Kind",
    "RuleNotInForce",
    "Unit",
    "add_months",
    "beslissing_op_bezwaar_deadline",
    "beslistermijn",
    "bezwaartermijn_einde",
    "compute_deadline",
    "deadline_status",
    "get_rule",
    "klacht_deadline",
    "klacht_keer_te_laat",
    "moratorium_einde",
    "wgs_eerste_gesprek_deadline",
    "wmo_beschikking_deadline",
    "wmo_onderzoek_deadline",
    "wmo_persoonlijk_plan_deadline",
]
