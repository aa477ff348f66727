"""Issue 16 §13: a user's mobile number is stored SM4-GCM encrypted; the rows already there are encrypted."""

from django.db import migrations

import core.fields

FIELDS = {"mobile": None}


def encrypt_rows(apps, schema_editor):
    core.fields.personal_data_encrypt_rows(apps.get_model("accounts", "User"), FIELDS)


def decrypt_rows(apps, schema_editor):
    core.fields.personal_data_encrypt_rows(apps.get_model("accounts", "User"), FIELDS, reverse=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_three_administrators_password_policy")]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="mobile",
            field=core.fields.EncryptedCharField(blank=True, max_length=11, verbose_name="手机号码"),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
