"""Demo help routes and involvement signals, at every scale.

Who asks for help follows the demo profile (leefwereld.demo.profile): Wmo clients, young
people with youth care and households with problematic debts. Each request gets a route
of realistic length — most are helped by the first organisation, some are referred once
or twice, a few need the regie team — replayed in memory with the same rules as
services.py (working-day deadlines, warm handovers, the two-hop limit) and written in
bulk. The demo resident `inwoner` gets two requests through the real services, with their
questions in their own vault, so 'Waar sta ik?' tells a story.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models.base import ModelState

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
from leefwereld.demo.population import GIVEN_NAMES, SURNAMES
from leefwereld.demo.rows import DEMO_PASSWORD, bulk_insert, next_id, reset_sequences
from leefwereld.rules import add_working_days, working_days_between

from . import notify, services
from .authorisation import REQUEST_WORKERS, works_for
from .models import (
    Escalation,
    Handover,
    HelpRequest,
    Involvement,
    InvolvementArchive,
    InvolvementSignal,
    RouteEvent,
)

Kind = Organisation.Kind
HStatus = Handover.Status
RStatus = HelpRequest.Status
EKind = RouteEvent.Kind
Cause = Escalation.Cause

# Share of each need group with a request in the demo period (about 18 months): most Wmo
# clients have support that runs on without a new request.
ASK_SHARE = {"wmo": 0.3, "youth": 0.5, "debt": 0.3}
# Referrals planned per request: most are helped by the first organisation. A 3 means a
# third referral was attempted — which the rules turn into an escalation.
REFERRALS = ((0, 0.52), (1, 0.29), (2, 0.13), (3, 0.06))
# Where requests are referred, per need.
DESTINATIONS = {
    "wmo": (
        Kind.CARE_PROVIDER,
        Kind.GP_PRACTICE,
        Kind.VOLUNTEER_ORGANISATION,
        Kind.HOUSING_CORPORATION,
    ),
    "youth": (Kind.CARE_PROVIDER, Kind.SCHOOL, Kind.GP_PRACTICE, Kind.VOLUNTEER_ORGANISATION),
    "debt": (
        Kind.MUNICIPALITY,
        Kind.VOLUNTEER_ORGANISATION,
        Kind.HOUSING_CORPORATION,
        Kind.CARE_PROVIDER,
    ),
}
CATEGORIES = {
    "wmo": ("health", "daytime", "housing", "network"),
    "youth": ("family", "education", "mental_health"),
    "debt": ("finance", "finance", "housing", "work_income"),
}
# Organisations that get named contact persons (neighbourhood teams already have them).
CONTACT_KINDS = (
    Kind.CARE_PROVIDER,
    Kind.SCHOOL,
    Kind.GP_PRACTICE,
    Kind.HOUSING_CORPORATION,
    Kind.VOLUNTEER_ORGANISATION,
)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


_DEFAULTS: dict[type, dict[str, object]] = {}


def _new(model, **values):
    """A model instance without Model.__init__ (a tenth of its cost): hundreds of
    thousands of rows at rotterdam scale. Every concrete field gets its default first."""
    defaults = _DEFAULTS.get(model)
    if defaults is None:
        defaults = _DEFAULTS[model] = {
            f.attname: (None if f.has_default() and callable(f.default) else f.get_default())
            for f in model._meta.concrete_fields
        }
    if "pk" in values:
        values[model._meta.pk.attname] = values.pop("pk")
    obj = model.__new__(model)
    obj._state = ModelState()
    obj.__dict__.update(defaults)
    obj.__dict__.update(values)
    return obj


@lru_cache(maxsize=65_536)
def _wd(day: datetime.date, n: int) -> datetime.date:
    return add_working_days(day, n)


@dataclass
class _Ids:
    """Primary keys handed out here, so rows can point at each other before insertion."""

    request: int
    handover: int
    escalation: int
    event: int


@dataclass
class _Rows:
    requests: list[HelpRequest] = field(default_factory=list)
    handovers: list[Handover] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)
    events: list[RouteEvent] = field(default_factory=list)


class _Route:
    """One request replayed step by step with the services' rules; stops at `today`."""

    def __init__(self, world: _World, resident_id: int, hood: int | None, need: str, start):
        self.w = world
        self.rng = world.rng
        self.t: datetime.datetime = start
        self.stopped = False
        self.req = _new(
            HelpRequest,
            pk=world.ids.request,
            resident_id=resident_id,
            neighbourhood_id=hood,
            category=self.rng.choice(CATEGORIES[need]),
            opened_at=start,
            referral_count=0,
            escalation_count=0,
        )
        world.ids.request += 1
        self.sequence = 0
        self.handover: Handover | None = None
        self.escalation: Escalation | None = None

    # -- time --------------------------------------------------------------------------

    def day(self) -> datetime.date:
        return self.t.astimezone(AMSTERDAM).date()

    def advance(self, working_days: int) -> bool:
        """Move to a later working day (at office hours); False once that is after today."""
        if self.stopped:
            return False
        day = _wd(self.day(), working_days) if working_days else self.day()
        moment = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(8, 15), self.rng.choice((0, 15, 30, 45))), AMSTERDAM
        )
        self.t = max(self.t + datetime.timedelta(minutes=self.rng.randint(5, 50)), moment)
        if self.day() > self.w.today:
            self.stopped = True
        return not self.stopped

    # -- rows ---------------------------------------------------------------------------

    def event(self, kind: str, actor: int | None, org: int | None, **kw) -> None:
        self.w.rows.events.append(
            _new(
                RouteEvent,
                pk=self.w.ids.event,
                request_id=self.req.pk,
                occurred_at=self.t,
                actor_id=actor,
                kind=kind,
                organisation_id=org,
                **kw,
            )
        )
        self.w.ids.event += 1

    def new_handover(self, kind: str, to: int, frm: int | None, sender: int | None, hop: int):
        h = _new(
            Handover,
            pk=self.w.ids.handover,
            request_id=self.req.pk,
            sequence=self.sequence,
            hop=hop,
            kind=kind,
            from_organisation_id=frm,
            to_organisation_id=to,
            sent_by_id=sender,
            sent_at=self.t,
            accept_by=_wd(self.day(), self.w.accept_days),
            status=HStatus.PENDING,
        )
        self.w.ids.handover += 1
        self.sequence += 1
        self.w.rows.handovers.append(h)
        self.handover = h
        self.req.current_handover_id = h.pk
        self.req.current_organisation_id = to
        self.req.next_deadline = h.accept_by
        self.req.status = RStatus.WAITING
        return h

    def decide(self, status: str, actor: int | None) -> None:
        assert self.handover is not None
        self.handover.status = status
        self.handover.decided_at = self.t
        self.handover.decided_by_id = actor

    # -- the verbs ----------------------------------------------------------------------

    def open(self, org: int, by_professional: bool, actor: int | None = None) -> None:
        worker = actor or self.w.worker(org)
        # Residents without an account ask by phone or at the desk: a professional of the
        # organisation opens the request for them (and so accepts it at once).
        resident_user = self.w.resident_user.get(self.req.resident_id)
        self.by_professional = by_professional or resident_user is None
        self.req.opened_by_id = worker if self.by_professional else resident_user
        self.req.opened_at = self.t
        h = self.new_handover(Handover.Kind.INTAKE, org, None, self.req.opened_by_id, 0)
        self.event(EKind.OPENED, self.req.opened_by_id, org, handover_id=h.pk)
        if self.by_professional:
            self._accepted(worker)

    def _accepted(self, actor: int | None) -> None:
        assert self.handover is not None
        self.decide(HStatus.ACCEPTED, actor)
        self.req.status = RStatus.IN_PROGRESS
        self.req.responsible_user_id = actor
        self.req.next_deadline = None
        self.req.last_accepted_at = self.t
        self.event(
            EKind.ACCEPTED,
            actor,
            self.handover.to_organisation_id,
            handover_id=self.handover.pk,
            hop=self.handover.hop,
        )

    def settle_pending(self, refusable: bool) -> str:
        """The receiving organisation accepts, refuses or lets the deadline pass."""
        h = self.handover
        assert h is not None
        roll = self.rng.random()
        if roll < 0.04:  # nobody reacts: escalates the day after the deadline
            if not self.advance(self.w.working_days_between(self.day(), h.accept_by) + 1):
                return "open"
            self.escalate(Cause.ACCEPTANCE_OVERDUE, None)
            return "escalated"
        if refusable and roll < 0.16:
            if not self.advance(self.rng.randint(0, 2)):
                return "open"
            self.refuse()
            return "refused"
        if not self.advance(self.rng.choice((0, 1, 1, 2, 2, 3))):
            return "open"
        self._accepted(self.w.worker(h.to_organisation_id))
        return "accepted"

    def refer(self, to: int, regie: bool = False) -> Handover:
        actor = self.req.responsible_user_id or self.w.worker(self.req.current_organisation_id)
        previous = self.handover
        if previous is not None and previous.status == HStatus.PENDING:
            self.decide(HStatus.PASSED_ON, actor)
        hop = self.req.referral_count + 1
        h = self.new_handover(
            Handover.Kind.REGIE if regie else Handover.Kind.REFERRAL,
            to,
            self.req.current_organisation_id,
            actor,
            hop,
        )
        self.req.referral_count = hop
        self.req.responsible_user_id = actor
        self.event(EKind.REFERRED, actor, to, handover_id=h.pk, hop=hop)
        return h

    def refuse(self) -> None:
        h = self.handover
        assert h is not None
        actor = self.w.worker(h.to_organisation_id)
        self.decide(HStatus.REFUSED, actor)
        self.event(EKind.REFUSED, actor, h.to_organisation_id, handover_id=h.pk, hop=h.hop)
        assert h.from_organisation_id is not None  # refer() sends from the current organisation
        back = self.new_handover(
            Handover.Kind.RETURN, h.from_organisation_id, h.to_organisation_id, actor, 0
        )
        self.req.responsible_user_id = h.sent_by_id
        self.event(EKind.RETURNED, actor, back.to_organisation_id, handover_id=back.pk)

    def escalate(self, cause: str, actor: int | None, suggested: int | None = None) -> Escalation:
        h = self.handover
        if h is not None and h.status == HStatus.PENDING:
            h.status = HStatus.SUPERSEDED
            h.decided_at = self.t
        e = _new(
            Escalation,
            pk=self.w.ids.escalation,
            request_id=self.req.pk,
            cause=cause,
            opened_at=self.t,
            opened_by_id=actor,
            from_organisation_id=self.req.current_organisation_id,
            suggested_organisation_id=suggested,
            regie_organisation_id=self.w.regie,
            own_by=_wd(self.day(), self.w.escalation_days),
        )
        self.w.ids.escalation += 1
        self.w.rows.escalations.append(e)
        self.escalation = e
        self.handover = None
        self.req.status = RStatus.ESCALATED
        self.req.current_organisation_id = self.w.regie
        self.req.current_handover_id = None
        self.req.responsible_user_id = None
        self.req.escalation_count += 1
        self.req.next_deadline = e.own_by
        self.event(EKind.ESCALATED, actor, self.w.regie, escalation_id=e.pk)
        return e

    def regie_takes_over(self) -> bool:
        e = self.escalation
        assert e is not None
        if self.rng.random() < 0.08:  # late: flagged the day after the deadline
            if not self.advance(self.w.working_days_between(self.day(), e.own_by) + 1):
                return False
            e.overdue_at = self.t
            self.event(EKind.ESCALATION_OVERDUE, None, self.w.regie, escalation_id=e.pk)
            if not self.advance(self.rng.randint(1, 3)):
                return False
        elif not self.advance(self.rng.choice((0, 1, 1, 2))):
            return False
        owner = self.w.worker(self.w.regie)
        e.owner_id = owner
        e.owned_at = self.t
        self.req.status = RStatus.IN_PROGRESS
        self.req.responsible_user_id = owner
        self.req.next_deadline = None
        self.req.last_accepted_at = self.t
        self.event(EKind.OWNERSHIP_TAKEN, owner, self.w.regie, escalation_id=e.pk)
        return True

    def close(self) -> None:
        roll = self.rng.random()
        outcome = (
            HelpRequest.Outcome.HELPED
            if roll < 0.88
            else HelpRequest.Outcome.NOT_NEEDED
            if roll < 0.96
            else HelpRequest.Outcome.WITHDRAWN
        )
        if outcome == HelpRequest.Outcome.WITHDRAWN:
            self.event(EKind.WITHDRAWN, self.req.opened_by_id, self.req.current_organisation_id)
        else:
            self.event(EKind.CLOSED, self.req.responsible_user_id, self.req.current_organisation_id)
        self.req.status = RStatus.CLOSED
        self.req.outcome = outcome
        self.req.closed_at = self.t
        self.req.next_deadline = None
        if outcome == HelpRequest.Outcome.HELPED and self.req.last_accepted_at:
            self.req.days_to_help = max(0, (self.req.last_accepted_at - self.req.opened_at).days)


