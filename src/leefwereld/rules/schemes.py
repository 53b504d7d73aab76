"""Every scheme a household may be entitled to (non-take-up): zorgtoeslag, huurtoeslag,
kindgebonden budget, bijzondere bijstand and the municipality's own minima schemes.

Each rule is a pure function of what the resident (or a professional, with consent) typed
in — composition, ages, income, rent, savings — never of a guess. Each returns a
:class:`SchemeResult`: whether the household may be entitled, an estimate per month in
integer cents where the law's formula and its parameters are known, the steps in plain
Dutch (like the payment-capacity calculation) and what to do next.

Parameters carry their source and validity (:mod:`leefwereld.rules.sources`). The 2026
toeslagen parameters below come from secondary sources (news articles quoting the
Rijksoverheid, a professional's page) or are derived from a published table; they are
marked ``uncertain`` and every explanation that uses them says so. A municipality
replaces them (and sets its own minima schemes) through :class:`SchemeConfig`.

Huurtoeslag: the basishuur formula's 2026 factors are not in this system, so the rule
says whether the household may be entitled and sends it to the Belastingdienst's
proefberekening; it does not invent an amount.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from leefwereld.rules.money import apply_ratio, format_euro, format_percentage
from leefwereld.rules.parameters.bijstandsnormen import Leefsituatie, bijstandsnorm
from leefwereld.rules.sources import Explanation, Parameter, ParameterUnavailable, Source, Step

YEAR_2026 = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))

WZT = Source("Wet op de zorgtoeslag, art. 2", "https://wetten.overheid.nl/BWBR0018451")
AWIR_VERMOGEN = Source(
    "Algemene wet inkomensafhankelijke regelingen, art. 7 lid 5 (vermogenstoets)",
    "https://wetten.overheid.nl/BWBR0018472",
)
WHT = Source("Wet op de huurtoeslag, art. 7, 13 en 14", "https://wetten.overheid.nl/BWBR0008659")
WKB = Source("Wet op het kindgebonden budget, art. 2", "https://wetten.overheid.nl/BWBR0022751")
PW_35 = Source(
    "Participatiewet, art. 35 (bijzondere bijstand)", "https://wetten.overheid.nl/BWBR0015703"
)
PW_8 = Source(
    "Participatiewet, art. 8 lid 1 (verordening van de gemeente)",
    "https://wetten.overheid.nl/BWBR0015703",
)
METRO_ZT_2026 = Source(
    "Metro, ‘Met dit inkomen krijg je in 2026 de maximale zorgtoeslag’ (24-11-2025), tabel "
    "met bron Rijksoverheid",
    "https://www.metronieuws.nl/geld-carriere/toeslagen/2025/11/dit-inkomen-2026-maximale-zorgtoeslag-br/",
    kind="secondary",
)
OVERSTAPPEN_ZT_2026 = Source(
    "Overstappen.nl, ‘Zorgtoeslag’: vermogensgrenzen 2026",
    "http://www.overstappen.nl/zorgverzekering/zorgtoeslag",
    kind="secondary",
)
METRO_HT_2026 = Source(
    "Metro, ‘Meer mensen kunnen huurtoeslag krijgen in 2026’ (25-11-2025)",
    "https://www.metronieuws.nl/geld-carriere/toeslagen/2025/11/meer-mensen-kunnen-huurtoeslag-krijgen-in-2026-zo-zit-dat-en-zoveel-is-het-ongeveer/",
    kind="secondary",
)
KGB_2026 = Source(
    "Wierda van Nes, ‘Aanpassingen kindgebonden budget’ (Prinsjesdag 2024): € 2.511 in 2025, "
    "+ € 66 in 2026, afbouw 7,60 % per 1 januari 2026",
    "https://wierdavannes.nl/aanpassingen-kindgebonden-budget",
    kind="secondary",
)
PROEFBEREKENING = "https://www.belastingdienst.nl/wps/wcm/connect/nl/toeslagen/content/hulpmiddel-proefberekening-toeslagen"


def _p(name: str, value, *sources: Source, uncertain: bool = True, note: str = "") -> Parameter:
    return Parameter(name, value, sources, *YEAR_2026, uncertain=uncertain, note=note)


@dataclass(frozen=True)
class SchemeParameters:
    """The national schemes' parameters for one year (amounts in cents)."""

    zorgtoeslag_max_single: Parameter[int]
    zorgtoeslag_max_partners: Parameter[int]
    zorgtoeslag_drempel: Parameter[int]
    zorgtoeslag_afbouw: Parameter[Fraction]
    zorgtoeslag_vermogen_single: Parameter[int]
    zorgtoeslag_vermogen_partners: Parameter[int]
    huurtoeslag_vermogen_single: Parameter[int]
    huurtoeslag_vermogen_partners: Parameter[int]
    huurtoeslag_max_rent: Parameter[int]
    kgb_per_child: Parameter[int]
    kgb_12_15: Parameter[int]
    kgb_16_17: Parameter[int]
    kgb_single_parent: Parameter[int]
    kgb_drempel_single: Parameter[int]
    kgb_drempel_partners: Parameter[int]
    kgb_afbouw: Parameter[Fraction]


