"""Retention by law: how long each kind of vault record must be kept, why, and from when.

Pure functions and data, no Django (the import rules forbid it). The vault asks
:func:`rule_for` for the rule of a record's kind and :func:`keep_until` for the last day
it must be kept; the settings layer passes the municipality's configured terms in as
``overrides`` (years per setting name), so nothing here reads the environment.

Every rule names its law in plain Dutch (what the resident is told), its sources, the
day from which it applies and whether we could confirm the term in a primary source. The
Selectielijst terms are **not** confirmed: the Selectielijst 2020 works per process and
result, and the mapping of our record kinds to its results is the municipal archivist's
decision. Those rules are configurable (setting names below) and marked ``uncertain``.

Terms are counted from the *reference day*: the later of the day the record was made
(or last changed) and the day the case it belongs to ended (``ended_on``, reported by the
app that owns the case). A record of a case that is still open is kept regardless: see
``leefwereld.vault.retention`` for those dependencies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .sources import Source

SELECTIELIJST_2020 = Source(
    "Selectielijst gemeenten en intergemeentelijke organen 2020 (Stcrt. 2020, 11143)",
    "https://zoek.officielebekendmakingen.nl/stcrt-2020-11143.html",
)
ARCHIEFWET = Source("Archiefwet 1995, art. 3 en 5", "https://wetten.overheid.nl/BWBR0007376")
JEUGDWET_7_3_8 = Source("Jeugdwet art. 7.3.8", "https://wetten.overheid.nl/BWBR0034925")
JEUGDWET_RIJKSOVERHEID = Source(
    "Rijksoverheid, Wat is de bewaartermijn voor een dossier jeugdhulp of jeugdbescherming?",
    "https://www.rijksoverheid.nl/onderwerpen/jeugdhulp/vraag-en-antwoord/"
    "dossier-jeugdhulp-bewaartermijn",
    kind="secondary",
)
WMO_2015 = Source(
    "Wet maatschappelijke ondersteuning 2015", "https://wetten.overheid.nl/BWBR0035362"
)
WGS = Source("Wet gemeentelijke schuldhulpverlening", "https://wetten.overheid.nl/BWBR0031331")
AVG_17 = Source("AVG art. 17 lid 1 en lid 3 onder b", "https://eur-lex.europa.eu/eli/reg/2016/679")

# Setting names (environment variables of the same name, read in conf/base.py).
WMO_FILE_SETTING = "LEEFWERELD_WMO_FILE_RETENTION_YEARS"
DECISION_SETTING = "LEEFWERELD_DECISION_RETENTION_YEARS"
YOUTH_CARE_SETTING = "LEEFWERELD_YOUTH_CARE_RETENTION_YEARS"
DEBT_ASSISTANCE_SETTING = "LEEFWERELD_DEBT_ASSISTANCE_RETENTION_YEARS"


@dataclass(frozen=True, slots=True)
class Term:
    """One dated version of a rule's term: `years` applies from `valid_from` on."""

    years: int
    valid_from: dt.date
    valid_from_confirmed: bool = True


@dataclass(frozen=True, slots=True)
class RetentionRule:
    """How long records of some kinds are kept, and on which law.

    ``terms`` is empty for kinds no law requires keeping (the resident's own notes): the
    resident may erase them at any time and the retention job never destroys them.
    """

    key: str
    kinds: tuple[str, ...]
    law: str  # plain Dutch, as the resident reads it
    terms: tuple[Term, ...]
    sources: tuple[Source, ...]
    counted_from: str  # plain Dutch: from which day the term runs
    uncertain: bool = False
    setting: str | None = None
    note: str = ""
    prefixes: tuple[str, ...] = ()

    @property
    def requires_keeping(self) -> bool:
        return bool(self.terms)

    def years_on(self, day: dt.date, overrides: Mapping[str, int] | None = None) -> int | None:
        """The term in years that the law in force on `day` sets (a setting overrides).

        The law in force *now* decides, also for older records: when the Jeugdwet term
        went from 15 to 20 years, files still kept had to be kept for 20.
        """
        if not self.terms:
            return None
        if self.setting and overrides and overrides.get(self.setting) is not None:
            return int(overrides[self.setting])
        applicable = [t for t in self.terms if t.valid_from <= day]
        term = max(applicable, key=lambda t: t.valid_from) if applicable else self.terms[0]
        return term.years

    def cite(self) -> str:
        return "; ".join(source.cite() for source in self.sources)

    def matches(self, kind: str) -> bool:
        return kind in self.kinds or any(kind.startswith(p) for p in self.prefixes)


