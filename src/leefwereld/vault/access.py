"""The one access layer of the vault: every read and write of a record passes through here.

No view, API endpoint or other app opens a record in any other way. Each function:

1. decides on what basis the actor may act — the resident themself, their legal
   representative, an active grant, an active legal basis, or break-glass — at the moment
   of the request (so a revocation or an expiry counts from the very next request);
2. does the work (decrypting or encrypting through crypto.py);
3. writes exactly one access-log row with the NEN 7513 fields, also when the access is
   refused.

Who decides is set-based: one query per kind of basis for any number of residents, so
the caseload of a professional costs the same number of queries for 10 or 10,000
households.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leefwereld.core.actor import Actor
from leefwereld.core.gezag import active_representations
from leefwereld.core.models import (
    GezagHolder,
    Household,
    Membership,
    Representation,
    Resident,
    User,
)
from leefwereld.core.roles import Role
from leefwereld.rules import consent

from . import crypto
from .authorisation import CASEWORK as CASEWORK_GROUP
from .authorisation import GRANTEES, HOUSEHOLD, laws_not_for
from .models import (
    ALL_CATEGORIES,
    AccessLog,
    BreakGlass,
    Category,
    DataKey,
    Grant,
    LegalBasis,
    Mode,
    Record,
    owner_label,
)

Authorisation = AccessLog.Authorisation

# The role groups are defined once, in authorisation.py; the access layer's names for them
# hold the same roles as `Role` members.
GRANTEE_ROLES = frozenset(Role(r) for r in GRANTEES)
CASEWORK = frozenset(Role(r) for r in CASEWORK_GROUP)

OWN_PURPOSE = "inzage eigen gegevens"


class AccessDenied(PermissionDenied):
    """The actor has no valid basis for this access. The refusal is already logged."""


class RetentionApplies(Exception):
    """A law requires keeping this record; it cannot be erased yet."""


class RecordErased(Exception):
    """The record was erased: its key is gone and its content cannot be read."""


@dataclass(frozen=True)
class Basis:
    """Why an actor may see (some categories of) one resident's data right now."""

    authorisation: str
    resident_id: int
    categories: frozenset[str]
    can_write: bool
    purpose: str
    organisation_id: int | None = None
    grant_id: int | None = None
    legal_basis_id: int | None = None
    break_glass_id: int | None = None
    ends_at: datetime.datetime | None = None

    @property
    def until(self) -> datetime.date | None:
        """The last local day the basis is in force (ends_at is exclusive)."""
        if self.ends_at is None:
            return None
        return timezone.localtime(self.ends_at - datetime.timedelta(microseconds=1)).date()

    @property
    def is_own(self) -> bool:
        return self.authorisation in (Authorisation.OWN, Authorisation.REPRESENTATIVE)


@dataclass
class OpenRecord:
    """A decrypted record: metadata from the row, content from the ciphertext."""

    record: Record
    payload: dict[str, Any]

    @property
    def id(self):
        return self.record.pk

    @property
    def category(self) -> str:
        return self.record.category

    @property
    def category_label(self) -> str:
        return str(self.record.get_category_display())

    @property
    def title(self) -> str:
        return str(self.payload.get("title") or self.category_label)

    @property
    def text(self) -> str:
        return str(self.payload.get("text") or "")

    @property
    def is_household_record(self) -> bool:
        return self.record.household_id is not None


@dataclass
class Access:
    """The outcome of read_records: the records, the bases used and the log row written."""

    resident: Resident
    records: list[OpenRecord]
    categories: frozenset[str]
    bases: list[Basis]
    log: AccessLog
    writable_categories: frozenset[str] = field(default_factory=frozenset)

    @property
    def break_glass(self) -> bool:
        return any(b.break_glass_id for b in self.bases)


# --- who is who --------------------------------------------------------------------------


def own_resident(actor: Actor) -> Resident | None:
    """The resident the actor's account belongs to (residents only)."""
    return _own_resident(actor.user)


def _own_resident(user: User) -> Resident | None:
    """The resident an account belongs to, cached on the user object."""
    if user.role != Role.RESIDENT:
        return None
    if not hasattr(user, "_vault_own_resident"):
        user._vault_own_resident = (  # type: ignore[attr-defined]
            Resident.objects.filter(user=user).select_related("household").first()
        )
    return user._vault_own_resident  # type: ignore[attr-defined]


def subjects_of(actor: Actor) -> list[Resident]:
    """The residents whose vault this account manages: their own, and those they represent."""
    own = own_resident(actor)
    if own is None:
        return []
    return [own, *_represented(actor.user)[1]]


