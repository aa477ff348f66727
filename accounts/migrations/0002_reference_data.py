from django.db import migrations


def forwards(apps, schema_editor):
    from accounts.reference import load_reference_data

    load_reference_data(apps.get_model("accounts", "Jurisdiction"), apps.get_model("accounts", "Organisation"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
