from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from rihai.core.request_context import acting_through
from rihai.ops.backup.archive import BackupRefused
from rihai.ops.backup.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restores a backup into an empty, migrated database after verifying it, then verifies "
        "the audit chain. Refuses an altered, truncated or foreign backup and a used database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file")

    def handle(self, *args, path, **options):
        try:
            with acting_through("cli"):
                report = restore_backup(Path(path))
        except (BackupRefused, ImproperlyConfigured) as error:
            raise CommandError(f"Restore refused: {error}") from error
        rows = sum(report.rows.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} rows in {len(report.rows)} tables and {report.files} files "
                f"from the backup made {report.manifest['created']}; audit chain verified up "
                f"to row {report.backup_head}."
            )
        )
        if report.erasures_replayed:
            self.stdout.write(
                f"Replayed erasures made after this backup: {len(report.erasures_replayed)} "
                "person records erased again (erasure ledger)."
            )
        if report.checkpoints_kept:
            self.stdout.write("Kept this server's audit checkpoints (newer evidence).")
        if report.is_rollback:
            self.stderr.write(
                self.style.WARNING(
                    f"ROLLBACK: the newest audit checkpoint names row "
                    f"{report.newest_checkpoint_row}, this backup ends at row "
                    f"{report.backup_head}. Everything recorded after the backup is lost from "
                    "this database; recover it from WAL archives if they exist."
                )
            )
