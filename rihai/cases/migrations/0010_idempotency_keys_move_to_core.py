"""Idempotency keys are cross-app: they move to ``core.IdempotencyKey``. Keys already stored are
copied (with a blank request hash, which matches any body of their endpoint), so a client's
retry across the upgrade still answers with its first record; then the cases table goes."""

from django.db import migrations


def copy_keys(apps, schema_editor):
    old = apps.get_model("cases", "IdempotencyKey")
    new = apps.get_model("core", "IdempotencyKey")
    new.objects.bulk_create(
        new(
            user_id=row.user_id,
            key_hash=row.key_hash,
            endpoint=row.endpoint,
            request_hash="",
            object_id=row.object_id,
            created_on=row.created_on,
        )
        for row in old.objects.iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_merge_recruiter_accounts"),
        ("core", "0002_idempotency_keys_for_every_app"),
    ]

    operations = [
        migrations.RunPython(copy_keys, migrations.RunPython.noop),
        migrations.DeleteModel(name="IdempotencyKey"),
    ]
