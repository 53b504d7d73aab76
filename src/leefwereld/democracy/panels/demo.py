"""Demo citizen panels.

`add_demo_data`: quotas from Leefdam's figures and a pool of demo residents. The panel
stops where the interesting part starts: registration is closed and the pool is fixed, so
the policy officer (`beleid`) can compute the selection and watch the progress bar (with
`leefwereld db_worker` running), publish the lottery and draw.

`add_advice_demo` (issue 19): a panel that went all the way through the same verbs —
letters, registrations, the leximin selection, the published lottery, the draw by two
officials — and then met, heard experts, voted its recommendations and got the college's
reasoned answer, now being implemented; one recommendation is still put to the vote, so
a member can vote with the code from their letter (printed by the demo build).
"""

from __future__ import annotations

import datetime
import random

from leefwereld.core.actor import Actor
from leefwereld.core.models import Municipality, User
from leefwereld.core.roles import Role

from . import lifecycle, services, worker
from .authorisation import MANAGER_ROLES
from .models import Panel, SelectionRun, Volunteer, Vote

LETTERS = 60
REGISTRATIONS = 45


def add_demo_data(seed: int, today: datetime.date, stdout=None) -> dict[str, int]:
    municipality = Municipality.objects.order_by("pk").first()
    officer = User.objects.filter(role=Role.POLICY_OFFICER).order_by("pk").first()
    if municipality is None or officer is None:
        return {"panels": 0}
    rng = random.Random(seed + 808)
    demo = Actor.system("demo", officer)
    panel = services.create_panel(
        demo,
        municipality=municipality,
        title="Samen tegen eenzaamheid",
        question=(
            "Steeds meer inwoners voelen zich eenzaam, jong en oud. Wat kan de gemeente samen "
            "met inwoners, verenigingen en buren doen? Het panel komt vier keer bij elkaar en "
            "geeft een advies aan de gemeenteraad."
        ),
        size=20,
        categories=["wijk", "leeftijd", "geslacht"],
        registration_deadline=today + datetime.timedelta(days=28),
        today=today,
    )
    panel = services.transition_panel(demo, panel, Panel.Status.RECRUITING)
    registered = len(_recruit(demo, panel, rng, today, LETTERS, REGISTRATIONS))
    panel = services.transition_panel(demo, panel, Panel.Status.CLOSED)
    if stdout is not None:
        stdout.write(f"Burgerpanel '{panel.title}': {LETTERS} brieven, {registered} aanmeldingen")
    return {"panels": 1, "panel_invitations": LETTERS, "panel_volunteers": registered}


def _recruit(
    demo: Actor, panel: Panel, rng: random.Random, today: datetime.date, letters: int, wanted: int
) -> list[str]:
    """Letters to a stratified sample and registrations by the residents who got one; the
    codes of those who registered (the demo's only copy: the database keeps hashes)."""
    sent = services.send_invitations(demo, panel, letters, today=today, rng=rng)
    rng.shuffle(sent)
    genders, weights = ["vrouw", "man", "anders"], [0.49, 0.49, 0.02]
    codes: list[str] = []
    for letter in sent:
        if len(codes) == wanted:
            break
        resident = letter.resident
        band = services.age_band_of(resident.birth_date, today)
        address = resident.household.address if resident.household else None
        if band is None or address is None:
            continue
        services.register_volunteer(
            panel,
            code=letter.code,
            name=resident.full_name,
            email=f"inwoner{resident.pk}@leefdam.example",
            address=f"{address.street} {address.house_number}{address.house_letter}",
            postcode=address.postcode,
            features={"leeftijd": band, "geslacht": rng.choices(genders, weights)[0]},
        )
        codes.append(letter.code)
    return codes


ADVICE = [
    (
        "Een ontmoetingsplek in elke wijk",
        "Elke wijk krijgt een vaste plek waar buren elkaar zonder afspraak treffen, open op "
        "minstens vier dagdelen per week, met een gastheer of gastvrouw.",
        (14, 4, 2),
        ("adopted", ""),
    ),
    (
        "Een maatje voor wie alleen woont",
        "Wie alleen woont en dat wil, krijgt een vrijwilliger die eens per week langskomt. "
        "De gemeente betaalt de training van de vrijwilligers.",
        (16, 2, 2),
        (
            "adopted_with_changes",
            "Het college begint in twee wijken (Centrum en Noord) en breidt uit als het werkt; "
            "de training loopt via de bestaande vrijwilligerscentrale.",
        ),
    ),
    (
        "Gratis openbaar vervoer voor 75-plussers",
        "Inwoners van 75 jaar en ouder reizen gratis met de bus binnen de gemeente.",
        (11, 7, 2),
        (
            "not_adopted",
            "Het college neemt dit niet over, omdat het de begroting van 2027 met 1,2 miljoen "
            "euro per jaar belast en de vervoerder pas in 2029 een nieuw contract krijgt. Het "
            "college neemt het mee in de aanbesteding van 2029 en meldt dat aan de raad.",
        ),
    ),
]


