"""Figures for the council monitor: plain query functions returning plain data.

* hops per request (how often a request was referred before the right help),
* time to the right help: calendar days from the request to its acceptance by the
  organisation that finally helped (closed requests with outcome 'helped'),
* escalations and their causes,

per neighbourhood (where the resident lived when they asked) and per organisation. Each
function costs a fixed number of aggregate queries, whatever the number of requests;
the monitor app reads these functions. No person is identifiable from any figure.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from leefwereld.core.models import Neighbourhood, Organisation
from leefwereld.rules import disclosure

from .models import Escalation, Handover, HelpRequest

HOP_KINDS = (Handover.Kind.REFERRAL, Handover.Kind.REGIE)


def _requests(year: int | None) -> QuerySet[HelpRequest]:
    requests = HelpRequest.objects.all()
    return requests.filter(opened_at__year=year) if year else requests


def years() -> list[int]:
    """The years in which requests were opened, newest first."""
    return list(
        HelpRequest.objects.annotate(y=ExtractYear("opened_at"))
        .values_list("y", flat=True)
        .distinct()
        .order_by("-y")
    )


@dataclass
class Totals:
    requests: int = 0
    open: int = 0
    helped: int = 0
    mean_hops: float = 0.0
    two_or_more: int = 0
    escalated: int = 0
    median_days_to_help: float | None = None
    # The same for requests that were referred at least once: where routes get long.
    median_days_to_help_referred: float | None = None

    @property
    def two_or_more_share(self) -> float:
        return 100 * self.two_or_more / self.requests if self.requests else 0.0


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def totals(year: int | None = None) -> Totals:
    row = _requests(year).aggregate(
        requests=Count("pk"),
        open=Count("pk", filter=~Q(status=HelpRequest.Status.CLOSED)),
        helped=Count("pk", filter=Q(outcome=HelpRequest.Outcome.HELPED)),
        hops=Sum("referral_count"),
        two_or_more=Count("pk", filter=Q(referral_count__gte=2)),
        escalated=Count("pk", filter=Q(escalation_count__gt=0)),
    )
    # The query filters out rows without days_to_help: the stubs still type the column nullable.
    days = cast(
        list[tuple[int, int]],
        list(
            _requests(year)
            .filter(days_to_help__isnull=False)
            .values_list("days_to_help", "referral_count")
        ),
    )
    return Totals(
        requests=row["requests"],
        open=row["open"],
        helped=row["helped"],
        mean_hops=(row["hops"] or 0) / row["requests"] if row["requests"] else 0.0,
        two_or_more=row["two_or_more"],
        escalated=row["escalated"],
        median_days_to_help=_median([d for d, _hops in days]),
        median_days_to_help_referred=_median([d for d, hops in days if hops > 0]),
    )


def hops_distribution(year: int | None = None, **filters) -> dict[str, int]:
    """How many requests had 0, 1, 2 and 3 or more hops (3+ only through the regie team)."""
    counts = {"0": 0, "1": 0, "2": 0, "3+": 0}
    rows = (
        _requests(year)
        .filter(**filters)
        .values("referral_count")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        key = str(row["referral_count"]) if row["referral_count"] < 3 else "3+"
        counts[key] += row["n"]
    return counts


@dataclass
class NeighbourhoodFigures:
    neighbourhood_id: int | None
    name: str
    requests: int
    helped: int
    mean_hops: float
    two_or_more: int
    escalations: int
    mean_days_to_help: float | None
    median_days_to_help: float | None
    median_days_to_help_referred: float | None = None
    causes: dict[str, int] = field(default_factory=dict)

    @property
    def two_or_more_share(self) -> float:
        return 100 * self.two_or_more / self.requests if self.requests else 0.0


def per_neighbourhood(year: int | None = None) -> list[NeighbourhoodFigures]:
    """One row per neighbourhood (also those without requests), in four queries."""
    rows = {
        row["neighbourhood_id"]: row
        for row in _requests(year)
        .values("neighbourhood_id")
        .annotate(
            requests=Count("pk"),
            helped=Count("pk", filter=Q(outcome=HelpRequest.Outcome.HELPED)),
            hops=Sum("referral_count"),
            two_or_more=Count("pk", filter=Q(referral_count__gte=2)),
            # not "escalations": that name is HelpRequest's reverse relation
            escalation_sum=Sum("escalation_count"),
            mean_days=Avg("days_to_help"),
        )
        .order_by()
    }
    days: dict[int | None, list[int]] = defaultdict(list)
    referred: dict[int | None, list[int]] = defaultdict(list)
    # The query filters out rows without days_to_help: the stubs still type the column nullable.
    for hood, value, hops in cast(
        Iterable[tuple[int | None, int, int]],
        _requests(year)
        .filter(days_to_help__isnull=False)
        .values_list("neighbourhood_id", "days_to_help", "referral_count"),
    ):
        days[hood].append(value)
        if hops > 0:
            referred[hood].append(value)
    causes: dict[int | None, dict[str, int]] = defaultdict(dict)
    escalations = Escalation.objects.all()
    if year:
        escalations = escalations.filter(request__opened_at__year=year)
    for row in (
        escalations.values("request__neighbourhood_id", "cause").annotate(n=Count("pk")).order_by()
    ):
        causes[row["request__neighbourhood_id"]][row["cause"]] = row["n"]
    result = []
    names: list[tuple[int | None, str]] = list(
        Neighbourhood.objects.order_by("name").values_list("pk", "name")
    )
    if None in rows:
        names.append((None, "—"))
    for pk, name in names:
        row = rows.get(pk, {})
        n = row.get("requests", 0)
        result.append(
            NeighbourhoodFigures(
                neighbourhood_id=pk,
                name=name,
                requests=n,
                helped=row.get("helped", 0),
                mean_hops=(row.get("hops") or 0) / n if n else 0.0,
                two_or_more=row.get("two_or_more", 0),
                escalations=row.get("escalation_sum") or 0,
                mean_days_to_help=row.get("mean_days"),
                median_days_to_help=_median(days.get(pk, [])),
                median_days_to_help_referred=_median(referred.get(pk, [])),
                causes=causes.get(pk, {}),
            )
        )
    return result


@dataclass
class OrganisationFigures:
    organisation_id: int
    name: str
    received: int = 0  # requests that came in (first request, referral or assignment)
    accepted: int = 0
    refused: int = 0
    referred_on: int = 0  # hops this organisation sent on
    escalations_from: int = 0  # escalations while the request was here
    causes: dict[str, int] = field(default_factory=dict)  # of those escalations
    helped: int = 0  # requests closed as helped by this organisation
    mean_hops_helped: float | None = None  # hops those requests took to get here
    median_days_to_help: float | None = None  # for those requests

    @property
    def refusal_share(self) -> float:
        decided = self.accepted + self.refused
        return 100 * self.refused / decided if decided else 0.0


def per_organisation(year: int | None = None) -> list[OrganisationFigures]:
    """One row per organisation that appears on any route, in five queries."""
    handovers = Handover.objects.exclude(kind=Handover.Kind.RETURN)
    escalations = Escalation.objects.all()
    if year:
        handovers = handovers.filter(request__opened_at__year=year)
        escalations = escalations.filter(request__opened_at__year=year)
    rows: dict[int, OrganisationFigures] = {}

    def row(pk: int) -> OrganisationFigures:
        return rows.setdefault(pk, OrganisationFigures(organisation_id=pk, name=""))

    for item in (
        handovers.values("to_organisation_id")
        .annotate(
            received=Count("pk"),
            accepted=Count("pk", filter=Q(status=Handover.Status.ACCEPTED)),
            refused=Count("pk", filter=Q(status=Handover.Status.REFUSED)),
        )
        .order_by()
    ):
        r = row(item["to_organisation_id"])
        r.received, r.accepted, r.refused = item["received"], item["accepted"], item["refused"]
    for item in (
        handovers.filter(kind__in=HOP_KINDS, from_organisation__isnull=False)
        .values("from_organisation_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row(item["from_organisation_id"]).referred_on = item["n"]
    for item in (
        escalations.filter(from_organisation__isnull=False)
        .values("from_organisation_id", "cause")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        r = row(item["from_organisation_id"])
        r.escalations_from += item["n"]
        r.causes[item["cause"]] = item["n"]
    helped: dict[int, list[tuple[int, int]]] = defaultdict(list)
    # The query filters out rows without days or organisation: the stubs type both nullable.
    for org, days, hops in cast(
        Iterable[tuple[int, int, int]],
        _requests(year)
        .filter(days_to_help__isnull=False, current_organisation__isnull=False)
        .values_list("current_organisation_id", "days_to_help", "referral_count"),
    ):
        helped[org].append((days, hops))
    for org, values in helped.items():
        r = row(org)
        r.helped = len(values)
        r.mean_hops_helped = sum(h for _d, h in values) / len(values)
        r.median_days_to_help = _median([d for d, _h in values])
    names = dict(Organisation.objects.filter(pk__in=list(rows)).values_list("pk", "name"))
    for pk, r in rows.items():
        r.name = names.get(pk, "")
    return sorted(rows.values(), key=lambda r: (-r.received, r.name))


@dataclass
class CauseFigures:
    cause: str
    label: str
    count: int
    owned_in_time: int
    overdue: int


def escalation_causes(year: int | None = None) -> list[CauseFigures]:
    """Escalations per cause, and how often the regie team took ownership in time."""
    escalations = Escalation.objects.all()
    if year:
        escalations = escalations.filter(request__opened_at__year=year)
    counts = {
        row["cause"]: row
        for row in escalations.values("cause")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=Q(overdue_at__isnull=False)),
            owned=Count("pk", filter=Q(owner__isnull=False, overdue_at__isnull=True)),
        )
        .order_by()
    }
    return [
        CauseFigures(
            cause=value,
            label=str(label),
            count=counts.get(value, {}).get("n", 0),
            owned_in_time=counts.get(value, {}).get("owned", 0),
            overdue=counts.get(value, {}).get("overdue", 0),
        )
        for value, label in Escalation.Cause.choices
    ]


# --- disclosure control: what the figures page may show (rules/disclosure.py, ADR 0017) ------


def published(year: int | None = None) -> dict:
    """The page's figures after disclosure control: hidden values are None.

    Counts per neighbourhood form one table (helped / not helped, with the number of requests
    as row total and the city totals as column totals); escalations per neighbourhood, hops
    and causes are tables of their own with their totals. Means, shares and medians are shown
    only when they rest on at least the threshold of requests. Organisations are not persons,
    but a count of one there may still point at one resident: their counts get the threshold.
    """
    hoods = per_neighbourhood(year)
    names = [str(n.neighbourhood_id) for n in hoods]
    table = disclosure.protect(
        names, ["helped", "other"], [[n.helped, n.requests - n.helped] for n in hoods]
    )
    escalations = disclosure.protect(names, ["n"], [[n.escalations] for n in hoods])
    rows = []
    for i, n in enumerate(hoods):
        # Rates and medians rest on all requests (or the helped ones) of the wijk.
        enough = disclosure.share_allowed(n.requests)
        helped_enough = disclosure.share_allowed(n.helped)
        rows.append(
            {
                "name": n.name,
                "requests": table.row_totals[i].value,
                "mean_hops": n.mean_hops if enough else None,
                "two_or_more_share": n.two_or_more_share if enough else None,
                "median_days_to_help": n.median_days_to_help if helped_enough else None,
                "median_days_to_help_referred": n.median_days_to_help_referred
                if helped_enough
                else None,
                "escalations": escalations.cells[i][0].value,
            }
        )
    total = totals(year)
    hops = hops_distribution(year)
    hop_table = disclosure.protect(list(hops), ["n"], [[v] for v in hops.values()])
    causes = escalation_causes(year)
    cause_table = disclosure.protect(
        [c.cause for c in causes],
        ["owned", "overdue", "other"],
        [[c.owned_in_time, c.overdue, c.count - c.owned_in_time - c.overdue] for c in causes],
    )
    for i, c in enumerate(causes):
        c.count = cause_table.row_totals[i].value  # type: ignore[assignment]
        c.owned_in_time = cause_table.cells[i][0].value  # type: ignore[assignment]
        c.overdue = cause_table.cells[i][1].value  # type: ignore[assignment]
    organisations = per_organisation(year)
    # received = accepted + refused + still open: one table with received as its row total, so
    # a hidden accepted cannot be read as received minus refused (each count on its own could).
    handovers = disclosure.protect(
        [str(o.organisation_id) for o in organisations],
        ["accepted", "refused", "open"],
        [[o.accepted, o.refused, o.received - o.accepted - o.refused] for o in organisations],
    )
    for i, o in enumerate(organisations):
        o.received = handovers.row_totals[i].value  # type: ignore[assignment]
        o.accepted = handovers.cells[i][0].value  # type: ignore[assignment]
        o.refused = handovers.cells[i][1].value  # type: ignore[assignment]
        for name in ("referred_on", "escalations_from", "helped"):
            count = disclosure.protect_count(
                getattr(o, name), rounding_base=disclosure.DEFAULT_ROUNDING_BASE
            )
            setattr(o, name, count.value)
        if not disclosure.share_allowed(o.helped or 0):
            o.mean_hops_helped = o.median_days_to_help = None
    enough = disclosure.share_allowed(total.requests)
    return {
        "totals": {
            "requests": disclosure.protect_count(
                total.requests, rounding_base=disclosure.DEFAULT_ROUNDING_BASE
            ).value,
            "open": disclosure.protect_count(
                total.open, rounding_base=disclosure.DEFAULT_ROUNDING_BASE
            ).value,
            "mean_hops": total.mean_hops if enough else None,
            "two_or_more": disclosure.protect_count(
                total.two_or_more, rounding_base=disclosure.DEFAULT_ROUNDING_BASE
            ).value,
            "two_or_more_share": total.two_or_more_share if enough else None,
            "escalated": disclosure.protect_count(
                total.escalated, rounding_base=disclosure.DEFAULT_ROUNDING_BASE
            ).value,
            "median_days_to_help": total.median_days_to_help if enough else None,
            "median_days_to_help_referred": total.median_days_to_help_referred if enough else None,
        },
        "hops": {k: hop_table.cells[i][0].value for i, k in enumerate(hops)},
        "neighbourhoods": rows,
        "organisations": organisations,
        "causes": causes,
        "threshold": disclosure.DEFAULT_THRESHOLD,
    }
