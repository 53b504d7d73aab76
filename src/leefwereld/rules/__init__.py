"""Legal rules of the social domain as pure Python (no Django).

Each rule cites its source and validity date next to the code; the figures are
dated parameters (:mod:`leefwereld.rules.parameters`). See docs/rules.md.

Public API, grouped:

* calendar: :func:`is_working_day`, :func:`add_working_days`,
  :func:`working_days_between`, :func:`holidays`, :func:`atw_extend`;
* deadlines: :data:`RULES`, :func:`compute_deadline`, :func:`deadline_status`
  and the named helpers (:func:`bezwaartermijn_einde`, …);
* capacity: :class:`Household`, :func:`payment_capacity`,
  :func:`payment_capacity_batch`;
* settlement: :func:`settlement_offer`, :func:`split_offer`,
  :func:`forgiveness`.
"""

from leefwereld.rules.calendar import (
    add_working_days,
    atw_extend,
    easter_sunday,
    gelijkgestelde_dagen_bekend,
    holidays,
    is_holiday,
    is_working_day,
    koningsdag,
    next_working_day,
    working_days_between,
)
from leefwereld.rules.capacity import (
    CapacityArrays,
    CapacityResult,
    Household,
    afloscapaciteit,
    beslagvrije_voet,
    encode_leefsituaties,
    payment_capacity,
    payment_capacity_batch,
)
from leefwereld.rules.deadlines import (
    RULES,
    Deadline,
    DeadlineResult,
    DeadlineStatus,
    RuleNotInForce,
    beslissing_op_bezwaar_deadline,
    beslistermijn,
    bezwaartermijn_einde,
    compute_deadline,
    deadline_status,
    klacht_deadline,
    moratorium_einde,
    wgs_eerste_gesprek_deadline,
    wmo_beschikking_deadline,
    wmo_onderzoek_deadline,
    wmo_persoonlijk_plan_deadline,
)
from leefwereld.rules.money import format_euro
from leefwereld.rules.parameters import (
    DEFAULT_CAPACITY_CONFIG,
    CapacityConfig,
    Leefsituatie,
    aflostermijn,
    bijstandsnorm,
)
from leefwereld.rules.settlement import (
    Forgiveness,
    SettlementOffer,
    creditor_percentage,
    default_term_months,
    forgiveness,
    settlement_offer,
    split_offer,
)
from leefwereld.rules.sources import Explanation, Parameter, ParameterUnavailable, Source, Step

__all__ = [
    "DEFAULT_CAPACITY_CONFIG",
    "RULES",
    "CapacityArrays",
    "CapacityConfig",
    "CapacityResult",
    "Deadline",
    "DeadlineResult",
    "DeadlineStatus",
    "Explanation",
    "Forgiveness",
    "Household",
    "Leefsituatie",
    "Parameter",
    "ParameterUnavailable",
    "RuleNotInForce",
    "SettlementOffer",
    "Source",
    "Step",
    "add_working_days",
    "afloscapaciteit",
    "aflostermijn",
    "atw_extend",
    "beslagvrije_voet",
    "beslissing_op_bezwaar_deadline",
    "beslistermijn",
    "bezwaartermijn_einde",
    "bijstandsnorm",
    "compute_deadline",
    "creditor_percentage",
    "deadline_status",
    "default_term_months",
    "easter_sunday",
    "encode_leefsituaties",
    "forgiveness",
    "format_euro",
    "gelijkgestelde_dagen_bekend",
    "holidays",
    "is_holiday",
    "is_working_day",
    "klacht_deadline",
    "koningsdag",
    "moratorium_einde",
    "next_working_day",
    "payment_capacity",
    "payment_capacity_batch",
    "settlement_offer",
    "split_offer",
    "wgs_eerste_gesprek_deadline",
    "wmo_beschikking_deadline",
    "wmo_onderzoek_deadline",
    "wmo_persoonlijk_plan_deadline",
    "working_days_between",
]
