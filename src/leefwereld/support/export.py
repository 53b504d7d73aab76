"""The support app's part of the resident's export (registered in apps.ready).

Only metadata: the content of plans, reports and decisions is in vault records, which the
export already contains (a section must not read vault records itself).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from leefwereld.core.models import Resident
from leefwereld.vault.export import register_section


def _plans(resident: Resident) -> list[dict[str, Any]]:
    from .models import Plan

    if resident.household_id is None:
        return []  # a plan always belongs to a household
    plans = (
        Plan.objects.filter(household_id=resident.household_id)
        .select_related("coach", "coach_organisation")
        .prefetch_related("versions__signatures", "cosigners__user")
    )
    return [
        {
            "household": plan.household_id,
            "created_at": plan.created_at.isoformat(),
            "coach": plan.coach.display_name if plan.coach is not None else None,
            "coach_organisation": (
                plan.coach_organisation.name if plan.coach_organisation is not None else None
            ),
            # The network members the household invited to co-sign, and when.
            "cosigners": [
                {
                    "name": c.user.display_name,
                    "invited_at": c.invited_at.isoformat(),
                    "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
                }
                for c in plan.cosigners.all()
            ],
            "versions": [
                {
                    "number": v.number,
                    "record": str(v.record),
                    "created_at": v.created_at.isoformat(),
                    "author": v.author_kind,
                    "signed_by": [s.user_id for s in v.signatures.all()],
                }
                for v in plan.versions.all()
            ],
        }
        for plan in plans
    ]


def _decisions(resident: Resident) -> list[dict[str, Any]]:
    from .models import Decision, Melding

    meldingen = [
        {
            "received_on": m.received_on.isoformat(),
            "channel": m.channel,
            "status": m.status,
            "question_record": str(m.question_record) if m.question_record else None,
            "client_support_offered_on": (
                m.client_support_offered_on.isoformat() if m.client_support_offered_on else None
            ),
        }
        for m in Melding.objects.filter(resident=resident)
    ]
    decisions = [
        {
            "outcome": d.outcome,
            "decided_on": d.decided_on.isoformat(),
            "sent_on": d.sent_on.isoformat(),
            "bezwaar_until": d.bezwaar_deadline.isoformat(),
            "provision_kind": d.application.provision_kind,
            "record": str(d.record),
        }
        for d in Decision.objects.filter(application__resident=resident).select_related(
            "application"
        )
    ]
    return [{"meldingen": meldingen, "decisions": decisions}]


register_section("support_plans", _("Plannen"), _plans)
register_section("support_decisions", _("Meldingen en besluiten"), _decisions)
