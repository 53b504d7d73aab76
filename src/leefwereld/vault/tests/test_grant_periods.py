"""Grant periods, expiry and revocation across time zones and daylight saving time.

Property tests (Hypothesis) on the pure window functions, and on the database query that
decides access, which must agree with them at every instant.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from leefwereld.core.tests.factories import (
    OrganisationFactory,
    ResidentFactory,
    UserFactory,
    as_actor,
)
from leefwereld.vault import periods
from leefwereld.vault.models import Grant

UTC = datetime.UTC
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SECOND = datetime.timedelta(seconds=1)

# Instants between 2000 and 2040, at second resolution (what a database stores reliably).
instants = st.datetimes(
    min_value=datetime.datetime(2000, 1, 1),
    max_value=datetime.datetime(2040, 1, 1),
    timezones=st.just(UTC),
).map(lambda d: d.replace(microsecond=0))
days = st.integers(min_value=0, max_value=400)
# Zones with DST, half-hour and 45-minute offsets, the date line, and midnight transitions.
zones = st.sampled_from(
    [
        "Europe/Amsterdam",
        "Europe/London",
        "America/New_York",
        "America/Havana",
        "America/Santiago",
        "America/Sao_Paulo",
        "Asia/Beirut",
        "Asia/Kolkata",
        "Asia/Kathmandu",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
        "Pacific/Apia",
        "UTC",
    ]
).map(ZoneInfo)


@given(day=st.dates(datetime.date(2000, 1, 2), datetime.date(2039, 12, 31)), tz=zones)
def test_a_local_day_starts_at_the_first_instant_with_that_local_date(day, tz):
    start = periods.start_of_local_day(day, tz)
    assert start.astimezone(tz).date() == day
    assert (start - datetime.timedelta(microseconds=1)).astimezone(tz).date() < day


@given(start=instants, length=days, tz=zones)
def test_a_grant_runs_through_its_whole_last_local_day_and_not_a_moment_longer(start, length, tz):
    ends_on = periods.default_end_date(start, length, tz)
    starts_at, ends_at = periods.window_until(start, ends_on, tz)
    window = periods.Window(starts_at, ends_at)

    assert periods.length_in_days(start, ends_on, tz) == length
    assert window.is_active(ends_at - SECOND)
    assert (ends_at - SECOND).astimezone(tz).date() <= ends_on
    assert not window.is_active(ends_at)
    assert ends_at.astimezone(tz).date() == ends_on + datetime.timedelta(days=1)
    assert window.is_active(starts_at)
    assert not window.is_active(starts_at - SECOND)


@given(start=instants, length=days, tz=zones, offset=st.integers(0, 400 * 86400))
def test_a_grant_is_never_active_on_a_local_date_after_its_last_day(start, length, tz, offset):
    ends_on = periods.default_end_date(start, length, tz)
    window = periods.Window(*periods.window_until(start, ends_on, tz))
    moment = start + datetime.timedelta(seconds=offset)
    if moment.astimezone(tz).date() > ends_on:
        assert not window.is_active(moment)


@given(start=instants, length=st.integers(1, 400), tz=zones, data=st.data())
def test_after_revocation_a_grant_is_never_active_again(start, length, tz, data):
    starts_at, ends_at = periods.window_until(
        start, periods.default_end_date(start, length, tz), tz
    )
    span = int((ends_at - starts_at).total_seconds())
    revoked_at = starts_at + datetime.timedelta(seconds=data.draw(st.integers(0, span)))
    later = revoked_at + datetime.timedelta(seconds=data.draw(st.integers(0, 2 * span)))
    window = periods.Window(starts_at, ends_at, revoked_at)

    assert not window.is_active(later)
    if revoked_at > starts_at:
        assert window.is_active(revoked_at - SECOND)


def test_a_90_day_grant_over_the_spring_dst_change_is_one_hour_shorter_in_real_time():
    start = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=AMSTERDAM)
    ends_on = periods.default_end_date(start, 90, AMSTERDAM)
    _starts_at, ends_at = periods.window_until(start, ends_on, AMSTERDAM)

    assert ends_on == datetime.date(2026, 5, 30)
    assert ends_at == datetime.datetime(2026, 5, 31, 0, 0, tzinfo=AMSTERDAM)
    assert ends_at.astimezone(UTC) == datetime.datetime(2026, 5, 30, 22, 0, tzinfo=UTC)


def test_a_day_that_starts_after_a_midnight_gap_starts_at_the_jump():
    # Cuba moved its clocks from 00:00 to 01:00 on 8 March 2026.
    havana = ZoneInfo("America/Havana")
    start = periods.start_of_local_day(datetime.date(2026, 3, 8), havana)
    assert start.astimezone(havana).replace(tzinfo=None) == datetime.datetime(2026, 3, 8, 1, 0)


class ActiveQueryAgreesWithTheWindow(TestCase):
    """The database decides access; at every instant it must say what Window says."""

    def setUp(self):
        self.resident = ResidentFactory()
        self.organisation = OrganisationFactory()
        self.giver = UserFactory()

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        start=instants,
        length=st.integers(0, 120),
        tz=zones,
        revoke_after=st.one_of(st.none(), st.integers(0, 130 * 86400)),
        probe=st.integers(-3 * 86400, 130 * 86400),
    )
    def test_active_at_any_instant(self, start, length, tz, revoke_after, probe):
        starts_at, ends_at = periods.window_until(
            start, periods.default_end_date(start, length, tz), tz
        )
        revoked_at = (
            None if revoke_after is None else starts_at + datetime.timedelta(seconds=revoke_after)
        )
        grant = Grant.objects.create(
            resident=self.resident,
            grantee_organisation=self.organisation,
            categories=["finance"],
            purpose="schuldhulp",
            starts_at=starts_at,
            ends_at=ends_at,
            revoked_at=revoked_at,
            created_by=self.giver,
        )
        at = starts_at + datetime.timedelta(seconds=probe)
        assume(datetime.datetime(1999, 1, 1, tzinfo=UTC) < at)
        in_db = Grant.objects.active(at).filter(pk=grant.pk).exists()
        assert in_db == periods.Window(starts_at, ends_at, revoked_at).is_active(at)
        assert in_db == grant.is_active(at)
        grant.delete()


@pytest.mark.django_db
def test_the_grant_service_stores_the_end_of_the_chosen_day_in_amsterdam(settings):
    from django.utils import timezone

    from leefwereld.vault import services

    from .factories import ResidentWithAccountFactory

    settings.LEEFWERELD_GRANT_MAX_DAYS = 10 * 365  # the DST night lies years ahead
    resident = ResidentWithAccountFactory()
    grant = services.grant_access(
        as_actor(resident.user),
        resident,
        categories=["finance"],
        purpose="schuldhulp",
        grantee_organisation=OrganisationFactory(),
        ends_on=datetime.date(2031, 10, 26),  # the night the clocks go back
    )
    assert grant.ends_at == datetime.datetime(2031, 10, 27, tzinfo=AMSTERDAM)
    assert grant.last_day == datetime.date(2031, 10, 26)
    assert grant.is_active(timezone.now())
