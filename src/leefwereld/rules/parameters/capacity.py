"""Parameters of the beslagvrije voet (BVV), the vrij te laten bedrag (VTLB) and
the settlement term, each with its source, validity and certainty.

Confirmed:

* the BVV base percentage: 95 % of the applicable bijstandsnorm incl.
  vakantietoeslag since 1 January 2021 (Wet vereenvoudiging beslagvrije voet,
  Rv art. 475da); 90 % before;
* the NVVK aflostermijn of 18 months for Msnp-regelingen from 1 July 2023
  (36 months before).

Not confirmed (``uncertain=True``, configurable, shown in every explanation):

* the woonkosten threshold above which the BVV is raised, and a cap on that
  raise;
* the part of the zorgpremie already covered by the bijstandsnorm;
* the VTLB reserveringstoeslag and arbeidstoeslag of the current Recofa rules.

See docs/rules.md for what we looked for and why these stay open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from fractions import Fraction

from leefwereld.rules.sources import Parameter, Source, select

RV_475DA = Source(
    "Rv art. 475da (Wet vereenvoudiging beslagvrije voet, in werking 1 januari 2021)",
    "https://wetten.overheid.nl/BWBR0001827#Artikel475da",
)
KST_24515_768 = Source(
    "Kamerstuk 24 515 nr. 768 (3 september 2024): wet Vbvv in werking per 1 januari 2021",
    "https://zoek.officielebekendmakingen.nl/kst-24515-768.html",
)
STRATECH_VTLB = Source(
    "Stratech kenniscentrum, ‘Vrij te laten bedrag’: vtlb minstens de beslagvrije voet, in "
    "beginsel 95 % van de bijstandsnorm, plus toeslag wonen/zorg en correcties",
    "https://www.stratech.nl/sociaal-financieel/kenniscentrum/vrij-te-laten-bedrag.html",
    kind="secondary",
)
RV_475D_OLD = Source(
    "Rv art. 475d (oud, tot 2021): 90 % van de toepasselijke bijstandsnorm",
    "https://www.jouwadvocaat.nl/pagina/beslagrecht-beslagvrije-voet",
    kind="secondary",
)
RECOFA_VTLB_2017 = Source(
    "Recofa, Vtlb-rapport versie januari 2017, §4.1 Reserveringstoeslag: 5 % van de "
    "Participatienorm (vervangen door latere versies)",
    "http://docplayer.nl/35672846-Vtlb-rapport-berekening-van-het-vtlb-bij-toepassing-van-de-"
    "wet-schuldsanering-natuurlijke-personen-werkgroep-rekenmethode-vtlb-van-recofa.html",
    kind="secondary",
)
BUREAUWSNP_VTLB_2022 = Source(
    "Bureau Wsnp, Vtlb-rapport juli 2022, hoofdstuk 3 (BVV volgens art. 475da Rv) en 4 "
    "(reserverings- en arbeidstoeslag)",
    "https://bureauwsnp.nl/vtlb/archief/vtlb-rapport-handboeken/vtlb-rapport-juli-2022/3",
    kind="secondary",
)
NVVK_18 = Source(
    "NVVK, ‘NVVK: hanteer vanaf 1 juli aflostermijn van 18 maanden’, 20 april 2023",
    "https://www.nvvk.nl/page/1439/2023/04/20/NVVK-hanteer-vanaf-1-juli-aflostermijn-van-18-"
    "maanden-",
    kind="secondary",
)
NVVK_VERKORTING = Source(
    "NVVK, ‘Verkorting aflosperiode’: met ingang van 1 juli 2023 een aflosperiode van 18 maanden "
    "in de Msnp",
    "https://www.nvvk.nl/verkorting-aflosperiode",
    kind="secondary",
)
NIHS = Source(
    "Platform31, Nationaal Initiatief Herstructureren Schulden: aflossing tot maximaal 180 "
    "maanden (volgens projectbrief DOMAIN-RULES §1d, niet zelf nagelezen)",
    "https://www.platform31.nl",
    kind="secondary",
)

BVV_PERCENTAGES: tuple[Parameter[Fraction], ...] = (
    # Rv art. 475d (oud), geldend tot en met 2020-12-31
    Parameter(
        name="percentage beslagvrije voet",
        value=Fraction(90, 100),
        sources=(RV_475D_OLD,),
        valid_from=dt.date(2015, 1, 1),
        valid_to=dt.date(2020, 12, 31),
        note="Begindatum gekozen als de invoering van de Participatiewet; het percentage gold "
        "al eerder.",
    ),
    # Rv art. 475da, geldend vanaf 2021-01-01
    Parameter(
        name="percentage beslagvrije voet",
        value=Fraction(95, 100),
        sources=(RV_475DA, KST_24515_768, STRATECH_VTLB),
        valid_from=dt.date(2021, 1, 1),
    ),
)

# NVVK advies: Msnp-aflostermijn 36 maanden tot 2023-06-30, 18 maanden vanaf 2023-07-01
AFLOSTERMIJNEN: tuple[Parameter[int], ...] = (
    Parameter(
        name="aflostermijn schuldregeling (maanden)",
        value=36,
        sources=(NVVK_18,),
        valid_from=dt.date(2000, 1, 1),
        valid_to=dt.date(2023, 6, 30),
        note="Begindatum onbekend; de termijn van 36 maanden gold al lang vóór 2023.",
    ),
    Parameter(
        name="aflostermijn schuldregeling (maanden)",
        value=18,
        sources=(NVVK_18, NVVK_VERKORTING),
        valid_from=dt.date(2023, 7, 1),
        note="Bbz-ondernemers kunnen nog een regeling van 36 maanden krijgen.",
    ),
)

MAX_TERMIJN_NIHS = Parameter(
    name="maximale aflostermijn schuldenfonds (NIHS, maanden)",
    value=180,
    sources=(NIHS,),
    valid_from=dt.date(2021, 1, 1),
    uncertain=True,
    note="Overgenomen uit de projectbrief (secundaire bron), niet in een primaire bron "
    "bevestigd; ook de begindatum is onbevestigd.",
)


def bvv_percentage(day: dt.date) -> Parameter[Fraction]:
    return select(BVV_PERCENTAGES, day, name="percentage beslagvrije voet")


def aflostermijn(day: dt.date) -> Parameter[int]:
    """The NVVK settlement term (months) applying to a schuldregeling started on ``day``."""
    return select(AFLOSTERMIJNEN, day, name="aflostermijn schuldregeling")


@dataclass(frozen=True, slots=True)
class CapacityConfig:
    """The configurable (unconfirmed) parameters of the BVV and VTLB corrections.

    A value of None means the correction is not applied; the explanation then
    says so. A municipality sets its own values with :meth:`with_values`; each
    is marked uncertain unless it carries a source.
    """

    # BVV woonkostencorrectie: raise by woonkosten (minus huurtoeslag) above this
    # threshold, at most ``woonkosten_max_verhoging``.
    woonkosten_drempel: Parameter[int | None]
    woonkosten_max_verhoging: Parameter[int | None]
    # BVV zorgcorrectie: raise by zorgpremie − zorgtoeslag − this amount.
    zorgpremie_in_norm: Parameter[int | None]
    # VTLB (Recofa): reserveringstoeslag as a share of the bijstandsnorm, and a
    # fixed arbeidstoeslag for a debtor with income from work.
    reserveringstoeslag: Parameter[Fraction | None]
    arbeidstoeslag: Parameter[int | None]

    def with_values(
        self, *, note: str, source: Source | None = None, **values: object
    ) -> CapacityConfig:
        """A copy with some parameter values replaced by local settings.

        ``values`` maps field names to the new value (cents, a Fraction, or None
        to switch a correction off).
        """
        changes: dict[str, Parameter[object]] = {}
        for name, value in values.items():
            current = getattr(self, name, None)
            if not isinstance(current, Parameter):
                raise AttributeError(f"onbekende parameter: {name}")
            changes[name] = current.replace_value(value, note=note, source=source)
        return replace(self, **changes)  # type: ignore[arg-type]


_OPEN = dt.date(2021, 1, 1)

DEFAULT_CAPACITY_CONFIG = CapacityConfig(
    woonkosten_drempel=Parameter(
        name="woonkostendrempel beslagvrije voet",
        value=None,
        sources=(RV_475DA, BUREAUWSNP_VTLB_2022),
        valid_from=_OPEN,
        uncertain=True,
        note="Rv art. 475da verhoogt de beslagvrije voet bij hoge woonkosten (o.a. woonlasten "
        "boven de maximale huur voor huurtoeslag; huiseigenaren met een laag inkomen). De "
        "precieze drempel en formule zijn niet in een gepubliceerde bron bevestigd; daarom "
        "staat de correctie standaard uit.",
    ),
    woonkosten_max_verhoging=Parameter(
        name="maximale woonkostenverhoging beslagvrije voet",
        value=None,
        sources=(RV_475DA,),
        valid_from=_OPEN,
        uncertain=True,
        note="Of en hoe de woonkostenverhoging begrensd is, is niet bevestigd.",
    ),
    zorgpremie_in_norm=Parameter(
        name="zorgpremie al begrepen in de bijstandsnorm",
        value=None,
        sources=(RV_475D_OLD,),
        valid_from=_OPEN,
        uncertain=True,
        note="Het oude art. 475d lid 5 Rv verhoogde de beslagvrije voet met de zorgpremie, "
        "verminderd met de normpremie in de bijstandsnorm en de ontvangen zorgtoeslag. Voor "
        "de regels vanaf 2021 zijn formule en normpremie niet bevestigd; standaard uit.",
    ),
    reserveringstoeslag=Parameter(
        name="reserveringstoeslag vtlb",
        value=Fraction(5, 100),
        sources=(RECOFA_VTLB_2017, BUREAUWSNP_VTLB_2022),
        valid_from=_OPEN,
        uncertain=True,
        note="5 % van de bijstandsnorm volgens het Recofa Vtlb-rapport 2017; of dit in de "
        "Recofa-richtlijnen vanaf 1 juli 2023 ongewijzigd geldt, is niet bevestigd.",
    ),
    arbeidstoeslag=Parameter(
        name="arbeidstoeslag vtlb",
        value=None,
        sources=(BUREAUWSNP_VTLB_2022,),
        valid_from=_OPEN,
        uncertain=True,
        note="De Recofa-rekenmethode kent een arbeidstoeslag voor schuldenaren met inkomen uit "
        "arbeid; het bedrag is niet bevestigd. Standaard uit.",
    ),
)
