"""A small town for youth tests: a team, a contracted provider, a product, and a family."""

from __future__ import annotations

import datetime

from django.utils import timezone

from leefwereld.core import gezag
from leefwereld.core.models import Gezag, Organisation
from leefwereld.core.tests.factories import OrganisationFactory, ResidentFactory
from leefwereld.vault.tests.factories import ResidentWithAccountFactory, team_for, worker
from leefwereld.youth.models import Product


def born_years_ago(years: int, days: int = 30) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def product(code: str = "45A48", provider: Organisation | None = None) -> Product:
    item, _created = Product.objects.get_or_create(
        code=code, defaults={"name": "Jeugd-GGZ behandeling", "unit": Product.Unit.HOURS}
    )
    if provider is not None:
        item.contracted_providers.add(provider)
    return item


def family(child_age: int = 14, *, joint: bool = True):
    """Two parents with accounts, a child of `child_age` with an account, gezag recorded."""
    mother = ResidentWithAccountFactory(given_names="Anouk", user__email="anouk@example.org")
    father = ResidentWithAccountFactory(
        given_names="Bram", household=mother.household, user__email="bram@example.org"
    )
    child = ResidentWithAccountFactory(
        given_names="Sem",
        household=mother.household,
        birth_date=born_years_ago(child_age),
        user__email="sem@example.org",
    )
    if joint:
        gezag.record_gezag(child, Gezag.Type.TWEEHOOFDIG, parents=[mother, father])
    else:
        gezag.record_gezag(child, Gezag.Type.EENHOOFDIG, parents=[mother])
    return mother, father, child


def town(child_age: int = 14, joint: bool = True):
    mother, father, child = family(child_age, joint=joint)
    team = team_for(child)
    professional = worker(team)
    provider = OrganisationFactory(name="Kinder-GGZ Zuid", kind=Organisation.Kind.CARE_PROVIDER)
    return {
        "mother": mother,
        "father": father,
        "child": child,
        "team": team,
        "professional": professional,
        "provider": provider,
        "product": product(provider=provider),
        "stranger": ResidentWithAccountFactory(),
        "uncontracted": OrganisationFactory(name="Niet gecontracteerd"),
        "other": ResidentFactory(),
    }
