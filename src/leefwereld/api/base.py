"""The one base of every API view: it builds the call's `Actor` after DRF authenticated it.

Token users are only known inside DRF, so the page middleware cannot build their actor.
`ActorAPIMixin.initial()` does, with the operation (`GET /api/v1/…`) as the access point
and the `X-On-Behalf-Of` header (a colleague's user name) as on whose behalf.

It also reads the id in the path once, for every view: `/x/abc/`, `/x/²/` or an id beyond
the bigint range is a 404 before any look-up (Django's `get_object_or_404` would raise a
ValueError or send the number to the database). A view whose ids are not numbers (the
vault's records: UUIDs) overrides `parse_lookup`.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotFound, ParseError
from rest_framework.request import Request

from leefwereld.core.actor import Actor
from leefwereld.core.models import User
from leefwereld.core.numbers import parse_id

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
    # Any id up to the next slash reaches the view (and gets a JSON 404 there if it is no
    # id); DRF's default also stops at a dot, which would give Django's HTML 404.
    lookup_value_regex = "[^/]+"

    def parse_lookup(self, value: str) -> object | None:
        """The id in the path, or None if it cannot name an object (→ 404)."""
        return parse_id(value)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if request.user.is_authenticated:
            self.actor = actor_for_api(request)
            request._request.actor = self.actor  # type: ignore[attr-defined]
        lookup = getattr(self, "lookup_url_kwarg", None) or getattr(self, "lookup_field", "pk")
        if lookup in kwargs and self.parse_lookup(str(kwargs[lookup])) is None:
            raise NotFound
