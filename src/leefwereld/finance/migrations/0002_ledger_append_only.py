"""The ledger and the budget versions can only grow (ADR 0018)."""

from django.db import migrations

from leefwereld.core.appendonly import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [
        AppendOnly("finance_ledgertransaction"),
        AppendOnly("finance_ledgerline"),
        AppendOnly("finance_budgetversion"),
    ]
