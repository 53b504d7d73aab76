"""Dated parameter tables for the rules: bijstandsnormen, BVV/VTLB settings, terms."""

from leefwereld.rules.parameters.bijstandsnormen import (
    LEEFSITUATIE_CODES,
    LEEFSITUATIE_LABELS,
    NORM_TABLES,
    Leefsituatie,
    NormTable,
    bijstandsnorm,
    norm_table,
)
from leefwereld.rules.parameters.capacity import (
    AFLOSTERMIJNEN,
    BVV_PERCENTAGES,
    DEFAULT_CAPACITY_CONFIG,
    MAX_TERMIJN_NIHS,
    CapacityConfig,
    aflostermijn,
    bvv_percentage,
)

__all__ = [
    "AFLOSTERMIJNEN",
    "BVV_PERCENTAGES",
    "DEFAULT_CAPACITY_CONFIG",
    "LEEFSITUATIE_CODES",
    "LEEFSITUATIE_LABELS",
    "MAX_TERMIJN_NIHS",
    "NORM_TABLES",
    "CapacityConfig",
    "Leefsituatie",
    "NormTable",
    "aflostermijn",
    "bijstandsnorm",
    "bvv_percentage",
    "norm_table",
]
