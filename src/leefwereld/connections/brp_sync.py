"""`brp_sync`: residents and households from the BRP, idempotent, all or nothing.

The steps:

1. ask the BRP for every BSN to refresh (by default: every resident we know), 20 a time;
2. ask who lives at each of their addresses, and fetch the people we did not know yet:
   that is how births and people moving in are found (the BRP has no "household");
3. check everything (a malformed answer raises `BrpError` before anything is written);
4. write in one transaction: names and dates, secrecy, deaths, moves, households.

A household is the people registered at one address who share life. The BRP does not
record that, so: everyone at one ordinary address is one household; at an institution
(`Address.is_institution`: care homes, shelters) everyone is their own household. A
household whose members all moved together keeps its identity (and so its plan) and gets
a new row in its address history; people who moved on their own join the household at
their new address or start one.

Nothing in the report names a person: it counts and refers to residents by their id.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from leefwereld.core.models import Address, Household, HouseholdAddress, Resident, User

from .brp import BrpAddress, BrpPerson, HaalCentraalClient
from .models import AddressIdentity, BrpStatus


@dataclass
class SyncReport:
    asked: int = 0
    created: list[int] = field(default_factory=list)
    births: list[int] = field(default_factory=list)
    refreshed: list[int] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)
    households_moved: list[int] = field(default_factory=list)
    households_created: list[int] = field(default_factory=list)
    left_municipality: list[int] = field(default_factory=list)
    deaths: list[int] = field(default_factory=list)
    secret_changed: list[int] = field(default_factory=list)
    not_found: int = 0

    @property
    def changed(self) -> bool:
        return any(
            (
                self.created,
                self.refreshed,
                self.moved,
                self.households_moved,
                self.households_created,
                self.left_municipality,
                self.deaths,
                self.secret_changed,
            )
        )

    def lines(self) -> list[str]:
        def ids(values: list[int]) -> str:
            return f"{len(values)}" + (
                f" (inwoner-id {', '.join(map(str, values))})" if values else ""
            )

        return [
            f"Gevraagd aan de BRP: {self.asked} BSN's; niet gevonden: {self.not_found}",
            f"Nieuwe inwoners: {ids(self.created)}, waarvan geboorten: {len(self.births)}",
            f"Bijgewerkte gegevens: {ids(self.refreshed)}",
            f"Verhuisd: {ids(self.moved)}",
            f"Huishoudens verhuisd: {len(self.households_moved)}, "
            f"nieuw: {len(self.households_created)}",
            f"Vertrokken uit de gemeente: {ids(self.left_municipality)}",
            f"Overleden: {ids(self.deaths)}",
            f"Geheimhouding gewijzigd: {ids(self.secret_changed)}",
        ]


def _find_address(address: BrpAddress) -> Address | None:
    """The address in our registration: by the BAG's nummeraanduiding (bag_import), else by
    postcode, house number, letter and addition. None: not in this municipality."""
    if address.nummeraanduiding:
        identity = (
            AddressIdentity.objects.select_related("address")
            .filter(nummeraanduiding=address.nummeraanduiding)
            .first()
        )
        if identity is not None:
            return identity.address
    return Address.objects.filter(
        postcode=address.postcode,
        house_number=address.house_number,
        house_letter=address.house_letter,
        addition=address.addition,
    ).first()


def fetch(client: HaalCentraalClient, bsns: set[str]) -> tuple[list[BrpPerson], int]:
    """Everyone to sync, checked: the asked BSNs and their co-residents."""
    persons = {p.bsn: p for p in client.persons(bsns)}
    objects = sorted(
        {
            p.address.adresseerbaar_object
            for p in persons.values()
            if p.address and p.address.adresseerbaar_object and p.deceased_on is None
        }
    )
    co_residents: set[str] = set()
    for identification in objects:
        co_residents.update(client.people_at_address(identification))
    new = co_residents - set(persons)
    if new:
        persons.update({p.bsn: p for p in client.persons(new)})
    not_found = len(bsns - set(persons))
    return sorted(persons.values(), key=lambda p: p.bsn), not_found


def sync(
    client: HaalCentraalClient, bsns: set[str] | None = None, *, today: datetime.date | None = None
) -> SyncReport:
    """Refresh `bsns` (default: every known resident) and their households from the BRP."""
    today = today or timezone.localdate()
    if bsns is None:
        bsns = set(Resident.objects.values_list("bsn", flat=True))
    report = SyncReport(asked=len(bsns))
    if not bsns:
        return report
    persons, report.not_found = fetch(client, bsns)
    # Resolve every address before writing, so a failure cannot leave half a sync; the
    # BAG-imported ones in one query, the rest (typed in before the import) one by one.
    numbers = {p.address.nummeraanduiding for p in persons if p.address}
    known = {
        i.nummeraanduiding: i.address
        for i in AddressIdentity.objects.select_related("address").filter(
            nummeraanduiding__in=numbers - {""}
        )
    }
    addresses = {
        p.bsn: (known.get(p.address.nummeraanduiding) or _find_address(p.address))
        if p.address
        else None
        for p in persons
    }
    with transaction.atomic():
        _apply(persons, addresses, report, today)
    return report


def _apply(
    persons: list[BrpPerson],
    addresses: dict[str, Address | None],
    report: SyncReport,
    today: datetime.date,
) -> None:
    now = timezone.now()
    residents = {
        r.bsn: r
        for r in Resident.objects.select_for_update(of=("self",))
        .filter(bsn__in=[p.bsn for p in persons])
        .select_related("user", "brp_status")
    }
    statuses: dict[int, BrpStatus] = {}
    living: list[BrpPerson] = []
    for person in persons:
        resident = residents.get(person.bsn)
        status = getattr(resident, "brp_status", None) if resident else None
        if resident is None:
            resident = Resident.objects.create(
                bsn=person.bsn,
                given_names=person.given_names,
                surname_prefix=person.surname_prefix,
                surname=person.surname,
                birth_date=person.birth_date,
            )
            residents[person.bsn] = resident
            report.created.append(resident.pk)
            if (today - person.birth_date).days < 366:
                report.births.append(resident.pk)
        elif status is None or status.fingerprint != person.fingerprint:
            fields = {
                "given_names": person.given_names,
                "surname_prefix": person.surname_prefix,
                "surname": person.surname,
                "birth_date": person.birth_date,
            }
            if any(getattr(resident, k) != v for k, v in fields.items()):
                Resident.objects.filter(pk=resident.pk).update(**fields)
                for k, v in fields.items():
                    setattr(resident, k, v)
                report.refreshed.append(resident.pk)
        if status is None:
            status = BrpStatus(resident=resident, secret=person.secret, synced_at=now)
        elif status.secret != person.secret:
            report.secret_changed.append(resident.pk)
        if status.fingerprint != person.fingerprint:
            status.secret = person.secret
            status.fingerprint = person.fingerprint
            status.synced_at = now
            if person.deceased_on and status.deceased_on is None:
                report.deaths.append(resident.pk)
            status.deceased_on = person.deceased_on
            status.save()
        statuses[resident.pk] = status
        if person.deceased_on is None:
            living.append(person)
        elif resident.household_id is not None:
            # The household goes on without them; their records stay (retention rules).
            Resident.objects.filter(pk=resident.pk).update(household=None)
            resident.household_id = None
            if resident.user_id:
                User.objects.filter(pk=resident.user_id).update(is_active=False)
    _households(living, residents, addresses, report, today)


def _households(
    living: list[BrpPerson],
    residents: dict[str, Resident],
    addresses: dict[str, Address | None],
    report: SyncReport,
    today: datetime.date,
) -> None:
    groups: dict[tuple, list[BrpPerson]] = defaultdict(list)
    for person in living:
        address = addresses[person.bsn]
        resident = residents[person.bsn]
        if address is None:
            if resident.household_id is not None:
                Resident.objects.filter(pk=resident.pk).update(household=None)
                resident.household_id = None
                report.left_municipality.append(resident.pk)
            continue
        key = (address.pk, person.bsn) if address.is_institution else (address.pk,)
        groups[key].append(person)
    for group in groups.values():
        address = addresses[group[0].bsn]
        assert address is not None
        # The day the first of them registered here: the move of a household as a whole.
        since = min(
            (p.address.since for p in group if p.address and p.address.since), default=today
        )
        members = [residents[p.bsn] for p in group]
        target = _target_household(address, members, since, report)
        moved_in = [r for r in members if r.household_id != target.pk]
        for resident in moved_in:
            if resident.household_id is not None and resident.pk not in report.created:
                report.moved.append(resident.pk)
            resident.household_id = target.pk
        if moved_in:
            Resident.objects.filter(pk__in=[r.pk for r in moved_in]).update(household=target)


def _target_household(
    address: Address, members: list[Resident], since: datetime.date, report: SyncReport
) -> Household:
    current = sorted({r.household_id for r in members if r.household_id is not None})
    households = Household.objects.in_bulk(current)
    for pk in current:
        if households[pk].address_id == address.pk:
            return households[pk]
    group = {r.pk for r in members}
    for pk in current:
        others = Resident.objects.filter(household_id=pk).exclude(pk__in=group)
        others = others.exclude(brp_status__deceased_on__isnull=False)
        if not others.exists():
            household = households[pk]
            HouseholdAddress.objects.filter(household=household, moved_out__isnull=True).update(
                moved_out=since
            )
            HouseholdAddress.objects.create(household=household, address=address, moved_in=since)
            Household.objects.filter(pk=pk).update(address=address)
            household.address = address
            report.households_moved.append(household.pk)
            return household
    household = Household.objects.create(address=address)
    HouseholdAddress.objects.create(household=household, address=address, moved_in=since)
    report.households_created.append(household.pk)
    return household
