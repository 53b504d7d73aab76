"""Log reads of the basic registration through the core API (NEN 7513).

`/api/v1/residents/` and `/api/v1/households/` show BSNs, names and addresses. Add this
mixin in front of their viewsets and every resident shown gets one access-log row, in
one INSERT per page:

    class ResidentViewSet(AuditBasicRegistrationReads, viewsets.ReadOnlyModelViewSet): ...
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from leefwereld.core.models import Household, Resident
from leefwereld.vault.access import log_basic_registration_read


def residents_in(objects: Iterable[Any]) -> list[Resident]:
    """The residents shown by a page of residents or households (members prefetched)."""
    shown: list[Resident] = []
    for obj in objects:
        if isinstance(obj, Resident):
            shown.append(obj)
        elif isinstance(obj, Household):
            shown.extend(obj.members.all())
    return shown


class AuditBasicRegistrationReads:
    def _audit(self, objects: Iterable[Any]) -> None:
        request = self.request  # type: ignore[attr-defined]
        log_basic_registration_read(
            request.user, residents_in(objects), f"{request.method} {request.path}"
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)  # type: ignore[misc]
        self._audit(page if page is not None else queryset)
        return page

    def get_object(self):
        obj = super().get_object()  # type: ignore[misc]
        self._audit([obj])
        return obj
