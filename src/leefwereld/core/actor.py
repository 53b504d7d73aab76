"""Who is acting, where, and for whom: one immutable `Actor` per request or job.

Every read of personal data and every state-changing verb takes an `Actor` first
(`verb(actor, obj, …)`). It carries what the NEN 7513 access log needs and what no caller
should have to thread by hand:

* `user` — the account that acts;
* `access_point` — where: a page's URL name (`vault:resident_records`), an API operation
  (`GET /api/v1/vault/records/`) or a job (`job:debts_escalate`);
* `on_behalf_of` — the colleague a user works for (the API's `X-On-Behalf-Of` header);
  the access log then names that colleague as the responsible user.

Pages get theirs from `ActorMiddleware` (`request.actor`), API views from
`leefwereld.api.base.ActorAPIMixin`, jobs and the demo from `Actor.system(...)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:
    from .models import User


@dataclass(frozen=True)
class Actor:
    user: User
    access_point: str
    on_behalf_of: User | None = None

    @classmethod
    def system(cls, job: str, user: User) -> Actor:
        """A scheduled job, a management command or the demo builder acting as `user`."""
        return cls(user=user, access_point=f"job:{job}")

    @classmethod
    def for_request(cls, request: HttpRequest) -> Actor:
        """The actor of a page request: its URL name is the access point."""
        from .models import User

        user = request.user
        if not isinstance(user, User) or not user.is_authenticated:
            raise PermissionDenied
        match = request.resolver_match
        return cls(user=user, access_point=match.view_name if match else request.path)

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def responsible(self) -> User:
        """Who answers for the access: the colleague acted for, or the user."""
        return self.on_behalf_of or self.user

    def at(self, access_point: str) -> Actor:
        """The same actor at another access point (a job step, a sub-page)."""
        return Actor(self.user, access_point, self.on_behalf_of)

    def __str__(self) -> str:
        return f"{self.user} @ {self.access_point}"


def actor_of(request: HttpRequest) -> Actor:
    """The request's actor (set by ActorMiddleware or the API base); 403 when anonymous."""
    actor = getattr(request, "actor", None)
    if actor is None:
        actor = Actor.for_request(request)
        request.actor = actor  # type: ignore[attr-defined]
    return actor
