"""Issue 16 §13: the objector's phone and ID number are stored SM4-GCM encrypted, each with its keyed SM3 digest for
searches; the rows already there are encrypted and given their digests."""

from django.db import migrations

import core.fields

FIELDS = {"objector_phone": "objector_phone_digest", "objector_id_number": "objector_id_number_digest"}


def encrypt_rows(apps, schema_editor):
    core.fields.personal_data_encrypt_rows(apps.get_model("awards", "Objection"), FIELDS)


def decrypt_rows(apps, schema_editor):
    core.fields.personal_data_encrypt_rows(apps.get_model("awards", "Objection"), FIELDS, reverse=True)


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="objection",
            name="objector_id_number_digest",
            field=core.fields.LookupDigestField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                max_length=64,
                source="objector_id_number",
                verbose_name="身份证号摘要",
            ),
        ),
        migrations.AddField(
            model_name="objection",
            name="objector_phone_digest",
            field=core.fields.LookupDigestField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                max_length=64,
                source="objector_phone",
                verbose_name="联系电话摘要",
            ),
        ),
        migrations.AlterField(
            model_name="objection",
            name="objector_id_number",
            field=core.fields.EncryptedCharField(blank=True, max_length=18, verbose_name="身份证号"),
        ),
        migrations.AlterField(
            model_name="objection",
            name="objector_phone",
            field=core.fields.EncryptedCharField(max_length=20, verbose_name="联系电话"),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
