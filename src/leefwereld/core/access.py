"""Who may open which page: small decorators on top of the roles."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import User

View = Callable[..., HttpResponse]


def current_user(request: HttpRequest) -> User:
    """The logged-in user of a view behind login_required/role_required."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def role_required(*roles: str) -> Callable[[View], View]:
    """Logged in, and one of `roles`; anyone else gets the plain-Dutch 403 page."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if current_user(request).role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
