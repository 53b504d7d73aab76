"""Demo targets for the council monitor, at every scale, and the first aggregation.

The council's targets are decisions, not data, so the demo derives them from the
platform's own figures: per neighbourhood, for this year and last year, a target a little
better than the municipality's actual figure (10 % fewer days and hops, 10 points more
debts taken over and decisions on time), rounded to one decimal. Then the nightly
aggregation runs once, so the monitor opens with figures and their timestamp.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from leefwereld.core.models import Neighbourhood, User
from leefwereld.core.roles import Role

from . import aggregate, indicators
from .models import Indicator, Target

BETTER = {
    Indicator.DAYS_TO_HELP: lambda v: v * 0.9,
    Indicator.HOPS: lambda v: v * 0.9,
    Indicator.DEBTS_IN_FOUR_WEEKS: lambda v: min(100.0, v + 10),
    Indicator.DECISIONS_ON_TIME: lambda v: min(100.0, v + 10),
}


def add_demo_data(seed: int, today: datetime.date) -> dict[str, int]:
    rng = random.Random(seed + 1515)
    officer = User.objects.filter(role=Role.POLICY_OFFICER).order_by("pk").first()
    hoods = list(Neighbourhood.objects.order_by("pk"))
    targets = []
    if officer is not None:
        for indicator, better in BETTER.items():
            source = indicators.source_of(indicator)
            raw = source() if source else {}
            for year in (today.year - 1, today.year):
                city = raw.get((None, year)) or raw.get((None, year - 1))
                if city is None:
                    continue
                for hood in hoods:
                    # Neighbourhoods agree slightly different targets around the city's.
                    value = better(city[0]) * rng.uniform(0.95, 1.05)
                    targets.append(
                        Target(
                            neighbourhood=hood,
                            year=year,
                            indicator=indicator,
                            value=Decimal(f"{value:.1f}"),
                            set_by=officer,
                        )
                    )
    Target.objects.bulk_create(targets, batch_size=2000, ignore_conflicts=True)
    run = aggregate.run()
    return {"monitor targets": len(targets), "monitor figures": run.figures}