# What a representative may see of the person they represent. A holder of gezag decides on
# a minor's data until the minor turns 16 (UAVG art. 5 lid 1: `rules.consent`); from then
# on the young person alone. A curator covers person and money, a mentor the person, a
# bewindvoerder the money only (BW 1:381, 1:453, 1:438): the finance category.
MONEY_CATEGORIES = frozenset({Category.FINANCE.value})
PERSON_CATEGORIES = ALL_CATEGORIES - MONEY_CATEGORIES


def _kinds_covering(scope: str) -> list[str]:
    """The kinds of representation whose scope (Representation.SCOPE) covers `scope`."""
    both = Representation.Scope.BOTH
    return [kind for kind, s in Representation.SCOPE.items() if s in (scope, both)]


def _represented(user: User) -> tuple[dict[int, frozenset[str]], list[Resident]]:
    """(resident id → the categories the account's resident represents them in, the
    represented residents by birth date), in two queries (the ids, then the residents with
    what the account's resident holds over each), cached on the user object."""
    if hasattr(user, "_vault_represented"):
        return user._vault_represented
    own = _own_resident(user)
    if own is None:
        return {}, []
    today = timezone.localdate()
    # The ids first, each from its own index, in one UNION query: an OR of the three in
    # one WHERE made PostgreSQL scan every resident (700 ms at rotterdam scale, on every
    # page a resident opens; BENCHMARKS.md, "Load at Rotterdam scale").
    ids = set(
        Resident.objects.filter(legal_representative=own)
        .values_list("pk", flat=True)
        .union(
            GezagHolder.objects.filter(resident=own).values_list("gezag__minor_id", flat=True),
            active_representations(today)
            .filter(representative=own)
            .values_list("represented_id", flat=True),
        )
    )
    ids.discard(own.pk)
    if not ids:
        user._vault_represented = ({}, [])  # type: ignore[attr-defined]
        return user._vault_represented  # type: ignore[attr-defined]
    reps = active_representations(today).filter(represented=OuterRef("pk"), representative=own)
    scope = Representation.Scope
    candidates = (
        Resident.objects.filter(pk__in=ids)
        .annotate(
            _holds_gezag=Exists(
                GezagHolder.objects.filter(gezag__minor=OuterRef("pk"), resident=own)
            ),
            _for_person=Exists(reps.filter(kind__in=_kinds_covering(scope.PERSON))),
            _for_money=Exists(reps.filter(kind__in=_kinds_covering(scope.MONEY))),
        )
        .order_by("birth_date", "pk")
    )
    scopes: dict[int, frozenset[str]] = {}
    shown: list[Resident] = []
    for resident in candidates:
        categories: frozenset[str] = frozenset()
        if resident.legal_representative_id == own.pk:  # the legacy field: as before
            categories = ALL_CATEGORIES
        if resident._holds_gezag and consent.parents_manage_data(resident.birth_date, today):
            categories = ALL_CATEGORIES
        if resident._for_person:
            categories |= PERSON_CATEGORIES
        if resident._for_money:
            categories |= MONEY_CATEGORIES
        if categories:
            scopes[resident.pk] = categories
            shown.append(resident)
    user._vault_represented = (scopes, shown)  # type: ignore[attr-defined]
    return scopes, shown


def represented_categories(actor: Actor, resident: Resident) -> frozenset[str]:
    """The categories of `resident`'s vault the actor sees as their representative
    (empty: not represented by the actor, or no longer — a minor turned 16)."""
    return _represented(actor.user)[0].get(resident.pk, frozenset())


def _memberships(user: User) -> list[int]:
    if not hasattr(user, "_vault_organisations"):
        user._vault_organisations = list(  # type: ignore[attr-defined]
            Membership.objects.filter(user=user)
            .order_by("pk")
            .values_list("organisation_id", flat=True)
        )
    return user._vault_organisations  # type: ignore[attr-defined]


# --- bases --------------------------------------------------------------------------------


def bases_for(
    actor: Actor, residents: Sequence[Resident], at: datetime.datetime | None = None
) -> list[Basis]:
    """Every basis `actor` has right now for any of `residents` (at most three queries)."""
    return _bases_for_user(actor.user, residents, at)


