from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rihai.cases.erasure import same_human
from rihai.core.request_context import acting_through
from rihai.ops import erasure_ledger
from rihai.ops.erasure_replay import pending_erasures, replay_erasures
from rihai.ops.models import ErasureRequest


class Command(BaseCommand):
    help = (
        "Checks the erasure ledger kept outside the database (AUDIT_CHECKPOINT_DIR): every line "
        "signed, and how many erasures this database has not done. --sync writes lines for "
        "erasures the database holds and the ledger lacks; --replay carries out the missing "
        "ones (restore does this by itself). Prints ids and counts only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sync", action="store_true", help="add missing lines to the ledger")
        parser.add_argument("--replay", action="store_true", help="erase what the ledger says")

    def handle(self, *args, sync, replay, **options):
        if erasure_ledger.ledger_path() is None:
            raise CommandError("AUDIT_CHECKPOINT_DIR is not set: there is no erasure ledger.")
        try:
            entries = erasure_ledger.read_ledger()
            if sync:
                self._sync(entries)
                entries = erasure_ledger.read_ledger()
            if replay:
                with acting_through("cli"), transaction.atomic(durable=True):
                    done = replay_erasures()
                self.stdout.write(f"Replayed: {len(done)} person records erased.")
            pending = pending_erasures()
        except (erasure_ledger.LedgerRefused, ImproperlyConfigured) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Erasure ledger: {len(entries)} erasures, all signed; "
            f"{len(pending)} not done in this database."
        )
        if pending:
            raise CommandError("Run `manage.py erasure_ledger --replay` (or restore does it).")

    def _sync(self, entries):
        in_ledger = {p for e in entries for p in e.persons}
        lines = []
        for request in ErasureRequest.objects.filter(status=ErasureRequest.Status.ERASED):
            if request.person_id in in_ledger:
                continue
            ids = same_human(request.person_id)
            time = request.decided_on.isoformat() if request.decided_on else None
            lines.append(erasure_ledger.line_for(request_id=request.pk, person_ids=ids, time=time))
        erasure_ledger.append_lines(lines)
        self.stdout.write(f"Synced: {len(lines)} erasures added to the ledger.")