PARAMETERS_2026 = SchemeParameters(
    zorgtoeslag_max_single=_p(
        "maximale zorgtoeslag alleenstaande (per maand)", 12900, METRO_ZT_2026
    ),
    zorgtoeslag_max_partners=_p(
        "maximale zorgtoeslag met toeslagpartner (per maand)", 24600, METRO_ZT_2026
    ),
    zorgtoeslag_drempel=_p(
        "drempelinkomen zorgtoeslag (per jaar)",
        2968800,
        METRO_ZT_2026,
        note="Afgeleid uit de gepubliceerde tabel (alle 23 regels kloppen op een euro); "
        "niet bevestigd in de Regeling van de minister.",
    ),
    zorgtoeslag_afbouw=_p(
        "afbouw zorgtoeslag boven het drempelinkomen",
        Fraction(1375, 10000),
        METRO_ZT_2026,
        note="Afgeleid uit de gepubliceerde tabel; 2025 was 13,700 % (Besluit percentages).",
    ),
    zorgtoeslag_vermogen_single=_p(
        "vermogensgrens zorgtoeslag alleenstaande", 14189600, OVERSTAPPEN_ZT_2026
    ),
    zorgtoeslag_vermogen_partners=_p(
        "vermogensgrens zorgtoeslag met toeslagpartner", 17942900, OVERSTAPPEN_ZT_2026
    ),
    huurtoeslag_vermogen_single=_p(
        "vermogensgrens huurtoeslag alleenstaande", 3847900, METRO_HT_2026
    ),
    huurtoeslag_vermogen_partners=_p(
        "vermogensgrens huurtoeslag met toeslagpartner", 7695800, METRO_HT_2026
    ),
    huurtoeslag_max_rent=_p(
        "huur waarboven geen toeslag meer wordt berekend (per maand)",
        90007,
        METRO_HT_2026,
        note="Sinds 2026 geen harde huurgrens meer; boven dit bedrag telt de huur niet mee.",
    ),
    kgb_per_child=_p("kindgebonden budget per kind (per jaar)", 257700, KGB_2026),
    kgb_12_15=_p(
        "extra kindgebonden budget kind van 12 tot en met 15 jaar (per jaar)",
        70300,
        KGB_2026,
        note="Bedrag van 2025; de indexatie voor 2026 is niet bevestigd.",
    ),
    kgb_16_17=_p(
        "extra kindgebonden budget kind van 16 of 17 jaar (per jaar)",
        93600,
        KGB_2026,
        note="Bedrag van 2025; de indexatie voor 2026 is niet bevestigd.",
    ),
    kgb_single_parent=_p("alleenstaande-ouderkop (per jaar)", 338900, KGB_2026),
    kgb_drempel_single=_p(
        "inkomensdrempel kindgebonden budget alleenstaande ouder (per jaar)",
        2968800,
        KGB_2026,
        note="Gelijkgesteld aan het drempelinkomen van de zorgtoeslag (beide het "
        "wettelijk minimumloon); niet bevestigd.",
    ),
    kgb_drempel_partners=_p(
        "inkomensdrempel kindgebonden budget ouders met partner (per jaar)",
        3914100,
        KGB_2026,
        note="Bedrag van 2025; niet bevestigd voor 2026.",
    ),
    kgb_afbouw=_p("afbouw kindgebonden budget", Fraction(76, 1000), KGB_2026),
)


