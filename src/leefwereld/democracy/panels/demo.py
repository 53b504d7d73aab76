"""A demo citizen panel: quotas from Leefdam's figures and a pool of demo residents.

The panel stops where the interesting part starts: registration is closed and the pool
is fixed, so the policy officer (`beleid`) can compute the selection and watch the
progress bar (with `leefwereld db_worker` running), publish the lottery and draw.
"""

from __future__ import annotations

import datetime
import random

from leefwereld.core.actor import Actor
from leefwereld.core.models import Municipality, User
from leefwereld.core.roles import Role

from . import services
from .models import Panel

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
    letters = services.send_invitations(demo, panel, LETTERS, today=today, rng=rng)
    rng.shuffle(letters)
    genders, weights = ["vrouw", "man", "anders"], [0.49, 0.49, 0.02]
    registered = 0
    for letter in letters:
        if registered == REGISTRATIONS:
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
        registered += 1
    panel = services.transition_panel(demo, panel, Panel.Status.CLOSED)
    if stdout is not None:
        stdout.write(f"Burgerpanel '{panel.title}': {LETTERS} brieven, {registered} aanmeldingen")
    return {"panels": 1, "panel_invitations": LETTERS, "panel_volunteers": registered}
