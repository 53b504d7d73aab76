"""The vault's part of the demo municipality: records, grants, legal bases and a log.

Called by the demo builder after the population is written. It follows the profile
(demo/profile.py), so the vault tells the same story as the other features:

* every Wmo client has a health record and a grant to their neighbourhood team for the
  kitchen-table conversation (some expired or revoked);
* every household with problematic debts has a shared finance record, a grant to the team
  for debt assistance and a legal basis (Wgs) for the municipality's debt fund;
* every young person with youth care has a family record kept under the Jeugdwet's
  retention and a grant given by their parent;
* a few log rows per grant: the team's professional read the records.

The published demo resident (`inwoner`) gets a full set: records, an active, an expired and
a revoked grant, a pending request from the demo professional, a legal basis, a
break-glass access awaiting review and readable log lines.

Everything is written in bulk (PostgreSQL COPY, bulk INSERTs elsewhere) and encrypted for
real, so the rotterdam scale stays within the demo's time budget.
"""

from __future__ import annotations

import datetime
import functools
import random
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from leefwereld.core.actor import Actor
from leefwereld.core.models import (
    Household,
    Membership,
    NeighbourhoodTeam,
    Organisation,
    Resident,
    User,
)
from leefwereld.core.roles import Role
from leefwereld.demo.rows import bulk_insert, new_row, next_id, reset_sequences

from . import crypto
from .access import encrypt_record
from .models import (
    AccessLog,
    AccessRequest,
    BreakGlass,
    DataKey,
    Grant,
    LegalBasis,
    Mode,
    Record,
    owner_label,
)

GRANT_DAYS = 90

WMO_TEXTS = (
    "Hulp bij het huishouden gevraagd: schoonmaken lukt niet meer sinds de heupoperatie.",
    "Ondersteuning thuis: hulp bij het plannen van de week en de post.",
    "Vraagt een scootmobiel; lopen buiten lukt nog maar een paar honderd meter.",
    "Mantelzorger (dochter) is overbelast; respijtzorg besproken.",
    "Dagbesteding twee dagen per week gewenst, voor structuur en contact.",
)
DEBT_TEXTS = (
    "Achterstand huur en energie; {n} schuldeisers. Beslag op het loon sinds maart.",
    "Zorgpremie al {n} maanden niet betaald; CAK-regeling loopt.",
    "{n} schuldeisers, waarvan twee incassobureaus. Budgetbeheer besproken.",
)
YOUTH_TEXTS = (
    "Jeugdhulp thuis: opvoedondersteuning voor de ouders, wekelijks.",
    "Schoolbegeleiding en hulp bij faalangst; afspraken met de mentor.",
    "Ambulante hulp na de scheiding van de ouders.",
)
# Jeugdwet art. 7.3.8 lid 3: the youth-care file is kept (since 1 January 2020: 20 years,
# earlier 15) from its creation. Verify on wetten.overheid.nl before relying on it.
JEUGDWET_RETENTION = ("Jeugdwet art. 7.3.8 lid 3 (bewaartermijn jeugdhulpdossier)", 20)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _read_on(page: str) -> dict[str, str]:
    """The access point of a demo log row written directly (no request, no Actor): the
    page the row says the data was read on."""
    return {"access_point": page}