def _bases_for_user(
    actor: User, residents: Sequence[Resident], at: datetime.datetime | None = None
) -> list[Basis]:
    if not actor.is_active or not residents:
        return []
    at = at or timezone.now()
    ids = [r.pk for r in residents]
    bases: list[Basis] = []
    if actor.role == Role.RESIDENT:
        own = _own_resident(actor)
        if own is None:
            return []
        for resident in residents:
            if resident.pk == own.pk:
                bases.append(
                    Basis(Authorisation.OWN, resident.pk, ALL_CATEGORIES, True, OWN_PURPOSE)
                )
            elif categories := _represented(actor)[0].get(resident.pk):
                bases.append(
                    Basis(
                        Authorisation.REPRESENTATIVE,
                        resident.pk,
                        categories,
                        True,
                        str(_("als wettelijk vertegenwoordiger")),
                    )
                )
        return bases

    if actor.role in GRANTEE_ROLES:
        grants = Grant.objects.active(at).filter(
            Q(grantee_user=actor) | Q(grantee_organisation_id__in=_memberships(actor)),
            resident_id__in=ids,
        )
        bases += _window_bases(Authorisation.GRANT, grants, "grant_id", "grantee_organisation_id")
    if actor.role in CASEWORK:
        # Purpose binding: a law that names who it is for (the Wgs: the debt fund's
        # officers) covers nobody else of the organisation that holds the basis.
        legal = (
            LegalBasis.objects.active(at)
            .filter(Q(user=actor) | Q(organisation_id__in=_memberships(actor)), resident_id__in=ids)
            .exclude(law__in=laws_not_for(actor.role))
        )
        bases += _window_bases(Authorisation.LEGAL_BASIS, legal, "legal_basis_id")
        glass = BreakGlass.objects.active(at).filter(actor=actor, resident_id__in=ids)
        # Break-glass is for reading in an emergency, never for writing.
        bases += _window_bases(Authorisation.BREAK_GLASS, glass, "break_glass_id", writes=False)
    return bases


def _window_bases(
    authorisation: str,
    windows: Iterable[Grant | LegalBasis | BreakGlass],
    reference: str,
    organisation_field: str = "organisation_id",
    *,
    writes: bool = True,
) -> list[Basis]:
    """One Basis per grant, legal basis or break-glass in force (`reference` names which)."""
    return [
        Basis(
            authorisation,
            w.resident_id,
            frozenset(w.categories) & ALL_CATEGORIES,
            writes and w.mode == Mode.READ_WRITE,
            w.purpose,
            organisation_id=getattr(w, organisation_field),
            ends_at=w.ends_at,
            **{reference: w.pk},
        )
        for w in windows
    ]


def _matching_purpose(bases: list[Basis], purpose: str | None) -> list[Basis]:
    """Purpose binding: when the caller names a purpose, only bases for that purpose count."""
    if not purpose:
        return bases
    wanted = purpose.strip().lower()
    return [b for b in bases if b.is_own or b.purpose.strip().lower() == wanted]


def _caseload_branches(user: User, at: datetime.datetime) -> list[QuerySet]:
    """Index-friendly branches whose union is the ids of the user's caseload."""
    orgs = _memberships(user)
    grants = Grant.objects.active(at)
    branches = [grants.filter(grantee_user=user).values_list("resident_id", flat=True)]
    if orgs:
        branches.append(
            grants.filter(grantee_organisation_id__in=orgs).values_list("resident_id", flat=True)
        )
    if user.role in CASEWORK:
        bases = LegalBasis.objects.active(at).exclude(law__in=laws_not_for(user.role))
        branches.append(bases.filter(user=user).values_list("resident_id", flat=True))
        if orgs:
            branches.append(
                bases.filter(organisation_id__in=orgs).values_list("resident_id", flat=True)
            )
        branches.append(
            BreakGlass.objects.active(at).filter(actor=user).values_list("resident_id", flat=True)
        )
    return branches


def caseload(actor: Actor, at: datetime.datetime | None = None) -> QuerySet[Resident]:
    """The residents `user` currently has any basis for, as one set-based queryset.

    One UNION of index-friendly branches (grants to the user, grants to their
    organisations, legal bases likewise, their break-glass), evaluated in the database:
    the same single query whether the user may see 10 or 10,000 households. The
    organisation ids are inlined (one cached query per request) rather than a subquery,
    so PostgreSQL estimates each branch from its statistics. Lazy: usable as a subquery.
    """
    user = actor.user
    at = at or timezone.now()
    if not user.is_active or user.role not in GRANTEE_ROLES:
        return Resident.objects.none()
    branches = _caseload_branches(user, at)
    return Resident.objects.filter(pk__in=branches[0].union(*branches[1:]))


