"""The panel's event log (`PanelEvent`: who, when, what), written by every verb and the worker."""

from __future__ import annotations

from typing import Any

from leefwereld.core.actor import Actor

from .models import Panel, PanelEvent


def log(panel: Panel, kind: str, actor: Actor | None = None, **detail: Any) -> PanelEvent:
    """Append an event; `actor` None is the background worker."""
    user = actor.user if actor is not None else None
    return PanelEvent.objects.create(panel=panel, kind=kind, actor=user, detail=detail)
