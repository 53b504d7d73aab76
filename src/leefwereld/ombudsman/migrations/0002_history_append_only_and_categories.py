"""The complaint history is append-only in the database too; a first set of categories
(the ombudsman changes them in the app, /klachten/categorieen/)."""

from django.db import migrations

from leefwereld.core.appendonly import AppendOnly

CATEGORIES = {
    "Bejegening": ["Onvriendelijk of respectloos", "Niet gehoord"],
    "Bereikbaarheid": ["Niet teruggebeld", "Lange wachttijd aan de telefoon"],
    "Besluit en uitvoering": ["Besluit te laat", "Afspraak niet nagekomen", "Fout in het besluit"],
    "Informatie en uitleg": ["Brief onduidelijk", "Tegenstrijdige informatie"],
    "Samenwerking": ["Van het kastje naar de muur", "Steeds opnieuw mijn verhaal doen"],
    "Kwaliteit van zorg of hulp": ["Hulp past niet", "Hulp gestopt zonder overleg"],
    "Geld en schulden": ["Betaling te laat", "Schuldhulp niet gestart"],
}


def add_categories(apps, schema_editor):
    Category = apps.get_model("ombudsman", "Category")
    for main, subs in CATEGORIES.items():
        parent, _ = Category.objects.get_or_create(name=main, parent=None)
        for sub in subs:
            Category.objects.get_or_create(name=sub, parent=parent)


class Migration(migrations.Migration):
    dependencies = [("ombudsman", "0001_initial")]

    operations = [
        AppendOnly("ombudsman_complaintevent"),
        migrations.RunPython(add_categories, migrations.RunPython.noop),
    ]