def caseload_residents(actor: Actor, at: datetime.datetime | None = None) -> QuerySet[Resident]:
    """The caseload for a page: the id set first (one query), then residents by key.

    Same residents as caseload(). PostgreSQL's cost model would rather hash-join a few
    thousand ids against a sequential scan of all 650,000 residents than look them up by
    primary key (0.3 s against a few ms, see BENCHMARKS.md); with the ids as literals the
    page's count and its rows both use the primary-key index. Still one query for the
    set, whatever its size.
    """
    user = actor.user
    at = at or timezone.now()
    if not user.is_active or user.role not in GRANTEE_ROLES:
        return Resident.objects.none()
    branches = _caseload_branches(user, at)
    ids = list(branches[0].union(*branches[1:]))
    if connection.vendor == "postgresql":
        # One array parameter instead of thousands of placeholders, which psycopg would
        # format one by one on the client (most of the page's time at 2,500 ids).
        return Resident.objects.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (ids,)))
    return Resident.objects.filter(pk__in=ids)


def caseload_bases(
    actor: Actor, residents: Sequence[Resident], at: datetime.datetime | None = None
) -> dict[int, list[Basis]]:
    """The bases per resident for one page of a caseload (three queries for the page)."""
    result: dict[int, list[Basis]] = {r.pk: [] for r in residents}
    for basis in bases_for(actor, residents, at):
        result[basis.resident_id].append(basis)
    return result


# --- keys ---------------------------------------------------------------------------------


def _data_keys(labels: Iterable[tuple[int | None, int | None]]) -> dict[str, bytes]:
    """Unwrap the data keys of several owners with one query."""
    labels = list(labels)
    residents = [r for r, _h in labels if r]
    households = [h for _r, h in labels if h]
    rows = DataKey.objects.filter(
        Q(resident_id__in=residents) | Q(household_id__in=households)
    ).only("resident_id", "household_id", "master_key_id", "wrapped_key")
    keys = crypto.master_keys()
    return {
        row.owner_label: crypto.unwrap_data_key(
            row.master_key_id, row.wrapped_key, row.owner_label, keys
        )
        for row in rows
    }


def ensure_data_key(resident_id: int | None = None, household_id: int | None = None) -> bytes:
    """The owner's data key, created (and wrapped under the current master key) if new."""
    label = owner_label(resident_id, household_id)
    existing = _data_keys([(resident_id, household_id)]).get(label)
    if existing is not None:
        return existing
    data_key = crypto.new_key()
    master_id, wrapped = crypto.wrap_data_key(data_key, label)
    try:
        with transaction.atomic():
            DataKey.objects.create(
                resident_id=resident_id,
                household_id=household_id,
                master_key_id=master_id,
                wrapped_key=wrapped,
            )
    except IntegrityError:
        # Another request created it at the same moment: use theirs.
        return _data_keys([(resident_id, household_id)])[label]
    return data_key


def _encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()


def encrypt_record(record: Record, payload: dict[str, Any], data_key: bytes) -> None:
    """Fill record.ciphertext and record.wrapped_key (a fresh record key)."""
    record_key = crypto.new_key()
    label = record.owner_label
    record.wrapped_key = crypto.seal(
        data_key, record_key, crypto.record_key_aad(str(record.pk), label)
    )
    record.ciphertext = crypto.seal(
        record_key, _encode(payload), crypto.content_aad(str(record.pk), label, record.category)
    )


def _decrypt(record: Record, data_key: bytes) -> dict[str, Any]:
    if record.wrapped_key is None:
        raise RecordErased(str(record.pk))
    label = record.owner_label
    record_key = crypto.unseal(
        data_key, bytes(record.wrapped_key), crypto.record_key_aad(str(record.pk), label)
    )
    plaintext = crypto.unseal(
        record_key,
        bytes(record.ciphertext),
        crypto.content_aad(str(record.pk), label, record.category),
    )
    return json.loads(plaintext)


def _open_all(records: Sequence[Record]) -> list[OpenRecord]:
    keys = _data_keys((r.resident_id, r.household_id) for r in records)
    return [OpenRecord(r, _decrypt(r, keys[r.owner_label])) for r in records]


def seal_for_resident(resident: Resident, aad: str, text: str) -> bytes:
    """Encrypt a small text that belongs to a resident (e.g. a break-glass reason)."""
    data_key = ensure_data_key(resident_id=resident.pk)
    return crypto.seal(data_key, text.encode(), f"leefwereld:{aad}".encode())


def open_for_residents(items: Sequence[tuple[int, str, bytes]]) -> list[str]:
    """Decrypt (resident id, aad, ciphertext) triples with one key query."""
    keys = _data_keys((resident_id, None) for resident_id, _aad, _blob in items)
    return [
        crypto.unseal(
            keys[owner_label(resident_id, None)], bytes(blob), f"leefwereld:{aad}".encode()
        ).decode()
        for resident_id, aad, blob in items
    ]


