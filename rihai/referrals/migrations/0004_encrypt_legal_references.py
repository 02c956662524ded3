"""A referral's and a transfer's legal reference (a court order's or an officer's letter's
reference, which often names the survivor) become ciphertext, existing rows included, as the
Disclosure row that records the same basis already was.

As in cases 0002: each clear column is copied into a new encrypted column through the
encrypting field, dropped, and the new column takes its name, so no plaintext survives.
"""

from django.db import migrations

import rihai.core.fields

ENCRYPTED = [
    ("referral", "legal_reference", "legal reference"),
    ("transfer", "legal_reference", None),
]


def copy_into_encrypted(apps, schema_editor):
    for model_name, field, _label in ENCRYPTED:
        model = apps.get_model("referrals", model_name)
        rows = model.objects.exclude(**{field: ""}).only("pk", field)
        for row in rows.iterator(chunk_size=500):
            setattr(row, f"{field}_enc", getattr(row, field))
            row.save(update_fields=[f"{field}_enc"])


def copy_back_to_clear(apps, schema_editor):
    for model_name, field, _label in ENCRYPTED:
        model = apps.get_model("referrals", model_name)
        for row in model.objects.only("pk", f"{field}_enc").iterator(chunk_size=500):
            value = getattr(row, f"{field}_enc")
            if value:
                setattr(row, field, value)
                row.save(update_fields=[field])


def _add(model_name, field, label):
    kwargs = {"verbose_name": label} if label else {}
    return migrations.AddField(
        model_name=model_name,
        name=f"{field}_enc",
        field=rihai.core.fields.EncryptedCharField(blank=True, max_length=120, **kwargs),
    )


class Migration(migrations.Migration):
    dependencies = [("referrals", "0003_drop_agency_notifications")]

    operations = [
        *[_add(*spec) for spec in ENCRYPTED],
        migrations.RunPython(copy_into_encrypted, copy_back_to_clear),
        *[migrations.RemoveField(model_name=m, name=f) for m, f, _l in ENCRYPTED],
        *[
            migrations.RenameField(model_name=m, old_name=f"{f}_enc", new_name=f)
            for m, f, _l in ENCRYPTED
        ],
    ]
