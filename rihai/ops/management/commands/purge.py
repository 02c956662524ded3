from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from rihai.core.request_context import acting_through
from rihai.ops.purge import purge


class Command(BaseCommand):
    help = (
        "Anonymises or deletes the records whose retention period has ended (RETENTION_DAYS "
        "overrides the apps' defaults), one audit row per record; held records are kept. "
        "With --dry-run, only reports. Prints ids and counts, never personal data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")
        parser.add_argument("--ids", action="store_true", help="list the record ids too")

    def handle(self, *args, dry_run, ids, **options):
        try:
            with acting_through("cli"):
                plans = purge(dry_run=dry_run)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        verb = {"anonymise": "anonymise", "delete": "delete"}
        for p in plans:
            action = verb[p.rule.disposal]
            head = f"{p.rule.code}: kept {p.days} days (before {p.cutoff:%Y-%m-%d}); "
            if dry_run:
                line = f"would {action} {len(p.due)}, held {len(p.held)}"
            else:
                line = f"{action}d {len(p.done)}, skipped {len(p.skipped)}, held {len(p.held)}"
            self.stdout.write(head + line)
            if ids:
                listed = p.due if dry_run else p.done
                self.stdout.write(f"  {action}: {' '.join(p.shown(listed)) or '-'}")
                held = " ".join(f"{i}({why})" for i, why in sorted(p.held.items()))
                self.stdout.write(f"  held: {held or '-'}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