@dataclass(frozen=True)
class MinimaScheme:
    """One of the municipality's own schemes (Pw art. 8 verordening or beleidsregel)."""

    key: str
    name: str
    what: str  # what it gives, in plain Dutch
    threshold: Fraction  # income limit as a share of the bijstandsnorm
    amount_per_year: int | None  # cents; None: depends on the costs
    how_to_apply: str
    source: Source


@dataclass(frozen=True)
class SchemeConfig:
    """The municipality's choices: bijzondere bijstand's draagkracht and its minima."""

    # Bijzondere bijstand (Pw art. 35): income up to this share of the norm is left free.
    draagkracht_free: Fraction = Fraction(110, 100)
    # Of the income above it, this share is the household's own contribution.
    draagkracht_share: Fraction = Fraction(50, 100)
    minima: tuple[MinimaScheme, ...] = ()
    # Whose choice these are (shown with every result that uses them).
    source: Source = PW_8


DEMO_MINIMA = (
    MinimaScheme(
        key="meedoen",
        name="Meedoenregeling",
        what="Geld voor sport, cultuur en schoolspullen, voor iedereen in het huishouden.",
        threshold=Fraction(120, 100),
        amount_per_year=30000,
        how_to_apply="Vraag het aan bij het wijkteam of op de website van de gemeente.",
        source=PW_8,
    ),
    MinimaScheme(
        key="zorgverzekering",
        name="Gemeentelijke zorgverzekering",
        what="Een aanvullende zorgverzekering met korting, via de gemeente.",
        threshold=Fraction(130, 100),
        amount_per_year=None,
        how_to_apply="Meld u aan bij de zorgverzekeraar van de gemeente.",
        source=PW_8,
    ),
)
DEFAULT_CONFIG = SchemeConfig(minima=DEMO_MINIMA)


@dataclass(frozen=True)
class Situation:
    """What the resident told us (amounts in cents). Nothing is guessed: what is not
    known is None, and the rules say what they could not check."""

    peildatum: dt.date
    age: int
    partner: bool = False
    aow: bool = False
    children_ages: tuple[int, ...] = ()
    # Gross yearly income of the household (toetsingsinkomen, with the partner's).
    income_year: int = 0
    # Net monthly income of the household (for bijzondere bijstand and minima).
    net_income_month: int = 0
    rent_month: int | None = None  # kale huur; None: not renting or not told
    savings: int | None = None  # vermogen; None: not told
    special_costs_month: int = 0  # a necessary extra cost, for bijzondere bijstand

    def __post_init__(self) -> None:
        for name in ("income_year", "net_income_month", "special_costs_month"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name}: een bedrag in hele centen van 0 of meer verwacht")
        for name in ("rent_month", "savings"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value < 0):
                raise ValueError(f"{name}: een bedrag in hele centen van 0 of meer verwacht")
        if not 0 <= self.age <= 130 or any(not 0 <= a <= 30 for a in self.children_ages):
            raise ValueError("leeftijd: een leeftijd in jaren verwacht")

    @property
    def leefsituatie(self) -> Leefsituatie:
        if self.aow:
            return Leefsituatie.AOW_GEHUWDEN if self.partner else Leefsituatie.AOW_ALLEENSTAANDE
        if self.partner:
            return Leefsituatie.GEHUWDEN
        return (
            Leefsituatie.ALLEENSTAANDE_OUDER if self.children_ages else Leefsituatie.ALLEENSTAANDE
        )


@dataclass(frozen=True)
class SchemeResult:
    key: str
    name: str
    eligible: bool | None  # None: we cannot tell from what was typed in
    amount_month: int | None  # cents; None: no estimate
    explanation: Explanation
    next_step: str
    sources: tuple[str, ...] = field(default=())

    @property
    def uncertain(self) -> bool:
        return self.explanation.uncertain


def _step(label: str, amount: int, parameter: Parameter | None = None, note: str = "") -> Step:
    if parameter is None:
        return Step(label, amount, note=note)
    return Step(
        label,
        amount,
        source=parameter.cite(),
        uncertain=parameter.uncertain,
        note=" ".join(x for x in (note, parameter.note) if x),
    )


def _check(params: SchemeParameters, day: dt.date) -> None:
    if not params.zorgtoeslag_drempel.applies_on(day):
        raise ParameterUnavailable(f"toeslagen: geen bedragen bekend voor {day.isoformat()}")


