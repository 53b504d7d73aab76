"""Demo offers on the sociale kaart: several for every organisation, at every scale.

At rotterdam scale (43 wijkteams, 120 care providers, 150 schools, 160 GP practices,
80 volunteer organisations …, 40 neighbourhoods) this gives about 6,300 offers; most
local offers run in one to three neighbourhoods, as a provider's locations do."""

from __future__ import annotations

import datetime
import random

from django.db import connection

from leefwereld.core.domains import LifeDomain as D
from leefwereld.core.models import Neighbourhood, Organisation
from leefwereld.demo.rows import bulk_insert, next_id, reset_sequences

from .models import Offer, OfferDomain
from .services import index_offer, store_search_vectors

G, M = Offer.Kind.GENERAL, Offer.Kind.CUSTOM
WALK, APPT, REF, DEC = (
    Offer.Access.WALK_IN,
    Offer.Access.APPOINTMENT,
    Offer.Access.REFERRAL,
    Offer.Access.DECISION,
)

# (name, description, domains, kind, access, min_age, max_age, costs) per organisation kind.
Template = tuple[str, str, list[D], Offer.Kind, Offer.Access, int | None, int | None, str]
TEMPLATES: dict[str, list[Template]] = {
    "municipality": [
        (
            "Bijzondere bijstand",
            "Geld voor noodzakelijke kosten die u niet zelf kunt betalen, zoals een bril of een wasmachine.",
            [D.FINANCES],
            M,
            DEC,
            18,
            None,
            "Gratis",
        ),
        (
            "Kwijtschelding gemeentelijke belastingen",
            "Heeft u een laag inkomen? Dan hoeft u de afvalstoffenheffing en rioolheffing misschien niet te betalen.",
            [D.FINANCES],
            M,
            DEC,
            18,
            None,
            "Gratis",
        ),
        (
            "Schuldenfonds Leefdam",
            "De gemeente neemt al uw schulden over binnen vier weken. U betaalt daarna aan één partij, en wie zijn doelen haalt krijgt een deel kwijtgescholden.",
            [D.FINANCES],
            M,
            DEC,
            18,
            None,
            "Gratis",
        ),
        (
            "Werkfit-traject",
            "Samen met een werkcoach zoekt u werk dat bij u past, met scholing als dat nodig is.",
            [D.WORK_EDUCATION, D.PARTICIPATION],
            M,
            DEC,
            18,
            67,
            "Gratis",
        ),
        (
            "Wmo-vervoer",
            "Vervoer op maat als u niet met het openbaar vervoer kunt reizen.",
            [D.INSTRUMENTAL_ADL, D.PARTICIPATION],
            M,
            DEC,
            None,
            None,
            "Eigen bijdrage per rit",
        ),
        (
            "Meldpunt zorg en overlast",
            "Maakt u zich zorgen om een buurtbewoner? Meld het hier; wij zoeken contact.",
            [D.MENTAL_HEALTH, D.DOMESTIC_RELATIONS],
            G,
            APPT,
            None,
            None,
            "Gratis",
        ),
        (
            "Leefdampas",
            "Korting op sport, cultuur en uitjes voor inwoners met een laag inkomen, en voor hun kinderen.",
            [D.PARTICIPATION, D.FINANCES],
            M,
            DEC,
            None,
            None,
            "Gratis",
        ),
        (
            "Jongerenloket",
            "Voor jongeren tot 27 jaar zonder werk of school: samen zoeken we een opleiding, werk of inkomen.",
            [D.WORK_EDUCATION, D.FINANCES],
            G,
            WALK,
            16,
            27,
            "Gratis",
        ),
        (
            "Individuele inkomenstoeslag",
            "Een extra bedrag per jaar als u al lang een laag inkomen heeft en weinig kans op meer.",
            [D.FINANCES],
            M,
            DEC,
            21,
            66,
            "Gratis",
        ),
    ],
    "neighbourhood_team": [
        (
            "Wijkteam: vragen over zorg, geld, werk en opvoeden",
            "Eén plek voor al uw vragen. Wij komen bij u thuis en maken samen met u één plan.",
            [D.FINANCES, D.DOMESTIC_RELATIONS, D.MENTAL_HEALTH, D.HOUSING],
            G,
            WALK,
            None,
            None,
            "Gratis",
        ),
        (
            "Keukentafelgesprek (Wmo)",
            "Een gesprek bij u thuis over wat u zelf kunt, wat uw omgeving kan en welke hulp u nodig heeft.",
            [D.BASIC_ADL, D.INSTRUMENTAL_ADL, D.SOCIAL_NETWORK],
            G,
            APPT,
            18,
            None,
            "Gratis",
        ),
        (
            "Schuldhulpverlening",
            "Hulp als u geldzorgen of schulden heeft. Binnen drie werkdagen als u uit uw huis gezet dreigt te worden.",
            [D.FINANCES],
            G,
            APPT,
            18,
            None,
            "Gratis",
        ),
        (
            "Opvoedondersteuning",
            "Praten over opvoeden met een ervaren opvoedcoach.",
            [D.DOMESTIC_RELATIONS],
            G,
            APPT,
            None,
            23,
            "Gratis",
        ),
        (
            "Mantelzorgondersteuning",
            "Zorgt u voor een naaste? Wij helpen u om het vol te houden, ook met vervangende zorg.",
            [D.SOCIAL_NETWORK, D.MENTAL_HEALTH],
            G,
            WALK,
            None,
            None,
            "Gratis",
        ),
        (
            "Jongerenwerk",
            "Jongerenwerkers in de wijk: een plek om te chillen, te sporten en met iemand te praten.",
            [D.TIME_USE, D.SOCIAL_NETWORK],
            G,
            WALK,
            12,
            23,
            "Gratis",
        ),
        (
            "Ouderenadviseur",
            "Advies voor ouderen over wonen, zorg, geld en eenzaamheid, ook bij u thuis.",
            [D.SOCIAL_NETWORK, D.INSTRUMENTAL_ADL],
            G,
            APPT,
            65,
            None,
            "Gratis",
        ),
    ],
    "care_provider": [
        (
            "Huishoudelijke hulp",
            "Hulp bij het schoonhouden van uw huis als u dat zelf niet meer kunt.",
            [D.INSTRUMENTAL_ADL],
            M,
            DEC,
            18,
            None,
            "Eigen bijdrage (CAK)",
        ),
        (
            "Begeleiding thuis",
            "Een begeleider helpt u om uw dag te plannen en zelfstandig te blijven wonen.",
            [D.TIME_USE, D.HOUSING],
            M,
            DEC,
            18,
            None,
            "Eigen bijdrage (CAK)",
        ),
        (
            "Dagbesteding",
            "Een zinvolle dag met anderen, dichtbij huis.",
            [D.TIME_USE, D.SOCIAL_NETWORK],
            M,
            DEC,
            18,
            None,
            "Eigen bijdrage (CAK)",
        ),
        (
            "Jeugdhulp thuis",
            "Hulp voor kinderen en ouders als het thuis niet goed gaat.",
            [D.DOMESTIC_RELATIONS, D.MENTAL_HEALTH],
            M,
            DEC,
            0,
            17,
            "Gratis",
        ),
        (
            "Ambulante ggz",
            "Psychische hulp bij u thuis of op de praktijk.",
            [D.MENTAL_HEALTH],
            M,
            REF,
            18,
            None,
            "Eigen risico zorgverzekering",
        ),
        (
            "Verslavingszorg",
            "Hulp bij problemen met alcohol, drugs of gokken.",
            [D.SUBSTANCE_USE],
            G,
            APPT,
            16,
            None,
            "Gratis",
        ),
        (
            "Hulpmiddelen en woningaanpassing",
            "Een traplift, rolstoel of douchestoel zodat u thuis kunt blijven wonen.",
            [D.BASIC_ADL, D.HOUSING],
            M,
            DEC,
            None,
            None,
            "Eigen bijdrage (CAK)",
        ),
        (
            "Wijkverpleging",
            "Verpleging en persoonlijke verzorging bij u thuis, zoals hulp bij wassen en aankleden.",
            [D.PHYSICAL_HEALTH, D.BASIC_ADL],
            G,
            REF,
            None,
            None,
            "Vergoed door de zorgverzekering",
        ),
        (
            "Logeeropvang voor mantelzorgers",
            "Uw naaste logeert een paar dagen bij ons, zodat u als mantelzorger even kunt bijkomen.",
            [D.SOCIAL_NETWORK, D.BASIC_ADL],
            M,
            DEC,
            None,
            None,
            "Eigen bijdrage (CAK)",
        ),
    ],
    "school": [
        (
            "Schoolmaatschappelijk werk",
            "Praten over zorgen thuis of op school, met een vaste schoolmaatschappelijk werker.",
            [D.WORK_EDUCATION, D.DOMESTIC_RELATIONS],
            G,
            WALK,
            4,
            18,
            "Gratis",
        ),
        (
            "Huiswerkbegeleiding",
            "Na schooltijd hulp bij huiswerk en plannen.",
            [D.WORK_EDUCATION],
            G,
            APPT,
            10,
            18,
            "Gratis",
        ),
        (
            "Ouderkamer",
            "Koffie en uitleg over school en opvoeden voor ouders.",
            [D.DOMESTIC_RELATIONS, D.SOCIAL_NETWORK],
            G,
            WALK,
            None,
            None,
            "Gratis",
        ),
        (
            "Jeugdverpleegkundige op school",
            "Vragen over gezondheid, groei, slapen of gevoelens? De jeugdverpleegkundige komt op school.",
            [D.PHYSICAL_HEALTH, D.MENTAL_HEALTH],
            G,
            APPT,
            4,
            18,
            "Gratis",
        ),
    ],
    "gp_practice": [
        (
            "Praktijkondersteuner ggz",
            "Gesprekken bij somberheid, stress of angst, bij uw eigen huisarts.",
            [D.MENTAL_HEALTH],
            G,
            APPT,
            18,
            None,
            "Gratis",
        ),
        (
            "Leefstijlcoach",
            "Samen werken aan gezonder eten, bewegen en slapen.",
            [D.PHYSICAL_HEALTH],
            G,
            REF,
            18,
            None,
            "Vergoed door de zorgverzekering",
        ),
        (
            "Praktijkondersteuner ouderenzorg",
            "Voor kwetsbare ouderen: samen kijken wat u nodig heeft om thuis te blijven wonen.",
            [D.PHYSICAL_HEALTH, D.SOCIAL_NETWORK],
            G,
            APPT,
            75,
            None,
            "Gratis",
        ),
    ],
    "housing_corporation": [
        (
            "Huurachterstand? Bel ons",
            "Samen zoeken we een betalingsregeling, zodat u in uw huis kunt blijven wonen.",
            [D.HOUSING, D.FINANCES],
            G,
            APPT,
            18,
            None,
            "Gratis",
        ),
        (
            "Buurtbemiddeling",
            "Vrijwilligers helpen buren om ruzie of overlast samen op te lossen.",
            [D.HOUSING, D.SOCIAL_NETWORK],
            G,
            APPT,
            None,
            None,
            "Gratis",
        ),
        (
            "Wooncoach",
            "Hulp om uw huis op orde te krijgen en te houden, als wonen u even niet lukt.",
            [D.HOUSING, D.INSTRUMENTAL_ADL],
            G,
            REF,
            18,
            None,
            "Gratis",
        ),
    ],
    "utility": [
        (
            "Betalingsregeling energie",
            "Achter met betalen? Wij maken een regeling en sluiten u niet af zolang u meewerkt.",
            [D.FINANCES, D.HOUSING],
            G,
            APPT,
            18,
            None,
            "Gratis",
        ),
        (
            "Energiecoach",
            "Een vrijwilliger kijkt met u hoe u energie bespaart.",
            [D.FINANCES, D.HOUSING],
            G,
            APPT,
            None,
            None,
            "Gratis",
        ),
    ],
    "health_insurer": [
        (
            "Gemeentepolis",
            "Een zorgverzekering met aanvullende dekking voor mensen met een laag inkomen.",
            [D.PHYSICAL_HEALTH, D.FINANCES],
            G,
            APPT,
            18,
            None,
            "Korting op de premie",
        ),
        (
            "Betalingsregeling zorgpremie",
            "Voorkom dat uw premieschuld naar het CAK gaat: maak op tijd een regeling.",
            [D.FINANCES],
            G,
            APPT,
            18,
            None,
            "Gratis",
        ),
    ],
    "other_creditor": [
        (
            "Betalingsregeling",
            "Een regeling die past bij wat u kunt betalen.",
            [D.FINANCES],
            G,
            APPT,
            18,
            None,
            "Gratis",
        ),
    ],
    "volunteer_organisation": [
        (
            "Maatjesproject",
            "Een vrijwilliger die een paar uur per week met u iets leuks doet.",
            [D.SOCIAL_NETWORK, D.TIME_USE],
            G,
            APPT,
            None,
            None,
            "Gratis",
        ),
        (
            "Taalcafé",
            "Nederlands oefenen in een gezellige groep.",
            [D.PARTICIPATION, D.WORK_EDUCATION],
            G,
            WALK,
            16,
            None,
            "Gratis",
        ),
        (
            "Formulierenbrigade",
            "Hulp bij formulieren, brieven en toeslagen.",
            [D.FINANCES],
            G,
            WALK,
            18,
            None,
            "Gratis",
        ),
        (
            "Repair café",
            "Kapotte spullen samen repareren.",
            [D.PARTICIPATION, D.SOCIAL_NETWORK],
            G,
            WALK,
            None,
            None,
            "Gratis",
        ),
        (
            "Voedselbank",
            "Een wekelijks voedselpakket voor wie tijdelijk niet genoeg geld heeft.",
            [D.FINANCES],
            G,
            REF,
            None,
            None,
            "Gratis",
        ),
        (
            "Sporten in de wijk",
            "Samen sporten in het park of de gymzaal.",
            [D.PHYSICAL_HEALTH, D.SOCIAL_NETWORK],
            G,
            WALK,
            6,
            None,
            "Gratis",
        ),
        (
            "Koffieochtend in het buurthuis",
            "Elke week koffie, een praatje en activiteiten.",
            [D.SOCIAL_NETWORK, D.TIME_USE],
            G,
            WALK,
            None,
            None,
            "Gratis",
        ),
        (
            "Thuisadministratie",
            "Een vrijwilliger helpt u thuis om uw post en rekeningen op orde te brengen en te houden.",
            [D.FINANCES],
            G,
            APPT,
            18,
            None,
            "Gratis",
        ),
        (
            "Boodschappenhulp",
            "Een vrijwilliger doet boodschappen met of voor u als u dat zelf niet meer kunt.",
            [D.INSTRUMENTAL_ADL, D.SOCIAL_NETWORK],
            G,
            APPT,
            None,
            None,
            "Gratis",
        ),
    ],
}
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag")


