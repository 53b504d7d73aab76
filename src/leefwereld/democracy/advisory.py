"""The advisory council channel (issue 19): the college asks the adviesraad sociaal domein
for advice on a policy proposal, with a deadline in working days; the adviesraad answers
per point; the college responds per point (adopted / with changes / not adopted, with
reasons) within its own term, and the response is published. The adviesraad and the client
councils of providers also send advice nobody asked for, through the same channel.

Basis: Wmo 2015 art. 2.1.3 lid 3 and Jeugdwet art. 2.10 (involving residents and clients in
policy). No law sets the terms; both are settings here (`ADVICE_WORKING_DAYS`,
`RESPONSE_WORKING_DAYS`), counted with `rules.advice.answer_due` (Atw holidays).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from leefwereld.core.actor import Actor
from leefwereld.rules import advice as rules

from .authorisation import ADVISORY_COUNCIL_ROLES, ADVISORY_SENDER_ROLES, MANAGER_ROLES
from .models import AdvicePoint, AdviceRequest

ADVICE_WORKING_DAYS = 30  # six weeks for the adviesraad, as most verordeningen say
RESPONSE_WORKING_DAYS = 30
MAX_POINTS = 30


def _points(lines: list[str], field: str) -> list[str]:
    points = [line.strip() for line in lines if line.strip()]
    if not points:
        raise ValidationError({field: _("Schrijf minstens één punt op.")})
    if len(points) > MAX_POINTS:
        raise ValidationError({field: _("Hoogstens 30 punten.")})
    return points


@transaction.atomic
def ask_advice(
    actor: Actor,
    *,
    title: str,
    proposal: str,
    questions: list[str],
    today: datetime.date,
    working_days: int = ADVICE_WORKING_DAYS,
    sender: str = "Adviesraad sociaal domein",
) -> AdviceRequest:
    if actor.role not in MANAGER_ROLES:
        raise PermissionDenied
    points = _points(questions, "questions")
    request = AdviceRequest.objects.create(
        source=AdviceRequest.Source.COLLEGE,
        status=AdviceRequest.Status.ASKED,
        title=title.strip(),
        proposal=proposal.strip(),
        sender=sender,
        asked_on=today,
        advice_due=rules.answer_due(today, working_days),
        created_by=actor.user,
    )
    AdvicePoint.objects.bulk_create(
        AdvicePoint(request=request, number=n, question=q) for n, q in enumerate(points, 1)
    )
    return request


@transaction.atomic
def give_advice(
    actor: Actor, request: AdviceRequest, advice: dict[int, str], today: datetime.date
) -> AdviceRequest:
    """The adviesraad answers every point of the college's question; the college's term
    for its response starts."""
    if actor.role not in ADVISORY_COUNCIL_ROLES:
        raise PermissionDenied
    request = AdviceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != AdviceRequest.Status.ASKED:
        raise ValidationError(_("Op deze vraag is al advies gegeven."))
    points = list(request.points.all())
    for point in points:
        text = advice.get(point.number, "").strip()
        if not text:
            raise ValidationError(
                {f"advice_{point.number}": _("Geef advies op punt %(n)s.") % {"n": point.number}}
            )
        point.advice = text
    AdvicePoint.objects.bulk_update(points, ["advice"])
    request.status = AdviceRequest.Status.ADVISED
    request.advised_on = today
    request.response_due = rules.answer_due(today, RESPONSE_WORKING_DAYS)
    request.save(update_fields=["status", "advised_on", "response_due"])
    return request


@transaction.atomic
def send_unsolicited_advice(
    actor: Actor,
    *,
    title: str,
    proposal: str,
    sender: str,
    advice: list[str],
    today: datetime.date,
) -> AdviceRequest:
    """Advice nobody asked for, from the adviesraad or a provider's client council."""
    if actor.role not in ADVISORY_SENDER_ROLES:
        raise PermissionDenied
    if not sender.strip():
        raise ValidationError({"sender": _("Vul in namens wie u adviseert.")})
    points = _points(advice, "advice")
    source = (
        AdviceRequest.Source.ADVISORY_COUNCIL
        if actor.role in ADVISORY_COUNCIL_ROLES
        else AdviceRequest.Source.CLIENT_COUNCIL
    )
    request = AdviceRequest.objects.create(
        source=source,
        status=AdviceRequest.Status.ADVISED,
        title=title.strip(),
        proposal=proposal.strip(),
        sender=sender.strip(),
        advised_on=today,
        response_due=rules.answer_due(today, RESPONSE_WORKING_DAYS),
        created_by=actor.user,
    )
    AdvicePoint.objects.bulk_create(
        AdvicePoint(request=request, number=n, advice=a) for n, a in enumerate(points, 1)
    )
    return request


