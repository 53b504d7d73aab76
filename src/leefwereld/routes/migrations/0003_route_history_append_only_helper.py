"""The route history's trigger, now made the one way (leefwereld.core.appendonly).

Replaces migration 0002's own trigger and function; the new one also refuses DELETE on
SQLite."""

from django.db import migrations

from leefwereld.core.appendonly import AppendOnly


def drop_old_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS routes_routeevent_append_only();")


class Migration(migrations.Migration):
    dependencies = [("routes", "0002_route_history_append_only")]

    operations = [
        AppendOnly("routes_routeevent"),
        migrations.RunPython(drop_old_function, migrations.RunPython.noop),
    ]
