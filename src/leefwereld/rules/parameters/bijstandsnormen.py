"""Dated tables of the net bijstandsnormen (Participatiewet art. 21 and 22),
per month, **including vakantietoeslag**, in integer cents.

The norms change every 1 January and 1 July with the minimum wage. Each table
below names its sources; where two sources disagree or only one unofficial
source exists, the value is marked ``uncertain`` and the calculation's
explanation says so. Values we could not find at all are absent: asking for
them raises :class:`~leefwereld.rules.sources.ParameterUnavailable` instead of
computing with a guess.

Replace a table only with figures from the SZW Normenbrief / the Staatscourant
mededeling for that date, and cite it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from leefwereld.rules.sources import Parameter, ParameterUnavailable, Source


class Leefsituatie(StrEnum):
    """Household situations for the norms of 21 years and older."""

    ALLEENSTAANDE = "alleenstaande"  # 21 tot AOW-leeftijd, Pw art. 21 onder a
    ALLEENSTAANDE_OUDER = "alleenstaande_ouder"  # same norm as alleenstaande since 2015
    GEHUWDEN = "gehuwden"  # gehuwden/samenwonenden, beiden 21 tot AOW-leeftijd, Pw art. 21 onder b
    AOW_ALLEENSTAANDE = "aow_alleenstaande"  # alleenstaande (ouder) met AOW-leeftijd, Pw art. 22
    AOW_GEHUWDEN = "aow_gehuwden"  # gehuwden, één of beiden AOW-leeftijd, Pw art. 22


LEEFSITUATIE_LABELS: dict[Leefsituatie, str] = {
    Leefsituatie.ALLEENSTAANDE: "alleenstaande",
    Leefsituatie.ALLEENSTAANDE_OUDER: "alleenstaande ouder",
    Leefsituatie.GEHUWDEN: "gehuwden of samenwonenden",
    Leefsituatie.AOW_ALLEENSTAANDE: "alleenstaande met AOW-leeftijd",
    Leefsituatie.AOW_GEHUWDEN: "gehuwden met AOW-leeftijd",
}

# The order used for the integer codes of the batch calculation.
LEEFSITUATIE_CODES: tuple[Leefsituatie, ...] = tuple(Leefsituatie)

# The alleenstaande ouder gets the alleenstaande norm; the extra support for
# single parents comes through the kindgebonden budget (alleenstaande-ouderkop),
# which is not part of the bijstandsnorm.
_NORM_OF: dict[Leefsituatie, Leefsituatie] = {
    Leefsituatie.ALLEENSTAANDE_OUDER: Leefsituatie.ALLEENSTAANDE,
}
ALLEENSTAANDE_OUDER_SOURCE = Source(
    "GR De Bevelanden, ‘De hoogte van de uitkering’: de Participatiewet kent geen aparte norm "
    "voor alleenstaande ouders",
    "https://www.grdebevelanden.nl/de-hoogte-van-de-uitkering",
    kind="secondary",
)


@dataclass(frozen=True, slots=True)
class NormTable:
    """The bijstandsnormen valid in one half year."""

    valid_from: dt.date
    valid_to: dt.date | None
    norms: dict[Leefsituatie, Parameter[int]]

    def applies_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


# --- sources -----------------------------------------------------------------

WESTLAND_2024 = Source(
    "Gemeente Westland, Normenoverzicht minimuminkomen bijzondere bijstand, normbedragen "
    "Participatiewet met ingang van 1 januari 2024 (inclusief vakantiegeld)",
    "https://www.gemeentewestland.nl/aanvragen-en-regelen/toeslagen-vergoedingen-en-bijdragen/"
    "normenoverzicht-minimuminkomen-voor-de-bijzondere-bijstand",
    kind="secondary",
)
KEMPENPLUS_2024 = Source(
    "KempenPlus, Normen en bedragen minimabeleid per 1 januari 2024, tabel 1b (met "
    "vakantietoeslag)",
    "https://www.kempenplus.com/normen-en-bedragen-minimabeleid",
    kind="secondary",
)
METRO_2024_06 = Source(
    "Metro, ‘Dit (verhoogde) bedrag krijgen mensen in de bijstand vanaf morgen’, juni 2024 "
    "(bedragen eerste helft 2024, via Rijksoverheid)",
    "https://www.metronieuws.nl/geld-carriere/2024/06/verhoogde-bedrag-bijstand-maximale-"
    "uitkering-1-juli-2024/",
    kind="secondary",
)
VELSEN_2024_07 = Source(
    "Gemeente Velsen, Bijstandsnormen per 1 juli 2024 (met vakantietoeslag)",
    "https://velsen.nl/bijstandsnormen-per-1-juli-2024",
    kind="secondary",
)
METRO_2025_01 = Source(
    "Metro, ‘Dit (verhoogde) bedrag krijgen mensen in de bijstand vanaf dit jaar’, januari 2025 "
    "(bron: Rijksoverheid; ook de bedragen tweede helft 2024)",
    "https://www.metronieuws.nl/geld-carriere/2025/01/bedrag-bijstand-verhoogd-2025-br/",
    kind="secondary",
)
WESTLAND_2025 = Source(
    "Gemeente Westland, Normenoverzicht minimuminkomen bijzondere bijstand, normbedragen "
    "Participatiewet met ingang van 1 januari 2025 (inclusief vakantiegeld)",
    "https://www.gemeentewestland.nl/aanvragen-en-regelen/toeslagen-vergoedingen-en-bijdragen/"
    "normenoverzicht-minimuminkomen-voor-de-bijzondere-bijstand",
    kind="secondary",
)
METRO_2025_06 = Source(
    "Metro, ‘Zoveel geld krijgen mensen in de bijstand vanaf 1 juli’, juni 2025 (bron: "
    "Rijksoverheid)",
    "https://www.metronieuws.nl/geld-carriere/2025/06/bedrag-bijstand-verhoogd-juli-2025/",
    kind="secondary",
)
STIMULANSZ_2025_07 = Source(
    "Stimulansz, Berekenuwrecht normenoverzicht (percentages op bijstandsnorm inclusief "
    "vakantiegeld), stand 1 juli 2025",
    "https://www.berekenuwrechtplus.nl/normenoverzicht/",
    kind="secondary",
)
UNOFFICIAL_2026 = Source(
    "Openbare processpecificatie ‘Bijlage B — verlening algemene bijstand Rotterdam (geldend per "
    "19-02-2026)’, parameters per 01-01-2026 (geen officiële publicatie)",
    kind="secondary",
)
PARTICIPATIEWET = Source(
    "Participatiewet art. 21 en 22 (BWBR0015703)", "https://wetten.overheid.nl/BWBR0015703"
)


def _norm(
    situatie: Leefsituatie,
    cents: int,
    valid_from: dt.date,
    valid_to: dt.date | None,
    *sources: Source,
    uncertain: bool = False,
    note: str = "",
) -> tuple[Leefsituatie, Parameter[int]]:
    return situatie, Parameter(
        name=f"bijstandsnorm {LEEFSITUATIE_LABELS[situatie]}",
        value=cents,
        sources=(PARTICIPATIEWET, *sources),
        valid_from=valid_from,
        valid_to=valid_to,
        uncertain=uncertain,
        note=note,
    )


def _table(
    valid_from: dt.date,
    valid_to: dt.date | None,
    entries: list[tuple[Leefsituatie, Parameter[int]]],
) -> NormTable:
    return NormTable(valid_from, valid_to, dict(entries))


_H1_2024 = (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
_H2_2024 = (dt.date(2024, 7, 1), dt.date(2024, 12, 31))
_H1_2025 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
_H2_2025 = (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
_H1_2026 = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))

S = Leefsituatie

NORM_TABLES: tuple[NormTable, ...] = (
    # 1 januari 2024
    _table(
        *_H1_2024,
        [
            _norm(
                S.ALLEENSTAANDE, 128383, *_H1_2024, WESTLAND_2024, KEMPENPLUS_2024, METRO_2024_06
            ),
            _norm(S.GEHUWDEN, 183404, *_H1_2024, WESTLAND_2024, KEMPENPLUS_2024, METRO_2024_06),
            _norm(
                S.AOW_ALLEENSTAANDE,
                142576,
                *_H1_2024,
                WESTLAND_2024,
                KEMPENPLUS_2024,
                METRO_2024_06,
            ),
            _norm(
                S.AOW_GEHUWDEN,
                193232,
                *_H1_2024,
                KEMPENPLUS_2024,
                METRO_2024_06,
                WESTLAND_2024,
                uncertain=True,
                note="Bronnen verschillen: KempenPlus en Metro (via Rijksoverheid) € 1.932,32, "
                "gemeente Westland € 1.933,98. Controleer tegen de Normenbrief januari 2024.",
            ),
        ],
    ),
    # 1 juli 2024
    _table(
        *_H2_2024,
        [
            _norm(S.ALLEENSTAANDE, 130845, *_H2_2024, VELSEN_2024_07, METRO_2025_01),
            _norm(S.GEHUWDEN, 186921, *_H2_2024, VELSEN_2024_07, METRO_2025_01),
            _norm(S.AOW_ALLEENSTAANDE, 145685, *_H2_2024, VELSEN_2024_07, METRO_2025_01),
            _norm(S.AOW_GEHUWDEN, 197664, *_H2_2024, VELSEN_2024_07, METRO_2025_01),
        ],
    ),
    # 1 januari 2025
    _table(
        *_H1_2025,
        [
            _norm(S.ALLEENSTAANDE, 134545, *_H1_2025, WESTLAND_2025, METRO_2025_01, METRO_2025_06),
            _norm(S.GEHUWDEN, 192207, *_H1_2025, WESTLAND_2025, METRO_2025_01, METRO_2025_06),
            _norm(
                S.AOW_ALLEENSTAANDE, 150107, *_H1_2025, WESTLAND_2025, METRO_2025_01, METRO_2025_06
            ),
            _norm(S.AOW_GEHUWDEN, 205348, *_H1_2025, WESTLAND_2025, METRO_2025_01, METRO_2025_06),
        ],
    ),
    # 1 juli 2025
    _table(
        *_H2_2025,
        [
            _norm(S.ALLEENSTAANDE, 136906, *_H2_2025, METRO_2025_06, STIMULANSZ_2025_07),
            _norm(S.GEHUWDEN, 195580, *_H2_2025, METRO_2025_06, STIMULANSZ_2025_07),
            _norm(S.AOW_ALLEENSTAANDE, 153021, *_H2_2025, METRO_2025_06, STIMULANSZ_2025_07),
            _norm(S.AOW_GEHUWDEN, 209498, *_H2_2025, METRO_2025_06, STIMULANSZ_2025_07),
        ],
    ),
    # 1 januari 2026: only an unofficial source found; AOW norms not found at all.
    _table(
        *_H1_2026,
        [
            _norm(
                S.ALLEENSTAANDE,
                140150,
                *_H1_2026,
                UNOFFICIAL_2026,
                uncertain=True,
                note="Alleen gevonden in een niet-officiële processpecificatie; niet bevestigd "
                "in de Normenbrief januari 2026.",
            ),
            _norm(
                S.GEHUWDEN,
                200213,
                *_H1_2026,
                UNOFFICIAL_2026,
                uncertain=True,
                note="Alleen gevonden in een niet-officiële processpecificatie; 70 % daarvan "
                "(€ 1.401,49) wijkt een cent af van de genoemde alleenstaandennorm. Niet "
                "bevestigd in de Normenbrief januari 2026.",
            ),
        ],
    ),
    # 1 juli 2026: no source found yet — deliberately no table.
)


def norm_table(day: dt.date) -> NormTable:
    """The table valid on ``day``; raises ParameterUnavailable when none is known."""
    for table in NORM_TABLES:
        if table.applies_on(day):
            return table
    raise ParameterUnavailable(f"bijstandsnormen: geen tabel bekend voor {day.isoformat()}")


def latest_table_before(day: dt.date) -> NormTable:
    candidates = [table for table in NORM_TABLES if table.valid_from <= day]
    if not candidates:
        raise ParameterUnavailable(f"bijstandsnormen: geen tabel bekend vóór {day.isoformat()}")
    return max(candidates, key=lambda table: table.valid_from)


def bijstandsnorm(
    situatie: Leefsituatie, day: dt.date, *, allow_stale: bool = False
) -> Parameter[int]:
    """The monthly net bijstandsnorm incl. vakantietoeslag for ``situatie`` on ``day``.

    With ``allow_stale`` a day after the last known table (or a situation missing
    from it) falls back to the most recent earlier value, which is then marked
    uncertain with a note; without it, :class:`ParameterUnavailable` is raised.
    """
    key = _NORM_OF.get(situatie, situatie)
    try:
        table = norm_table(day)
        if key in table.norms:
            return _for_situation(table.norms[key], situatie)
        if not allow_stale:
            raise ParameterUnavailable(
                f"bijstandsnorm {LEEFSITUATIE_LABELS[situatie]}: geen waarde bekend voor "
                f"{day.isoformat()}"
            )
    except ParameterUnavailable:
        if not allow_stale:
            raise
    for table in sorted(NORM_TABLES, key=lambda t: t.valid_from, reverse=True):
        if table.valid_from <= day and key in table.norms:
            stale = table.norms[key]
            return Parameter(
                name=stale.name,
                value=stale.value,
                sources=stale.sources,
                valid_from=stale.valid_from,
                valid_to=stale.valid_to,
                uncertain=True,
                note=(
                    f"Geen norm bekend voor {day.isoformat()}; de norm van "
                    f"{stale.valid_from.isoformat()} is gebruikt. {stale.note}"
                ).strip(),
            )
    raise ParameterUnavailable(
        f"bijstandsnorm {LEEFSITUATIE_LABELS[situatie]}: geen waarde bekend vóór {day.isoformat()}"
    )


def _for_situation(parameter: Parameter[int], situatie: Leefsituatie) -> Parameter[int]:
    if situatie is not Leefsituatie.ALLEENSTAANDE_OUDER:
        return parameter
    return Parameter(
        name=f"bijstandsnorm {LEEFSITUATIE_LABELS[situatie]}",
        value=parameter.value,
        sources=(*parameter.sources, ALLEENSTAANDE_OUDER_SOURCE),
        valid_from=parameter.valid_from,
        valid_to=parameter.valid_to,
        uncertain=parameter.uncertain,
        note=(
            "Een alleenstaande ouder heeft dezelfde norm als een alleenstaande. " + parameter.note
        ).strip(),
    )
