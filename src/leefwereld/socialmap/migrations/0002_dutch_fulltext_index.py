"""A GIN index for PostgreSQL's Dutch full-text search of offers (no-op on SQLite).

The indexed expression is exactly what search.search() queries — SearchVector with the
'dutch' configuration wraps the column in COALESCE — so the planner can use the index.
"""

from django.db import migrations

INDEX = "socialmap_offer_search_dutch"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON socialmap_offer USING gin "
            "(to_tsvector('dutch'::regconfig, COALESCE(search_document, '')))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("socialmap", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