def add_demo_data(seed: int, today: datetime.date, stdout=None) -> dict[str, int]:
    """Each organisation offers its kind's offers, many in one to three neighbourhoods."""
    rng = random.Random(seed + 101)
    neighbourhoods = list(Neighbourhood.objects.order_by("pk"))
    approved = datetime.datetime.combine(today, datetime.time(9), tzinfo=datetime.UTC)
    offers: list[Offer] = []
    domains: list[OfferDomain] = []
    places: list[tuple[int, int]] = []
    pk = next_id_before = next_id(Offer)
    for organisation in Organisation.objects.order_by("pk"):
        for name, text, offer_domains, kind, access, low, high, costs in TEMPLATES.get(
            organisation.kind, []
        ):
            # Municipality-wide offers once; local ones in one to three neighbourhoods.
            local = organisation.kind not in ("municipality", "health_insurer", "utility")
            hoods: list[Neighbourhood | None] = (
                rng.sample(neighbourhoods, min(rng.randint(1, 3), len(neighbourhoods)))
                if local
                else [None]
            )
            for hood in hoods:
                offer = Offer(
                    pk=pk,
                    organisation=organisation,
                    name=f"{name} {hood.name}" if hood else name,
                    description=text,
                    target_group="",
                    min_age=low,
                    max_age=high,
                    kind=kind,
                    costs=costs,
                    access=access,
                    opening_hours=f"{rng.choice(DAYS)} en {rng.choice(DAYS)}, 9.00–12.00 uur",
                    address=f"{rng.choice(('Kerkstraat', 'Marktplein', 'Parkweg'))} "
                    f"{rng.randint(1, 120)}, Leefdam",
                    phone=organisation.phone,
                    email=organisation.email,
                    accessibility=rng.choice(
                        ("Rolstoeltoegankelijk", "Lift aanwezig", "Begane grond, drempelvrij")
                    ),
                    approved_at=approved,
                )
                index_offer(offer, offer_domains)
                offers.append(offer)
                domains.extend(OfferDomain(offer_id=pk, domain=d) for d in offer_domains)
                if hood:
                    places.append((pk, hood.pk))
                pk += 1
    bulk_insert(Offer, offers)
    bulk_insert(OfferDomain, domains)
    link = Offer.neighbourhoods.through
    bulk_insert(link, (link(offer_id=o, neighbourhood_id=n) for o, n in places))
    reset_sequences([Offer])
    # One UPDATE for the stored tsvector of every offer just written (PostgreSQL).
    store_search_vectors(Offer.objects.filter(pk__gte=next_id_before, pk__lt=pk))
    if connection.vendor == "postgresql":
        # Fresh statistics, so the planner sees thousands of offers and picks the GIN
        # index at once rather than after autovacuum's first visit.
        with connection.cursor() as cursor:
            for model in (Offer, OfferDomain, link):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return {"offers": len(offers)}
