from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rihai.audit.chain import verify_chain
from rihai.audit.checkpoints import verify_checkpoints
from rihai.audit.journal import backlog, verify_journal
from rihai.audit.models import AuditLog, DenialBucket


class Command(BaseCommand):
    help = (
        "Checks the audit log's keyed hash chain and every signed checkpoint against it, and "
        "names the first changed, inserted or removed row or contradicted checkpoint; checks "
        "the journal of views not yet sealed and names rows waiting too long."
    )

    def handle(self, *args, **options):
        checkpoints, checkpoint_problem = verify_checkpoints()
        problems = [p for p in (verify_chain(), checkpoint_problem) if p is not None]
        journal_problems = verify_journal()
        if problems or journal_problems:
            raise CommandError(
                "\n".join(
                    [_("Audit chain broken at %(where)s") % {"where": p} for p in problems]
                    + [_("Audit journal: %(problem)s") % {"problem": p} for p in journal_problems]
                )
            )
        count = AuditLog.objects.count()
        self.stdout.write(
            self.style.SUCCESS(
                _("Audit chain intact: %(count)d rows, %(checkpoints)d checkpoints match.")
                % {"count": count, "checkpoints": checkpoints}
            )
        )
        if not checkpoints and count:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "No checkpoints: a rewrite by someone holding the chain key would not "
                        "be caught. Schedule audit_checkpoint."
                    )
                )
            )
        waiting, age = backlog()
        if waiting:
            self.stdout.write(
                _("%(count)d views are in the journal, not yet sealed (oldest %(age)d s).")
                % {"count": waiting, "age": age}
            )
        open_buckets = DenialBucket.objects.count()
        if open_buckets:
            self.stdout.write(
                _("%(count)d open counts of refused requests are not yet in the chain.")
                % {"count": open_buckets}
            )
