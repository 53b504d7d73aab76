"""Demo data for "Meedoen" in the demo municipality Leefdam.

`add_demo_data(seed, today)` adds, deterministically for a seed and reference date:

* a neighbourhood budget over two neighbourhoods that has closed (result computed with
  equal shares, district caps, one theme cap, and projects being carried out);
* a round open for voting in the neighbourhood of the demo resident `inwoner`, with
  ballots already cast by neighbours and a few printed voting codes (one is printed so the
  code route can be tried);
* a round collecting ideas in another neighbourhood;
* citizen initiatives in every state of "ja, tenzij", linked to each other, one with a
  start-up grant whose effects were reported;
* blocking rules with support and decisions, and two right-to-challenge bids.

The number of voters is bounded (a sample of the eligible residents), so the Rotterdam
scale costs the same seconds as the small one.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from typing import Any, TypedDict

from django.db import transaction
from django.utils import timezone

from leefwereld.core.actor import Actor
from leefwereld.core.models import Municipality, Neighbourhood, Organisation, Resident, User
from leefwereld.core.roles import Role

from . import services
from .models import (
    Ballot,
    BlockingRule,
    BudgetRound,
    HardshipLaw,
    InitiativeStatus,
    Phase,
    Project,
    RealisationStatus,
    ReviewStatus,
    RoundCategory,
    RoundStatusChange,
    VoterRegisterEntry,
    VotingChannel,
    VotingCode,
)

MAX_VOTERS = 400

IDEAS = [
    # (title, description, cost, theme)
    ("Speeltuin opknappen", "Nieuwe schommels en een klimrek bij het Plein.", 18_000, "Spelen"),
    (
        "Bankjes langs de vijver",
        "Zes bankjes zodat ouderen onderweg kunnen rusten.",
        4_500,
        "Groen",
    ),
    ("Geveltuinen", "Tegels eruit, planten erin, in tien straten.", 6_000, "Groen"),
    ("Buurtmoestuin", "Een moestuin met bakken op het braakliggende veldje.", 9_500, "Groen"),
    ("Jongerenplek", "Een overdekte plek met wifi voor jongeren.", 22_000, "Jongeren"),
    ("Voetbalkooi", "Een kooi met kunstgras achter de school.", 28_000, "Spelen"),
    ("Taalcafé", "Een jaar lang elke week een taalcafé in het buurthuis.", 3_500, "Samen"),
    ("Buurtfeest", "Een groot feest voor de hele buurt in juni.", 5_000, "Samen"),
    ("Fietsenstalling", "Een overdekte stalling bij de flats.", 15_000, "Verkeer"),
    ("Verkeersdrempels", "Drempels in de straat bij de school.", 12_000, "Verkeer"),
    ("Bomen in de straat", "Twintig nieuwe bomen voor schaduw in de zomer.", 16_000, "Groen"),
    ("Repair café", "Gereedschap en een ruimte om samen te repareren.", 2_500, "Samen"),
    ("Ouderensoos", "Wekelijkse middag met koffie en spelletjes voor ouderen.", 4_000, "Samen"),
    ("Graffitimuur", "Een muur waar jongeren legaal mogen spuiten.", 3_000, "Jongeren"),
    ("Hondenlosloopveld", "Een omheind veld waar honden los mogen.", 11_000, "Groen"),
    ("Buurtbibliotheek", "Vijf minibiebs in kastjes door de buurt.", 1_500, "Samen"),
]


class _Needs(TypedDict, total=False):
    """What an initiative asks of the municipality (register_initiative's needs_*)."""

    needs_room: bool
    needs_permit: bool
    needs_money: bool
    needs_contact: bool


def _officer() -> User | None:
    return (
        User.objects.filter(username="beleid").first()
        or User.objects.filter(role=Role.POLICY_OFFICER).order_by("pk").first()
    )


def _residents_in(neighbourhood_ids: list[int]) -> list[int]:
    return list(
        Resident.objects.filter(household__address__neighbourhood_id__in=neighbourhood_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _add_projects(
    round_: BudgetRound, rng: random.Random, ideas: list[tuple[str, str, int, str]], today
) -> list[Project]:
    themes = {c.name: c for c in round_.categories.all()}
    districts = list(round_.districts.all())
    projects = []
    for n, (title, description, cost, theme) in enumerate(ideas, start=1):
        project = Project.objects.create(
            round=round_,
            code=str(n),
            title=title,
            description=description,
            cost=cost,
            proposed_cost=cost,
            district=districts[n % len(districts)],
            created_at=timezone.make_aware(
                datetime.datetime.combine(
                    today - datetime.timedelta(days=60 - n), datetime.time(12)
                )
            ),
        )
        if theme in themes:
            project.categories.add(themes[theme])
        projects.append(project)
    return projects


def _cast(
    round_: BudgetRound,
    rng: random.Random,
    projects: list[Project],
    voters: list[int],
    popularity: list[float],
    limit: int | None = None,
) -> int:
    """Ballots for `voters`, each approving projects with the given probabilities; the
    register gets a token as if they voted online (closing the round erases it)."""
    ballots, entries = [], []
    for resident_id in voters:
        chosen = sorted(
            p.pk for p, chance in zip(projects, popularity, strict=True) if rng.random() < chance
        )
        if not chosen:
            chosen = [rng.choice(projects).pk]
        if limit and len(chosen) > limit:
            chosen = sorted(rng.sample(chosen, limit))
        token = f"demo-{round_.pk}-{resident_id}-{rng.getrandbits(64):016x}"
        ballots.append(
            Ballot(
                round=round_, choices=chosen, token_hash=hashlib.sha256(token.encode()).hexdigest()
            )
        )
        entries.append(
            VoterRegisterEntry(
                round=round_,
                resident_id=resident_id,
                channel=VotingChannel.ONLINE,
                ballot_token=token,
            )
        )
    Ballot.objects.bulk_create(ballots, batch_size=1000)
    VoterRegisterEntry.objects.bulk_create(entries, batch_size=1000)
    return len(ballots)


def _phase(round_: BudgetRound, phases: list[str], by: User | None) -> None:
    previous = round_.phase
    for phase in phases:
        RoundStatusChange.objects.create(round=round_, from_phase=previous, to_phase=phase, by=by)
        previous = phase
    round_.phase = previous
    round_.save(update_fields=["phase"])


def _add_hardship_decisions(
    rules: list[BlockingRule], officer: User | None, municipality: Municipality, today
) -> int:
    """A few decisions in which the municipality set a rule aside, so the council page and
    the rules' pages show the register at work. Anonymous facts, as in production."""
    deciding = Organisation.objects.filter(
        municipality=municipality, kind=Organisation.Kind.MUNICIPALITY
    ).first()
    if officer is None or deciding is None or len(rules) < 4:
        return 0
    decisions = [
        (
            rules[1],
            40,
            HardshipLaw.OTHER,
            "Startsubsidie toegekend aan een groep buren zonder rechtsvorm; een buurtstichting "
            "beheert het geld.",
        ),
        (
            rules[1],
            95,
            HardshipLaw.OTHER,
            "Subsidie voor een moestuin van bewoners zonder vereniging, met een kleiner "
            "bedrag en een eindverslag.",
        ),
        (
            rules[3],
            20,
            HardshipLaw.WMO,
            "Een maatje voor een oudere mocht beginnen voordat de VOG binnen was, de eerste "
            "weken samen met een beroepskracht.",
        ),
    ]
    for rule, days_ago, law, description in decisions:
        services.record_hardship_decision(
            Actor.system("demo", officer),
            rule,
            # Never in the future, also when the demo's reference date lies ahead.
            decided_on=min(today, timezone.localdate()) - datetime.timedelta(days=days_ago),
            law=law,
            organisation=deciding,
            description=description,
        )
    return len(decisions)


def _demo_code(rng: random.Random) -> str:
    raw = "".join(rng.choice(services.CODE_ALPHABET) for _ in range(services.CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, services.CODE_LENGTH, 4))


@transaction.atomic
def add_demo_data(seed: int, today: datetime.date, stdout: Any = None) -> dict[str, int]:
    rng = random.Random(f"democracy-{seed}")
    municipality = Municipality.objects.order_by("pk").first()
    neighbourhoods = list(Neighbourhood.objects.order_by("pk"))
    if municipality is None or not neighbourhoods:
        return {}
    officer = _officer()
    # demo/build.py (and the demo tests) write the 'beleid' account before this step.
    assert officer is not None
    counts = {"buurtbegrotingen": 0, "projecten": 0, "stemmen": 0, "initiatieven": 0}

    # The neighbourhood of the demo resident gets the round that is open for voting.
    demo_resident = (
        Resident.objects.filter(user__username="inwoner")
        .select_related("household__address")
        .first()
    )
    home = (
        demo_resident.household.address.neighbourhood
        if demo_resident and demo_resident.household
        else neighbourhoods[0]
    )
    others = [n for n in neighbourhoods if n.pk != home.pk] or [home]

    # 1. A closed round over two neighbourhoods, in realisation.
    closed_area = others[:2]
    closed = services.create_round(
        Actor.system("demo", officer),
        municipality=municipality,
        title=f"Buurtbudget {' en '.join(n.name for n in closed_area)} {today.year - 1}",
        description="Inwoners verdeelden samen € 60.000 voor hun buurten.",
        budget=60_000,
        neighbourhoods=closed_area,
        max_projects=6,
        # Equal shares, then the money left over by most votes (shows both in the result).
        completion="add1u",
    )
    district_cap = 40_000 if len(closed_area) > 1 else None
    closed.districts.update(cap=district_cap)
    for theme, cap in (
        ("Groen", 25_000),
        ("Spelen", None),
        ("Samen", None),
        ("Jongeren", None),
        ("Verkeer", None),
    ):
        RoundCategory.objects.create(round=closed, name=theme, cap=cap)
    projects = _add_projects(closed, rng, IDEAS[:12], today - datetime.timedelta(days=200))
    Project.objects.filter(round=closed).update(review_status=ReviewStatus.FEASIBLE)
    rejected = projects[9]
    rejected.review_status = ReviewStatus.REJECTED
    rejected.review_reason = (
        "Drempels in deze straat kunnen niet: het is een route voor de brandweer. "
        "De gemeente plaatst wel borden met 30 km per uur."
    )
    rejected.save(update_fields=["review_status", "review_reason"])
    _phase(closed, [Phase.PROPOSALS, Phase.REVIEW, Phase.VOTING], officer)
    on_ballot = [p for p in projects if p.pk != rejected.pk]
    voters = _residents_in([n.pk for n in closed_area])
    voters = rng.sample(voters, min(MAX_VOTERS, len(voters)))
    popularity = [rng.uniform(0.1, 0.6) for _ in on_ballot]
    counts["stemmen"] += _cast(closed, rng, on_ballot, voters, popularity, limit=6)
    services.close_voting(Actor.system("demo", officer), closed)
    services.start_realisation(Actor.system("demo", officer), closed)
    for n, project in enumerate(
        Project.objects.filter(round=closed, realisation_status=RealisationStatus.PLANNED)
    ):
        if officer is None:
            break
        progress = [
            RealisationStatus.DONE,
            RealisationStatus.IN_PROGRESS,
            RealisationStatus.PLANNED,
        ][n % 3]
        if progress != RealisationStatus.PLANNED:
            services.add_realisation_update(
                Actor.system("demo", officer),
                project,
                status=progress,
                text="De opdracht is gegeven; de buurt is uitgenodigd om mee te kijken."
                if progress == RealisationStatus.IN_PROGRESS
                else "Klaar! Op zaterdag is het feestelijk geopend.",
            )
    counts["buurtbegrotingen"] += 1
    counts["projecten"] += len(projects)

    # 2. A round open for voting in the demo resident's neighbourhood.
    voting = services.create_round(
        Actor.system("demo", officer),
        municipality=municipality,
        title=f"Buurtbudget {home.name} {today.year}",
        description="Stem tot het einde van de maand op de projecten die u goed vindt.",
        budget=30_000,
        neighbourhoods=[home],
        voting_closes_on=today + datetime.timedelta(days=21),
    )
    for theme in ("Groen", "Spelen", "Samen", "Jongeren"):
        RoundCategory.objects.create(round=voting, name=theme)
    projects = _add_projects(voting, rng, IDEAS[4:13], today)
    Project.objects.filter(round=voting).update(review_status=ReviewStatus.FEASIBLE)
    _phase(voting, [Phase.PROPOSALS, Phase.REVIEW, Phase.VOTING], officer)
    neighbours = [
        pk for pk in _residents_in([home.pk]) if not demo_resident or pk != demo_resident.pk
    ]
    rng.shuffle(neighbours)
    sample = neighbours[: min(MAX_VOTERS // 2, len(neighbours) * 2 // 3)]
    counts["stemmen"] += _cast(
        voting, rng, projects, sample, [rng.uniform(0.1, 0.5) for _ in projects]
    )
    without_account = (
        Resident.objects.filter(household__address__neighbourhood=home, user__isnull=True)
        .exclude(pk__in=sample)
        .order_by("pk")[:5]
    )
    demo_codes = []
    for resident in without_account:
        code = _demo_code(rng)
        VotingCode.objects.create(
            round=voting, resident=resident, code_hash=services.code_hash(code)
        )
        demo_codes.append(code)
    counts["buurtbegrotingen"] += 1
    counts["projecten"] += len(projects)

    # 3. A round collecting ideas.
    third = others[-1]
    proposals = services.create_round(
        Actor.system("demo", officer),
        municipality=municipality,
        title=f"Buurtbudget {third.name} {today.year}",
        budget=25_000,
        neighbourhoods=[third],
        proposals_close_on=today + datetime.timedelta(days=14),
    )
    _phase(proposals, [Phase.PROPOSALS], officer)
    projects = _add_projects(proposals, rng, IDEAS[11:16], today)
    counts["buurtbegrotingen"] += 1
    counts["projecten"] += len(projects)

    # 4. Initiatives in every state of "ja, tenzij".
    users = list(User.objects.filter(role=Role.RESIDENT).order_by("pk")[:20])
    initiator = users[0] if users else None
    initiatives = []
    specs: list[tuple[str, str, str, _Needs, int, InitiativeStatus, str]] = [
        (
            "Repair café Oost",
            "Elke maand samen spullen repareren in het buurthuis.",
            "Repair café",
            {"needs_room": True},
            40,
            InitiativeStatus.YES,
            "Ja. Het buurthuis is op de eerste zaterdag van de maand vrij.",
        ),
        (
            "Zwerfafval-ploeg",
            "Elke zondag ruimen we samen zwerfafval op.",
            "De Opruimers",
            {"needs_contact": True},
            30,
            InitiativeStatus.YES,
            "",
        ),
        (
            "Straatfeest op de stoep",
            "Een feest op de stoep met tafels en muziek.",
            "Bewoners Kerkstraat",
            {"needs_permit": True},
            25,
            InitiativeStatus.NO,
            "Nee: de straat is in die week opgebroken voor nieuwe riolering. Kies een andere week, dan kijken we opnieuw.",
        ),
        (
            "Huiswerkklas",
            "Studenten helpen kinderen met huiswerk.",
            "Huiswerkmaatjes",
            {"needs_room": True, "needs_money": True},
            35,
            InitiativeStatus.YES_BY_DEFAULT,
            "",
        ),
        (
            "Buurtkoor",
            "Een koor voor iedereen uit de buurt.",
            "Zing mee",
            {"needs_room": True},
            2,
            InitiativeStatus.SUBMITTED,
            "",
        ),
        (
            "Tuin bij de flat",
            "De grasstrook bij de flat wordt een bloementuin.",
            "Groen aan de gevel",
            {"needs_permit": True, "needs_money": True},
            1,
            InitiativeStatus.SUBMITTED,
            "",
        ),
    ]
    for n, (title, description, who, needs, days_ago, status, answer) in enumerate(specs):
        submitted = today - datetime.timedelta(days=days_ago)
        neighbourhood = neighbourhoods[n % len(neighbourhoods)]
        initiative = services.register_initiative(
            Actor.system("demo", users[n % len(users)] if users else officer),
            municipality=municipality,
            title=title,
            description=description,
            public_name=who,
            neighbourhood=neighbourhood,
            today=submitted,
            **needs,
        )
        initiative.submitted_at = timezone.make_aware(
            datetime.datetime.combine(submitted, datetime.time(10))
        )
        initiative.save(update_fields=["submitted_at"])
        if status in (InitiativeStatus.YES, InitiativeStatus.NO) and officer is not None:
            services.answer_initiative(
                Actor.system("demo", officer),
                initiative,
                yes=status == InitiativeStatus.YES,
                text=answer,
                today=submitted,
            )
        elif status == InitiativeStatus.YES_BY_DEFAULT:
            services.settle_overdue_initiatives(today)
        initiatives.append(initiative)
    counts["initiatieven"] = len(initiatives)
    if len(initiatives) >= 2 and initiator is not None:
        services.link_initiatives(
            Actor.system("demo", officer or initiator), initiatives[0], initiatives[1]
        )
    professional = User.objects.filter(username="wijkwerker").first()
    if professional is not None:
        services.add_initiative_contact(
            Actor.system("demo", professional),
            initiatives[3],
            note="Ik ken de school en de ouders.",
        )
    if officer is not None:
        grant = services.award_startup_grant(
            Actor.system("demo", officer),
            initiatives[0],
            amount=750,
            purpose="Gereedschap en koffie voor het eerste jaar.",
            report_due=today - datetime.timedelta(days=5),
            indicators=[
                ("Bezoekers per maand", 20, "bezoekers"),
                ("Gerepareerde spullen per maand", 30, "spullen"),
            ],
        )
        first, second = grant.indicators.order_by("pk")
        services.report_effects(
            Actor.system("demo", officer),
            grant,
            results={first.pk: (26, "Vooral ouderen en gezinnen."), second.pk: (41, "")},
        )
        services.award_startup_grant(
            Actor.system("demo", officer),
            initiatives[3],
            amount=1_200,
            purpose="Schriften, laptops en een vergoeding voor de studenten.",
            report_due=today + datetime.timedelta(days=150),
            indicators=[("Kinderen die elke week komen", 15, "kinderen")],
        )

    # 5. Blocking rules.
    reporters = users or ([officer] if officer else [])
    rules = []
    rule_specs = [
        (
            "Vergunning voor een straatfeest minstens 8 weken vooraf",
            "APV artikel 2:25",
            "Een straatfeest dat we binnen een maand wilden houden.",
            14,
            None,
            "",
        ),
        (
            "Subsidie alleen voor stichtingen en verenigingen",
            "Subsidieregeling Leefdam, artikel 3",
            "De startsubsidie voor onze huiswerkklas, want wij zijn een groep buren.",
            9,
            "kept",
            "Zonder rechtsvorm kan de gemeente geld niet terugvorderen als het misgaat. Voor groepen tot € 1.500 zoeken we een oplossing met een stichting die het geld beheert.",
        ),
        (
            "Buurthuis niet te huur op zondag",
            "Huurvoorwaarden buurthuis",
            "Ons taalcafé op zondagmiddag.",
            6,
            "changed",
            "Vanaf volgend jaar is het buurthuis ook op zondagmiddag te huur.",
        ),
        (
            "Verklaring omtrent gedrag voor elke vrijwilliger",
            "Vrijwilligersbeleid",
            "Ouders die één keer meehelpen bij de huiswerkklas.",
            4,
            None,
            "",
        ),
        (
            "Geen tafels op de stoep zonder ontheffing",
            "APV artikel 2:10",
            "Een burendag met tafels op de stoep.",
            3,
            "removed",
            "Voor een burendag van één dag is geen ontheffing meer nodig.",
        ),
    ]
    for n, (title, reference, blocked, supporters, rule_status, reason) in enumerate(rule_specs):
        if not reporters:
            break
        rule = services.report_blocking_rule(
            Actor.system("demo", reporters[n % len(reporters)]),
            municipality=municipality,
            title=title,
            reference=reference,
            blocked=blocked,
            neighbourhood=neighbourhoods[n % len(neighbourhoods)],
            initiative=initiatives[min(n, len(initiatives) - 1)] if initiatives else None,
        )
        for user in rng.sample(users, min(supporters, len(users))):
            services.support_blocking_rule(Actor.system("demo", user), rule)
        if rule_status and officer is not None:
            services.set_blocking_rule_status(
                Actor.system("demo", officer), rule, status=rule_status, reason=reason
            )
        rules.append(rule)
    counts["blokkerende regels"] = len(rules)
    counts["hardheidsbesluiten"] = _add_hardship_decisions(rules, officer, municipality, today)

    # 6. Right to challenge.
    challenges = []
    if users:
        park = services.submit_challenge(
            Actor.system("demo", users[-1]),
            municipality=municipality,
            title="Wij onderhouden het park",
            task="Het groenonderhoud van het wijkpark.",
            plan="Twintig buren en een hovenier doen het onderhoud; de buurt kiest zelf de planten.",
            group_name="Vrienden van het wijkpark",
            bid_amount=30_000,
            neighbourhood=neighbourhoods[0],
        )
        for user in users[1:6]:
            services.join_challenge(Actor.system("demo", user), park)
        challenges.append(park)
        bus = services.submit_challenge(
            Actor.system("demo", users[min(1, len(users) - 1)]),
            municipality=municipality,
            title="Buurtbus voor ouderen",
            task="Het vervoer van ouderen naar de dagbesteding.",
            plan="Vrijwillige chauffeurs rijden met een elektrische buurtbus.",
            group_name="Buurtbus Leefdam",
            bid_amount=55_000,
        )
        challenges.append(bus)
        if officer is not None:
            services.publish_criteria(
                Actor.system("demo", officer),
                park,
                criteria=[
                    ("Kwaliteit", "Het park is minstens zo goed onderhouden als nu."),
                    ("Kosten", "Niet duurder dan wat de gemeente nu uitgeeft."),
                    ("Draagvlak", "Buren in de wijk steunen het plan."),
                ],
                current_budget=38_000,
            )
            services.publish_criteria(
                Actor.system("demo", officer),
                bus,
                criteria=[
                    ("Veiligheid", "Chauffeurs hebben een rijvaardigheidstraining."),
                    ("Continuïteit", "Er zijn genoeg chauffeurs voor elke werkdag."),
                ],
                current_budget=62_000,
            )
            criteria = {c.title: c.pk for c in park.criteria.all()}
            services.decide_challenge(
                Actor.system("demo", officer),
                park,
                granted=True,
                reasons="Het plan is € 8.000 per jaar goedkoper, de hovenier borgt de kwaliteit en 80 buren tekenden voor.",
                assessments={
                    criteria["Kwaliteit"]: (True, "Een erkende hovenier doet het vakwerk."),
                    criteria["Kosten"]: (True, "€ 30.000 in plaats van € 38.000."),
                    criteria["Draagvlak"]: (True, "80 handtekeningen uit de wijk."),
                },
            )
    counts["uitdaagrecht-biedingen"] = len(challenges)

    if stdout is not None and demo_codes:
        stdout.write(
            f"  stemcode om te proberen (Meedoen > Stemmen met een code): {demo_codes[0]}\n"
        )
    return counts


__all__ = ["add_demo_data"]


def add_advisory_demo(seed: int, today: datetime.date) -> dict[str, int]:
    """A year of the advisory council channel (issue 19): a request the college asked,
    the adviesraad answered and the college responded to per point (one point not adopted,
    because…); unsolicited advice of a provider's client council awaiting the response; and
    a fresh request the adviesraad (`adviesraad`) can answer in the demo."""
    from . import advisory
    from .authorisation import ADVISORY_COUNCIL_ROLES, MANAGER_ROLES

    officer = User.objects.filter(role__in=MANAGER_ROLES).order_by("role", "pk").first()
    council = User.objects.filter(role__in=ADVISORY_COUNCIL_ROLES).order_by("pk").first()
    if officer is None or council is None:
        return {"advice_requests": 0}
    college = Actor.system("demo", officer)
    adviesraad = Actor.system("demo", council)
    asked_on = today - datetime.timedelta(days=120)
    answered = advisory.ask_advice(
        college,
        title="Verordening maatschappelijke ondersteuning 2027",
        proposal=(
            "Het college stelt voor de eigen bijdrage voor begeleiding af te schaffen en de "
            "huishoudelijke hulp voortaan als algemene voorziening aan te bieden."
        ),
        questions=[
            "Wat vindt de adviesraad van het afschaffen van de eigen bijdrage voor begeleiding?",
            "Is huishoudelijke hulp als algemene voorziening goed genoeg voor wie weinig kan?",
        ],
        today=asked_on,
    )
    advisory.give_advice(
        adviesraad,
        answered,
        {
            1: "Doen: de eigen bijdrage houdt mensen met weinig geld weg van begeleiding.",
            2: "Alleen met een maatwerkvoorziening ernaast voor wie meer dan 4 uur per week "
            "nodig heeft.",
        },
        asked_on + datetime.timedelta(days=35),
    )
    advisory.respond(
        college,
        answered,
        {
            1: ("adopted", ""),
            2: (
                "not_adopted",
                "Het college neemt dit niet over, omdat de toegang tot maatwerk al via het "
                "keukentafelgesprek loopt; het college evalueert dit na een jaar met de "
                "adviesraad.",
            ),
        },
        asked_on + datetime.timedelta(days=70),
    )
    provider = User.objects.filter(role=Role.PROVIDER).order_by("pk").first()
    if provider is not None:
        advisory.send_unsolicited_advice(
            Actor.system("demo", provider),
            title="Vervoer naar de dagbesteding",
            proposal="Cliënten wachten soms een uur op het vervoer naar huis.",
            sender="Cliëntenraad van de zorgaanbieder",
            advice=["Spreek met de vervoerder een wachttijd van hoogstens 15 minuten af."],
            today=today - datetime.timedelta(days=20),
        )
    else:
        advisory.send_unsolicited_advice(
            adviesraad,
            title="Armoede onder werkende ouders",
            proposal="Steeds meer werkende ouders melden zich bij de voedselbank.",
            sender="Adviesraad sociaal domein",
            advice=["Maak de kindregelingen bekend via scholen en werkgevers."],
            today=today - datetime.timedelta(days=20),
        )
    advisory.ask_advice(
        college,
        title="Beleidsplan jeugd 2027-2030",
        proposal="Het college wil meer jeugdhulp in de wijk en minder verwijzingen.",
        questions=["Welke hulp moet dicht bij huis blijven?"],
        today=today - datetime.timedelta(days=5),
    )
    return {"advice_requests": 3}