class _Writer:
    """Collects rows with pre-assigned keys, then writes them in bulk, keys first."""

    def __init__(self, rng: random.Random, now: datetime.datetime) -> None:
        self.rng = rng
        self.now = now
        self.keys = crypto.master_keys()
        self.data_keys: dict[str, bytes] = {}
        self.key_rows: list[DataKey] = []
        self.records: list[Record] = []
        self.grants: list[Grant] = []
        self.bases: list[LegalBasis] = []
        self.logs: list[AccessLog] = []
        self.next_grant = next_id(Grant)
        self.next_basis = next_id(LegalBasis)
        self.next_key = next_id(DataKey)
        # Other features' demo data may have created data keys already: reuse them.
        self.existing = {
            owner_label(r, h): (master_id, bytes(wrapped))
            for r, h, master_id, wrapped in DataKey.objects.values_list(
                "resident_id", "household_id", "master_key_id", "wrapped_key"
            ).iterator(chunk_size=20_000)
        }

    def data_key(self, resident_id: int | None, household_id: int | None) -> bytes:
        label = owner_label(resident_id, household_id)
        if label not in self.data_keys and label in self.existing:
            master_id, wrapped = self.existing[label]
            self.data_keys[label] = crypto.unwrap_data_key(master_id, wrapped, label, self.keys)
        if label not in self.data_keys:
            key = crypto.new_key()
            master_id, wrapped = crypto.wrap_data_key(key, label, self.keys)
            self.key_rows.append(
                new_row(
                    DataKey,
                    pk=self.next_key,
                    resident_id=resident_id,
                    household_id=household_id,
                    master_key_id=master_id,
                    wrapped_key=wrapped,
                    created_at=self.now,
                )
            )
            self.next_key += 1
            self.data_keys[label] = key
        return self.data_keys[label]

    def record(
        self,
        *,
        resident_id: int | None = None,
        household_id: int | None = None,
        category: str,
        kind: str,
        title: str,
        text: str,
        created_at: datetime.datetime,
        created_by: int | None,
        retention: tuple[str, datetime.date] | None = None,
    ) -> Record:
        record = new_row(
            Record,
            id=_uuid(self.rng),
            resident_id=resident_id,
            household_id=household_id,
            category=category,
            kind=kind,
            source="demo",
            created_at=created_at,
            created_by_id=created_by,
            retention_law=retention[0] if retention else "",
            retention_until=retention[1] if retention else None,
        )
        encrypt_record(
            record, {"title": title, "text": text}, self.data_key(resident_id, household_id)
        )
        self.records.append(record)
        return record

    def grant(self, **fields: Any) -> Grant:
        grant = new_row(Grant, pk=self.next_grant, created_at=fields["starts_at"], **fields)
        self.next_grant += 1
        self.grants.append(grant)
        return grant

    def legal_basis(self, **fields: Any) -> LegalBasis:
        basis = new_row(LegalBasis, pk=self.next_basis, recorded_at=fields["starts_at"], **fields)
        self.next_basis += 1
        self.bases.append(basis)
        return basis

    def read(
        self,
        *,
        user: int,
        organisation: int | None,
        resident_id: int,
        household_id: int | None,
        at: datetime.datetime,
        categories: list[str],
        purpose: str,
        grant: int | None = None,
        legal_basis: int | None = None,
        records: int = 1,
        role: str = Role.PROFESSIONAL,
    ) -> None:
        self.logs.append(
            new_row(
                AccessLog,
                occurred_at=at,
                event=AccessLog.Event.RECORDS,
                action=AccessLog.Action.READ,
                outcome=AccessLog.Outcome.PERMITTED,
                resident_id=resident_id,
                household_id=household_id,
                user_id=user,
                user_role=role,
                responsible_user_id=user,
                organisation_id=organisation,
                **_read_on("vault:resident_records"),
                authorisation=(
                    AccessLog.Authorisation.GRANT if grant else AccessLog.Authorisation.LEGAL_BASIS
                ),
                grant_id=grant,
                legal_basis_id=legal_basis,
                break_glass_used=False,
                categories=categories,
                purpose=purpose,
                record_count=records,
            )
        )

    def flush(self) -> dict[str, int]:
        counts = {
            "vault data keys": bulk_insert(DataKey, self.key_rows),
            "vault records": bulk_insert(Record, self.records),
            "vault grants": bulk_insert(Grant, self.grants),
            "vault legal bases": bulk_insert(LegalBasis, self.bases),
            "vault log rows": bulk_insert(AccessLog, self.logs),
        }
        reset_sequences([DataKey, Grant, LegalBasis, AccessLog])
        return counts


def _window(start: datetime.datetime, tz, days: int = GRANT_DAYS):
    """The grant's window: from `start` through the local day `days` days later."""
    from .periods import default_end_date

    return start.astimezone(datetime.UTC), _end_of_local_day(default_end_date(start, days, tz), tz)


@functools.lru_cache(maxsize=4096)
def _end_of_local_day(day: datetime.date, tz) -> datetime.datetime:
    # Hundreds of thousands of windows end on a few hundred days.
    from .periods import end_of_local_day

    return end_of_local_day(day, tz)


