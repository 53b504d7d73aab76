from typing import Any

from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    return {"second_factor_off": not settings.LEEFWERELD_REQUIRE_SECOND_FACTOR}