class _World:
    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today
        self.rows = _Rows()
        self.ids = _Ids(
            next_id(HelpRequest), next_id(Handover), next_id(Escalation), next_id(RouteEvent)
        )
        self.accept_days = services.accept_working_days()
        self.escalation_days = services.escalation_working_days()
        self.workers: dict[int, list[int]] = defaultdict(list)
        self.resident_user: dict[int, int] = {}
        self.by_kind: dict[str, list[int]] = {}
        self.regie = 0

    def worker(self, org: int | None) -> int | None:
        people = self.workers.get(org or 0)
        return self.rng.choice(people) if people else None

    @staticmethod
    def working_days_between(start: datetime.date, end: datetime.date) -> int:
        return max(0, working_days_between(start, end))


def _weighted(rng: random.Random, options) -> int:
    roll, total = rng.random(), 0.0
    for value, weight in options:
        total += weight
        if roll < total:
            return value
    return options[-1][0]


def _contacts(world: _World, today: datetime.date, seed: int) -> int:
    """Named contact persons for partner organisations and the regie team."""
    rng = random.Random(seed + 303)
    password = make_password(DEMO_PASSWORD)
    orgs = list(
        Organisation.objects.filter(kind__in=[*CONTACT_KINDS, Kind.MUNICIPALITY])
        .order_by("pk")
        .values_list("pk", "kind")
    )
    users: list[User] = []
    links: list[Membership] = []
    pk = next_id(User)
    # A regie team of three at small scale, growing with the number of neighbourhood teams.
    regie_people = max(3, NeighbourhoodTeam.objects.count() // 6)
    for org, kind in orgs:
        if kind == Kind.MUNICIPALITY and org != world.regie:
            continue
        count = regie_people if org == world.regie else rng.randint(1, 2)
        for n in range(count):
            prefix = "regie" if org == world.regie else "contact"
            users.append(
                User(
                    pk=pk,
                    username=f"{prefix}{org:04d}-{n + 1}",
                    first_name=rng.choice(GIVEN_NAMES),
                    last_name=rng.choice(SURNAMES),
                    role=Role.PROFESSIONAL,
                    password=password,
                    email=f"{prefix}{org}-{n + 1}@partner.example",
                    phone=f"06-{rng.randint(10_000_000, 99_999_999)}",
                    is_active=True,
                    date_joined=datetime.datetime.combine(today, datetime.time(8), AMSTERDAM),
                )
            )
            links.append(
                Membership(
                    user_id=pk,
                    organisation_id=org,
                    job_title="Regieteam sociaal domein"
                    if org == world.regie
                    else "Contactpersoon",
                    since=today,
                )
            )
            world.workers[org].append(pk)
            pk += 1
    bulk_insert(User, users)
    bulk_insert(Membership, links)
    return len(users)


def _subjects(needs, first_resident: int, first_household: int, rng: random.Random):
    """(resident pk, need) of everyone who asked for help, in a stable order."""
    chosen: list[tuple[int, str]] = []
    for index in sorted(needs.wmo_clients):
        if rng.random() < ASK_SHARE["wmo"]:
            chosen.append((first_resident + index, "wmo"))
    for index in sorted(needs.youth_care):
        if rng.random() < ASK_SHARE["youth"]:
            chosen.append((first_resident + index, "youth"))
    households = [
        first_household + h
        for h in sorted(needs.debt_households)
        if rng.random() < ASK_SHARE["debt"]
    ]
    # The oldest member of each household asks (one query per 5,000 households).
    oldest: dict[int, tuple[datetime.date, int]] = {}
    for start in range(0, len(households), 5_000):
        for pk, household, born in Resident.objects.filter(
            household_id__in=households[start : start + 5_000]
        ).values_list("pk", "household_id", "birth_date"):
            if household not in oldest or born < oldest[household][0]:
                oldest[household] = (born, pk)
    chosen += [(oldest[h][1], "debt") for h in households if h in oldest]
    return chosen


def _places(resident_ids: list[int]) -> dict[int, tuple[int | None, int | None]]:
    """resident → (neighbourhood, address), for the residents involved."""
    places: dict[int, tuple[int | None, int | None]] = {}
    ids = sorted(set(resident_ids))
    for start in range(0, len(ids), 5_000):
        for pk, hood, address in Resident.objects.filter(
            pk__in=ids[start : start + 5_000]
        ).values_list("pk", "household__address__neighbourhood_id", "household__address_id"):
            places[pk] = (hood, address)
    return places


def _simulate(world: _World, subject: int, need: str, hood, teams, by_kind) -> None:
    """One request from the first question to its close, or to where it is today."""
    rng = world.rng
    opened_day = world.today - datetime.timedelta(days=rng.randint(0, 540))
    start = datetime.datetime.combine(opened_day, datetime.time(rng.randint(8, 15), 0), AMSTERDAM)
    route = _Route(world, subject, hood, need, start)
    if not route.advance(0):
        return
    home = teams.get(hood) or [world.regie]
    first = (
        rng.choice(home)
        if rng.random() < 0.8
        else rng.choice(by_kind[rng.choice(DESTINATIONS[need])])
    )
    route.open(first, rng.random() < 0.45)
    world.rows.requests.append(route.req)
    if not route.by_professional and route.settle_pending(refusable=False) == "open":
        return
    planned = _weighted(rng, REFERRALS)
    pillar_to_post = rng.random() < 0.025
    while route.req.status == RStatus.IN_PROGRESS and planned > route.req.referral_count:
        if not route.advance(rng.randint(1, 8)):
            return
        if route.req.referral_count >= services.MAX_REFERRALS:
            target = rng.choice(by_kind[rng.choice(DESTINATIONS[need])])
            route.escalate(Cause.THIRD_REFERRAL, route.req.responsible_user_id, suggested=target)
            break
        options = [
            o
            for o in by_kind[rng.choice(DESTINATIONS[need])]
            if o != route.req.current_organisation_id
        ]
        if not options:
            break
        route.refer(rng.choice(options))
        if pillar_to_post and route.advance(rng.randint(0, 1)):
            # The resident says it (in the portal, or by phone to the professional).
            reporter = world.resident_user.get(subject) or route.req.responsible_user_id
            route.event(EKind.PILLAR_TO_POST, reporter, route.req.current_organisation_id)
            route.escalate(Cause.PILLAR_TO_POST, reporter)
            break
        if route.stopped:
            return
        outcome = route.settle_pending(refusable=True)
        # After a refusal the sender takes the request back and tries again.
        if outcome == "refused":
            outcome = route.settle_pending(refusable=False)
        if outcome == "open":
            return
    # The regie team handles every escalation (an assignment it makes may escalate again).
    for _attempt in range(4):
        if route.stopped:
            return
        if route.req.status != RStatus.ESCALATED:
            break
        if not route.regie_takes_over():
            return
        if rng.random() < 0.7:  # the regie team assigns an organisation with a mandate
            if not route.advance(rng.randint(0, 2)):
                return
            options = [o for o in by_kind[rng.choice(DESTINATIONS[need])] if o != world.regie]
            if options:
                route.refer(rng.choice(options), regie=True)
                if route.settle_pending(refusable=False) == "open":
                    return
    if route.req.status == RStatus.IN_PROGRESS and route.advance(rng.randint(8, 45)):
        route.close()


def _worklist_story(world: _World, today: datetime.date, team: int, wijkwerker: int) -> int:
    """Something on the demo wijkwerker's worklist today: a referral waiting for their team,
    someone they help, and someone they referred yesterday (they stay responsible)."""
    care = next(iter(world.by_kind.get(Kind.CARE_PROVIDER, [])), None)
    hood = (
        NeighbourhoodTeam.neighbourhoods.through.objects.filter(
            neighbourhoodteam__organisation_id=team
        )
        .values_list("neighbourhood_id", flat=True)
        .first()
    )
    residents = list(
        Resident.objects.filter(household__address__neighbourhood=hood, user__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:3]
    )
    if care is None or len(residents) < 3:
        return 0

    def at(day: datetime.date, hour: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), AMSTERDAM)

    incoming = _Route(world, residents[0], hood, "wmo", at(_wd(today, -6), 10))
    incoming.open(care, True)
    incoming.t = at(today, 9)
    incoming.refer(team)
    helping = _Route(world, residents[1], hood, "debt", at(_wd(today, -8), 11))
    helping.open(team, True, actor=wijkwerker)
    referred = _Route(world, residents[2], hood, "wmo", at(_wd(today, -12), 11))
    referred.open(team, True, actor=wijkwerker)
    referred.t = at(_wd(today, -1), 14)
    referred.refer(care)
    world.rows.requests += [incoming.req, helping.req, referred.req]
    return 3


