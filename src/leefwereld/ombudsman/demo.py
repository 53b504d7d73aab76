"""Demo complaints, their histories and signals to policy, at every scale.

About one complaint a year per 150 residents, over the last two years, so patterns and
quarterly reports have real data. A case's path follows the transition table (received →
handling → answered → closed, some via the action team, some reopened, some late); its
deadline is the Awb rule's. Signals to policy are made from the data: the most frequent
(category, cause) pairs of closed complaints, with their case numbers and counts.
"""

from __future__ import annotations

import datetime
import importlib
import random
from collections import Counter

from django.apps import apps as django_apps
from django.db.models import Count

from leefwereld.core.models import Organisation, Resident, User
from leefwereld.core.roles import Role
from leefwereld.demo.rows import bulk_insert, new_row, next_id, reset_sequences
from leefwereld.rules.deadlines import klacht_deadline, klacht_keer_te_laat

from .models import Category, ComplainantContact, Complaint, ComplaintEvent, PolicySignal
from .services import code_digest, regie_organisation

RESIDENTS_PER_COMPLAINT_A_YEAR = 150
DAYS = 730
DEMO_CODE = "DEMO234567"  # the follow code of every demo complaint (published, no real data)
CAUSES = [c.value for c in Complaint.Cause if c.value]
CAUSE_WEIGHTS = [4, 5, 4, 2, 3, 3, 2]
FIRST_NAMES = ("Anna", "Mohamed", "Sanne", "Kees", "Fatma", "Joost", "Priya", "Wim")
LAST_NAMES = ("Jansen", "El Idrissi", "de Boer", "Visser", "Yilmaz", "Bakker", "Ramdin")


def _event(pk, complaint_pk, at, kind, before, after, actor=None, note=""):
    return new_row(
        ComplaintEvent,
        pk=pk,
        complaint_id=complaint_pk,
        at=at,
        actor_id=actor,
        kind=kind,
        from_state=before,
        to_state=after,
        note=note,
    )