def add_advice_demo(seed: int, today: datetime.date, stdout=None) -> dict[str, int]:
    municipality = Municipality.objects.order_by("pk").first()
    officials = list(User.objects.filter(role__in=MANAGER_ROLES).order_by("role", "pk")[:2])
    if municipality is None or len(officials) < 2:
        return {"panels_advising": 0}
    rng = random.Random(seed + 919)
    first, second = (Actor.system("demo", user) for user in officials)
    started = today - datetime.timedelta(days=150)
    panel = services.create_panel(
        first,
        municipality=municipality,
        title="Samen oud worden in Leefdam",
        question=(
            "Hoe blijven ouderen in Leefdam langer thuis wonen zonder zich alleen te voelen? "
            "Het panel kwam vijf keer bij elkaar, hoorde deskundigen en gaf het college advies."
        ),
        size=20,
        categories=["wijk", "leeftijd", "geslacht"],
        # No deadline: the demo registers today what happened months ago, and the
        # register verb checks the deadline against the real date.
        registration_deadline=None,
        answer_working_days=30,
        today=started,
    )
    panel = services.transition_panel(first, panel, Panel.Status.RECRUITING)
    codes = _recruit(first, panel, rng, started, LETTERS, REGISTRATIONS)
    panel = services.transition_panel(first, panel, Panel.Status.CLOSED)
    run = services.start_selection(first, panel)
    if worker.execute_selection(run.pk) != SelectionRun.Status.DONE:
        # Quotas the demo population cannot fill: keep the panel where it stopped.
        return {"panels_advising": 0}
    panel = services.publish_lottery(first, panel)
    numbers = " ".join(str(rng.randint(1, 99)) for _ in range(5))
    services.enter_seed(first, panel, numbers)
    services.enter_seed(second, panel, numbers)
    panel.refresh_from_db()

    places = ["Wijkcentrum De Brug", "Bibliotheek Leefdam", "Stadhuis, raadzaal"]
    meetings = []
    for n, days in enumerate((110, 96, 82, 68)):
        meetings.append(
            lifecycle.plan_meeting(
                first,
                panel,
                kind="hearing" if n == 1 else "session",
                date=today - datetime.timedelta(days=days),
                start_time=datetime.time(19, 30),
                place=places[n % len(places)],
                agenda=[
                    "Kennismaken en de vraag",
                    "Wat weten deskundigen?",
                    "Ideeën kiezen",
                    "Stemmen over het advies",
                ][n],
                experts="Dr. A. Jansen, ouderenwerk Leefdam; M. de Vries, huisarts"
                if n == 1
                else "",
                documents="Startnotitie | https://leefdam.example/panel/startnotitie.pdf"
                if n == 0
                else "",
            )
        )
    upcoming = lifecycle.plan_meeting(
        first,
        panel,
        date=today + datetime.timedelta(days=9),
        start_time=datetime.time(19, 30),
        place="Wijkcentrum De Brug",
        agenda="Stemmen over de laatste aanbeveling; terugblik met de wethouder",
    )
    members = list(lifecycle.members(panel))
    for meeting in meetings:
        lines = []
        for member in members:
            present = rng.random() < 0.85
            lines.append(
                lifecycle.AttendanceLine(
                    member.pk,
                    present,
                    travel_cents=rng.choice([0, 0, 460, 740, 1230]) if present else 0,
                    care_cents=rng.choice([0, 0, 0, 2500]) if present else 0,
                )
            )
        lifecycle.record_attendance(first, meeting, lines)

    published_on = today - datetime.timedelta(days=66)
    for title, text, (fors, against, abstain), (decision, reasons) in ADVICE:
        recommendation = lifecycle.draft_recommendation(first, panel, title=title, text=text)
        lifecycle.open_voting(first, recommendation)
        votes = [Vote.Choice.FOR] * fors + [Vote.Choice.AGAINST] * against
        votes += [Vote.Choice.ABSTAIN] * abstain
        lifecycle.record_votes(
            first, recommendation, {m.pk: v for m, v in zip(members, votes, strict=False)}
        )
        lifecycle.close_voting(first, recommendation)
        recommendation = lifecycle.publish_recommendation(first, recommendation, published_on)
        lifecycle.answer_recommendation(
            first,
            recommendation,
            decision=decision,
            reasons=reasons,
            today=published_on + datetime.timedelta(days=35),
        )
    adopted, changed, _not = panel.recommendations.order_by("number")
    lifecycle.update_implementation(
        first,
        adopted,
        status="in_progress",
        progress=40,
        date=today - datetime.timedelta(days=14),
        note="De plekken in Centrum en Noord zijn open; Zuid volgt na de verbouwing.",
    )
    lifecycle.update_implementation(
        first,
        changed,
        status="in_progress",
        progress=20,
        date=today - datetime.timedelta(days=7),
        note="Twaalf vrijwilligers zijn getraind.",
    )
    open_vote = lifecycle.draft_recommendation(
        first,
        panel,
        title="Een vast aanspreekpunt per wijk",
        text="Elke wijk krijgt één telefoonnummer voor vragen over zorg en ontmoeting.",
    )
    lifecycle.open_voting(first, open_vote)
    member_code = next(
        (
            code
            for code in codes
            if Volunteer.objects.filter(
                panel=panel,
                status=Volunteer.Status.SELECTED,
                invitation__code_hash=services.code_hash(code),
            ).exists()
        ),
        "",
    )
    if stdout is not None:
        stdout.write(
            f"Burgerpanel '{panel.title}': getrokken, {len(meetings) + 1} bijeenkomsten "
            f"(volgende {upcoming.date}), {len(ADVICE)} aanbevelingen beantwoord; "
            f"ledenpagina /burgerpanels/{panel.pk}/lid/ met code {member_code}"
        )
    return {
        "panels_advising": 1,
        "panel_meetings": len(meetings) + 1,
        "panel_recommendations": len(ADVICE) + 1,
    }