# --- logging ------------------------------------------------------------------------------


def _organisation_for(actor: User, bases: Sequence[Basis]) -> int | None:
    for basis in bases:
        if basis.organisation_id:
            return basis.organisation_id
    if actor.role in HOUSEHOLD:
        return None
    memberships = _memberships(actor)
    return memberships[0] if memberships else None


def _log_row(
    *,
    actor: Actor,
    event: str,
    action: str,
    resident_id: int | None,
    household_id: int | None,
    bases: Sequence[Basis] = (),
    categories: Iterable[str] = (),
    purpose: str = "",
    record_count: int = 0,
    outcome: str = AccessLog.Outcome.PERMITTED,
    authorisation: str | None = None,
    at: datetime.datetime | None = None,
) -> AccessLog:
    def first(attr: str) -> int | None:
        return next((getattr(b, attr) for b in bases if getattr(b, attr)), None)

    if authorisation is None:
        authorisation = bases[0].authorisation if bases else Authorisation.NONE
    if not purpose:
        purpose = "; ".join(dict.fromkeys(b.purpose for b in bases)) or str(_("geen"))
    return AccessLog(
        occurred_at=at or timezone.now(),
        event=event,
        action=action,
        outcome=outcome,
        resident_id=resident_id,
        household_id=household_id,
        user=actor.user,
        user_role=actor.user.role,
        responsible_user=actor.responsible,
        organisation_id=_organisation_for(actor.user, bases),
        access_point=actor.access_point[:200],
        authorisation=authorisation,
        grant_id=first("grant_id"),
        legal_basis_id=first("legal_basis_id"),
        break_glass_id=first("break_glass_id"),
        break_glass_used=any(b.break_glass_id for b in bases),
        categories=sorted(categories),
        purpose=purpose[:200],
        record_count=record_count,
    )


@dataclass
class _Attempt:
    """One access being decided. Whatever the outcome, it becomes one log row saying who
    did what, where, about whom and for which categories."""

    actor: Actor
    event: str
    action: str
    resident_id: int | None
    household_id: int | None
    categories: Iterable[str]
    purpose: str | None = None

    def refuse(self, message: str, **ids: int | None) -> AccessDenied:
        """Log the refusal (`ids` may name the resident/household differently) and return
        the exception to raise."""
        self._row(
            categories=self.categories,
            purpose=self.purpose or str(_("geen")),
            outcome=AccessLog.Outcome.REFUSED,
            **ids,
        ).save()
        return AccessDenied(message)

    def permitted(self, bases: Sequence[Basis], **fields: Any) -> AccessLog:
        """The (unsaved) row of a permitted access: the first basis used is named."""
        fields.setdefault("categories", self.categories)
        fields.setdefault("purpose", self.purpose or "")
        fields.setdefault("resident_id", self.resident_id or bases[0].resident_id)
        return self._row(bases=bases, **fields)

    def _row(self, **fields: Any) -> AccessLog:
        fields.setdefault("resident_id", self.resident_id)
        fields.setdefault("household_id", self.household_id)
        return _log_row(
            actor=self.actor,
            event=self.event,
            action=self.action,
            **fields,
        )


def _check_on_behalf_of(actor: Actor) -> None:
    """A user may act for someone else only within one of their own organisations."""
    on_behalf_of = actor.on_behalf_of
    if on_behalf_of is None or on_behalf_of.pk == actor.user.pk:
        return
    shared = set(_memberships(actor.user)) & set(_memberships(on_behalf_of))
    if not shared:
        raise PermissionDenied(
            _("U kunt alleen namens een collega van uw eigen organisatie werken.")
        )


# --- reading ------------------------------------------------------------------------------


def _own(bases: Sequence[Basis]) -> bool:
    return any(b.is_own for b in bases)


def _owner_filter(resident: Resident, include_household: bool = True) -> Q:
    """A resident's own records and, optionally, their household's shared ones."""
    owner = Q(resident=resident)
    if include_household and resident.household_id:
        owner |= Q(household_id=resident.household_id)
    return owner


def _bases_for_record(
    actor: Actor,
    subjects: Sequence[Resident],
    category: str,
    purpose: str | None,
    *,
    writing: bool = False,
) -> list[Basis]:
    """The actor's bases (for the purpose, if named) that cover `category`."""
    return [
        b
        for b in _matching_purpose(bases_for(actor, subjects), purpose)
        if category in b.categories and (b.can_write or not writing)
    ]


