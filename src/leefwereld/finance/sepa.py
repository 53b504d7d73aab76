"""A payment batch as one SEPA credit-transfer file (pain.001), one transfer per provider.

The format is the shared `leefwereld.payments.pain001` (sepaxml, schema-validated); this
module only turns a batch and the configured municipal account into its plain data. A
provider without a valid IBAN stops the file with its name, so nobody is paid by half.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from leefwereld import payments

from .models import DeclarationLine, PaymentBatch, ProviderProfile


def municipal_account() -> payments.Account:
    """The paying account: LEEFWERELD_FINANCE_IBAN / _NAME (settings, from the environment)."""
    iban = (getattr(settings, "LEEFWERELD_FINANCE_IBAN", "") or "").replace(" ", "")
    if not iban:
        raise ImproperlyConfigured(
            _(
                "Het rekeningnummer (IBAN) van de gemeente voor zorgbetalingen is niet "
                "ingesteld (LEEFWERELD_FINANCE_IBAN); zonder dat wordt geen betaalbestand "
                "gemaakt."
            )
        )
    name = getattr(settings, "LEEFWERELD_FINANCE_NAME", "") or "Gemeente"
    return payments.Account(name=name, iban=iban)


def pain001(batch: PaymentBatch, *, execution_date: datetime.date | None = None) -> bytes:
    per_provider = (
        DeclarationLine.objects.filter(batch=batch)
        .values("declaration__provider_id")
        .annotate(total=Sum("amount_cents"))
        .order_by("declaration__provider_id")
    )
    providers = ProviderProfile.objects.select_related("organisation").in_bulk(
        [row["declaration__provider_id"] for row in per_provider]
    )
    transfers = []
    for row in per_provider:
        provider = providers[row["declaration__provider_id"]]
        if not provider.iban:
            raise ValueError(
                _("%(name)s heeft geen IBAN; vul die eerst in.") % {"name": provider.organisation}
            )
        transfers.append(
            payments.Transfer(
                creditor_name=provider.organisation.name[:70],
                creditor_iban=provider.iban,
                amount_cents=row["total"],
                end_to_end_id=f"LW-B{batch.pk}-P{provider.pk}",
                remittance=f"Betaalbatch {batch.pk} AGB {provider.agb_code}",
            )
        )
    return payments.pain001(
        municipal_account(),
        transfers,
        message_id=f"LW-FIN-{batch.pk}",
        execution_date=execution_date or timezone.localdate(),
        created=timezone.now(),
    )
