"""Who ended a record: the resident (erased at their request) or the retention job
(destroyed after its legal term; docs/retention.md). Every record erased before this
migration was erased by its resident, which is what the default says."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("vault", "0003_grant_given_on_paper")]

    operations = [
        migrations.AddField(
            model_name="record",
            name="erasure",
            field=models.CharField(
                choices=[
                    ("resident", "Verwijderd op verzoek van de inwoner"),
                    ("retention", "Vernietigd na afloop van de bewaartermijn"),
                ],
                default="resident",
                max_length=10,
                verbose_name="reden van verwijderen",
            ),
        ),
    ]