@transaction.atomic
def add_demo_data(
    seed: int, today: datetime.date, needs, stdout=None
) -> dict[str, int]:  # needs: leefwereld.demo.profile.Needs
    rng = random.Random(seed * 31 + 3)
    tz = timezone.get_current_timezone()
    now = timezone.now()
    noon = datetime.datetime.combine(today, datetime.time(12), tzinfo=tz)

    def days_ago(n: float) -> datetime.datetime:
        return noon - datetime.timedelta(days=n)

    first_resident = Resident.objects.order_by("pk").values_list("pk", flat=True).first()
    if first_resident is None:
        return {}
    first_household = Household.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    # The first team of each neighbourhood, and the first professional of each team.
    team_of: dict[int, int] = {}
    for team in NeighbourhoodTeam.objects.order_by("pk").prefetch_related("neighbourhoods"):
        for neighbourhood in team.neighbourhoods.all():
            team_of.setdefault(neighbourhood.pk, team.organisation_id)
    worker_of: dict[int, int] = {}
    for org_id, user_id in (
        Membership.objects.filter(
            organisation_id__in=set(team_of.values()), user__role=Role.PROFESSIONAL
        )
        .order_by("pk")
        .values_list("organisation_id", "user_id")
    ):
        worker_of.setdefault(org_id, user_id)
    municipality = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).first()
    debt_officer = User.objects.filter(role=Role.DEBT_OFFICER).order_by("pk").first()

    wmo = {first_resident + i for i in needs.wmo_clients}
    youth = {first_resident + i for i in needs.youth_care}
    debt_households = {first_household + h for h in needs.debt_households}
    needed = wmo | youth
    first_member: dict[int, tuple[int, int | None]] = {}

    writer = _Writer(rng, now)
    people = {}
    for pk, household, hood, representative in _people_or_all(needed, debt_households):
        if pk in needed:
            people[pk] = (household, hood, representative)
        if household in debt_households and household not in first_member:
            first_member[household] = (pk, hood)

    def status_window(start: datetime.datetime) -> dict[str, Any]:
        starts_at, ends_at = _window(start, tz)
        roll = rng.random()
        revoked = None
        if roll < 0.05:
            revoked = start + datetime.timedelta(days=rng.uniform(1, 20))
        return {"starts_at": starts_at, "ends_at": ends_at, "revoked_at": revoked}

    def reads(grant: Grant, resident_id: int, household_id, org: int, user: int, n: int) -> None:
        # Reads happen before the reference day's noon (and never after now): the same
        # log for the same seed and reference date.
        last = min(grant.ends_at, grant.revoked_at or grant.ends_at, noon, now)
        span = max((last - grant.starts_at).total_seconds(), 3600)
        for _ in range(n):
            writer.read(
                user=user,
                organisation=org,
                resident_id=resident_id,
                household_id=household_id,
                at=grant.starts_at + datetime.timedelta(seconds=rng.uniform(0, span)),
                categories=list(grant.categories),
                purpose=grant.purpose,
                grant=grant.pk,
            )

    for pk in sorted(wmo):
        household, hood, _rep = people[pk]
        org = team_of.get(hood)
        user = worker_of.get(org) if org else None
        if org is None or user is None:
            continue
        start = days_ago(rng.uniform(1, 120))
        writer.record(
            resident_id=pk,
            category="health",
            kind="wmo-melding",
            title="Ondersteuning thuis",
            text=rng.choice(WMO_TEXTS),
            created_at=start,
            created_by=user,
        )
        grant = writer.grant(
            resident_id=pk,
            grantee_organisation_id=org,
            categories=["daytime", "health", "housing"],
            purpose="keukentafelgesprek",
            mode=Mode.READ_WRITE,
            **status_window(start),
        )
        reads(grant, pk, household, org, user, rng.randint(1, 3))

    for household in sorted(debt_households):
        if household not in first_member:
            continue
        member, hood = first_member[household]
        org = team_of.get(hood)  # type: ignore[arg-type]
        user = worker_of.get(org) if org else None
        if org is None or user is None:
            continue
        start = days_ago(rng.uniform(1, 150))
        writer.record(
            household_id=household,
            category="finance",
            kind="schuldenoverzicht",
            title="Overzicht van de schulden",
            text=rng.choice(DEBT_TEXTS).format(n=rng.randint(2, 14)),
            created_at=start,
            created_by=user,
        )
        grant = writer.grant(
            resident_id=member,
            grantee_organisation_id=org,
            categories=["finance", "work_income"],
            purpose="schuldhulp",
            mode=Mode.READ_WRITE,
            **status_window(start),
        )
        reads(grant, member, household, org, user, rng.randint(1, 2))
        if municipality is not None and debt_officer is not None:
            starts_at, ends_at = _window(start, tz, days=365)
            writer.legal_basis(
                resident_id=member,
                organisation_id=municipality.pk,
                law=LegalBasis.Law.WGS,
                article="artikel 7a",
                explanation=(
                    "Voor schuldhulp mag de gemeente uw gegevens over geld en werk "
                    "gebruiken, ook zonder uw toestemming. Zo kan het schuldenfonds uw "
                    "schulden overnemen en een regeling maken."
                ),
                categories=["finance", "work_income"],
                purpose="schuldhulp",
                mode=Mode.READ_WRITE,
                starts_at=starts_at,
                ends_at=ends_at,
                recorded_by_id=debt_officer.pk,
            )

    retention_law, retention_years = JEUGDWET_RETENTION
    for pk in sorted(youth):
        household, hood, representative = people[pk]
        org = team_of.get(hood)
        user = worker_of.get(org) if org else None
        if org is None or user is None:
            continue
        start = days_ago(rng.uniform(1, 200))
        writer.record(
            resident_id=pk,
            category="family",
            kind="jeugdhulp",
            title="Jeugdhulp",
            text=rng.choice(YOUTH_TEXTS),
            created_at=start,
            created_by=user,
            retention=(retention_law, start.date().replace(year=start.year + retention_years)),
        )
        grant = writer.grant(
            resident_id=pk,
            grantee_organisation_id=org,
            categories=["education", "family"],
            purpose="jeugdhulp",
            mode=Mode.READ_WRITE,
            **status_window(start),
        )
        reads(grant, pk, household, org, user, 1)

    counts = writer.flush()
    counts.update(_demo_resident(seed, today, tz, now))
    if stdout is not None:
        stdout.write(
            "  kluis: "
            + ", ".join(f"{name}: {value:,}".replace(",", ".") for name, value in counts.items())
        )
    return counts


