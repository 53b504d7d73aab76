"""The one base of every API view: it builds the call's `Actor` after DRF authenticated it.

Token users are only known inside DRF, so the page middleware cannot build their actor.
`ActorAPIMixin.initial()` does, with the operation (`GET /api/v1/…`) as the access point
and the `X-On-Behalf-Of` header (a colleague's user name) as on whose behalf.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.request import Request

from leefwereld.core.actor import Actor
from leefwereld.core.models import User

ON_BEHALF_OF_HEADER = "X-On-Behalf-Of"


def actor_for_api(request: Request) -> Actor:
    user = request.user
    assert isinstance(user, User)  # IsAuthenticated ran before initial() returns
    on_behalf_of = None
    username = request.headers.get(ON_BEHALF_OF_HEADER)
    if username:
        on_behalf_of = User.objects.filter(username=username, is_active=True).first()
        if on_behalf_of is None:
            raise ParseError(f"{ON_BEHALF_OF_HEADER} names no active user.")
    return Actor(user, f"{request.method} {request.path}", on_behalf_of)


class ActorAPIMixin:
    """Put first in the bases of every API view: `self.actor` / `request.actor`."""

    actor: Actor

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if request.user.is_authenticated:
            self.actor = actor_for_api(request)
            request._request.actor = self.actor  # type: ignore[attr-defined]
