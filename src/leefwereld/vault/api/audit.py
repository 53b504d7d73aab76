"""Log reads of the basic registration through the core API (NEN 7513).

`/api/v1/residents/` and `/api/v1/households/` show BSNs, names and addresses. The mixin in
front of their viewsets gives every resident shown one access-log row, in one INSERT per
page, naming the grant, legal basis or break-glass that put them in the caller's caseload:

    class ResidentViewSet(AuditBasicRegistrationReads, viewsets.ReadOnlyModelViewSet): ...
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from leefwereld.core.models import Household, Resident
from leefwereld.vault.access import (
    Authorisation,
    Basis,
    caseload_bases,
    log_basic_registration_read,
)


def residents_in(objects: Iterable[Any]) -> list[Resident]:
    """The residents shown by a page of residents or households (members prefetched)."""
    shown: list[Resident] = []
    for obj in objects:
        if isinstance(obj, Resident):
            shown.append(obj)
        elif isinstance(obj, Household):
            shown.extend(obj.members.all())
    return shown


def _with_household_members(
    objects: Iterable[Any], bases: dict[int, list[Basis]]
) -> dict[int, list[Basis]]:
    """A household is shown because one member has a basis; the others' rows say that
    they were shown as members of that household."""
    for obj in objects:
        if isinstance(obj, Household):
            members = list(obj.members.all())
            if any(bases.get(m.pk) for m in members):
                for m in members:
                    if not bases.get(m.pk):
                        bases[m.pk] = [Basis(Authorisation.HOUSEHOLD, m.pk, frozenset(), False, "")]
    return bases


class AuditBasicRegistrationReads:
    def _audit(self, objects: Iterable[Any]) -> None:
        request = self.request  # type: ignore[attr-defined]
        objects = list(objects)
        residents = residents_in(objects)
        bases = _with_household_members(objects, caseload_bases(request.user, residents))
        log_basic_registration_read(
            request.user,
            residents,
            f"{request.method} {request.path}",
            bases_by_resident=bases,
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)  # type: ignore[misc]
        self._audit(page if page is not None else queryset)
        return page

    def get_object(self):
        obj = super().get_object()  # type: ignore[misc]
        self._audit([obj])
        return obj