def _savings_warning(situation: Situation, limit: Parameter[int]) -> tuple[bool, str]:
    """(over the limit, warning). Unknown savings are not guessed: the result says so."""
    if situation.savings is None:
        return False, (
            f"U heeft uw spaargeld niet ingevuld. U krijgt dit alleen als uw vermogen "
            f"onder {format_euro(limit.value)} ligt."
        )
    if situation.savings > limit.value:
        return True, (
            f"Uw vermogen ({format_euro(situation.savings)}) is hoger dan de grens van "
            f"{format_euro(limit.value)}."
        )
    return False, ""


def _zorgtoeslag_savings_limit(situation: Situation, params: SchemeParameters) -> Parameter[int]:
    """The zorgtoeslag's vermogensgrens, which the kindgebonden budget uses too (Awir)."""
    if situation.partner:
        return params.zorgtoeslag_vermogen_partners
    return params.zorgtoeslag_vermogen_single


def zorgtoeslag(situation: Situation, params: SchemeParameters = PARAMETERS_2026) -> SchemeResult:
    """Wzt art. 2: the maximum minus the afbouw over the income above the drempelinkomen."""
    _check(params, situation.peildatum)
    maximum = (
        params.zorgtoeslag_max_partners if situation.partner else params.zorgtoeslag_max_single
    )
    limit = _zorgtoeslag_savings_limit(situation, params)
    drempel = params.zorgtoeslag_drempel
    steps = [
        _step("Het hoogste bedrag per maand", maximum.value, maximum),
        _step("Uw inkomen per jaar (met uw toeslagpartner)", situation.income_year),
        _step("Het inkomen waarboven de toeslag lager wordt", drempel.value, drempel),
    ]
    over = max(0, situation.income_year - drempel.value)
    # The yearly reduction, per month: excess × percentage / 12, rounded half up.
    reduction = apply_ratio(over, params.zorgtoeslag_afbouw.value / 12)
    steps.append(
        _step(
            f"Minder per maand: {format_percentage(params.zorgtoeslag_afbouw.value)} van "
            f"{format_euro(over)} boven die grens, gedeeld door 12",
            reduction,
            params.zorgtoeslag_afbouw,
        )
    )
    amount = max(0, maximum.value - reduction)
    over_savings, warning = _savings_warning(situation, limit)
    warnings = [w for w in (warning,) if w]
    if situation.age < 18:
        amount, warnings = 0, ["Zorgtoeslag is er vanaf 18 jaar."]
    elif over_savings:
        amount = 0
    steps.append(_step("Geschatte zorgtoeslag per maand", amount))
    eligible = amount > 0
    return SchemeResult(
        key="zorgtoeslag",
        name="Zorgtoeslag",
        eligible=eligible,
        amount_month=amount,
        explanation=Explanation(tuple(steps), tuple(warnings)),
        next_step=(
            "Vraag zorgtoeslag aan bij de Belastingdienst (Mijn toeslagen). Heeft u al "
            "zorgtoeslag? Geef een ander inkomen op tijd door."
            if eligible
            else "U krijgt waarschijnlijk geen zorgtoeslag. Verandert uw inkomen? Kijk dan opnieuw."
        ),
        sources=(WZT.cite(), AWIR_VERMOGEN.cite()),
    )