@transaction.atomic
def respond(
    actor: Actor,
    request: AdviceRequest,
    responses: dict[int, tuple[str, str]],
    today: datetime.date,
) -> AdviceRequest:
    """The college's response per point, published at once."""
    if actor.role not in MANAGER_ROLES:
        raise PermissionDenied
    request = AdviceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != AdviceRequest.Status.ADVISED:
        raise ValidationError(_("Het college kan nu niet reageren op dit advies."))
    points = list(request.points.all())
    for point in points:
        decision, reasons = responses.get(point.number, ("", ""))
        if decision not in AdvicePoint.Decision.values:
            raise ValidationError(
                {
                    f"decision_{point.number}": _("Kies een reactie op punt %(n)s.")
                    % {"n": point.number}
                }
            )
        if decision in rules.DECISIONS_WITH_REASONS and len(reasons.strip()) < 20:
            raise ValidationError(
                {
                    f"reasons_{point.number}": _(
                        "Leg bij punt %(n)s uit waarom het college het advies niet of anders "
                        "overneemt (minstens 20 tekens)."
                    )
                    % {"n": point.number}
                }
            )
        point.decision, point.reasons = decision, reasons.strip()
    AdvicePoint.objects.bulk_update(points, ["decision", "reasons"])
    request.status = AdviceRequest.Status.RESPONDED
    request.responded_on = today
    request.save(update_fields=["status", "responded_on"])
    return request


def with_points(requests: QuerySet[AdviceRequest]) -> QuerySet[AdviceRequest]:
    return requests.prefetch_related(
        Prefetch("points", queryset=AdvicePoint.objects.order_by("number"))
    )


def advice_late(request: AdviceRequest, today: datetime.date) -> bool:
    return request.advice_due is not None and rules.is_late(
        request.advice_due, request.advised_on, today
    )


def response_late(request: AdviceRequest, today: datetime.date) -> bool:
    return request.response_due is not None and rules.is_late(
        request.response_due, request.responded_on, today
    )


@dataclass(frozen=True)
class YearOverview:
    year: int
    asked: int
    unsolicited: int
    advice_late: int
    responded: int
    response_late: int
    decisions: dict[str, int]


def yearly_overview(requests: list[AdviceRequest], today: datetime.date) -> list[YearOverview]:
    """Per year (of the question, or of unsolicited advice): the figures for the council."""
    years: dict[int, list[AdviceRequest]] = {}
    for r in requests:
        day = r.asked_on or r.advised_on
        if day is not None:
            years.setdefault(day.year, []).append(r)
    out = []
    for year in sorted(years, reverse=True):
        rows = years[year]
        decisions: Counter[str] = Counter(
            p.decision for r in rows for p in r.points.all() if p.decision
        )
        out.append(
            YearOverview(
                year=year,
                asked=sum(1 for r in rows if r.source == AdviceRequest.Source.COLLEGE),
                unsolicited=sum(1 for r in rows if r.source != AdviceRequest.Source.COLLEGE),
                advice_late=sum(1 for r in rows if advice_late(r, today)),
                responded=sum(1 for r in rows if r.responded_on is not None),
                response_late=sum(1 for r in rows if response_late(r, today)),
                decisions={d.value: decisions[d.value] for d in AdvicePoint.Decision},
            )
        )
    return out