JEUGDWET = RetentionRule(
    key="jeugdhulp",
    kinds=("jeugdhulp", "jeugdhulp-dossier"),
    law="de Jeugdwet (artikel 7.3.8)",
    terms=(
        Term(15, dt.date(2015, 1, 1)),
        Term(20, dt.date(2020, 1, 1), valid_from_confirmed=False),
    ),
    sources=(JEUGDWET_7_3_8, JEUGDWET_RIJKSOVERHEID),
    counted_from="het einde van de jeugdhulp",
    uncertain=True,
    setting=YOUTH_CARE_SETTING,
    note=(
        "20 jaar na het einde van de hulp (15 jaar vóór 2020). Het artikelnummer (7.3.8 "
        "lid 3, in onze domeinnotities 7.3.10) en de ingangsdatum van de 20 jaar zijn niet "
        "in de wettekst zelf nagekeken."
    ),
)

WMO_DECISION = RetentionRule(
    key="wmo-beschikking",
    kinds=("wmo-beschikking",),
    law="de Archiefwet en de Selectielijst voor gemeenten (besluit Wmo 2015)",
    terms=(Term(7, dt.date(2020, 1, 1)),),
    sources=(ARCHIEFWET, SELECTIELIJST_2020, WMO_2015),
    counted_from="de dag van het besluit",
    uncertain=True,
    setting=DECISION_SETTING,
    note="7 jaar is een aanname; de gemeentearchivaris stelt de termijn vast.",
)

WMO_FILE = RetentionRule(
    key="wmo-dossier",
    kinds=(
        "wmo-melding",
        "wmo-verslag",
        "wmo-verslag-opmerking",
        "wmo-aanvraag",
        "wmo-tijdelijke-voorziening",
        "wmo-persoonlijk-plan",
        "plan-version",
    ),
    prefixes=("measurement-",),
    law="de Archiefwet en de Selectielijst voor gemeenten (dossier Wmo 2015)",
    terms=(Term(7, dt.date(2020, 1, 1)),),
    sources=(ARCHIEFWET, SELECTIELIJST_2020, WMO_2015),
    counted_from="het afsluiten van de melding of het plan",
    uncertain=True,
    setting=WMO_FILE_SETTING,
    note=(
        "Melding, verslag van het gesprek, aanvraag, eigen plan, plan van het huishouden "
        "en metingen horen bij één zaak. 7 jaar is een aanname: de Selectielijst 2020 "
        "waardeert per proces en resultaat; de archivaris koppelt onze soorten eraan."
    ),
)

WGS_FILE = RetentionRule(
    key="schuldhulp",
    kinds=(
        "payment-capacity",
        "debt-item",
        "debt-inventory",
        "schuldenoverzicht",
        "wgs-intake",
    ),
    law="de Archiefwet en de Selectielijst voor gemeenten (schuldhulp, Wgs)",
    terms=(Term(7, dt.date(2020, 1, 1)),),
    sources=(ARCHIEFWET, SELECTIELIJST_2020, WGS),
    counted_from="het afsluiten van de schuldzaak",
    uncertain=True,
    setting=DEBT_ASSISTANCE_SETTING,
    note=(
        "De Wgs noemt zelf geen bewaartermijn. 7 jaar na het afsluiten is een aanname "
        "(gelijk aan de fiscale bewaarplicht voor de administratie van het fonds)."
    ),
)

NO_DUTY = RetentionRule(
    key="geen-bewaarplicht",
    kinds=("note", "own-note", "help-request"),
    law="",
    terms=(),
    sources=(AVG_17,),
    counted_from="",
    note=(
        "Geen wet verplicht ons dit te bewaren: de inwoner mag het altijd laten verwijderen "
        "(AVG art. 17) en de bewaartermijn-taak vernietigt het nooit uit zichzelf."
    ),
)

RULES: tuple[RetentionRule, ...] = (JEUGDWET, WMO_DECISION, WMO_FILE, WGS_FILE, NO_DUTY)


def rule_for(kind: str) -> RetentionRule:
    """The rule for a record kind; kinds no rule names have no legal duty to keep them."""
    for rule in RULES:
        if rule.matches(kind):
            return rule
    return NO_DUTY


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def keep_until(
    rule: RetentionRule,
    *,
    made_on: dt.date,
    today: dt.date,
    ended_on: dt.date | None = None,
    overrides: Mapping[str, int] | None = None,
) -> dt.date | None:
    """The last day the record must be kept; None when no law requires keeping it.

    Counted from the later of the day the record was made (or last changed) and the day
    its case ended, with the term of the law in force `today`.
    """
    years = rule.years_on(today, overrides)
    if years is None:
        return None
    start = max(made_on, ended_on) if ended_on else made_on
    return add_years(start, years)


def later(first: dt.date | None, second: dt.date | None) -> dt.date | None:
    """The later of two optional days (a writing app's own date and the rule's)."""
    if first is None:
        return second
    if second is None:
        return first
    return max(first, second)
