"""Optimistic locking: two people editing the same thing never overwrite each other silently.

An edit form carries the version it was rendered with (a hidden field). Saving raises the
version by one *only if* it is still the one the form saw (`UPDATE … SET version = version
+ 1 WHERE pk = … AND version = N`, or a row locked with select_for_update and compared);
otherwise the save is refused with `StaleEdit` and the page shows the form again with what
the person typed.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe versie en probeer het opnieuw."
)


class StaleEdit(ValidationError):
    """The form was made from an older version than the one saved now."""

    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE, code="stale")


def is_stale(error: ValidationError) -> bool:
    return isinstance(error, StaleEdit) or getattr(error, "code", None) == "stale"


def check_version(current: int, expected: int | None) -> None:
    """For a row already locked (select_for_update): refuse when the form saw another version."""
    if expected is not None and current != expected:
        raise StaleEdit()


def bump_version(queryset: QuerySet, expected: int | None, field: str = "version") -> None:
    """Raise the version of the one row in `queryset` by one, atomically; when `expected`
    is given, only if the row still has that version (else StaleEdit)."""
    if expected is not None:
        queryset = queryset.filter(**{field: expected})
    if queryset.update(**{field: F(field) + 1}) != 1:
        raise StaleEdit()


class VersionField(forms.IntegerField):
    """The hidden version an edit form was rendered with."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