def add_demo_data(seed: int, today: datetime.date, stdout=None) -> dict[str, int]:
    rng = random.Random(seed + 1515)
    residents = list(
        Resident.objects.values_list("pk", "household__address__neighbourhood_id", "user_id")
    )
    if not residents:
        return {}
    subcategories = list(Category.objects.filter(parent__isnull=False, active=True))
    if not subcategories:
        # A database emptied after migrating (a test's flush) lost the migration's first
        # set of categories: put it back the way the migration does.
        first_set = importlib.import_module(
            "leefwereld.ombudsman.migrations.0002_history_append_only_and_categories"
        )
        first_set.add_categories(django_apps, None)
        subcategories = list(Category.objects.filter(parent__isnull=False, active=True))
    organisations = list(
        Organisation.objects.filter(
            kind__in=[Organisation.Kind.CARE_PROVIDER, Organisation.Kind.NEIGHBOURHOOD_TEAM]
        ).values_list("pk", "kind")
    )
    municipality = (
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    regie = regie_organisation().pk
    ombudsman = User.objects.filter(role=Role.OMBUDSMAN).values_list("pk", flat=True).first()
    total = max(12, len(residents) * DAYS // 365 // RESIDENTS_PER_COMPLAINT_A_YEAR)
    # The demo resident ("inwoner") gets one answered complaint to give feedback on.
    demo_user = User.objects.filter(username="inwoner").values_list("pk", flat=True).first()
    own = sorted((r for r in residents if r[2] is not None), key=lambda r: r[2] != demo_user)
    complaint_pk = next_id(Complaint)
    event_pk = next_id(ComplaintEvent)
    complaints: list[Complaint] = []
    events: list[ComplaintEvent] = []
    contacts: list[ComplainantContact] = []
    numbers: Counter[int] = Counter()
    for index in range(total):
        received = today - datetime.timedelta(days=rng.randrange(DAYS))
        if index == 0 and own:
            resident_pk, hood, _user = own[0]
            received = today - datetime.timedelta(days=20)
        elif rng.random() < 0.3:
            resident_pk, hood, _user = rng.choice(residents)
        else:
            resident_pk, hood = None, rng.choice(residents)[1]
        about = rng.choices(["provider", "team", "debt_fund", "municipality"], [5, 3, 1, 2])[0]
        if about in ("provider", "team") and organisations:
            wanted = "care_provider" if about == "provider" else "neighbourhood_team"
            pool = [pk for pk, kind in organisations if kind == wanted] or [organisations[0][0]]
            organisation = rng.choice(pool)
        else:
            organisation = municipality  # type: ignore[assignment]
        numbers[received.year] += 1
        number = f"K-{received.year}-{numbers[received.year]:06d}"
        deadline = klacht_deadline(received)
        age = (today - received).days
        at = datetime.datetime.combine(received, datetime.time(10), tzinfo=datetime.UTC)
        pk = complaint_pk + index
        state = "received"
        history = [("filed", "", "received", 0)]
        values: dict[str, object] = {
            "answer": "",
            "answered_on": None,
            "closed_on": None,
            "satisfied": None,
            "cause": "",
            "action_team_id": None,
            "resolution": "",
            "times_late": 0,
            "pillar_to_post": False,
        }
        if index == 0 and own:
            history += [
                ("take_up", "received", "handling", 2),
                ("answer", "handling", "answered", 15),
            ]
            state = "answered"
            values.update(
                answer="Het wijkteam heeft excuses gemaakt en belt u deze week voor een nieuwe "
                "afspraak.",
                answered_on=received + datetime.timedelta(days=15),
                cause="communication",
            )
        elif age > 3:
            history.append(("take_up", "received", "handling", 2))
            state = "handling"
            if rng.random() < 0.06:
                values["pillar_to_post"] = True
                values["action_team_id"] = regie
                history.append(("pillar_to_post", "handling", "action_team", 3))
                state = "action_team"
                if age > 20:
                    values["resolution"] = "Regieteam heeft de organisaties samen laten besluiten."
                    history.append(("resolve", "action_team", "handling", 18))
                    state = "handling"
            handled_in = int(rng.triangular(10, 70, 30))
            if age > handled_in and state == "handling":
                answered = received + datetime.timedelta(days=handled_in)
                values.update(
                    answer="De ombudsman heeft uw klacht onderzocht; de organisatie past haar "
                    "werkwijze aan.",
                    answered_on=answered,
                    cause=rng.choices(CAUSES, CAUSE_WEIGHTS)[0],
                )
                history.append(("answer", "handling", "answered", handled_in))
                state = "answered"
                if age > handled_in + 14:
                    satisfied = rng.random() < 0.8
                    values.update(satisfied=satisfied, closed_on=answered + datetime.timedelta(14))
                    history.append(
                        (
                            "satisfied" if satisfied else "close",
                            "answered",
                            "closed",
                            handled_in + 14,
                        )
                    )
                    state = "closed"
            elif state != "answered":
                values["times_late"] = klacht_keer_te_laat(received, today)
                if values["times_late"]:
                    history.append(("late", state, state, (deadline - received).days + 1))
        complaints.append(
            new_row(
                Complaint,
                pk=pk,
                number=number,
                code_digest=code_digest(number, DEMO_CODE),
                resident_id=resident_pk,
                neighbourhood_id=hood,
                about=about,
                organisation_id=organisation,
                category_id=rng.choice(subcategories).pk,
                summary=rng.choice(
                    (
                        "Niet teruggebeld",
                        "Afspraak niet nagekomen",
                        "Besluit duurt te lang",
                        "Steeds een ander aanspreekpunt",
                        "Brief niet te begrijpen",
                    )
                ),
                description="Demo: de inwoner beschrijft wat er misging.",
                channel="web" if resident_pk else rng.choice(("web_anonymous", "phone", "letter")),
                received_on=received,
                term_start=received,
                deadline=deadline,
                state=state,
                created_at=at,
                **values,
            )
        )
        if resident_pk is None:
            contacts.append(
                new_row(
                    ComplainantContact,
                    pk=len(contacts) + next_id(ComplainantContact),
                    complaint_id=pk,
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    email="klager@example.org",
                    phone="",
                )
            )
        for kind, before, after, offset in history:
            events.append(
                _event(
                    event_pk + len(events),
                    pk,
                    at + datetime.timedelta(days=offset),
                    kind,
                    before,
                    after,
                    None if kind in ("filed", "late") else ombudsman,
                )
            )
    bulk_insert(Complaint, complaints)
    bulk_insert(ComplainantContact, contacts)
    bulk_insert(ComplaintEvent, events)
    reset_sequences([Complaint, ComplainantContact, ComplaintEvent])
    signals = _signals(rng, today, ombudsman)
    return {
        "complaints": len(complaints),
        "complaint_events": len(events),
        "policy_signals": signals,
    }


def _signals(rng: random.Random, today: datetime.date, ombudsman: int | None) -> int:
    """Signals from the data: the three most frequent (category, cause) pairs."""
    from leefwereld.democracy.models import BlockingRule

    top = (
        Complaint.objects.filter(state="closed")
        .exclude(cause="")
        .values("category__parent__name", "cause")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__parent__name")[:3]
    )
    rule = BlockingRule.objects.order_by("pk").first()
    made = 0
    for index, row in enumerate(top):
        cause = Complaint.Cause(row["cause"])
        when = datetime.datetime.combine(
            today - datetime.timedelta(days=60 * (3 - index)), datetime.time(11), datetime.UTC
        )
        signal = PolicySignal.objects.create(
            title=f"{row['n']} klachten over {row['category__parent__name'].lower()}: "
            f"oorzaak {cause.label}",
            recommendation="Maak één aanspreekpunt verantwoordelijk en leg in de werkinstructie "
            "vast binnen welke termijn de inwoner wordt teruggebeld.",
            cause=cause.value,
            blocking_rule=rule if index == 0 else None,
            created_by_id=ombudsman,
            created_at=when,
            follow_up="De werkinstructie is aangepast; de raad krijgt over een kwartaal de "
            "nieuwe cijfers."
            if index == 0
            else "",
            follow_up_at=when + datetime.timedelta(days=30) if index == 0 else None,
            closed_at=when + datetime.timedelta(days=30) if index == 0 else None,
        )
        signal.complaints.set(
            Complaint.objects.filter(
                state="closed",
                category__parent__name=row["category__parent__name"],
                cause=row["cause"],
            ).values_list("pk", flat=True)[:50]
        )
        made += 1
    return made