def huurtoeslag(situation: Situation, params: SchemeParameters = PARAMETERS_2026) -> SchemeResult:
    """Wht: who may be entitled. No amount: the basishuur's 2026 factors are not known here."""
    _check(params, situation.peildatum)
    limit = (
        params.huurtoeslag_vermogen_partners
        if situation.partner
        else params.huurtoeslag_vermogen_single
    )
    steps = []
    warnings = []
    if situation.rent_month is None:
        return SchemeResult(
            key="huurtoeslag",
            name="Huurtoeslag",
            eligible=None,
            amount_month=None,
            explanation=Explanation((), ("U heeft geen huur ingevuld.",)),
            next_step="Huurt u een woning? Vul dan uw kale huur in.",
            sources=(WHT.cite(),),
        )
    steps.append(_step("Uw kale huur per maand", situation.rent_month))
    counted = min(situation.rent_month, params.huurtoeslag_max_rent.value)
    steps.append(_step("Huur die meetelt voor de toeslag", counted, params.huurtoeslag_max_rent))
    over_savings, warning = _savings_warning(situation, limit)
    if warning:
        warnings.append(warning)
    eligible = situation.age >= 18 and not over_savings
    if situation.age < 18:
        warnings.append("Huurtoeslag is er vanaf 18 jaar.")
    warnings.append(
        "Hoeveel u krijgt hangt af van uw inkomen en de basishuur. Dat bedrag rekenen wij "
        "niet uit: doe de proefberekening van de Belastingdienst."
    )
    return SchemeResult(
        key="huurtoeslag",
        name="Huurtoeslag",
        eligible=eligible,
        amount_month=None,
        explanation=Explanation(tuple(steps), tuple(warnings)),
        next_step=(
            f"Doe de proefberekening bij de Belastingdienst ({PROEFBEREKENING}) en vraag "
            "huurtoeslag aan als daar een bedrag uitkomt."
            if eligible
            else "U krijgt waarschijnlijk geen huurtoeslag."
        ),
        sources=(WHT.cite(), AWIR_VERMOGEN.cite()),
    )


def kindgebonden_budget(
    situation: Situation, params: SchemeParameters = PARAMETERS_2026
) -> SchemeResult:
    """Wkb art. 2: an amount per child under 18, more for older children and single
    parents, minus the afbouw over the income above the drempel."""
    _check(params, situation.peildatum)
    children = [a for a in situation.children_ages if a < 18]
    if not children:
        return SchemeResult(
            key="kindgebonden_budget",
            name="Kindgebonden budget",
            eligible=False,
            amount_month=0,
            explanation=Explanation((), ("Er wonen geen kinderen onder de 18 in uw huishouden.",)),
            next_step="Dit is alleen voor ouders met kinderen onder de 18.",
            sources=(WKB.cite(),),
        )
    steps = [
        _step(
            f"{len(children)} × het bedrag per kind per jaar",
            len(children) * params.kgb_per_child.value,
            params.kgb_per_child,
        )
    ]
    # The extras by age: (which ages, how many children, the extra per child).
    extras = [
        ("van 12 tot 16", sum(1 for a in children if 12 <= a <= 15), params.kgb_12_15),
        ("van 16 of 17", sum(1 for a in children if 16 <= a <= 17), params.kgb_16_17),
    ]
    for ages, count, extra in extras:
        if count:
            steps.append(_step(f"Extra voor {count} kind(eren) {ages}", count * extra.value, extra))
    if not situation.partner:
        steps.append(
            _step(
                "Extra omdat u de kinderen alleen opvoedt",
                params.kgb_single_parent.value,
                params.kgb_single_parent,
            )
        )
    total = sum(step.amount_cents for step in steps)  # the steps shown add up to it
    drempel = params.kgb_drempel_partners if situation.partner else params.kgb_drempel_single
    over = max(0, situation.income_year - drempel.value)
    reduction = apply_ratio(over, params.kgb_afbouw.value)
    steps.append(_step("Het inkomen waarboven het bedrag lager wordt", drempel.value, drempel))
    steps.append(
        _step(
            f"Minder per jaar: {format_percentage(params.kgb_afbouw.value)} van "
            f"{format_euro(over)} boven die grens",
            reduction,
            params.kgb_afbouw,
        )
    )
    year = max(0, total - reduction)
    amount = apply_ratio(year, Fraction(1, 12))
    over_savings, warning = _savings_warning(
        situation, _zorgtoeslag_savings_limit(situation, params)
    )
    if over_savings:
        amount = 0
    steps.append(_step("Geschat kindgebonden budget per maand", amount))
    eligible = amount > 0
    return SchemeResult(
        key="kindgebonden_budget",
        name="Kindgebonden budget",
        eligible=eligible,
        amount_month=amount,
        explanation=Explanation(tuple(steps), tuple(w for w in (warning,) if w)),
        next_step=(
            "Krijgt u kinderbijslag? Dan krijgt u dit meestal vanzelf. Zo niet: vraag het aan "
            "bij de Belastingdienst (Mijn toeslagen)."
            if eligible
            else "U krijgt waarschijnlijk geen kindgebonden budget."
        ),
        sources=(WKB.cite(), AWIR_VERMOGEN.cite()),
    )


