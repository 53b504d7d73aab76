"""Drop the index on the ages from 0003: the planner answers the age filter along the
name index (bench/socialmap_search.py, EXPLAIN ANALYZE at rotterdam scale)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('socialmap', '0003_search_vector'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='offer',
            name='socialmap_offer_public_ages',
        ),
    ]
