"""Issue 16 §13: the applicant contact's phone is stored SM4-GCM encrypted; the rows already there are encrypted."""

from django.db import migrations

import core.fields

FIELDS = {"contact_phone": None}


def encrypt_rows(apps, schema_editor):
    core.fields.personal_data_encrypt_rows(apps.get_model("applications", "Application"), FIELDS)


def decrypt_rows(apps, schema_editor):
    core.fields.personal_data_encrypt_rows(apps.get_model("applications", "Application"), FIELDS, reverse=True)


class Migration(migrations.Migration):
    dependencies = [("applications", "0007_shared_json_forms")]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="contact_phone",
            field=core.fields.EncryptedCharField(blank=True, max_length=32, verbose_name="联系电话"),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
