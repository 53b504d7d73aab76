"""Declarations: checked set-based against the allocation, a reason per refused line,
approved lines booked and paid once."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import Client

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory, as_actor
from leefwereld.finance import checks, services
from leefwereld.finance.models import DeclarationLine, PaymentBatch
from leefwereld.finance.services import FinanceError

from .factories import provider, world

pytestmark = pytest.mark.django_db

HEADER = "toewijzingnummer;productcode;begindatum;einddatum;aantal;tarief;bedrag\n"


def _setup():
    w = world()
    allocation = services.allocate(
        as_actor(w.case.professional),
        w.decision,
        product_code="02A01",
        provider=w.provider,
        volume=3,
        unit="04",
        frequency="2",
        start=datetime.date(2026, 3, 2),
        end=datetime.date(2026, 8, 30),
        tariff_cents=6_500,
        purpose="thuis",
    )
    return w, allocation


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


def test_a_file_with_two_bad_lines_books_the_good_ones_and_names_why_the_others_failed():
    w, a = _setup()
    data = _csv(
        f"{a.pk};02A01;2026-03-01;2026-03-31;12;65,00;780,00",  # period starts before
        f"{a.pk};02A01;2026-04-01;2026-04-30;12;65,00;780,00",
        f"{a.pk};02A01;2026-05-01;2026-05-31;12;70,00;840,00",  # tariff not contracted
        f"{a.pk};02A01;2026-06-01;2026-06-30;12;65,00;780,00",
    )
    declaration = services.declare(
        as_actor(w.provider_user), w.provider, services.read_csv(data), "csv"
    )
    lines = {line.line_no: line for line in declaration.lines.all()}
    assert [lines[n].refusal_code for n in (2, 3, 4, 5)] == [
        checks.PERIOD_OUTSIDE,
        "",
        checks.TARIFF_MISMATCH,
        "",
    ]
    assert declaration.approved_count == 2 and declaration.approved_cents == 156_000
    assert sum(services.trial_balance().values()) == 0


def test_the_same_period_declared_again_is_refused_as_double():
    w, a = _setup()
    row = f"{a.pk};02A01;2026-04-01;2026-04-30;12;65,00;780,00"
    actor = as_actor(w.provider_user)
    services.declare(actor, w.provider, services.read_csv(_csv(row)), "csv")
    again = services.declare(actor, w.provider, services.read_csv(_csv(row, row)), "csv")
    assert [line.refusal_code for line in again.lines.all()] == [checks.DOUBLE, checks.DOUBLE]


def test_more_units_than_granted_are_refused():
    w, a = _setup()  # 78 hours granted
    data = _csv(
        f"{a.pk};02A01;2026-04-01;2026-04-30;70;65,00;4550,00",
        f"{a.pk};02A01;2026-05-01;2026-05-31;9;65,00;585,00",
    )
    d = services.declare(as_actor(w.provider_user), w.provider, services.read_csv(data), "csv")
    assert [line.refusal_code for line in d.lines.all()] == ["", checks.VOLUME_EXCEEDED]


def test_a_provider_cannot_declare_on_another_providers_allocation():
    w, a = _setup()
    other, staff = provider("Zzp Jansen", zzp=True)
    data = _csv(f"{a.pk};02A01;2026-04-01;2026-04-30;12;65,00;780,00", "99999;02A01;x;y;1;1;1")
    d = services.declare(as_actor(staff), other, services.read_csv(data), "csv")
    assert [line.refusal_code for line in d.lines.all()] == [
        checks.OTHER_PROVIDER,
        checks.UNREADABLE,
    ]
    with pytest.raises(PermissionDenied):
        services.declare(as_actor(staff), w.provider, services.read_csv(data), "csv")


def test_a_file_without_the_documented_columns_is_refused_whole_naming_them():
    with pytest.raises(FinanceError) as refused:
        services.read_csv(b"nummer;bedrag\n1;2\n")
    assert "toewijzingnummer" in str(refused.value) and "productcode" in str(refused.value)


def test_a_batch_pays_each_approved_line_once_and_never_a_refused_line():
    w, a = _setup()
    data = _csv(
        f"{a.pk};02A01;2026-04-01;2026-04-30;12;65,00;780,00",
        f"{a.pk};02A01;2026-05-01;2026-05-31;12;65,00;999,00",  # amount ≠ units × tariff
    )
    services.declare(as_actor(w.provider_user), w.provider, services.read_csv(data), "csv")
    controller = as_actor(UserFactory(role=Role.CONTROLLER))
    batch = services.create_batch(controller)
    assert batch is not None and batch.line_count == 1 and batch.total_cents == 78_000
    assert services.create_batch(controller) is None
    assert PaymentBatch.objects.count() == 1
    refused = DeclarationLine.objects.get(status="refused")
    refused.batch = batch
    with pytest.raises(IntegrityError), transaction.atomic():
        refused.save()
    balances = services.trial_balance()
    assert sum(balances.values()) == 0 and balances[f"payable:{w.provider.pk}"] == 0


def test_provider_page_upload_shows_the_reason_per_refused_line():
    w, a = _setup()
    client = Client()
    client.force_login(w.provider_user)
    data = _csv(
        f"{a.pk};02A01;2026-04-01;2026-04-30;12;65,00;780,00",
        f"{a.pk};02B99;2026-05-01;2026-05-31;12;65,00;780,00",
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/financien/aanbieder/bestand/",
        {"file": SimpleUploadedFile("decl.csv", data, content_type="text/csv")},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "R03" in page and "De productcode hoort niet bij deze toewijzing." in page
