"""Factories for citizen panels, and a small deterministic pool to select from."""

from __future__ import annotations

import itertools
import random

import factory

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import MunicipalityFactory, UserFactory
from leefwereld.democracy.panels import selection
from leefwereld.democracy.panels.models import Category, Panel, Quota, Volunteer


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Panel over eenzaamheid {n}")
    question = "Wat kan de gemeente doen tegen eenzaamheid?"
    size = 20
    created_by = factory.SubFactory(UserFactory, role=Role.POLICY_OFFICER)

    class Params:
        recruiting = factory.Trait(status=Panel.Status.RECRUITING)
        closed = factory.Trait(status=Panel.Status.CLOSED)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    panel = factory.SubFactory(PanelFactory)
    key = factory.Sequence(lambda n: f"kenmerk{n}")
    label = factory.LazyAttribute(lambda c: c.key.capitalize())
    question = "Welke groep past bij u?"
    source = Category.Source.DECLARED


class QuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quota

    category = factory.SubFactory(CategoryFactory)
    value = factory.Sequence(lambda n: f"waarde{n}")
    label = factory.LazyAttribute(lambda q: q.value.capitalize())
    min = 0
    max = 20


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    panel = factory.SubFactory(PanelFactory)
    public_id = factory.Sequence(lambda n: f"T{n:02d}-{n % 97:03d}")
    source = Volunteer.Source.IMPORT
    name = factory.Sequence(lambda n: f"Vrijwilliger Achternaam{n}")
    email = factory.Sequence(lambda n: f"vrijwilliger{n}@example.org")
    features = factory.LazyFunction(dict)


# The standard test panel: 20 seats; gender and age with flexible bounds.
QUOTAS = {
    "geslacht": ("Geslacht", [("vrouw", "Vrouw", 9, 11), ("man", "Man", 9, 11)]),
    "leeftijd": (
        "Leeftijd",
        [
            ("jong", "Jonger dan 40", 6, 8),
            ("midden", "40 tot 65", 6, 8),
            ("oud", "65 of ouder", 5, 7),
        ],
    ),
}


def panel_with_quotas(quotas: dict | None = None, size: int = 20, **panel_fields) -> Panel:
    panel = PanelFactory(size=size, **panel_fields)
    for order, (key, (label, values)) in enumerate((quotas or QUOTAS).items()):
        category = CategoryFactory(panel=panel, key=key, label=label, order=order)
        for i, (value, value_label, low, high) in enumerate(values):
            QuotaFactory(
                category=category, value=value, label=value_label, min=low, max=high, order=i
            )
    return panel


def add_pool(panel: Panel, people: int, seed: int = 1, housemates: int = 0) -> list[Volunteer]:
    """`people` volunteers with every combination of values in turn; the first `housemates`
    pairs share an address written two ways ("Kerkstraat 1a" and "kerkstraat 1-A")."""
    rng = random.Random(seed)
    categories = list(panel.categories.prefetch_related("quotas"))
    combos = list(itertools.product(*[[q.value for q in c.quotas.all()] for c in categories]))
    rng.shuffle(combos)
    out = []
    for i in range(people):
        values = combos[i % len(combos)]
        house = i // 2 if i < 2 * housemates else 1000 + i
        written = f"Kerkstraat {house}a" if i % 2 == 0 else f"kerkstraat {house}-A"
        out.append(
            VolunteerFactory(
                panel=panel,
                public_id=f"P{i:02d}-{seed:03d}",
                features={c.key: v for c, v in zip(categories, values, strict=True)},
                household_key=selection.address_key(written, "1234 AB"),
            )
        )
    return out


_CODES = itertools.count()


def drawn_panel(members: int = 20, with_codes: int = 3, **panel_fields) -> tuple[Panel, list]:
    """A drawn panel with `members` members; the first `with_codes` registered with a letter
    whose code is returned as `codes[i]` (the others were imported from a file)."""
    from leefwereld.core.tests.factories import NeighbourhoodFactory
    from leefwereld.democracy.panels.models import Invitation
    from leefwereld.democracy.panels.services import code_hash

    panel = panel_with_quotas(status=Panel.Status.DRAWN, size=members, **panel_fields)
    people = add_pool(panel, members)
    neighbourhood = NeighbourhoodFactory(municipality=panel.municipality)
    codes = []
    for i, volunteer in enumerate(people):
        volunteer.status = Volunteer.Status.SELECTED
        if i < with_codes:
            code = f"ABCD-EFGH-{next(_CODES):04d}"
            volunteer.source = Volunteer.Source.INVITATION
            volunteer.invitation = Invitation.objects.create(
                panel=panel, neighbourhood=neighbourhood, code_hash=code_hash(code)
            )
            codes.append(code)
        volunteer.save()
    return panel, codes