def _involvements(world: _World, subjects, places, teams, by_kind, rng: random.Random):
    """Registrations for young people with youth care and debt households, and the signals
    they cause (same resident, children of the same parent, same address)."""
    today = world.today
    involvements: list[Involvement] = []
    archive: list[InvolvementArchive] = []
    pk = next_id(Involvement)
    archive_pk = next_id(InvolvementArchive)
    contact: dict[int, tuple[str, str, str]] = {
        u.pk: (u.get_full_name() or u.username, u.phone, u.email)
        for u in User.objects.filter(
            pk__in=[p for people in world.workers.values() for p in people]
        ).only("first_name", "last_name", "username", "phone", "email")
    }
    org_phone = dict(Organisation.objects.values_list("pk", "phone"))
    seen: set[tuple[int, int]] = set()
    for resident, need in subjects:
        if need == "wmo" and rng.random() > 0.3:
            continue
        hood = places.get(resident, (None, None))[0]
        pool = {
            "youth": [Kind.SCHOOL, Kind.CARE_PROVIDER, "team"],
            "debt": [Kind.HOUSING_CORPORATION, "team", Kind.MUNICIPALITY],
            "wmo": [Kind.CARE_PROVIDER, "team"],
        }[need]
        chosen: set[int] = set()
        for kind in pool:
            if rng.random() < 0.55:
                options = teams.get(hood, []) if kind == "team" else by_kind.get(kind, [])
                if options:
                    chosen.add(rng.choice(options))
        for org in sorted(chosen):
            worker = world.worker(org)
            if worker is None or (resident, org) in seen:
                continue
            seen.add((resident, org))
            name, phone, email = contact[worker]
            day = today - datetime.timedelta(days=rng.randint(0, 700))
            registered = datetime.datetime.combine(
                day, datetime.time(rng.randint(8, 16)), AMSTERDAM
            )
            involvements.append(
                _new(
                    Involvement,
                    pk=pk,
                    resident_id=resident,
                    organisation_id=org,
                    professional_id=worker,
                    contact_name=name,
                    contact_phone=phone or org_phone.get(org, ""),
                    contact_email=email,
                    registered_at=registered,
                    starts_on=day,
                    delete_after=services._years_later(day, services.INVOLVEMENT_YEARS),
                )
            )
            pk += 1
        if need == "youth" and chosen and rng.random() < 0.1:
            # An earlier, ended involvement in the five-year historical archive.
            org = rng.choice(by_kind[Kind.CARE_PROVIDER])
            worker = world.worker(org)
            if worker is not None:
                name, phone, email = contact[worker]
                ended = today - datetime.timedelta(days=rng.randint(720, 1400))
                archive.append(
                    _new(
                        InvolvementArchive,
                        pk=archive_pk,
                        resident_id=resident,
                        organisation_id=org,
                        professional_id=worker,
                        contact_name=name,
                        contact_phone=phone,
                        contact_email=email,
                        registered_at=datetime.datetime.combine(
                            ended - datetime.timedelta(days=300), datetime.time(10), AMSTERDAM
                        ),
                        archived_at=datetime.datetime.combine(ended, datetime.time(10), AMSTERDAM),
                        reason=InvolvementArchive.Reason.ENDED,
                        purge_after=services._years_later(ended, services.ARCHIVE_YEARS),
                    )
                )
                archive_pk += 1
    signals = _signals(involvements, archive, places, rng, today)
    bulk_insert(Involvement, involvements)
    bulk_insert(InvolvementArchive, archive)
    bulk_insert(InvolvementSignal, signals)
    return len(involvements), len(archive), len(signals)


