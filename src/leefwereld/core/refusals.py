"""One way to turn a verb's refusal into what the user sees.

Verbs in `services.py` refuse with Django's `ValidationError` (bad input, a rule that
blocks) or `PermissionDenied` (no right to act). Pages show that on the form field it names
or as a message; the API answers 400 or 403 through `api_exception_handler` (set as DRF's
EXCEPTION_HANDLER), so no view catches and translates by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest


def on_form(form, error: ValidationError) -> None:
    """Put a verb's ValidationError on the form field it names (or on the whole form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def as_messages(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    """Show a refusal as error messages on the next page."""
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    for text in texts:
        if text:
            messages.error(request, text)


def act(request: HttpRequest, action: Callable[[], Any], success: str = "") -> bool:
    """Run a verb for a POST-and-redirect page: success message, or the refusal as
    messages. Returns whether it succeeded."""
    try:
        action()
    except (ValidationError, PermissionDenied) as error:
        as_messages(request, error)
        return False
    if success:
        messages.success(request, success)
    return True


def api_exception_handler(exc: Exception, context: dict[str, Any]):
    """DRF's handler, after turning Django's refusals into DRF's 400 and 403."""
    from rest_framework import exceptions
    from rest_framework.views import exception_handler

    if isinstance(exc, ValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, PermissionDenied) and not isinstance(exc, exceptions.PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return exception_handler(exc, context)
