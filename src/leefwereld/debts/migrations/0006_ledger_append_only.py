"""The ledger and the phase history are append-only in the database too, not only in
Python: a trigger refuses UPDATE and DELETE (leefwereld.core.appendonly). A correction is
a new, reversing transaction."""

from django.db import migrations

from leefwereld.core.appendonly import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("debts", "0005_court_decision")]

    operations = [
        AppendOnly("debts_ledgertransaction"),
        AppendOnly("debts_ledgerline"),
        AppendOnly("debts_phasechange"),
    ]
