"""The free-text purpose of a hearing and of an evidence hand-over ("statement of the
survivor", "handed to her lawyer") becomes ciphertext, existing rows included, like the
evidence's description and outside holder already were.

As in cases 0002: each clear column is copied into a new encrypted column through the
encrypting field, dropped, and the new column takes its name, so no plaintext survives.
"""

from django.db import migrations

import rihai.core.fields

ENCRYPTED = [("hearing", "purpose"), ("custodyentry", "purpose")]


def copy_into_encrypted(apps, schema_editor):
    for model_name, field in ENCRYPTED:
        model = apps.get_model("justice", model_name)
        rows = model.objects.exclude(**{field: ""}).only("pk", field)
        for row in rows.iterator(chunk_size=500):
            setattr(row, f"{field}_enc", getattr(row, field))
            row.save(update_fields=[f"{field}_enc"])


def copy_back_to_clear(apps, schema_editor):
    for model_name, field in ENCRYPTED:
        model = apps.get_model("justice", model_name)
        for row in model.objects.only("pk", f"{field}_enc").iterator(chunk_size=500):
            value = getattr(row, f"{field}_enc")
            if value:
                setattr(row, field, value)
                row.save(update_fields=[field])


class Migration(migrations.Migration):
    dependencies = [("justice", "0004_investigation_reference_counter")]

    operations = [
        *[
            migrations.AddField(
                model_name=model_name,
                name=f"{field}_enc",
                field=rihai.core.fields.EncryptedCharField(
                    blank=True, max_length=120, verbose_name="purpose"
                ),
            )
            for model_name, field in ENCRYPTED
        ],
        migrations.RunPython(copy_into_encrypted, copy_back_to_clear),
        *[migrations.RemoveField(model_name=m, name=f) for m, f in ENCRYPTED],
        *[
            migrations.RenameField(model_name=m, old_name=f"{f}_enc", new_name=f)
            for m, f in ENCRYPTED
        ],
    ]
