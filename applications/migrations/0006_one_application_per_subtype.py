"""One application per (enterprise, pack, item, sub-type); the per-item rule moves to application_create."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_submitted_index"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="application", name="application_one_per_item"),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.UniqueConstraint(
                fields=("enterprise", "pack", "item", "subtype_code"), name="application_one_per_item_subtype"
            ),
        ),
    ]