def _signals(involvements, archive, places, rng, today) -> list[InvolvementSignal]:
    by_resident: dict[int, list[Involvement]] = defaultdict(list)
    for inv in involvements:
        by_resident[inv.resident_id].append(inv)
    parents: dict[int, set[int]] = defaultdict(set)
    link = Resident.parents.through
    residents = sorted(by_resident)
    for start in range(0, len(residents), 5_000):
        for child, parent in link.objects.filter(
            from_resident_id__in=residents[start : start + 5_000]
        ).values_list("from_resident_id", "to_resident_id"):
            parents[child].add(parent)
    pairs: dict[tuple[int, int], str] = {}

    def pair(a: Involvement, b: Involvement, match: str) -> None:
        if a.organisation_id == b.organisation_id or a.pk == b.pk:
            return
        for key in ((a.pk, b.pk), (b.pk, a.pk)):
            pairs.setdefault(key, match)  # the first (strongest) match wins

    Match = InvolvementSignal.Match
    for items in by_resident.values():
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                pair(a, b, Match.SAME_RESIDENT)
    children: dict[int, list[int]] = defaultdict(list)
    for child, ps in parents.items():
        for p in ps:
            children[p].append(child)
    for kids in children.values():
        for i, x in enumerate(kids):
            for y in kids[i + 1 :]:
                for a in by_resident[x]:
                    for b in by_resident[y]:
                        pair(a, b, Match.SAME_PARENT)
    at_address: dict[int, list[int]] = defaultdict(list)
    for resident in residents:
        address = places.get(resident, (None, None))[1]
        if address is not None:
            at_address[address].append(resident)
    for people in at_address.values():
        for i, x in enumerate(people):
            for y in people[i + 1 :]:
                for a in by_resident[x]:
                    for b in by_resident[y]:
                        pair(a, b, Match.SAME_ADDRESS)
    by_pk = {inv.pk: inv for inv in involvements}
    signals: list[InvolvementSignal] = []
    for (recipient, other), match in sorted(pairs.items()):
        created = max(by_pk[recipient].registered_at, by_pk[other].registered_at)
        made = (
            created + datetime.timedelta(days=rng.randint(1, 10)) if rng.random() < 0.65 else None
        )
        if made is not None and made.date() > today:
            made = None
        signals.append(
            _new(
                InvolvementSignal,
                recipient_id=recipient,
                other_id=other,
                match=match,
                created_at=created,
                contact_made_at=made,
                contact_made_by_id=by_pk[recipient].professional_id if made else None,
            )
        )
    for entry in archive:
        newer = [i for i in by_resident[entry.resident_id] if i.registered_at > entry.archived_at]
        if newer:
            first = min(newer, key=lambda i: i.registered_at)
            entry.signalled_at = first.registered_at
            signals.append(
                _new(
                    InvolvementSignal,
                    recipient_id=first.pk,
                    other_archive_id=entry.pk,
                    match=Match.HISTORY,
                    created_at=first.registered_at,
                )
            )
    return signals