def read_records(
    actor: Actor,
    resident: Resident,
    *,
    categories: Iterable[str] | None = None,
    purpose: str | None = None,
    include_household: bool = True,
    at: datetime.datetime | None = None,
) -> Access:
    """Read a resident's records (and their household's shared ones) the actor may see.

    Writes one access-log row: permitted with the categories read, or refused — in which
    case AccessDenied is raised and nothing is decrypted.
    """
    _check_on_behalf_of(actor)
    wanted = frozenset(categories) & ALL_CATEGORIES if categories is not None else ALL_CATEGORIES
    bases = _matching_purpose(bases_for(actor, [resident], at), purpose)
    readable = frozenset().union(*(b.categories for b in bases)) & wanted if bases else frozenset()
    attempt = _Attempt(
        actor,
        AccessLog.Event.RECORDS,
        AccessLog.Action.READ,
        resident.pk,
        resident.household_id,
        wanted,
        purpose,
    )
    if not readable:
        raise attempt.refuse(str(_("U heeft geen toegang tot deze gegevens.")))
    used = [b for b in bases if b.categories & readable]
    rows = list(
        Record.objects.filter(
            _owner_filter(resident, include_household),
            category__in=readable,
            erased_at__isnull=True,
        ).order_by("-created_at")
    )
    opened = _open_all(rows)
    log = attempt.permitted(
        used,
        categories=readable,
        purpose=OWN_PURPOSE if _own(used) else (purpose or ""),
        record_count=len(opened),
        at=at,
    )
    shared = [o for o in opened if o.is_household_record]
    if shared and not _own(used):
        # The household's shared records are about every member, not only the one whose
        # grant was used: one more row, about the household, shows in every member's log.
        AccessLog.objects.bulk_create(
            [
                log,
                attempt.permitted(
                    used,
                    resident_id=None,
                    categories={o.category for o in shared},
                    purpose=purpose or "",
                    record_count=len(shared),
                    at=at,
                ),
            ]
        )
    else:
        log.save()
    writable = frozenset().union(*(b.categories for b in used if b.can_write))
    return Access(resident, opened, readable, used, log, writable)


def read_own_records_of(
    actor: Actor, residents: Sequence[Resident], *, categories: Iterable[str]
) -> dict[int, Access | None]:
    """`read_records(..., include_household=False)` for several residents at once, in a
    fixed number of queries whatever their number: one basis look-up, one query for the
    records and their keys, one insert for the permitted log rows (a refusal is one more
    row each). Resident id → their Access, or None where the vault refused (logged)."""
    if not residents:
        return {}
    _check_on_behalf_of(actor)
    wanted = frozenset(categories) & ALL_CATEGORIES
    by_resident: dict[int, list[Basis]] = {}
    for basis in bases_for(actor, residents):
        by_resident.setdefault(basis.resident_id, []).append(basis)
    readable: dict[int, frozenset[str]] = {}
    result: dict[int, Access | None] = {}
    attempts: dict[int, _Attempt] = {}
    for resident in residents:
        bases = by_resident.get(resident.pk, [])
        attempts[resident.pk] = attempt = _Attempt(
            actor,
            AccessLog.Event.RECORDS,
            AccessLog.Action.READ,
            resident.pk,
            resident.household_id,
            wanted,
        )
        categories_read = frozenset().union(*(b.categories for b in bases)) & wanted
        if categories_read:
            readable[resident.pk] = categories_read
        else:
            attempt.refuse(str(_("U heeft geen toegang tot deze gegevens.")))
            result[resident.pk] = None
    rows = Record.objects.filter(
        resident_id__in=list(readable),
        category__in=frozenset().union(*readable.values()),
        erased_at__isnull=True,
    ).order_by("-created_at")
    opened = _open_all(
        [r for r in rows if r.resident_id is not None and r.category in readable[r.resident_id]]
    )
    logs = []
    for resident in residents:
        if resident.pk not in readable:
            continue
        used = [b for b in by_resident[resident.pk] if b.categories & readable[resident.pk]]
        records = [o for o in opened if o.record.resident_id == resident.pk]
        log = attempts[resident.pk].permitted(
            used,
            categories=readable[resident.pk],
            purpose=OWN_PURPOSE if _own(used) else "",
            record_count=len(records),
        )
        logs.append(log)
        writable = frozenset().union(*(b.categories for b in used if b.can_write))
        result[resident.pk] = Access(resident, records, readable[resident.pk], used, log, writable)
    AccessLog.objects.bulk_create(logs)
    return result


