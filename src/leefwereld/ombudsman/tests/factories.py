"""Test objects of the ombudsman desk."""

from __future__ import annotations

import datetime

import factory

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory, as_actor

from ..models import Category
from ..services import Filed, file_complaint


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Categorie {n}")


def ombudsman_user():
    return UserFactory(role=Role.OMBUDSMAN, first_name="Henk", last_name="Visser")


def anonymous_complaint(
    *, summary: str = "Niet teruggebeld", now: datetime.datetime | None = None, **extra
) -> Filed:
    """A complaint filed without login, about the municipality."""
    defaults = {
        "about": "municipality",
        "category": extra.pop("category", None) or CategoryFactory(),
        "summary": summary,
        "description": "Ik heb drie keer gebeld en niemand belde terug.",
        "contact": {"name": "A. Jansen", "email": "a.jansen@example.org"},
        "now": now,
    }
    defaults.update(extra)
    return file_complaint(None, **defaults)


def resident_complaint(resident, *, summary: str = "Wijkteam kwam niet", **extra) -> Filed:
    defaults = {
        "about": "municipality",
        "category": extra.pop("category", None) or CategoryFactory(),
        "summary": summary,
        "description": "De afspraak ging niet door en niemand liet iets weten.",
    }
    defaults.update(extra)
    return file_complaint(as_actor(resident.user), **defaults)
