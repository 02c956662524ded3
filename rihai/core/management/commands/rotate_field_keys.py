"""Re-encrypts personal data under the newest key and recomputes blind indexes.

Put the new key first in FIELD_ENCRYPTION_KEYS (and/or BLIND_INDEX_KEYS), keep the old ones
after it, deploy, run this command, then remove the old keys. The system keeps working
throughout: every key decrypts and every index key is searched while rotation runs.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent
from rihai.core.fields import blind_index_fields, encrypted_fields
from rihai.core.request_context import acting_through


class Command(BaseCommand):
    help = "Re-encrypts every encrypted field under the first key; recomputes blind indexes."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size=500, **options):
        if batch_size < 1:
            from django.core.management.base import CommandError

            raise CommandError(_("--batch-size must be at least 1."))
        with acting_through("cli"):
            for model in apps.get_models():
                encrypted = encrypted_fields(model)
                indexes = blind_index_fields(model)
                if not encrypted and not indexes:
                    continue
                count = self._rotate_model(model, encrypted, indexes, batch_size)
                self.stdout.write(f"{model._meta.label}: {count}")

    def _rotate_model(self, model, encrypted, indexes, batch_size) -> int:
        manager = model._base_manager
        pks = list(manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), batch_size):
            batch = pks[start : start + batch_size]
            # One transaction per batch: a crash leaves every row readable (old or new key).
            with transaction.atomic():
                for obj in manager.filter(pk__in=batch):
                    updates = {field.attname: getattr(obj, field.attname) for field in encrypted}
                    for field in indexes:
                        updates[field.attname] = field.pre_save(obj, False)
                    manager.filter(pk=obj.pk).update(**updates)
                record_audit(
                    event=AuditEvent.KEYS_ROTATED,
                    object_type=model._meta.label_lower,
                    extra={"rows": len(batch), "first_id": batch[0], "last_id": batch[-1]},
                )
        return len(pks)
