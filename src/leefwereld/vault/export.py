"""Everything the platform holds about a resident, as JSON and as a readable PDF.

The vault contributes the records, grants, legal bases, break-glass events, requests,
network and access log. Other apps (plans, decisions, complaints) add their own part
by registering a section in their AppConfig.ready():

    from leefwereld.vault.export import register_section

    register_section("plannen", _("Plannen"), lambda resident: [...])

A section function gets the resident and returns JSON-serialisable data; it must not
read vault records itself (they are already in the export).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise

from leefwereld.core.actor import Actor
from leefwereld.core.models import HouseholdAddress, NetworkMembership, Resident

from . import access
from .models import AccessLog, AccessRequest, BreakGlass, Grant, LegalBasis
from .sentences import sentence


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    build: Callable[[Resident], Any]


_SECTIONS: dict[str, Section] = {}


def register_section(key: str, title: str | Promise, build: Callable[[Resident], Any]) -> None:
    """Add (or replace) a part of the export; other apps call this once at start-up."""
    _SECTIONS[key] = Section(key, title, build)


def registered_sections() -> list[Section]:
    return list(_SECTIONS.values())


def _iso(value: datetime.datetime | datetime.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _window(item) -> dict[str, Any]:
    return {
        "categories": list(item.categories),
        "purpose": item.purpose,
        "mode": item.mode,
        "starts_at": _iso(item.starts_at),
        "ends_at": _iso(item.ends_at),
        "revoked_at": _iso(item.revoked_at),
        "status": item.status,
    }


def build_export(actor: Actor, resident: Resident) -> dict[str, Any]:
    """The whole export. Reading the records goes through the access layer (one log row)."""
    opened = access.read_everything(actor, resident)
    household = resident.household
    data: dict[str, Any] = {
        "generated_at": _iso(timezone.now()),
        "resident": {
            "bsn": resident.bsn,
            "given_names": resident.given_names,
            "surname_prefix": resident.surname_prefix,
            "surname": resident.surname,
            "birth_date": _iso(resident.birth_date),
        },
        "household": None,
        "records": [
            {
                "id": str(r.id),
                "category": r.category,
                "owner": "household" if r.is_household_record else "resident",
                "kind": r.record.kind,
                "source": r.record.source,
                "created_at": _iso(r.record.created_at),
                "updated_at": _iso(r.record.updated_at),
                "retention": (
                    {"law": r.record.retention_law, "until": _iso(r.record.retention_until)}
                    if r.record.retention_until
                    else None
                ),
                "content": r.payload,
            }
            for r in opened.records
        ],
    }
    if household is not None:
        data["household"] = {
            "id": household.pk,
            "address": str(household.address),
            "members": [
                {"name": m.full_name, "birth_date": _iso(m.birth_date)}
                for m in Resident.objects.filter(household=household).order_by("birth_date")
            ],
            "address_history": [
                {
                    "address": str(h.address),
                    "moved_in": _iso(h.moved_in),
                    "moved_out": _iso(h.moved_out),
                }
                for h in HouseholdAddress.objects.filter(household=household)
                .select_related("address")
                .order_by("moved_in")
            ],
            "network": [
                {
                    "name": n.user.display_name,
                    "relation": n.relation,
                    "since": _iso(n.since),
                    "ended": _iso(n.ended),
                }
                for n in NetworkMembership.objects.filter(household=household).select_related(
                    "user"
                )
            ],
        }
    data["grants"] = [
        {"to": g.grantee_name, **_window(g), "given_at": _iso(g.created_at)}
        for g in Grant.objects.filter(resident=resident)
        .select_related("grantee_user", "grantee_organisation")
        .order_by("created_at")
    ]
    data["legal_bases"] = [
        {
            "holder": lb.holder_name,
            "law": str(lb.get_law_display()),
            "article": lb.article,
            "explanation": lb.explanation,
            **_window(lb),
        }
        for lb in LegalBasis.objects.filter(resident=resident)
        .select_related("user", "organisation")
        .order_by("recorded_at")
    ]
    glass = list(
        BreakGlass.objects.filter(resident=resident).select_related("actor").order_by("created_at")
    )
    reasons = access.open_for_residents(
        [(g.resident_id, f"break-glass:{g.uuid}", g.reason_ciphertext) for g in glass]
    )
    data["break_glass"] = [
        {
            "by": g.actor.display_name,
            "reason": reason,
            **_window(g),
            "review": g.review_outcome or None,
        }
        for g, reason in zip(glass, reasons, strict=True)
    ]
    data["access_requests"] = [
        {
            "by": r.requested_by.display_name,
            "categories": r.categories,
            "purpose": r.purpose,
            "status": r.status,
            "created_at": _iso(r.created_at),
        }
        for r in AccessRequest.objects.filter(resident=resident).select_related("requested_by")
    ]
    log_rows = (
        access_log_for(resident).select_related("user", "organisation").order_by("occurred_at")
    )
    data["access_log"] = [
        {
            "occurred_at": _iso(row.occurred_at),
            "event": row.event,
            "action": row.action,
            "outcome": row.outcome,
            "user": row.user.display_name,
            "role": row.user_role,
            "organisation": row.organisation.name if row.organisation_id else None,
            "access_point": row.access_point,
            "authorisation": row.authorisation,
            "break_glass": row.break_glass_used,
            "categories": row.categories,
            "purpose": row.purpose,
            "sentence": sentence(row, actor.user.pk).text,
        }
        for row in log_rows
    ]
    data["other"] = {section.key: section.build(resident) for section in registered_sections()}
    return data


def access_log_for(resident: Resident):
    """The log rows about a resident: their own, and their household's shared records."""
    about = Q(resident=resident)
    if resident.household_id:
        about |= Q(resident__isnull=True, household_id=resident.household_id)
    return AccessLog.objects.filter(about)


def render_pdf(data: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and rarely needed

    html = render_to_string(
        "vault/export_pdf.html",
        {"data": data, "sections": registered_sections()},
    )
    return HTML(string=html).write_pdf()
