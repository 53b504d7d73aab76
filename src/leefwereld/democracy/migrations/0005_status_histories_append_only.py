"""The status histories of rounds, initiatives, blocking rules and challenges are
append-only in the database too: a trigger refuses UPDATE and DELETE
(leefwereld.core.appendonly)."""

from django.db import migrations

from leefwereld.core.appendonly import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("democracy", "0004_hardship_decisions")]

    operations = [
        AppendOnly("democracy_roundstatuschange"),
        AppendOnly("democracy_initiativestatuschange"),
        AppendOnly("democracy_blockingrulestatuschange"),
        AppendOnly("democracy_challengestatuschange"),
    ]
