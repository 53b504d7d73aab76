"""Who may open which page: a small decorator on top of the roles.

A view behind it reads who acts from `actor_of(request)` (core/actor.py): the one typed view
of an authenticated request (its user, the access point, on whose behalf).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .actor import actor_of

View = Callable[..., HttpResponse]


def role_required(*roles: str) -> Callable[[View], View]:
    """Logged in, and one of `roles`; anyone else gets the plain-Dutch 403 page."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if actor_of(request).role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
