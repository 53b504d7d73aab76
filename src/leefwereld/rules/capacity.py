"""Payment capacity: beslagvrije voet (BVV), vrij te laten bedrag (VTLB) and
afloscapaciteit, per household and for all households at once.

The calculation (all amounts per month, integer cents, rounding half up where a
percentage is applied, see :mod:`leefwereld.rules.money`):

1. ``bijstandsnorm``: the net norm incl. vakantietoeslag of the household's
   leefsituatie, from the table valid on the peildatum
   (:mod:`leefwereld.rules.parameters.bijstandsnormen`);
2. ``basis = 95 % × bijstandsnorm`` (Rv art. 475da, since 2021-01-01; 90 %
   before);
3. ``+ woonkostencorrectie`` and ``+ zorgcorrectie`` when configured (both
   unconfirmed, off by default: see :class:`CapacityConfig`);
4. ``beslagvrije_voet = min(basis + correcties, netto_inkomen)``;
5. ``vrij_te_laten_bedrag = basis + correcties + reserveringstoeslag +
   arbeidstoeslag + extra correcties`` (Recofa method; its toeslagen are
   unconfirmed parameters);
6. ``afloscapaciteit = max(0, netto_inkomen − vrij_te_laten_bedrag)``.

``netto_inkomen`` is the household's attachable net income: leave out
zorgtoeslag, huurtoeslag, kindgebonden budget and kinderbijslag, which cannot
be attached (Awir art. 45 for toeslagen).

:func:`payment_capacity` returns the figures with a step-by-step explanation in
plain Dutch; :func:`payment_capacity_batch` computes the same figures for NumPy
arrays of households with the same integer arithmetic, so both agree to the
cent (tested as a property).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from leefwereld.rules.money import apply_ratio, apply_ratio_array, format_euro, format_percentage
from leefwereld.rules.parameters.bijstandsnormen import (
    LEEFSITUATIE_CODES,
    LEEFSITUATIE_LABELS,
    Leefsituatie,
    bijstandsnorm,
)
from leefwereld.rules.parameters.capacity import (
    DEFAULT_CAPACITY_CONFIG,
    RV_475DA,
    CapacityConfig,
    bvv_percentage,
)
from leefwereld.rules.sources import Explanation, ParameterUnavailable, Step

IntArray = npt.NDArray[np.int64]

MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def format_date_nl(day: dt.date) -> str:
    """``1 juli 2025``."""
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


@dataclass(frozen=True, slots=True)
class Household:
    """The inputs of the capacity calculation for one household, per month in cents."""

    leefsituatie: Leefsituatie
    netto_inkomen: int
    woonkosten: int = 0
    huurtoeslag: int = 0
    zorgpremie: int = 0
    zorgtoeslag: int = 0
    inkomen_uit_arbeid: bool = False
    # Extra VTLB corrections set by the schuldhulpverlener or rechter-commissaris,
    # as (omschrijving, bedrag in cents).
    extra_correcties: tuple[tuple[str, int], ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("netto_inkomen", "woonkosten", "huurtoeslag", "zorgpremie", "zorgtoeslag"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"{name}: een bedrag in hele centen verwacht, kreeg {value!r}")
            if value < 0:
                raise ValueError(f"{name}: een bedrag kan niet negatief zijn ({value})")
        for label, amount in self.extra_correcties:
            if amount < 0:
                raise ValueError(
                    f"extra_correcties[{label!r}]: een correctie kan niet negatief zijn"
                )


@dataclass(frozen=True, slots=True)
class CapacityResult:
    peildatum: dt.date
    bijstandsnorm: int
    beslagvrije_voet: int
    vrij_te_laten_bedrag: int
    afloscapaciteit: int
    explanation: Explanation

    @property
    def uncertain(self) -> bool:
        """True when any figure used is unconfirmed (see the explanation's notes)."""
        return self.explanation.uncertain


def payment_capacity(
    household: Household,
    peildatum: dt.date,
    config: CapacityConfig = DEFAULT_CAPACITY_CONFIG,
    *,
    allow_stale: bool = False,
) -> CapacityResult:
    """BVV, VTLB and afloscapaciteit of one household on ``peildatum``, with explanation.

    ``allow_stale`` lets a peildatum after the last known norm table use the most
    recent earlier norm (marked uncertain); otherwise ParameterUnavailable is raised.
    """
    steps: list[Step] = []
    label = LEEFSITUATIE_LABELS[household.leefsituatie]

    norm_p = bijstandsnorm(household.leefsituatie, peildatum, allow_stale=allow_stale)
    norm = norm_p.value
    steps.append(
        Step(
            f"Bijstandsnorm {label} ({format_date_nl(norm_p.valid_from)})",
            norm,
            norm_p.cite(),
            norm_p.uncertain,
            norm_p.note,
        )
    )

    pct_p = bvv_percentage(peildatum)
    basis = apply_ratio(norm, pct_p.value)
    steps.append(Step(f"{format_percentage(pct_p.value)} daarvan", basis, pct_p.cite()))

    woon = _woonkostencorrectie(household, config, steps)
    zorg = _zorgcorrectie(household, config, steps)

    bvv_uncapped = basis + woon + zorg
    bvv = min(bvv_uncapped, household.netto_inkomen)
    if bvv < bvv_uncapped:
        steps.append(
            Step(
                f"Beslagvrije voet, niet hoger dan uw inkomen van "
                f"{format_euro(household.netto_inkomen)}",
                bvv,
                RV_475DA.cite(),
            )
        )
    else:
        steps.append(Step("Beslagvrije voet", bvv, RV_475DA.cite()))

    vtlb = bvv_uncapped
    reserv_p = config.reserveringstoeslag
    if reserv_p.value is not None:
        reserv = apply_ratio(norm, reserv_p.value)
        vtlb += reserv
        steps.append(
            Step(
                f"Reserveringstoeslag ({format_percentage(reserv_p.value)} van de bijstandsnorm)",
                reserv,
                reserv_p.cite(),
                reserv_p.uncertain,
                reserv_p.note,
            )
        )
    else:
        steps.append(_not_applied("Reserveringstoeslag", reserv_p.cite(), reserv_p.note))

    arbeid_p = config.arbeidstoeslag
    if household.inkomen_uit_arbeid:
        if arbeid_p.value is not None:
            vtlb += arbeid_p.value
            steps.append(
                Step(
                    "Arbeidstoeslag",
                    arbeid_p.value,
                    arbeid_p.cite(),
                    arbeid_p.uncertain,
                    arbeid_p.note,
                )
            )
        else:
            steps.append(_not_applied("Arbeidstoeslag", arbeid_p.cite(), arbeid_p.note))

    for omschrijving, bedrag in household.extra_correcties:
        vtlb += bedrag
        steps.append(
            Step(f"Correctie: {omschrijving}", bedrag, "opgegeven door de schuldhulpverlener")
        )

    steps.append(Step("Vrij te laten bedrag (vtlb)", vtlb, "Recofa-rekenmethode vtlb"))
    steps.append(Step("Uw inkomen", household.netto_inkomen, "opgave inkomen"))
    capacity = max(0, household.netto_inkomen - vtlb)
    steps.append(
        Step(
            "Afloscapaciteit: inkomen min vrij te laten bedrag, nooit minder dan € 0,00",
            capacity,
            "Recofa-rekenmethode vtlb",
        )
    )
    return CapacityResult(
        peildatum=peildatum,
        bijstandsnorm=norm,
        beslagvrije_voet=bvv,
        vrij_te_laten_bedrag=vtlb,
        afloscapaciteit=capacity,
        explanation=Explanation(steps=tuple(steps)),
    )


def beslagvrije_voet(
    household: Household,
    peildatum: dt.date,
    config: CapacityConfig = DEFAULT_CAPACITY_CONFIG,
    *,
    allow_stale: bool = False,
) -> int:
    """The beslagvrije voet in cents (see :func:`payment_capacity` for the explanation)."""
    return payment_capacity(household, peildatum, config, allow_stale=allow_stale).beslagvrije_voet


def afloscapaciteit(
    household: Household,
    peildatum: dt.date,
    config: CapacityConfig = DEFAULT_CAPACITY_CONFIG,
    *,
    allow_stale: bool = False,
) -> int:
    """Income minus VTLB, never negative, in cents."""
    return payment_capacity(household, peildatum, config, allow_stale=allow_stale).afloscapaciteit


def _config_uncertain(config: CapacityConfig, *, working: bool) -> bool:
    """Whether the configured corrections make a result uncertain (as the explanation does).

    A correction that is switched off for lack of a confirmed value is itself an
    uncertainty: the true figure may be higher.
    """
    if working:
        return config.arbeidstoeslag.uncertain or config.arbeidstoeslag.value is None
    woon = config.woonkosten_drempel
    woon_uncertain = woon.uncertain or woon.value is None
    if woon.value is not None:
        woon_uncertain |= config.woonkosten_max_verhoging.uncertain
    zorg = config.zorgpremie_in_norm
    reserv = config.reserveringstoeslag
    return (
        woon_uncertain
        or zorg.uncertain
        or zorg.value is None
        or reserv.uncertain
        or reserv.value is None
    )


def _not_applied(name: str, source: str, note: str) -> Step:
    return Step(f"{name}: niet toegepast (waarde niet vastgesteld)", 0, source, True, note)


def _woonkostencorrectie(household: Household, config: CapacityConfig, steps: list[Step]) -> int:
    drempel_p = config.woonkosten_drempel
    if drempel_p.value is None:
        steps.append(_not_applied("Woonkostencorrectie", drempel_p.cite(), drempel_p.note))
        return 0
    netto_woonkosten = max(0, household.woonkosten - household.huurtoeslag)
    correctie = max(0, netto_woonkosten - drempel_p.value)
    max_p = config.woonkosten_max_verhoging
    if max_p.value is not None:
        correctie = min(correctie, max_p.value)
    steps.append(
        Step(
            f"Woonkostencorrectie: woonkosten na huurtoeslag ({format_euro(netto_woonkosten)}) "
            f"boven {format_euro(drempel_p.value)}",
            correctie,
            drempel_p.cite(),
            drempel_p.uncertain or max_p.uncertain,
            drempel_p.note,
        )
    )
    return correctie


def _zorgcorrectie(household: Household, config: CapacityConfig, steps: list[Step]) -> int:
    norm_p = config.zorgpremie_in_norm
    if norm_p.value is None:
        steps.append(_not_applied("Zorgcorrectie", norm_p.cite(), norm_p.note))
        return 0
    correctie = max(0, household.zorgpremie - household.zorgtoeslag - norm_p.value)
    steps.append(
        Step(
            f"Zorgcorrectie: zorgpremie {format_euro(household.zorgpremie)} min zorgtoeslag "
            f"{format_euro(household.zorgtoeslag)} min {format_euro(norm_p.value)} in de norm",
            correctie,
            norm_p.cite(),
            norm_p.uncertain,
            norm_p.note,
        )
    )
    return correctie


# --- batch -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CapacityArrays:
    """Per-household results of :func:`payment_capacity_batch`, aligned with the inputs."""

    peildatum: dt.date
    bijstandsnorm: IntArray
    beslagvrije_voet: IntArray
    vrij_te_laten_bedrag: IntArray
    afloscapaciteit: IntArray
    uncertain: npt.NDArray[np.bool_]  # per household: a figure used is unconfirmed


def encode_leefsituaties(situaties: Sequence[Leefsituatie]) -> npt.NDArray[np.int8]:
    """Integer codes for :func:`payment_capacity_batch` (index in LEEFSITUATIE_CODES)."""
    index = {situatie: code for code, situatie in enumerate(LEEFSITUATIE_CODES)}
    return np.fromiter((index[s] for s in situaties), dtype=np.int8, count=len(situaties))


def _as_cents(name: str, values: npt.ArrayLike | None, n: int) -> IntArray:
    if values is None:
        return np.zeros(n, dtype=np.int64)
    array = np.asarray(values)
    if array.shape != (n,):
        raise ValueError(f"{name}: verwacht {n} waarden, kreeg vorm {array.shape}")
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name}: bedragen in hele centen (integers) verwacht")
    if n and array.min() < 0:
        raise ValueError(f"{name}: bedragen kunnen niet negatief zijn")
    return array.astype(np.int64, copy=False)


