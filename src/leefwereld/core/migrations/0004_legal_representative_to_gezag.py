"""Copy every legal representative into the new model, losing nothing.

A minor's representative becomes gezag: a parent (one of the child's registered parents)
as sole parental authority, anyone else as guardian. An adult's representative becomes a
curatele (person and money: the scope the old field gave). The rows are marked `migrated`
so a professional (or the BRP sync) can correct the type later; the old field stays until
its readers have moved over.
"""

import datetime

from django.db import migrations


def _age(birth_date, day):
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def forwards(apps, schema_editor):
    Resident = apps.get_model("core", "Resident")
    Gezag = apps.get_model("core", "Gezag")
    GezagHolder = apps.get_model("core", "GezagHolder")
    Representation = apps.get_model("core", "Representation")
    today = datetime.date.today()
    represented = Resident.objects.filter(legal_representative__isnull=False).prefetch_related(
        "parents"
    )
    for resident in represented.iterator(chunk_size=500):
        rep_id = resident.legal_representative_id
        if _age(resident.birth_date, today) < 18:
            if Gezag.objects.filter(minor_id=resident.pk).exists():
                continue
            is_parent = any(p.pk == rep_id for p in resident.parents.all())
            gezag = Gezag.objects.create(
                minor_id=resident.pk,
                type="EenhoofdigOuderlijkGezag" if is_parent else "Voogdij",
                source="migrated",
                recorded_on=today,
            )
            GezagHolder.objects.create(
                gezag=gezag, kind="ouder" if is_parent else "voogd", resident_id=rep_id
            )
        elif not Representation.objects.filter(
            represented_id=resident.pk, representative_id=rep_id
        ).exists():
            Representation.objects.create(
                represented_id=resident.pk,
                representative_id=rep_id,
                kind="curatele",
                starts_on=today,
                source="migrated",
            )


def backwards(apps, schema_editor):
    apps.get_model("core", "Gezag").objects.filter(source="migrated").delete()
    apps.get_model("core", "Representation").objects.filter(source="migrated").delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_gezag_and_representation")]

    operations = [migrations.RunPython(forwards, backwards)]
