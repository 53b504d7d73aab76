"""The basic registration (BSN, names, birth date, address, household) behind the vault's door.

Who sees whose basic registration (docs/adr/0011-basic-registration-needs-a-basis.md,
docs/vault.md §6):

* a **resident** sees their own household and the residents they legally represent;
* **professionals, team leads, debt officers, the ombudsman and network members** see their
  *caseload*: the residents they hold an active grant, legal basis or break-glass for right
  now (`access.caseload_residents`). When the basis ends, so does the access;
* a **case worker** (professional, team lead, debt officer) may also look up one resident
  of their teams' work area by exact BSN: the step that identifies the person before asking
  them for access. Browsing the work area is not possible;
* the **administrator** sees everything (to keep the registration correct);
* **council members and policy officers** see no persons, only aggregates elsewhere.

Every page or endpoint that shows a case worker a resident's name calls `show()` (one
NEN 7513 row per resident shown, one INSERT); API lists and details call `shown_page()`,
which narrows the queryset to what the actor may see *and* logs what was shown. Every
queryset here is narrowed in the database (set-based), never row by row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from leefwereld.core.actor import Actor
from leefwereld.core.bsn import is_valid_bsn, normalise_bsn
from leefwereld.core.models import Household, Resident
from leefwereld.core.roles import CASEWORK_ROLES, Role

from . import access
from .access import GRANTEE_ROLES, Authorisation, Basis

T = TypeVar("T", bound=Model)


# --- who may be seen ---------------------------------------------------------------------


def work_area(actor: Actor) -> QuerySet[Resident]:
    """The residents living in the neighbourhoods of a case worker's teams (administrator:
    everyone; other roles: nobody).

    Not a list to browse: it bounds whom a case worker may look up by BSN, ask for access,
    break the glass for or record a legal basis for.
    """
    user = actor.user
    residents = Resident.objects.all()
    if user.role == Role.ADMINISTRATOR:
        return residents
    if user.role in CASEWORK_ROLES:
        return residents.filter(
            household__address__neighbourhood__teams__organisation__memberships__user=user
        ).distinct()
    return residents.none()


def caseload(actor: Actor) -> QuerySet[Resident]:
    """The residents the actor holds an active grant, legal basis or break-glass for."""
    return access.caseload_residents(actor)


def _own_and_represented(actor: Actor) -> Q:
    """A resident's own household and the residents they are the legal representative of."""
    user = actor.user
    own = Resident.objects.filter(user=user)
    return (
        Q(user=user)
        | Q(household_id__in=own.values("household_id"))
        | Q(pk__in=[r.pk for r in access.subjects_of(actor)])
    )


def registration_residents(actor: Actor, bsn: str | None = None) -> QuerySet[Resident]:
    """The residents whose basic registration the actor may see.

    With `bsn`, only the resident with that BSN — and for a case worker also when they
    live in the work area without a basis yet (the look-up before a request for access).
    """
    residents = Resident.objects.all()
    if bsn is not None:
        if not is_valid_bsn(bsn):
            return residents.none()
        residents = residents.filter(bsn=normalise_bsn(bsn))
    if actor.role == Role.ADMINISTRATOR:
        return residents
    if actor.role == Role.RESIDENT:
        return residents.filter(_own_and_represented(actor))
    if actor.role not in GRANTEE_ROLES:
        return residents.none()
    in_caseload = Q(pk__in=caseload(actor).values("pk"))
    if bsn is not None and actor.role in CASEWORK_ROLES:
        return residents.filter(in_caseload | Q(pk__in=work_area(actor).values("pk")))
    return residents.filter(in_caseload)


def registration_households(actor: Actor) -> QuerySet[Household]:
    """The households whose address and members the actor may see: those of the residents
    in `registration_residents(actor)` (without a BSN look-up)."""
    households = Household.objects.all()
    if actor.role == Role.ADMINISTRATOR:
        return households
    if actor.role == Role.RESIDENT:
        return households.filter(
            pk__in=Resident.objects.filter(_own_and_represented(actor)).values("household_id")
        )
    if actor.role not in GRANTEE_ROLES:
        return households.none()
    return households.filter(pk__in=caseload(actor).values("household_id"))


# --- showing and logging -----------------------------------------------------------------


def _bases_shown(
    actor: Actor, residents: Sequence[Resident], known: dict[int, list[Basis]] | None = None
) -> dict[int, list[Basis]]:
    """The basis that put each resident on the actor's screen, where there is one.

    Members of a household of which another member is in the caseload are shown as that
    household's members (`household`), not as a look-up in the work area.
    """
    if (actor.role not in GRANTEE_ROLES and actor.role != Role.RESIDENT) or not residents:
        return {}
    bases = dict(known) if known is not None else access.caseload_bases(actor, residents)
    households = {r.household_id for r in residents if bases.get(r.pk) and r.household_id}
    for r in residents:
        if not bases.get(r.pk) and r.household_id in households:
            bases[r.pk] = [Basis(Authorisation.HOUSEHOLD, r.pk, frozenset(), False, "")]
    return bases


def show(
    actor: Actor,
    residents: Iterable[Resident],
    *,
    authorisation: str | None = None,
    bases: dict[int, list[Basis]] | None = None,
) -> list[Resident]:
    """Log that the actor was shown these residents' names, BSNs and addresses.

    One access-log row per distinct resident (one INSERT), naming the grant, legal basis or
    break-glass that put them in the actor's caseload, or else `authorisation` (default by
    role: a case worker's BSN look-up in the work area is `work_area`, the ombudsman's
    review `review`, the administrator's `administration`). A resident seeing their own
    registration is not logged. Returns the residents de-duplicated, in order. A page that
    already holds the bases of its residents (`access.caseload_bases`) passes them on.
    """
    shown = list({r.pk: r for r in residents}.values())
    if shown:
        access.log_basic_registration_read(
            actor,
            shown,
            authorisation=authorisation,
            bases_by_resident=_bases_shown(actor, shown, bases),
        )
    return shown


def residents_in(objects: Iterable[Any]) -> list[Resident]:
    """The residents shown by a page of residents or households (members prefetched)."""
    shown: list[Resident] = []
    for obj in objects:
        if isinstance(obj, Resident):
            shown.append(obj)
        elif isinstance(obj, Household):
            shown.extend(obj.members.all())
    return shown


def narrow(actor: Actor, queryset: QuerySet[T], *, bsn: str | None = None) -> QuerySet[T]:
    """Only the residents or households of `queryset` the actor may see (set-based)."""
    model = queryset.model
    if issubclass(model, Resident):
        return queryset.filter(pk__in=registration_residents(actor, bsn).values("pk"))
    if issubclass(model, Household):
        return queryset.filter(pk__in=registration_households(actor).values("pk"))
    raise TypeError(f"{model.__name__} is not part of the basic registration")


def shown_page(
    actor: Actor,
    queryset: QuerySet[T],
    *,
    bsn: str | None = None,
    paginate: Callable[[QuerySet[T]], list[T] | None] | None = None,
) -> list[T]:
    """Narrow a queryset of residents or households to what the actor may see, take one
    page of it (`paginate`, default: all), log every resident shown and return the page.

    The one call behind the basic-registration API: nothing is listed without being
    narrowed and logged. With `bsn`, the look-up rule of `registration_residents` applies.
    """
    narrowed = narrow(actor, queryset, bsn=bsn)
    page = paginate(narrowed) if paginate is not None else None
    objects = list(page if page is not None else narrowed)
    show(actor, residents_in(objects))
    return objects
