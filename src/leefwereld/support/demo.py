"""Demo data for support: meldingen for every Wmo client, and for a sample the whole story
(intake report, plan with versions, measurements over time, decision) through the vault.

Every Wmo client (``needs.wmo_clients``) gets a melding row in one bulk insert, so the
deadlines dashboard and the counts are realistic at every scale. Content goes through the
vault's access layer one record at a time (encryption per record, a log row per write), so
only a sample gets the full story: at most ``FULL_STORIES`` households of the demo
professional's team, at every scale (rotterdam included). The sample is deterministic.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from leefwereld.core.actor import Actor
from leefwereld.core.domains import LifeDomain
from leefwereld.core.models import Membership, Resident, User
from leefwereld.core.roles import Role
from leefwereld.demo.rows import insert_values
from leefwereld.vault.models import Category, LegalBasis, Mode

from . import services
from .models import Melding
from .services import DecisionInput

FULL_STORIES = 40

QUESTIONS = [
    "Ik kan mijn huis niet meer schoonhouden.",
    "Ik kom de deur bijna niet meer uit.",
    "De zorg voor mijn moeder wordt mij te zwaar.",
    "Ik heb hulp nodig om de trap op te komen.",
    "Ik zoek dagbesteding in de buurt.",
]
PROVISIONS = [
    ("Hulp bij het huishouden, 2 uur per week", "maatwerk"),
    ("Begeleiding thuis, 1 dagdeel per week", "maatwerk"),
    ("Traplift", "maatwerk"),
    ("Boodschappendienst", "algemeen"),
]


def _answers(rng: random.Random) -> dict[str, str]:
    return {
        "needs": rng.choice(QUESTIONS),
        "own_strength": "Koken en de administratie lukken nog.",
        "network": "Een dochter komt wekelijks langs.",
        "carer_support": rng.choice(["Nee, het gaat goed.", "Ja, de dochter is moe."]),
        "general_provisions": "Boodschappendienst en het buurthuis besproken.",
        "coordination": "De huisarts en de thuiszorg weten ervan.",
        "contribution": "De eigen bijdrage via het CAK is uitgelegd.",
    }


def add_demo_data(seed: int, today: datetime.date, needs, stdout=None) -> dict[str, int]:
    rng = random.Random(seed + 404)
    first = Resident.objects.order_by("pk").values_list("pk", flat=True).first()
    if first is None or not needs.wmo_clients:
        return {"support_meldingen": 0}
    ids = [first + i for i in sorted(needs.wmo_clients)]
    wanted = set(ids)
    # (pk, household, neighbourhood) of the Wmo clients with a household: one pass over
    # the residents' key range, no model instances (55,000 clients at rotterdam scale).
    residents = [
        row
        for row in Resident.objects.filter(pk__gte=ids[0], pk__lte=ids[-1], household__isnull=False)
        .order_by("pk")
        .values_list("pk", "household_id", "household__address__neighbourhood_id")
        .iterator(chunk_size=20_000)
        if row[0] in wanted
    ]
    professional = (
        User.objects.filter(username="wijkwerker").first()
        or User.objects.filter(
            role=Role.PROFESSIONAL, memberships__organisation__team__isnull=False
        )
        .order_by("pk")
        .first()
    )
    team = (
        Membership.objects.filter(user=professional, organisation__team__isnull=False)
        .select_related("organisation__team")
        .first()
        if professional
        else None
    )
    team_hoods = (
        set(team.organisation.team.neighbourhoods.values_list("pk", flat=True)) if team else set()
    )

    # 1. A melding row for every Wmo client: no content, dates only (bulk, fast).
    registrar = professional or User.objects.order_by("pk").first()
    assert registrar is not None  # demo/build.py writes the demo accounts before this step
    registered_by = registrar.pk
    channels = list(Melding.Channel.values)
    sent = timezone.now()
    rows = [
        (pk, household, rng.choice(channels), today - datetime.timedelta(days=rng.randint(0, 400)))
        for pk, household, _hood in residents
    ]
    # Story residents get their melding through the services below instead.
    sample_ids = [pk for pk, _household, hood in residents if hood in team_hoods]
    rng.shuffle(sample_ids)
    sample_ids = sample_ids[:FULL_STORIES] if team else []
    story_ids = set(sample_ids)
    stories = Resident.objects.select_related("household__address").in_bulk(sample_ids)
    sample = [stories[pk] for pk in sample_ids]
    rows = [row for row in rows if row[0] not in story_ids]
    insert_values(
        Melding,
        (
            "resident_id",
            "household_id",
            "channel",
            "received_on",
            "registered_by_id",
            "receipt_sent_at",
            "status",
        ),
        (
            (
                resident,
                household,
                channel,
                received,
                registered_by,
                sent,
                # Recent bulk meldingen stay open so the dashboard has running terms.
                Melding.Status.RECEIVED if (today - received).days < 60 else Melding.Status.CLOSED,
            )
            for resident, household, channel, received in rows
        ),
    )
    counts: dict[str, Any] = {"support_meldingen": len(rows) + len(sample)}
    if not sample or professional is None or team is None:
        return counts

    # 2. The Wmo legal basis for the team, then the whole story through the vault.
    lead = User.objects.filter(role=Role.TEAM_LEAD).order_by("pk").first() or professional
    now = timezone.now()
    LegalBasis.objects.bulk_create(
        LegalBasis(
            resident=r,
            organisation=team.organisation,
            law=LegalBasis.Law.WMO,
            article="Wmo 2015 art. 2.3.2",
            explanation="De gemeente onderzoekt na uw melding welke hulp u nodig heeft.",
            purpose="Wmo-onderzoek en ondersteuning",
            categories=[Category.OTHER],
            mode=Mode.READ_WRITE,
            starts_at=now - datetime.timedelta(days=1),
            ends_at=now + datetime.timedelta(days=365),
            recorded_by=lead,
        )
        for r in sample
    )
    plans = decisions = measurements = 0
    actor = Actor.system("demo", professional)
    for n, resident in enumerate(sample):
        received = today - datetime.timedelta(days=rng.randint(5, 200))
        melding = services.register_melding(
            actor,
            resident,
            question=rng.choice(QUESTIONS),
            received_on=received,
        )
        if (today - received).days < 20 and n % 3 == 0:
            continue  # still waiting for the conversation: a running onderzoek term
        held = received + datetime.timedelta(days=rng.randint(7, 40))
        services.hold_intake(
            actor,
            melding,
            answers=_answers(rng),
            network=[{"name": "Dochter", "helps_with": "boodschappen", "how_often": "wekelijks"}],
            carer_load=rng.randint(2, 9),
            contribution_cents=rng.choice([None, 2160]),
            pgb_explained=True,
            held_on=min(held, today),
        )
        household = resident.household
        assert household is not None  # the sample holds residents with a household only
        _plan, created = services.start_plan(
            actor,
            household,
            template=rng.choice(["", "schulden_werk", "ouder_kind"]),
        )
        plans += created
        for k in range(rng.randint(1, 3)):
            services.record_measurement(
                actor,
                household,
                instrument="zrm",
                resident=resident,
                scores={
                    d: min(5, rng.randint(1, 3) + k) for d in rng.sample(list(LifeDomain.values), 4)
                },
                measured_on=min(held + datetime.timedelta(days=90 * k), today),
            )
            measurements += 1
        if n % 2 == 0:
            provision, kind = rng.choice(PROVISIONS)
            applied = min(held + datetime.timedelta(days=3), today)
            application = services.register_application(
                actor,
                melding,
                provision=provision,
                provision_kind=kind,
                received_on=applied,
            )
            if n % 4 == 0:  # half of the applications decided, half still running
                decided = min(applied + datetime.timedelta(days=rng.randint(3, 13)), today)
                services.decide(
                    actor,
                    application,
                    DecisionInput(
                        outcome=rng.choice(["granted", "granted", "partly", "refused"]),
                        provision=provision,
                        reasons="Wat u zelf en met uw netwerk kunt, is niet genoeg voor dit deel.",
                    ),
                    decided_on=decided,
                )
                decisions += 1
    counts.update(
        {
            "support_plans": plans,
            "support_measurements": measurements,
            "support_decisions": decisions,
        }
    )
    if stdout is not None:
        stdout.write(
            f"Ondersteuning: {counts['support_meldingen']} meldingen, {plans} plannen "
            f"(volledig verhaal voor {len(sample)} huishoudens)\n"
        )
    return counts
