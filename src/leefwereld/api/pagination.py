"""Pages of a list: `limit` (1 to MAX_LIMIT) and `offset` (0 to the bigint limit).

DRF's LimitOffsetPagination has no upper bound on `limit` unless one is set, reads any
number of digits and ignores what it cannot read. Here a value that is not a whole number
within its bounds is a 400 naming the parameter, so `?limit=10**30` neither loads the
whole table nor reaches the database as an out-of-range OFFSET.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from leefwereld.core.numbers import BIGINT_MAX, NumberError, parse_int

MAX_LIMIT = 200


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def _read(self, request: Request, name: str, minimum: int, maximum: int) -> int | None:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return None
        try:
            return parse_int(raw, name, minimum=minimum, maximum=maximum)
        except NumberError as error:
            raise ValidationError({name: [str(error)]}) from error

    def get_limit(self, request: Request) -> int | None:
        limit = self._read(request, self.limit_query_param, 1, self.max_limit)
        return self.default_limit if limit is None else limit

    def get_offset(self, request: Request) -> int:
        offset = self._read(request, self.offset_query_param, 0, BIGINT_MAX)
        return offset or 0

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": self.max_limit},
            self.offset_query_param: {"minimum": 0, "maximum": BIGINT_MAX},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
