"""A stored tsvector for PostgreSQL's Dutch full-text search, with a GIN index on it.

Migration 0002's GIN index was on the expression to_tsvector('dutch', search_document);
the planner did not use it for the ranked search, so every search computed to_tsvector
for every offer (twice: the page and its count). The column is filled by
services.store_search_vectors; this migration fills it for the offers that exist and
replaces the expression index. Nothing of this runs on SQLite, which searches the
search_stems column instead (search.py).
"""

import django.contrib.postgres.search
from django.db import migrations, models

OLD_INDEX = "socialmap_offer_search_dutch"
INDEX = "socialmap_offer_search_vector"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
    schema_editor.execute(
        "UPDATE socialmap_offer SET search_vector = "
        "to_tsvector('dutch'::regconfig, COALESCE(search_document, ''))"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON socialmap_offer USING gin (search_vector)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON socialmap_offer USING gin "
        "(to_tsvector('dutch'::regconfig, COALESCE(search_document, '')))"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("socialmap", "0002_dutch_fulltext_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="offer",
            index=models.Index(
                condition=models.Q(("approved_at__isnull", False)),
                fields=["name"],
                name="socialmap_offer_public_name",
            ),
        ),
        migrations.AddIndex(
            model_name="offer",
            index=models.Index(
                condition=models.Q(("approved_at__isnull", False)),
                fields=["min_age", "max_age"],
                name="socialmap_offer_public_ages",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
