"""Demo data for gezag, representatives and youth care, in bulk at every scale.

* gezag for every minor, from the population's parents: two parents → joint custody
  (TweehoofdigOuderlijkGezag), one → sole; the BRP would answer the same shapes;
* bewindvoerders (money only) and a few mentors for about 1 in 200 adults, a family
  member from another household acting as representative;
* youth care for the profile's young people (`needs.youth_care`, about 10% of minors):
  a GP, youth doctor or specialist referral (registered, granted as referred) or a team
  request (granted, refused or still open), with a contracted provider, the consent rule of
  the child's age and the notices to the child and the holders of gezag.

The products' codes follow the iJW product-category pattern but are demo codes, not the
municipality's real product list.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.utils import timezone

from leefwereld.core.models import (
    Gezag,
    GezagHolder,
    Membership,
    Municipality,
    NeighbourhoodTeam,
    Organisation,
    Representation,
    Resident,
    Source,
    User,
)
from leefwereld.core.roles import Role
from leefwereld.demo.rows import bulk_insert, new_row, next_id, reset_sequences
from leefwereld.rules import consent

from .models import Access, Decision, Notice, Product

PRODUCTS = [
    ("45A48", "Jeugd-GGZ behandeling", Product.Unit.HOURS),
    ("43A31", "Ambulante jeugdhulp", Product.Unit.HOURS),
    ("41A22", "Dagbehandeling jeugd", Product.Unit.DAYS),
    ("44A10", "Pleegzorg", Product.Unit.NIGHTS),
]
PROVIDERS = ["Kinder-GGZ Maas", "Jeugdhulp Rijnmond", "Pleegzorg Zuid", "Praktijk De Brug (zzp)"]
ROUTES = [
    (Access.Route.GP, 45),
    (Access.Route.YOUTH_DOCTOR, 10),
    (Access.Route.SPECIALIST, 5),
    (Access.Route.TEAM, 40),
]
GP_NAMES = ["Huisarts Bakker", "Huisarts El Idrissi", "Huisartsenpraktijk Noord", "Dr. Visser"]


def _years_ago(today: datetime.date, years: int) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _gezag(today: datetime.date) -> int:
    """Gezag for every minor from the registered parents (at most two holders)."""
    minors = Resident.objects.filter(birth_date__gt=_years_ago(today, 18)).exclude(
        gezag__isnull=False
    )
    parents: dict[int, list[int]] = defaultdict(list)
    for child, parent in Resident.parents.through.objects.filter(
        from_resident__in=minors.values("pk")
    ).values_list("from_resident_id", "to_resident_id"):
        parents[child].append(parent)
    gezag_id, holder_id = next_id(Gezag), next_id(GezagHolder)
    gezag_rows, holder_rows = [], []
    for child in minors.values_list("pk", flat=True).order_by("pk"):
        own = sorted(parents.get(child, []))[:2]
        if not own:
            continue
        kind = Gezag.Type.TWEEHOOFDIG if len(own) == 2 else Gezag.Type.EENHOOFDIG
        gezag_rows.append(
            new_row(
                Gezag, pk=gezag_id, minor_id=child, type=kind, source=Source.BRP, recorded_on=today
            )
        )
        for parent in own:
            holder_rows.append(
                new_row(
                    GezagHolder,
                    pk=holder_id,
                    gezag_id=gezag_id,
                    kind=GezagHolder.Kind.PARENT,
                    resident_id=parent,
                )
            )
            holder_id += 1
        gezag_id += 1
    bulk_insert(Gezag, gezag_rows)
    bulk_insert(GezagHolder, holder_rows)
    return len(gezag_rows)


def _representatives(rng: random.Random, today: datetime.date) -> int:
    adults = list(
        Resident.objects.filter(birth_date__lte=_years_ago(today, 25))
        .order_by("pk")
        .values_list("pk", "household_id")
    )
    if len(adults) < 4:
        return 0
    chosen = rng.sample(adults, max(1, len(adults) // 200))
    rows = []
    for pk, household in chosen:
        representative = rng.choice(adults)
        if representative[1] == household or representative[0] == pk:
            continue
        kind = (
            Representation.Kind.BEWINDVOERDER if rng.random() < 0.8 else Representation.Kind.MENTOR
        )
        rows.append(
            new_row(
                Representation,
                represented_id=pk,
                representative_id=representative[0],
                kind=kind,
                starts_on=today - datetime.timedelta(days=rng.randint(30, 2000)),
                source=Source.REGISTER,
            )
        )
    return bulk_insert(Representation, rows)


def add_demo_data(seed: int, today: datetime.date, needs) -> dict[str, int]:
    rng = random.Random(seed + 1600)
    counts: dict[str, int] = {}
    counts["gezag"] = _gezag(today)
    counts["representations"] = _representatives(rng, today)

    municipality = Municipality.objects.order_by("pk").first()
    first_resident = Resident.objects.order_by("pk").values_list("pk", flat=True).first()
    if municipality is None or first_resident is None or needs is None:
        return counts
    providers = [
        Organisation.objects.create(
            municipality=municipality, name=name, kind=Organisation.Kind.CARE_PROVIDER
        )
        for name in PROVIDERS
    ]
    products = []
    for i, (code, name, unit) in enumerate(PRODUCTS):
        product = Product.objects.create(code=code, name=name, unit=unit)
        # Every product has two contracted providers; the last provider only pleegzorg.
        product.contracted_providers.add(providers[i % 3], providers[(i + 1) % 3])
        products.append(product)
    products[3].contracted_providers.add(providers[3])

    team_of: dict[int, int] = dict(
        NeighbourhoodTeam.neighbourhoods.through.objects.values_list(
            "neighbourhood_id", "neighbourhoodteam__organisation_id"
        )
    )
    worker_of: dict[int, int] = {}
    for org, user in Membership.objects.filter(user__role=Role.PROFESSIONAL).values_list(
        "organisation_id", "user_id"
    ):
        worker_of.setdefault(org, user)
    fallback = User.objects.filter(username="wijkwerker").values_list("pk", flat=True).first()
    youth = sorted(first_resident + i for i in needs.youth_care)
    children = {
        pk: (birth, hood)
        for pk, birth, hood in Resident.objects.filter(pk__in=youth).values_list(
            "pk", "birth_date", "household__address__neighbourhood_id"
        )
    }
    holders: dict[int, list[int]] = defaultdict(list)
    for child, parent in GezagHolder.objects.filter(gezag__minor__in=youth).values_list(
        "gezag__minor_id", "resident_id"
    ):
        holders[child].append(parent)

    access_id, decision_id = next_id(Access), next_id(Decision)
    access_rows, decision_rows, notice_rows = [], [], []
    now = timezone.now()
    for child in youth:
        if child not in children:
            continue
        birth, hood = children[child]
        team = team_of.get(hood)
        by = worker_of.get(team) if team else None
        by = by or fallback
        if team is None or by is None or consent.age_on(birth, today) >= 18:
            continue
        route = rng.choices([r for r, _w in ROUTES], [w for _r, w in ROUTES])[0]
        product = rng.choice(products)
        provider = rng.choice(sorted(product.contracted_providers.all(), key=lambda o: o.pk))
        received = today - datetime.timedelta(days=rng.randint(3, 400))
        medical = route in Access.MEDICAL
        access_rows.append(
            new_row(
                Access,
                pk=access_id,
                child_id=child,
                route=route,
                team_id=team,
                referrer_name=rng.choice(GP_NAMES) if medical else "",
                referrer_agb=f"{rng.randint(1, 99_999_999):08d}" if medical else "",
                product_id=product.pk,
                provider_id=provider.pk,
                received_on=received,
                registered_at=now,
                registered_by_id=by,
            )
        )
        roll = rng.random()
        outcome = (
            Decision.Outcome.GRANTED
            if medical or roll < 0.7
            else (Decision.Outcome.REFUSED if roll < 0.8 else Decision.Outcome.PENDING)
        )
        decided = (
            None
            if outcome == Decision.Outcome.PENDING
            else received + datetime.timedelta(days=rng.randint(0, 40))
        )
        decided = min(decided, today) if decided else None
        rule = consent.care_consent(birth, decided or today)
        granted = outcome == Decision.Outcome.GRANTED
        decision_rows.append(
            new_row(
                Decision,
                pk=decision_id,
                access_id=access_id,
                outcome=outcome,
                volume=rng.choice([8, 12, 20, 40]) if granted else 0,
                starts_on=decided if granted else None,
                ends_on=decided + datetime.timedelta(days=rng.choice([90, 180, 365]))
                if granted and decided
                else None,
                decided_on=decided,
                decided_by_id=by if decided else None,
                consenter=rule.consenter.value if decided else "",
                consent_article=rule.article if decided else "",
            )
        )
        if decided:
            notice_rows.append(
                new_row(
                    Notice,
                    decision_id=decision_id,
                    recipient_id=child,
                    role=Notice.Role.CHILD,
                    sent_at=now,
                )
            )
            if rule.parents_informed:
                for parent in holders.get(child, []):
                    notice_rows.append(
                        new_row(
                            Notice,
                            decision_id=decision_id,
                            recipient_id=parent,
                            role=Notice.Role.PARENT,
                            sent_at=now,
                        )
                    )
        access_id += 1
        decision_id += 1
    counts["youth_access"] = bulk_insert(Access, access_rows)
    counts["youth_decisions"] = bulk_insert(Decision, decision_rows)
    counts["youth_notices"] = bulk_insert(Notice, notice_rows)
    reset_sequences([Gezag, GezagHolder, Access, Decision])
    return counts