def _demo_resident_story(world: _World, today: datetime.date) -> int:
    """Two requests of the demo resident through the real services (questions in their
    vault), so 'Waar sta ik?' shows a route in progress and one with the regie team."""
    user = User.objects.filter(username="inwoner").first()
    resident = Resident.objects.filter(user=user).select_related("household__address").first()
    if user is None or resident is None or resident.household is None:
        return 0
    team = (
        NeighbourhoodTeam.objects.filter(neighbourhoods=resident.household.address.neighbourhood_id)
        .order_by("pk")
        .values_list("organisation_id", flat=True)
        .first()
    )
    team_org = Organisation.objects.filter(pk=team).first() if team is not None else None
    if team_org is None:
        return 0
    wijkwerker = User.objects.filter(username="wijkwerker").first()
    if wijkwerker is None or not works_for(Actor.system("demo", wijkwerker), team_org.pk):
        worker_pk = world.worker(team_org.pk)
        wijkwerker = User.objects.filter(pk=worker_pk).first() if worker_pk is not None else None
    if wijkwerker is None:
        return 0
    User.objects.filter(username__in=["wijkwerker", "teamleider"], phone="").update(
        phone="010-2345678"
    )
    wijkwerker.phone = wijkwerker.phone or "010-2345678"
    care = Organisation.objects.filter(kind=Kind.CARE_PROVIDER).order_by("pk").first()
    housing = Organisation.objects.filter(kind=Kind.HOUSING_CORPORATION).order_by("pk").first()
    volunteer = Organisation.objects.filter(kind=Kind.VOLUNTEER_ORGANISATION).order_by("pk").first()
    regie = Organisation.objects.get(pk=world.regie)

    def person(org: Organisation) -> Actor:
        pk = world.worker(org.pk)
        if pk is None:  # as User.objects.get(pk=None) would
            raise User.DoesNotExist("User matching query does not exist.")
        return Actor.system("demo", User.objects.get(pk=pk))

    def waiting(request: HelpRequest) -> Handover:
        handover = request.current_handover
        assert handover is not None  # open_request and refer (below the third hop) set it
        return handover

    def at(working_days_ago: int, hour: int) -> datetime.datetime:
        return datetime.datetime.combine(
            _wd(today, -working_days_ago), datetime.time(hour), AMSTERDAM
        )

    asker = Actor.system("demo", user)
    worker = Actor.system("demo", wijkwerker)
    with notify.muted():
        # 1. Money worries: the team helped, referred to the care provider, who referred on
        #    to the housing corporation — the second referral, waiting for acceptance now.
        first = services.open_request(
            asker,
            resident,
            organisation=team_org,
            category="finance",
            question="Ik krijg mijn rekeningen niet meer betaald en ik slaap er slecht van. "
            "De huur is twee maanden achter.",
            share=True,
            now=at(30, 10),
        )
        services.accept_handover(worker, waiting(first), now=at(29, 11))
        if care is not None and housing is not None:
            services.refer(worker, first, to_organisation=care, now=at(20, 14))
            first.refresh_from_db()
            carer = person(care)
            services.accept_handover(carer, waiting(first), now=at(19, 9))
            services.refer(carer, first, to_organisation=housing, now=at(0, 9))
        # 2. Daytime activity: referred, refused, and the resident reported being sent from
        #    pillar to post; the regie team took ownership.
        second = services.open_request(
            asker,
            resident,
            organisation=team_org,
            category="daytime",
            question="Ik zit de hele dag thuis en wil graag iets zinvols doen.",
            now=at(15, 10),
        )
        services.accept_handover(worker, waiting(second), now=at(14, 10))
        if volunteer is not None:
            services.refer(worker, second, to_organisation=volunteer, now=at(12, 10))
            second.refresh_from_db()
            services.refuse_handover(person(volunteer), waiting(second), now=at(11, 15))
        escalation = services.report_pillar_to_post(asker, second, now=at(10, 20))
        services.take_ownership(person(regie), escalation, now=at(9, 10))
    return 2


