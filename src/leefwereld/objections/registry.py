"""Which decisions can be objected to: any app whose authorisation module answers

    def objectable(actor: Actor, pk: int) -> Objectable | None

for its decisions (None: no such decision, or not the actor's to object to). Found by the
app label in the reference "<app_label>.<model>:<pk>", so objections imports no app.
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model

from leefwereld.core.actor import Actor
from leefwereld.core.models import Resident


@dataclass(frozen=True)
class Objectable:
    decision: Model
    resident: Resident  # whose decision it is (the objector, or whom they represent)
    announced_on: datetime.date  # bekendmaking: the objection term starts the day after
    label: str  # plain Dutch, e.g. "Jeugdbesluit 12"
    url: str  # the decision's page


def parse(reference: str) -> tuple[str, str, int] | None:
    try:
        model_ref, pk = reference.split(":", 1)
        app_label, model = model_ref.split(".", 1)
        return app_label, model, int(pk)
    except ValueError:
        return None


def find(actor: Actor, reference: str) -> Objectable | None:
    parsed = parse(reference)
    if parsed is None:
        return None
    app_label, model, pk = parsed
    try:
        config = apps.get_app_config(app_label)
        apps.get_model(app_label, model)
    except LookupError:
        return None
    try:
        module = importlib.import_module(f"{config.name}.authorisation")
    except ModuleNotFoundError:
        return None
    hook = getattr(module, "objectable", None)
    found = hook(actor, pk) if hook is not None else None
    if found is None or found.decision._meta.label_lower != f"{app_label}.{model}":
        return None
    return found


def reference(decision: Model) -> str:
    return f"{decision._meta.label_lower}:{decision.pk}"
