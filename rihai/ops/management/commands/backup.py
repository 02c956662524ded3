from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from rihai.core.request_context import acting_through
from rihai.ops.backup.archive import BackupRefused
from rihai.ops.backup.bundle import verify_backup, write_backup


class Command(BaseCommand):
    help = (
        "Writes an encrypted, signed backup of every table (field ciphertext kept as stored), "
        "the uploaded files and the audit checkpoints. Keys: BACKUP_ENCRYPTION_KEY, "
        "BACKUP_SIGNING_KEY. With --verify, checks an existing backup instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file to write (or, with --verify, to check)")
        parser.add_argument(
            "--verify", action="store_true", help="check a backup without restoring it"
        )

    def handle(self, *args, path, verify, **options):
        try:
            with acting_through("cli"):
                if verify:
                    manifest = verify_backup(Path(path))
                else:
                    manifest = write_backup(Path(path))
        except (BackupRefused, ImproperlyConfigured) as error:
            raise CommandError(str(error)) from error
        rows = sum(t["rows"] for t in manifest["tables"])
        self.stdout.write(
            self.style.SUCCESS(
                f"{'Verified' if verify else 'Wrote'} backup: {len(manifest['tables'])} tables, "
                f"{rows} rows, {len(manifest['files'])} files, audit head at row "
                f"{manifest['audit_head']['last_id']}, made {manifest['created']}."
            )
        )
