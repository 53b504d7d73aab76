"""Demo data for work and income: benefit households with ladder measurements over a year,
and daytime activities, some of them beschut werk and dagbesteding at the same time (the
overlap seed 001 warns about).

The sample: the demo resident ("inwoner") and up to ``SAMPLE`` adults of working age in
the demo professional's team area, deterministic per seed. The team holds a Participatiewet
legal basis (category Werk en inkomen, read and write) for each, as a municipality's
Werkplein would; every fact goes through the services (the vault, one record each).
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from leefwereld.core.actor import Actor
from leefwereld.core.models import Membership, Resident, User
from leefwereld.core.roles import Role
from leefwereld.vault.models import Category, LegalBasis, Mode

from . import services

SAMPLE = 30
PROVIDERS_BESCHUT = ["Werkbedrijf Leefdam", "Groenbedrijf De Hof"]
PROVIDERS_DAG = ["Zorgboerderij De Linde", "Dagcentrum Het Anker"]


def _age(birth: datetime.date, today: datetime.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def add_demo_data(seed: int, today: datetime.date, needs=None) -> dict[str, int]:
    rng = random.Random(seed + 1616)
    professional = User.objects.filter(username="wijkwerker").first()
    membership = (
        Membership.objects.filter(user=professional, organisation__team__isnull=False)
        .select_related("organisation__team")
        .first()
        if professional
        else None
    )
    lead = User.objects.filter(role=Role.TEAM_LEAD).order_by("pk").first()
    if professional is None or membership is None or lead is None:
        return {"work_households": 0}
    team = membership.organisation
    hoods = list(team.team.neighbourhoods.values_list("pk", flat=True))
    candidates = list(
        Resident.objects.filter(
            household__address__neighbourhood__in=hoods,
            birth_date__lte=today - datetime.timedelta(days=365 * 21),
            birth_date__gte=today - datetime.timedelta(days=365 * 66),
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:2000]
    )
    rng.shuffle(candidates)
    chosen = candidates[:SAMPLE]
    own = Resident.objects.filter(user__username="inwoner").values_list("pk", flat=True).first()
    if own is not None and own not in chosen:
        chosen.insert(0, own)
    residents = Resident.objects.in_bulk(chosen)
    now = timezone.now()
    LegalBasis.objects.bulk_create(
        LegalBasis(
            resident=residents[pk],
            organisation=team,
            law=LegalBasis.Law.PARTICIPATIEWET,
            article="Participatiewet art. 7 en 64",
            explanation="De gemeente helpt u aan werk en stelt uw uitkering vast.",
            purpose="Participatiewet: uitkering en re-integratie",
            categories=[Category.WORK_INCOME],
            mode=Mode.READ_WRITE,
            starts_at=now - datetime.timedelta(days=1),
            ends_at=now + datetime.timedelta(days=365),
            recorded_by=lead,
        )
        for pk in chosen
        if pk in residents
    )
    actor = Actor.system("demo", professional)
    benefits = ladders = daytime = 0
    for index, pk in enumerate(chosen):
        resident = residents.get(pk)
        if resident is None or resident.household_id is None:
            continue
        first = index == 0 and pk == own
        receives = first or rng.random() < 0.7
        since = today - datetime.timedelta(days=rng.randint(90, 1500))
        services.record_benefit(
            actor,
            resident,
            receives=receives,
            since=since if receives else None,
            obligations=rng.sample(["work", "reintegration", "tegenprestatie", "language"], 2)
            if receives
            else [],
            source="suwinet",
            reference=f"{today.year}-{rng.randint(1000, 9999)}",
        )
        benefits += 1
        step = rng.randint(1, 3)
        for months_ago in (12, 8, 4, 0):
            step = min(6, step + (1 if rng.random() < 0.4 else 0))
            services.record_ladder(
                actor,
                resident,
                step=step,
                measured_on=today - datetime.timedelta(days=30 * months_ago),
                note="Gesprek met de werkcoach.",
            )
            ladders += 1
        if first or rng.random() < 0.4:
            start = today - datetime.timedelta(days=rng.randint(30, 300))
            services.record_daytime(
                actor,
                resident,
                kind="beschut_werk",
                provider=rng.choice(PROVIDERS_BESCHUT),
                hours_per_week=rng.choice([12, 16, 24]),
                starts_on=start,
            )
            daytime += 1
            # One in three (and the demo resident) also has dagbesteding on the same days.
            if first or rng.random() < 0.33:
                services.record_daytime(
                    actor,
                    resident,
                    kind="dagbesteding",
                    provider=rng.choice(PROVIDERS_DAG),
                    hours_per_week=8,
                    starts_on=start + datetime.timedelta(days=14),
                )
                daytime += 1
    return {"work_benefits": benefits, "work_ladder": ladders, "work_daytime": daytime}