def writable_purposes(actor: Actor, resident: Resident) -> dict[str, str]:
    """Category → the purpose of a basis that lets `actor` write it for `resident`."""
    result: dict[str, str] = {}
    for basis in bases_for(actor, [resident]):
        if basis.can_write:
            for category in sorted(basis.categories):
                result.setdefault(category, basis.purpose)
    return result


def _subjects_of_record(record: Record) -> list[Resident]:
    if record.resident is not None:
        return [record.resident]
    return list(Resident.objects.filter(household=record.household))


def _record_attempt(actor: Actor, record: Record, action: str, purpose: str | None) -> _Attempt:
    return _Attempt(
        actor,
        AccessLog.Event.RECORDS,
        action,
        record.resident_id,
        record.household_id,
        [record.category],
        purpose,
    )


def read_record(actor: Actor, record_id: Any, *, purpose: str | None = None) -> OpenRecord:
    """Read one record by id. A missing or erased record raises Record.DoesNotExist."""
    _check_on_behalf_of(actor)
    record = Record.objects.select_related("resident").get(pk=record_id, erased_at__isnull=True)
    bases = _bases_for_record(actor, _subjects_of_record(record), record.category, purpose)
    attempt = _record_attempt(actor, record, AccessLog.Action.READ, purpose)
    if not bases:
        raise attempt.refuse(str(_("U heeft geen toegang tot dit gegeven.")))
    (opened,) = _open_all([record])
    attempt.permitted(
        bases[:1],
        purpose=OWN_PURPOSE if bases[0].is_own else (purpose or ""),
        record_count=1,
    ).save()
    return opened


def read_everything(actor: Actor, resident: Resident) -> Access:
    """Everything in the vault of a resident, for their export. Only they may do this."""
    bases = [b for b in bases_for(actor, [resident]) if b.is_own]
    attempt = _Attempt(
        actor,
        AccessLog.Event.EXPORT,
        AccessLog.Action.READ,
        resident.pk,
        resident.household_id,
        ALL_CATEGORIES,
    )
    if not bases:
        raise attempt.refuse(str(_("Alleen de inwoner zelf kan alle gegevens downloaden.")))
    rows = list(
        Record.objects.filter(_owner_filter(resident), erased_at__isnull=True).order_by(
            "created_at"
        )
    )
    opened = _open_all(rows)
    log = attempt.permitted(
        bases, purpose=str(_("download van alle gegevens")), record_count=len(opened)
    )
    log.save()
    return Access(resident, opened, ALL_CATEGORIES, bases, log)


