"""Small fixtures for the monitor: help requests with chosen hops and days to help."""

from __future__ import annotations

import datetime

from django.utils import timezone

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import ResidentFactory, UserFactory
from leefwereld.routes.models import HelpRequest


def help_requests(hood, year: int, hops: list[int], days: list[int | None]) -> None:
    """Help requests opened in `year` in `hood`, with their referral counts and days to help."""
    resident = ResidentFactory(household__address__neighbourhood=hood)
    opener = UserFactory(role=Role.PROFESSIONAL)
    HelpRequest.objects.bulk_create(
        HelpRequest(
            resident=resident,
            neighbourhood=hood,
            category=HelpRequest._meta.get_field("category").choices[0][0],
            opened_by=opener,
            opened_at=timezone.make_aware(datetime.datetime(year, 3, 1, 12)),
            status=HelpRequest.Status.CLOSED if d is not None else HelpRequest.Status.WAITING,
            outcome=HelpRequest.Outcome.HELPED if d is not None else "",
            referral_count=h,
            days_to_help=d,
        )
        for h, d in zip(hops, days, strict=True)
    )
