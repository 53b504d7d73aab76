"""The vault's demo data follows the demo profile and works through the access layer."""

import datetime

import pytest

from leefwereld.core.models import Household, Resident, User
from leefwereld.core.tests.factories import as_actor
from leefwereld.vault import access
from leefwereld.vault.models import AccessLog, AccessRequest, BreakGlass, Grant, LegalBasis, Record

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(small_demo):
    # The demo builder calls the vault's add_demo_data itself.
    return small_demo.needs, small_demo.counts


def test_every_wmo_client_and_debt_household_has_an_encrypted_record_and_a_grant(demo):
    needs, counts = demo
    first_resident = Resident.objects.order_by("pk").first().pk
    first_household = Household.objects.order_by("pk").first().pk
    wmo = {first_resident + i for i in needs.wmo_clients}
    debts = {first_household + h for h in needs.debt_households}

    assert (
        set(Record.objects.filter(kind="wmo-melding").values_list("resident_id", flat=True)) == wmo
    )
    assert (
        set(Record.objects.filter(kind="schuldenoverzicht").values_list("household_id", flat=True))
        == debts
    )
    kitchen_table = Grant.objects.filter(purpose="keukentafelgesprek").exclude(
        resident__user__username="inwoner"  # the demo resident has an extra, expired one
    )
    assert set(kitchen_table.values_list("resident_id", flat=True)) == wmo
    assert LegalBasis.objects.filter(law=LegalBasis.Law.WGS).count() >= len(debts)
    assert counts["vault records"] == Record.objects.filter(source="demo").count()
    assert Record.objects.filter(kind="jeugdhulp", retention_until__isnull=False).exists()


def test_the_demo_records_open_for_the_team_with_the_grant(demo):
    grant = (
        Grant.objects.active()
        .filter(purpose="keukentafelgesprek", grantee_organisation__isnull=False)
        .first()
    )
    reader = User.objects.filter(memberships__organisation=grant.grantee_organisation).first()
    opened = access.read_records(as_actor(reader, "test"), grant.resident)
    assert any(r.record.kind == "wmo-melding" for r in opened.records)


def test_the_demo_resident_has_every_kind_of_vault_entry(demo):
    resident = Resident.objects.get(user__username="inwoner")
    statuses = {g.status for g in Grant.objects.filter(resident=resident)}
    assert {"active", "expired", "revoked"} <= statuses
    assert AccessRequest.objects.filter(resident=resident, status="pending").exists()
    assert LegalBasis.objects.filter(resident=resident).exists()
    assert BreakGlass.objects.filter(resident=resident, reviewed_at__isnull=True).exists()
    assert AccessLog.objects.filter(resident=resident, user__username="wijkwerker").exists()
    texts = {r.title for r in access.read_records(as_actor(resident.user, "t"), resident).records}
    assert "Overzicht van mijn schulden" in texts


def test_demo_log_rows_happen_while_their_grant_was_in_force(demo):
    rows = AccessLog.objects.filter(grant__isnull=False).select_related("grant")[:200]
    assert rows
    for row in rows:
        assert row.grant.starts_at <= row.occurred_at
        assert row.occurred_at < row.grant.ends_at + datetime.timedelta(seconds=1)