def _norm(situation: Situation) -> Parameter[int]:
    return bijstandsnorm(situation.leefsituatie, situation.peildatum, allow_stale=True)


def bijzondere_bijstand(
    situation: Situation, config: SchemeConfig = DEFAULT_CONFIG
) -> SchemeResult:
    """Pw art. 35: necessary costs from special circumstances, minus the household's own
    contribution (draagkracht) as the municipality's policy sets it."""
    norm = _norm(situation)
    free = apply_ratio(norm.value, config.draagkracht_free)
    above = max(0, situation.net_income_month - free)
    draagkracht = apply_ratio(above, config.draagkracht_share)
    policy = Parameter(
        "beleid bijzondere bijstand",
        0,
        (config.source,),
        norm.valid_from,
        uncertain=True,
        note="Keuze van de gemeente; vraag het wijkteam naar de regels van uw gemeente.",
    )
    steps = [
        _step("Uw netto inkomen per maand (met uw partner)", situation.net_income_month),
        _step("De bijstandsnorm voor uw situatie", norm.value, norm),
        _step(
            f"Inkomen dat vrij blijft ({format_percentage(config.draagkracht_free)} van de norm)",
            free,
            policy,
        ),
        _step(
            f"Wat u zelf betaalt ({format_percentage(config.draagkracht_share)} van "
            f"{format_euro(above)})",
            draagkracht,
            policy,
        ),
    ]
    help_month = max(0, situation.special_costs_month - draagkracht)
    warnings = []
    if situation.special_costs_month:
        steps.append(_step("Uw bijzondere kosten per maand", situation.special_costs_month))
        steps.append(_step("Wat de gemeente misschien vergoedt per maand", help_month))
        eligible: bool | None = help_month > 0
    else:
        warnings.append("U heeft geen bijzondere kosten ingevuld.")
        eligible = None
    return SchemeResult(
        key="bijzondere_bijstand",
        name="Bijzondere bijstand",
        eligible=eligible,
        amount_month=help_month if situation.special_costs_month else None,
        explanation=Explanation(tuple(steps), tuple(warnings)),
        next_step=(
            "Heeft u kosten die u niet kunt betalen, zoals een bril, een bed of reiskosten "
            "naar het ziekenhuis? Vraag bijzondere bijstand aan bij de gemeente, vóórdat u "
            "de kosten maakt."
        ),
        sources=(PW_35.cite(), config.source.cite()),
    )


def minima(situation: Situation, config: SchemeConfig = DEFAULT_CONFIG) -> list[SchemeResult]:
    """The municipality's own schemes: each open up to a share of the bijstandsnorm."""
    norm = _norm(situation)
    results = []
    for scheme in config.minima:
        limit = apply_ratio(norm.value, scheme.threshold)
        eligible = situation.net_income_month <= limit
        steps = (
            _step("Uw netto inkomen per maand (met uw partner)", situation.net_income_month),
            _step("De bijstandsnorm voor uw situatie", norm.value, norm),
            _step(
                f"Inkomensgrens ({format_percentage(scheme.threshold)} van de norm)",
                limit,
                Parameter(
                    scheme.name, limit, (scheme.source,), norm.valid_from, uncertain=norm.uncertain
                ),
            ),
        )
        amount = (
            apply_ratio(scheme.amount_per_year, Fraction(1, 12))
            if eligible and scheme.amount_per_year is not None
            else (0 if not eligible else None)
        )
        results.append(
            SchemeResult(
                key=f"minima_{scheme.key}",
                name=scheme.name,
                eligible=eligible,
                amount_month=amount,
                explanation=Explanation(steps, (scheme.what,)),
                next_step=scheme.how_to_apply if eligible else "Uw inkomen is hoger dan de grens.",
                sources=(scheme.source.cite(),),
            )
        )
    return results


def check_all(
    situation: Situation,
    params: SchemeParameters = PARAMETERS_2026,
    config: SchemeConfig = DEFAULT_CONFIG,
) -> list[SchemeResult]:
    """Every scheme for one household, in the order a resident reads them."""
    return [
        zorgtoeslag(situation, params),
        huurtoeslag(situation, params),
        kindgebonden_budget(situation, params),
        bijzondere_bijstand(situation, config),
        *minima(situation, config),
    ]