def add_demo_data(seed: int, today: datetime.date, needs, stdout=None) -> dict[str, int]:
    """Routes for the profile's residents, involvements and signals; bulk, at every scale."""
    rng = random.Random(seed + 505)
    first_resident = Resident.objects.order_by("pk").values_list("pk", flat=True).first()
    first_household = Household.objects.order_by("pk").values_list("pk", flat=True).first()
    if first_resident is None or first_household is None:
        return {}
    world = _World(rng, today)
    world.regie = services.regie_organisation().pk
    for user_id, org in Membership.objects.filter(user__role__in=REQUEST_WORKERS).values_list(
        "user_id", "organisation_id"
    ):
        world.workers[org].append(user_id)
    contacts = _contacts(world, today, seed)
    # The demo team lead also sits in the regie team, so the demo shows its worklist.
    lead = User.objects.filter(username="teamleider").values_list("pk", flat=True).first()
    if (
        lead is not None
        and not Membership.objects.filter(user_id=lead, organisation_id=world.regie).exists()
    ):
        Membership.objects.create(
            user_id=lead,
            organisation_id=world.regie,
            job_title="Regieteam sociaal domein",
            since=today,
        )
        world.workers[world.regie].append(lead)
    world.resident_user = dict(
        Resident.objects.filter(user__isnull=False).values_list("pk", "user_id")
    )
    teams: dict[int | None, list[int]] = defaultdict(list)
    for org, hood in NeighbourhoodTeam.neighbourhoods.through.objects.values_list(
        "neighbourhoodteam__organisation_id", "neighbourhood_id"
    ):
        teams[hood].append(org)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for org, kind in Organisation.objects.order_by("pk").values_list("pk", "kind"):
        if world.workers.get(org):
            by_kind[kind].append(org)

    world.by_kind = by_kind
    subjects = _subjects(needs, first_resident, first_household, rng)
    places = _places([s for s, _need in subjects])
    for subject, need in subjects:
        _simulate(world, subject, need, places.get(subject, (None, None))[0], teams, by_kind)
    wijkwerker = User.objects.filter(username="wijkwerker").values_list("pk", flat=True).first()
    team = (
        Membership.objects.filter(user_id=wijkwerker, organisation__kind=Kind.NEIGHBOURHOOD_TEAM)
        .values_list("organisation_id", flat=True)
        .first()
        if wijkwerker is not None
        else None
    )
    if wijkwerker is not None and team is not None:
        _worklist_story(world, today, team, wijkwerker)
    rows = world.rows
    bulk_insert(HelpRequest, rows.requests)
    bulk_insert(Handover, rows.handovers)
    bulk_insert(Escalation, rows.escalations)
    bulk_insert(RouteEvent, rows.events)
    involvements, archived, signals = _involvements(world, subjects, places, teams, by_kind, rng)
    reset_sequences(
        [
            User,
            HelpRequest,
            Handover,
            Escalation,
            RouteEvent,
            Involvement,
            InvolvementArchive,
            InvolvementSignal,
        ]
    )
    story = _demo_resident_story(world, today) if settings.LEEFWERELD_MASTER_KEY else 0
    counts = {
        "help_requests": len(rows.requests) + story,
        "handovers": len(rows.handovers),
        "escalations": len(rows.escalations),
        "route_events": len(rows.events),
        "involvements": involvements,
        "involvement_signals": signals,
        "involvement_archive": archived,
        "route_contacts": contacts,
    }
    if stdout is not None:
        stdout.write(
            f"  routes: {counts['help_requests']} hulpvragen, {counts['escalations']} escalaties"
        )
    return counts
