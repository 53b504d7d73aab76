"""Make the access log append-only in the database itself, not only in the model.

PostgreSQL: a trigger refuses UPDATE and DELETE on every row. The one exception is the
retention purge (`vault_purge_access_log`), which sets `leefwereld.access_log_purge` for
its own transaction only. TRUNCATE is not covered: it needs table-owner rights that the
application role should not have in production (see docs/vault.md), and the test runner
uses it to empty the database between tests.

SQLite: a trigger refuses UPDATE. DELETE stays possible at the database level because
Django's test runner empties SQLite tables with DELETE; the model still refuses it.
"""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION vault_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('leefwereld.access_log_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'vault_accesslog is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER vault_accesslog_append_only
    BEFORE UPDATE OR DELETE ON vault_accesslog
    FOR EACH ROW EXECUTE FUNCTION vault_accesslog_append_only();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS vault_accesslog_append_only ON vault_accesslog;
DROP FUNCTION IF EXISTS vault_accesslog_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER vault_accesslog_no_update BEFORE UPDATE ON vault_accesslog
BEGIN
    SELECT RAISE(ABORT, 'vault_accesslog is append-only: UPDATE refused');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS vault_accesslog_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # params=None: the trigger body has a literal %, which is no placeholder.
        schema_editor.execute(POSTGRES_FORWARD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("vault", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
