from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rihai.audit.checkpoints import CheckpointRefused, checkpoint_path, write_checkpoint
from rihai.audit.denials import flush_closed_buckets
from rihai.audit.journal import seal_journal


class Command(BaseCommand):
    help = (
        "Moves closed counts of refused requests and waiting views into the audit chain, then "
        "appends a signed "
        "checkpoint of the chain's head to AUDIT_CHECKPOINT_DIR. Run it every few minutes."
    )

    def handle(self, *args, **options):
        flushed = flush_closed_buckets()
        seal_journal(wait=True)  # the checkpoint then covers every view made so far
        try:
            row_id = write_checkpoint()
        except CheckpointRefused as exc:
            raise CommandError(str(exc)) from exc
        if row_id is None:
            self.stdout.write(_("The audit chain is empty: nothing to anchor."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Checkpoint of row %(row)d written to %(path)s (%(flushed)d denial rows added).")
                % {"row": row_id, "path": checkpoint_path(), "flushed": flushed}
            )
        )
