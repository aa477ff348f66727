"""Issue 16 §13: the ID, mobile and phone numbers in an enterprise profile and its revisions (法定代表人身份证号,
联系人手机 …) are stored SM4-GCM encrypted; the documents already there are encrypted in place."""

from django.db import migrations

import core.fields

MODELS = ("EnterpriseProfile", "ProfileRevision")


def encrypt_rows(apps, schema_editor):
    for model_name in MODELS:
        core.fields.personal_data_encrypt_rows(apps.get_model("enterprises", model_name), {"data": None})


def decrypt_rows(apps, schema_editor):
    for model_name in MODELS:
        core.fields.personal_data_encrypt_rows(apps.get_model("enterprises", model_name), {"data": None}, reverse=True)


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0002_identity_change_pending")]

    operations = [
        migrations.AlterField(
            model_name="enterpriseprofile",
            name="data",
            field=core.fields.PersonalJSONField(blank=True, default=dict, verbose_name="档案内容"),
        ),
        migrations.AlterField(
            model_name="profilerevision",
            name="data",
            field=core.fields.PersonalJSONField(verbose_name="档案内容"),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
