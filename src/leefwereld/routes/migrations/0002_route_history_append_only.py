"""Make the route history append-only in the database itself, not only in the model.

PostgreSQL: a trigger refuses UPDATE and DELETE on every row of routes_routeevent.
TRUNCATE is not covered (the test runner empties tables with it; the application role
needs no TRUNCATE right in production). SQLite: a trigger refuses UPDATE; DELETE stays
possible at the database level because Django's test runner empties SQLite tables with
DELETE — the model still refuses it.
"""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION routes_routeevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'routes_routeevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER routes_routeevent_append_only
    BEFORE UPDATE OR DELETE ON routes_routeevent
    FOR EACH ROW EXECUTE FUNCTION routes_routeevent_append_only();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS routes_routeevent_append_only ON routes_routeevent;
DROP FUNCTION IF EXISTS routes_routeevent_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER routes_routeevent_no_update BEFORE UPDATE ON routes_routeevent
BEGIN
    SELECT RAISE(ABORT, 'routes_routeevent is append-only: UPDATE refused');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS routes_routeevent_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
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
    dependencies = [("routes", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
