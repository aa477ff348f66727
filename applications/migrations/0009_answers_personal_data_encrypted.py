"""Issue 16 §13: the ID, mobile and phone numbers inside an application's answers and its revisions (answers and
summary) are stored SM4-GCM encrypted; the documents already there are encrypted in place."""

from django.db import migrations

import core.fields

FIELDS = {"Application": {"answers": None}, "ApplicationRevision": {"answers": None, "summary": None}}


def encrypt_rows(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        core.fields.personal_data_encrypt_rows(apps.get_model("applications", model_name), fields)


def decrypt_rows(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        core.fields.personal_data_encrypt_rows(apps.get_model("applications", model_name), fields, reverse=True)


class Migration(migrations.Migration):
    dependencies = [("applications", "0008_contact_phone_encrypted")]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="answers",
            field=core.fields.PersonalJSONField(blank=True, default=dict, verbose_name="填报内容"),
        ),
        migrations.AlterField(
            model_name="applicationrevision",
            name="answers",
            field=core.fields.PersonalJSONField(verbose_name="填报内容"),
        ),
        migrations.AlterField(
            model_name="applicationrevision",
            name="summary",
            field=core.fields.PersonalJSONField(default=dict, verbose_name="概要"),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