def payment_capacity_batch(
    leefsituatie_codes: npt.ArrayLike,
    netto_inkomen: npt.ArrayLike,
    peildatum: dt.date,
    config: CapacityConfig = DEFAULT_CAPACITY_CONFIG,
    *,
    woonkosten: npt.ArrayLike | None = None,
    huurtoeslag: npt.ArrayLike | None = None,
    zorgpremie: npt.ArrayLike | None = None,
    zorgtoeslag: npt.ArrayLike | None = None,
    inkomen_uit_arbeid: npt.ArrayLike | None = None,
    extra_correcties: npt.ArrayLike | None = None,
    allow_stale: bool = False,
) -> CapacityArrays:
    """The same calculation as :func:`payment_capacity` for many households at once.

    ``leefsituatie_codes`` are indexes into LEEFSITUATIE_CODES (see
    :func:`encode_leefsituaties`); amounts are int arrays in cents;
    ``extra_correcties`` is the per-household sum of the extra VTLB corrections.
    """
    codes = np.asarray(leefsituatie_codes)
    n = codes.shape[0]
    if codes.shape != (n,) or not np.issubdtype(codes.dtype, np.integer):
        raise TypeError("leefsituatie_codes: een 1-dimensionale integer-array verwacht")
    if n and (codes.min() < 0 or codes.max() >= len(LEEFSITUATIE_CODES)):
        raise ValueError("leefsituatie_codes: onbekende code")
    income = _as_cents("netto_inkomen", netto_inkomen, n)
    housing = _as_cents("woonkosten", woonkosten, n)
    rent_benefit = _as_cents("huurtoeslag", huurtoeslag, n)
    premium = _as_cents("zorgpremie", zorgpremie, n)
    care_benefit = _as_cents("zorgtoeslag", zorgtoeslag, n)
    extra = _as_cents("extra_correcties", extra_correcties, n)
    working = (
        np.zeros(n, dtype=bool)
        if inkomen_uit_arbeid is None
        else np.asarray(inkomen_uit_arbeid, dtype=bool)
    )

    # Norm per situation code; a situation without a known norm fails only if used.
    present = set(np.unique(codes).tolist())
    norm_by_code = np.zeros(len(LEEFSITUATIE_CODES), dtype=np.int64)
    norm_uncertain_by_code = np.zeros(len(LEEFSITUATIE_CODES), dtype=bool)
    for code, situatie in enumerate(LEEFSITUATIE_CODES):
        if code not in present:
            continue
        parameter = bijstandsnorm(situatie, peildatum, allow_stale=allow_stale)
        norm_by_code[code] = parameter.value
        norm_uncertain_by_code[code] = parameter.uncertain
    norm = norm_by_code[codes]
    uncertain = (
        norm_uncertain_by_code[codes]
        | _config_uncertain(config, working=False)
        | (working & _config_uncertain(config, working=True))
    )

    pct = bvv_percentage(peildatum).value
    bvv_uncapped = apply_ratio_array(norm, pct)

    drempel = config.woonkosten_drempel.value
    if drempel is not None:
        woon = np.maximum(0, np.maximum(0, housing - rent_benefit) - drempel)
        cap = config.woonkosten_max_verhoging.value
        if cap is not None:
            woon = np.minimum(woon, cap)
        bvv_uncapped = bvv_uncapped + woon
    in_norm = config.zorgpremie_in_norm.value
    if in_norm is not None:
        bvv_uncapped = bvv_uncapped + np.maximum(0, premium - care_benefit - in_norm)

    bvv = np.minimum(bvv_uncapped, income)
    vtlb = bvv_uncapped.copy()
    reserv = config.reserveringstoeslag.value
    if reserv is not None:
        vtlb += apply_ratio_array(norm, reserv)
    arbeid = config.arbeidstoeslag.value
    if arbeid is not None:
        vtlb += np.where(working, arbeid, 0)
    vtlb += extra
    capacity = np.maximum(0, income - vtlb)
    return CapacityArrays(
        peildatum=peildatum,
        bijstandsnorm=norm,
        beslagvrije_voet=bvv,
        vrij_te_laten_bedrag=vtlb,
        afloscapaciteit=capacity,
        uncertain=uncertain,
    )


__all__ = [
    "CapacityArrays",
    "CapacityResult",
    "Household",
    "ParameterUnavailable",
    "afloscapaciteit",
    "beslagvrije_voet",
    "encode_leefsituaties",
    "format_date_nl",
    "payment_capacity",
    "payment_capacity_batch",
]
