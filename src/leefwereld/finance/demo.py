"""Demo data for finance: a budget per neighbourhood and purpose, providers (one zzp'er),
contracts in all three execution variants, an allocation for every granted demo decision,
a year of declarations with refused lines, a payment batch, reserve drawdowns and a
hardship grant plus one proposal waiting for a decision. Two demo accounts:
`aanbieder` (a provider's staff) and `budgethouder` (the controller), with the demo's published password.

Deterministic for a seed. Allocations and declarations go through the services (the
checks and the ledger are the real ones); the budget lines are bulk rows.
"""

from __future__ import annotations

import dataclasses
import datetime
import random

from django.contrib.auth.hashers import make_password

from leefwereld import rules
from leefwereld.core.actor import Actor
from leefwereld.core.models import Membership, Neighbourhood, Organisation, User
from leefwereld.core.roles import Role
from leefwereld.demo.rows import DEMO_PASSWORD
from leefwereld.democracy.models import BlockingRule
from leefwereld.payments import dutch_iban
from leefwereld.support.models import Decision
from leefwereld.vault import access as vault
from leefwereld.vault.models import Category, Record

from . import checks, services
from .models import (
    BudgetLine,
    BudgetVersion,
    BudgetYear,
    Contract,
    HardshipProposal,
    ProviderProfile,
    Purpose,
)

# Per resident per year, in cents, by purpose (illustrative demo figures, not a norm).
PER_RESIDENT = {
    Purpose.HOME: 40_000,
    Purpose.GROWING_UP: 30_000,
    Purpose.TAKING_PART: 15_000,
    Purpose.LIVELIHOOD: 10_000,
    Purpose.SHELTER: 12_000,
    Purpose.PREVENTION: 5_000,
}
PRODUCTS = (("01A01", 3, "2", 3_000), ("02A01", 2, "2", 6_500), ("07A01", 2, "2", 4_500))


def _account(username: str, role: str, first: str, last: str) -> User:
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": role,
            "first_name": first,
            "last_name": last,
            "email": f"{username}@leefdam.example",
            "password": make_password(DEMO_PASSWORD),
        },
    )
    return user


