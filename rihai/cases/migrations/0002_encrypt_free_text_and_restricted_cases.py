"""Free text that stayed in clear (a family member's relation, a guardian's relation, the
reason a female survivor's case went to a male case worker) becomes ciphertext, existing rows
included; and cases gain the restricted flag with its named users.

Each clear column is copied into a new encrypted column, dropped, and the new column takes
its name, so no plaintext survives in the table (the copy reads the clear value through the
old field and writes it through the encrypting one).
"""

from django.conf import settings
from django.db import migrations, models

import rihai.core.fields

ENCRYPTED = [
    ("casemember", "relation_to_primary", 40, "relation to the primary survivor"),
    ("person", "guardian_relation", 40, "guardian's relation"),
    ("case", "assignment_note", 300, "why not a female case worker"),
]


def copy_into_encrypted(apps, schema_editor):
    for model_name, field, _length, _label in ENCRYPTED:
        model = apps.get_model("cases", model_name)
        rows = model.objects.exclude(**{field: ""}).only("pk", field)
        for row in rows.iterator(chunk_size=500):
            setattr(row, f"{field}_enc", getattr(row, field))
            row.save(update_fields=[f"{field}_enc"])


def copy_back_to_clear(apps, schema_editor):
    for model_name, field, _length, _label in ENCRYPTED:
        model = apps.get_model("cases", model_name)
        for row in model.objects.only("pk", f"{field}_enc").iterator(chunk_size=500):
            value = getattr(row, f"{field}_enc")
            if value:
                setattr(row, field, value)
                row.save(update_fields=[field])


def _add(model_name, field, length, label):
    return migrations.AddField(
        model_name=model_name,
        name=f"{field}_enc",
        field=rihai.core.fields.EncryptedCharField(blank=True, max_length=length, verbose_name=label),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *[_add(*spec) for spec in ENCRYPTED],
        migrations.RunPython(copy_into_encrypted, copy_back_to_clear),
        *[migrations.RemoveField(model_name=m, name=f) for m, f, _l, _b in ENCRYPTED],
        *[
            migrations.RenameField(model_name=m, old_name=f"{f}_enc", new_name=f)
            for m, f, _l, _b in ENCRYPTED
        ],
        migrations.AddField(
            model_name="case",
            name="restriction",
            field=models.CharField(
                blank=True,
                choices=[
                    ("high-risk", "High-risk survivor"),
                    ("child", "A child"),
                    ("witness", "Witness under protection"),
                ],
                default="",
                max_length=12,
                verbose_name="restricted because",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="restricted_to",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="users who may see this restricted case",
            ),
        ),
    ]