def _people_or_all(needed: set[int], debt_households: set[int]):
    """One pass over all residents: the needed ones, and the members of debt households."""
    rows = (
        Resident.objects.order_by("pk")
        .values_list(
            "pk", "household_id", "household__address__neighbourhood_id", "legal_representative_id"
        )
        .iterator(chunk_size=20_000)
    )
    for pk, household, hood, representative in rows:
        if pk in needed or household in debt_households:
            yield pk, household, hood, representative


def _demo_resident(seed: int, today: datetime.date, tz, now) -> dict[str, int]:
    """The published demo resident gets every kind of vault entry to look at."""
    from . import access, services

    user = User.objects.filter(username="inwoner").first()
    resident = Resident.objects.filter(user=user).select_related("household__address").first()
    professional = User.objects.filter(username="wijkwerker").first()
    if user is None or resident is None or professional is None:
        return {}
    team = Organisation.objects.filter(memberships__user=professional).order_by("pk").first()
    others = list(
        Organisation.objects.exclude(kind=Organisation.Kind.NEIGHBOURHOOD_TEAM).order_by("pk")[:3]
    )
    if team is None or len(others) < 3:
        return {}
    noon = datetime.datetime.combine(today, datetime.time(12), tzinfo=tz)

    def ago(days: float) -> datetime.datetime:
        return min(noon, now) - datetime.timedelta(days=days)

    actor = Actor.system("demo", user)
    mine = access.write_record(
        actor,
        resident,
        "finance",
        access.OWN_PURPOSE,
        {
            "title": "Overzicht van mijn schulden",
            "text": "Energie € 640, zorgverzekering € 310, telefoon € 95. Ik wil één regeling.",
        },
        kind="own-note",
    )
    access.write_record(
        actor,
        resident,
        "daytime",
        access.OWN_PURPOSE,
        {"title": "Wat ik graag doe", "text": "Vrijwilligerswerk bij de voedselbank op dinsdag."},
        kind="own-note",
    )
    if resident.household_id:
        access.write_record(
            actor,
            resident.household,  # type: ignore[arg-type]
            "housing",
            access.OWN_PURPOSE,
            {
                "title": "Huurcontract",
                "text": "Huur € 780 per maand, achterstand van twee maanden.",
            },
        )
    Record.objects.filter(pk=mine.pk).update(created_at=ago(40))

    active = Grant.objects.create(
        resident=resident,
        grantee_organisation=team,
        categories=["finance", "work_income", "housing"],
        purpose="schuldhulp",
        mode=Mode.READ_WRITE,
        starts_at=ago(20),
        ends_at=_window(ago(20), tz)[1],
        created_by=user,
        created_at=ago(20),
    )
    Grant.objects.create(
        resident=resident,
        grantee_organisation=others[0],
        categories=["health"],
        purpose="keukentafelgesprek",
        starts_at=ago(200),
        ends_at=_window(ago(200), tz)[1],
        created_by=user,
        created_at=ago(200),
    )
    Grant.objects.create(
        resident=resident,
        grantee_organisation=others[1],
        categories=["finance"],
        purpose="incasso",
        starts_at=ago(60),
        ends_at=_window(ago(60), tz)[1],
        revoked_at=ago(55),
        revoked_by=user,
        created_by=user,
        created_at=ago(60),
    )
    network = User.objects.filter(username="netwerklid").first()
    if network is not None:
        Grant.objects.create(
            resident=resident,
            grantee_user=network,
            categories=["daytime"],
            purpose="meedenken",
            starts_at=ago(10),
            ends_at=_window(ago(10), tz)[1],
            created_by=user,
            created_at=ago(10),
        )
    AccessRequest.objects.create(
        resident=resident,
        requested_by=professional,
        organisation=team,
        categories=["health", "daytime"],
        purpose="keukentafelgesprek",
        days=90,
        created_at=ago(1),
    )
    debt_officer = User.objects.filter(username="schuldhulp").first()
    municipality = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).first()
    basis = None
    if debt_officer is not None and municipality is not None:
        basis = LegalBasis.objects.create(
            resident=resident,
            organisation=municipality,
            law=LegalBasis.Law.WGS,
            article="artikel 7a",
            explanation=(
                "Voor schuldhulp mag de gemeente uw gegevens over geld en werk gebruiken, ook "
                "zonder uw toestemming. Zo kan het schuldenfonds uw schulden overnemen."
            ),
            categories=["finance", "work_income"],
            purpose="schuldhulp",
            mode=Mode.READ_WRITE,
            starts_at=ago(15),
            ends_at=_window(ago(15), tz, days=365)[1],
            recorded_by=debt_officer,
            recorded_at=ago(15),
        )
    colleague = (
        User.objects.filter(memberships__organisation=team, role=Role.PROFESSIONAL)
        .exclude(pk=professional.pk)
        .order_by("pk")
        .first()
    )
    glass = None
    if colleague is not None:
        glass = BreakGlass(
            resident=resident,
            actor=colleague,
            organisation=team,
            categories=["health", "housing"],
            purpose="noodtoegang",
            starts_at=ago(6),
            ends_at=ago(6) + datetime.timedelta(hours=services.break_glass_hours()),
            created_at=ago(6),
        )
        glass.reason_ciphertext = access.seal_for_resident(
            resident,
            f"break-glass:{glass.uuid}",
            "Buren meldden dat de inwoner niet opendeed; medicatie en huisarts nodig voor de "
            "crisisdienst.",
        )
        glass.save(force_insert=True)

    def log(at, actor, org, **fields) -> AccessLog:
        return AccessLog(
            occurred_at=at,
            event=fields.pop("event", AccessLog.Event.RECORDS),
            action=AccessLog.Action.READ,
            resident=resident,
            household_id=resident.household_id,
            user=actor,
            user_role=actor.role,
            responsible_user=actor,
            organisation=org,
            access_point=fields.pop("page", "vault:resident_records"),
            **fields,
        )

    rows = [
        log(
            ago(19),
            professional,
            team,
            authorisation=AccessLog.Authorisation.GRANT,
            grant=active,
            categories=["finance", "housing", "work_income"],
            purpose="schuldhulp",
            record_count=2,
        ),
        log(
            ago(18),
            professional,
            team,
            event=AccessLog.Event.BASIC_REGISTRATION,
            page="vault:caseload",
            authorisation=AccessLog.Authorisation.GRANT,
            grant=active,
            purpose="basisgegevens",
        ),
        log(
            ago(3),
            professional,
            team,
            authorisation=AccessLog.Authorisation.GRANT,
            grant=active,
            categories=["finance"],
            purpose="schuldhulp",
            record_count=1,
        ),
    ]
    if colleague is not None and glass is not None:
        rows.append(
            log(
                ago(6),
                colleague,
                team,
                authorisation=AccessLog.Authorisation.BREAK_GLASS,
                break_glass=glass,
                break_glass_used=True,
                categories=["health", "housing"],
                purpose="noodtoegang",
                record_count=1,
            )
        )
        rows.append(
            log(
                ago(8),
                colleague,
                team,
                outcome=AccessLog.Outcome.REFUSED,
                authorisation=AccessLog.Authorisation.NONE,
                categories=["health"],
                purpose="geen",
            )
        )
    if debt_officer is not None and basis is not None:
        rows.append(
            log(
                ago(12),
                debt_officer,
                municipality,
                authorisation=AccessLog.Authorisation.LEGAL_BASIS,
                legal_basis=basis,
                categories=["finance"],
                purpose="schuldhulp",
                record_count=1,
            )
        )
    AccessLog.objects.bulk_create(rows)
    return {"demo resident log rows": len(rows)}