def add_demo_data(seed: int, today: datetime.date, stdout=None) -> dict[str, int]:
    rng = random.Random(seed + 1414)
    controller = _account("budgethouder", Role.CONTROLLER, "Noor", "Bakker")
    neighbourhoods = list(Neighbourhood.objects.order_by("pk"))
    # Budget for last year, this year and next year (allocations run across years).
    lines = 0
    for year_number in (today.year - 1, today.year, today.year + 1):
        year, _created = BudgetYear.objects.get_or_create(
            year=year_number, defaults={"reserve_percent": 7}
        )
        new = BudgetLine.objects.bulk_create(
            BudgetLine(
                year=year,
                neighbourhood=n,
                purpose=purpose,
                amount_cents=max(n.population, 100) * per_resident,
                version=1,
            )
            for n in neighbourhoods
            for purpose, per_resident in PER_RESIDENT.items()
        )
        BudgetVersion.objects.bulk_create(
            BudgetVersion(
                line=line,
                number=1,
                amount_cents=line.amount_cents,
                reason=f"Begroting {year_number} vastgesteld door de raad",
                decided_by=controller,
            )
            for line in new
        )
        lines += len(new)

    organisations = list(
        Organisation.objects.filter(kind=Organisation.Kind.CARE_PROVIDER).order_by("pk")
    )
    if not organisations:
        return {"finance_budget_lines": lines}
    providers = [
        ProviderProfile.objects.create(
            organisation=o,
            agb_code=f"{75_000_000 + i:08d}",
            is_zzp=i == len(organisations) - 1,
            iban=dutch_iban("INGB", 7_000_000 + i),
        )
        for i, o in enumerate(organisations)
    ]
    staff = _account("aanbieder", Role.PROVIDER, "Youssef", "Amrani")
    Membership.objects.get_or_create(
        user=staff, organisation=providers[0].organisation, defaults={"job_title": "Declaraties"}
    )
    start_of_year = datetime.date(today.year, 1, 1)
    variants = (Contract.Variant.INSPANNING, Contract.Variant.OUTPUT, Contract.Variant.TAAK)
    for i, provider in enumerate(providers):
        variant = variants[i % 3]
        Contract.objects.create(
            provider=provider,
            name=f"{variant.label} {provider.organisation.name}",
            variant=variant,
            starts_on=start_of_year,
            ends_on=datetime.date(today.year + 2 + i % 4, 12, 31),
            lump_sum_cents=250_000_00 if variant == Contract.Variant.TAAK else 0,
            exit_clause="Opzegbaar per jaar met drie maanden opzegtermijn.",
        )

    # An allocation for every granted demo decision, through the verb's booking.
    allocations = []
    decisions = Decision.objects.filter(
        outcome__in=[Decision.Outcome.GRANTED, Decision.Outcome.PARTLY]
    ).select_related("application__resident__household__address", "decided_by")
    for n, decision in enumerate(decisions.order_by("pk")):
        code, volume, frequency, tariff = PRODUCTS[n % len(PRODUCTS)]
        start = max(decision.decided_on, today - datetime.timedelta(days=330))
        # Some end soon (re-assessment list), most run a year.
        end = (
            today + datetime.timedelta(days=20 + 7 * (n % 6))
            if n % 4 == 0
            else start.replace(year=start.year + 1) - datetime.timedelta(days=1)
        )
        resident = decision.application.resident
        if resident.household is None:
            continue
        allocations.append(
            services._book_allocation(
                Actor.system("demo", decision.decided_by),
                decision,
                household=resident.household,
                resident=resident,
                product_code=code,
                provider=providers[n % len(providers)],
                volume=volume,
                unit="04" if code != "07A01" else "16",
                frequency=frequency,
                start=start,
                end=end,
                tariff_cents=tariff,
                neighbourhood=None,
                purpose=Purpose.HOME,
                law="wmo",
                overrun_reason="Demo: toegekend boven budget",
            )
        )

    # A year of declarations: per provider per month one file, about 1 in 12 lines wrong.
    months = []
    first = datetime.date(today.year - 1, today.month, 1)
    while first < today.replace(day=1):
        nxt = (first + datetime.timedelta(days=32)).replace(day=1)
        months.append((first, nxt - datetime.timedelta(days=1)))
        first = nxt
    declarations = refused = 0
    for provider in providers:
        own = [a for a in allocations if a.provider_id == provider.pk]
        if not own:
            continue
        actor = Actor.system("demo", staff)
        for start, end in months:
            rows: list[checks.Line] = []
            for a in own:
                if a.ends_on < start or a.starts_on > end:
                    continue
                period_start, period_end = max(start, a.starts_on), min(end, a.ends_on)
                units = a.volume * 4
                tariff = a.tariff_cents
                if rng.random() < 0.08:
                    tariff += 500  # not the contracted tariff: refused (R06)
                rows.append(
                    checks.Line(
                        len(rows) + 1,
                        a.pk,
                        a.product_code,
                        period_start,
                        period_end,
                        units,
                        tariff,
                        units * tariff,
                    )
                )
            if rows and rng.random() < 0.3:
                rows.append(  # a line sent twice: refused as double (R07)
                    dataclasses.replace(rows[0], line_no=len(rows) + 1)
                )
            if rows:
                d = services.book_declaration(actor, provider, rows, "csv")
                declarations += 1
                refused += d.refused_count
    batch = services.create_batch(Actor.system("demo", controller))

    # The reserve: a drawdown, a hardship grant and one proposal waiting.
    year = BudgetYear.objects.get(year=today.year)
    services.draw_reserve(
        Actor.system("demo", controller),
        year,
        amount_cents=1_500_000,
        reason="Noodopvang na een woningbrand in de wijk",
        link="raadsinformatiebrief 2026-14",
    )
    lead = User.objects.filter(username="teamleider").first()
    professional = User.objects.filter(username="wijkwerker").first()
    # A rule of the team lead's own municipality: the register names an organisation there
    # (the database may hold other municipalities' rows too).
    municipality = (
        Membership.objects.filter(user=lead).values_list("organisation__municipality", flat=True)
    ).first()
    rule = BlockingRule.objects.filter(municipality=municipality).order_by("pk").first()
    hardship = 0
    if rule and lead and professional and allocations:
        for n, household in enumerate({a.household for a in allocations[:2]}):
            record = Record(
                household=household,
                category=Category.FINANCE,
                kind="hardship-proposal",
                source="finance",
                created_by=professional,
            )
            vault.encrypt_record(
                record,
                {
                    "title": "Voorstel hardheidsclausule",
                    "text": "De regel telt een eenmalige tegemoetkoming mee als inkomen.",
                    "why": "De regel telt een eenmalige tegemoetkoming mee als inkomen.",
                    "alternatives": "Bijzondere bijstand en het noodfonds: beide afgewezen.",
                },
                vault.ensure_data_key(household_id=household.pk),
            )
            record.save(force_insert=True)
            proposal = HardshipProposal.objects.create(
                household=household,
                amount_cents=45_000 + 30_000 * n,
                rule=rule,
                law="wmo",
                record=record.pk,
                proposed_by=professional,
                proposed_on=today,
                due_on=rules.add_working_days(today, services.hardship_days()),
            )
            if n == 0:
                services.decide_hardship(Actor.system("demo", lead), proposal, grant=True)
            hardship += 1
    return {
        "finance_budget_lines": lines,
        "finance_providers": len(providers),
        "finance_allocations": len(allocations),
        "finance_declarations": declarations,
        "finance_refused_lines": refused,
        "finance_batches": 1 if batch else 0,
        "finance_hardship": hardship,
    }