def log_basic_registration_read(
    actor: Actor,
    residents: Iterable[Resident],
    *,
    authorisation: str | None = None,
    bases_by_resident: dict[int, list[Basis]] | None = None,
) -> int:
    """Log that `actor` saw the basic registration (BSN, name, address) of `residents`.

    One row per resident shown, written in one INSERT. A resident looking at their own
    registration is not logged: there is nobody to be transparent to. A caseload passes
    the bases it showed each resident on (`bases_by_resident`), so the rows name them.
    """
    bases_by_resident = bases_by_resident or {}
    # One row per resident per access, however often the page shows them.
    residents = list({r.pk: r for r in residents}.values())
    own = own_resident(actor)
    if authorisation is None:
        authorisation = {
            Role.RESIDENT: Authorisation.HOUSEHOLD,
            Role.ADMINISTRATOR: Authorisation.ADMINISTRATION,
            Role.OMBUDSMAN: Authorisation.REVIEW,
        }.get(Role(actor.role), Authorisation.WORK_AREA)
    now = timezone.now()
    rows = [
        _log_row(
            actor=actor,
            event=AccessLog.Event.BASIC_REGISTRATION,
            action=AccessLog.Action.READ,
            resident_id=r.pk,
            household_id=r.household_id,
            purpose=str(_("basisgegevens")),
            bases=bases_by_resident.get(r.pk, ())[:1],
            authorisation=None if bases_by_resident.get(r.pk) else authorisation,
            at=now,
        )
        for r in residents
        if own is None or r.pk != own.pk
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


# --- writing ------------------------------------------------------------------------------
#
# The basis is decided, and a refusal logged, *before* the write's transaction starts, so
# the refusal's log row is not rolled back with the AccessDenied it raises. (A caller
# that wraps the call in its own transaction and lets AccessDenied escape it still rolls
# the row back: catch AccessDenied inside, or call outside, your transaction.)


def _owner_subjects(owner: Resident | Household) -> tuple[list[Resident], int | None, int | None]:
    if isinstance(owner, Resident):
        return [owner], owner.pk, None
    return list(Resident.objects.filter(household=owner)), None, owner.pk


def write_record(
    actor: Actor,
    owner: Resident | Household,
    category: str,
    purpose: str,
    payload: dict[str, Any],
    *,
    kind: str = "note",
    source: str = "vault",
    retention_law: str = "",
    retention_until: datetime.date | None = None,
) -> Record:
    """Store a new record for a resident or a household, encrypted; logged as a create."""
    _check_on_behalf_of(actor)
    if category not in ALL_CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    subjects, resident_id, household_id = _owner_subjects(owner)
    bases = _bases_for_record(actor, subjects, category, purpose, writing=True)
    attempt = _Attempt(
        actor,
        AccessLog.Event.RECORDS,
        AccessLog.Action.CREATE,
        resident_id,
        household_id,
        [category],
        purpose,
    )
    if not bases:
        raise attempt.refuse(
            str(_("U mag hier geen gegevens toevoegen.")),
            resident_id=resident_id or (subjects[0].pk if subjects else None),
            household_id=household_id or (subjects[0].household_id if subjects else None),
        )
    with transaction.atomic():
        data_key = ensure_data_key(resident_id=resident_id, household_id=household_id)
        record = Record(
            resident_id=resident_id,
            household_id=household_id,
            category=category,
            kind=kind,
            source=source,
            created_by=actor.user,
            retention_law=retention_law,
            retention_until=retention_until,
        )
        encrypt_record(record, payload, data_key)
        record.save(force_insert=True)
        attempt.permitted(bases[:1], record_count=1).save()
    return record


def update_record(actor: Actor, record: Record, payload: dict[str, Any], *, purpose: str) -> Record:
    """Replace a record's content (re-encrypted under a fresh record key); logged."""
    _check_on_behalf_of(actor)
    record = Record.objects.get(pk=record.pk, erased_at__isnull=True)
    bases = _bases_for_record(
        actor, _subjects_of_record(record), record.category, purpose, writing=True
    )
    attempt = _record_attempt(actor, record, AccessLog.Action.UPDATE, purpose)
    if not bases:
        raise attempt.refuse(str(_("U mag dit gegeven niet wijzigen.")))
    with transaction.atomic():
        # Owner and category never change; the lock keeps two writers from interleaving.
        record = Record.objects.select_for_update().get(pk=record.pk, erased_at__isnull=True)
        data_key = ensure_data_key(resident_id=record.resident_id, household_id=record.household_id)
        encrypt_record(record, payload, data_key)
        record.updated_at = timezone.now()
        record.updated_by = actor.user
        record.save(update_fields=["ciphertext", "wrapped_key", "updated_at", "updated_by"])
        attempt.permitted(bases[:1], record_count=1).save()
    return record


def erase_record(actor: Actor, record: Record) -> Record:
    """Crypto-shred a record at the resident's request, unless a law requires keeping it.

    The wrapped record key and the ciphertext are overwritten: the content is gone for
    good, also from any copy of the ciphertext. The row stays as a tombstone (category and
    dates, no content) so the log can say what was erased.
    """
    record = Record.objects.get(pk=record.pk)
    if record.is_erased:
        raise RecordErased(str(record.pk))
    bases = [b for b in bases_for(actor, _subjects_of_record(record)) if b.is_own]
    _check_on_behalf_of(actor)
    attempt = _record_attempt(actor, record, AccessLog.Action.DELETE, None)
    if not bases:
        raise attempt.refuse(str(_("Alleen de inwoner zelf kan gegevens verwijderen.")))
    with transaction.atomic():
        record = Record.objects.select_for_update().get(pk=record.pk)
        if record.is_erased:
            raise RecordErased(str(record.pk))
        if record.retention_applies():
            raise RetentionApplies(record.retention_refusal())
        record.wrapped_key = None
        record.ciphertext = b""
        record.erased_at = timezone.now()
        record.erased_by = actor.user
        record.save(update_fields=["wrapped_key", "ciphertext", "erased_at", "erased_by"])
        attempt.permitted(
            bases[:1],
            purpose=str(_("verwijderen op verzoek van de inwoner")),
            record_count=1,
        ).save()
    return record


def record_overview(actor: Actor, resident: Resident) -> QuerySet[Record]:
    """Metadata only (category, dates, retention) of a resident's records, for their own
    pages: nothing is decrypted, so nothing is logged. Other actors get nothing."""
    if not _own(bases_for(actor, [resident])):
        return Record.objects.none()
    return Record.objects.filter(_owner_filter(resident)).defer("ciphertext", "wrapped_key")
