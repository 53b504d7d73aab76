"""The access log's trigger, now made the one way (leefwereld.core.appendonly).

Replaces migration 0002's own trigger and function: the new trigger refuses UPDATE and
DELETE on PostgreSQL *and* SQLite; the retention purge (`vault_purge_access_log`) deletes
old rows through `sanctioned_delete`, which replaces the `leefwereld.access_log_purge`
setting of 0002.
"""

from django.db import migrations

from leefwereld.core.appendonly import AppendOnly


def drop_old_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # 0002's trigger had the same name and was replaced by AppendOnly above.
        schema_editor.execute("DROP FUNCTION IF EXISTS vault_accesslog_append_only();")


class Migration(migrations.Migration):
    dependencies = [("vault", "0004_record_erasure")]

    operations = [
        AppendOnly("vault_accesslog"),
        migrations.RunPython(drop_old_function, migrations.RunPython.noop),
    ]
