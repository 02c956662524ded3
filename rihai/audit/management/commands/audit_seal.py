from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from rihai.audit.journal import backlog, seal_journal


class Command(BaseCommand):
    help = (
        "Moves the journal of personal-data views into the audit chain, in order. Celery beat "
        "runs the same every few seconds; run this where no worker runs, or to catch up."
    )

    def handle(self, *args, **options):
        # wait: this command queues for the head like a writer (bounded by lock_timeout).
        sealed = seal_journal(wait=True)
        waiting, _age = backlog()
        self.stdout.write(
            self.style.SUCCESS(
                _("%(sealed)d journal rows sealed into the audit chain; %(waiting)d waiting.")
                % {"sealed": sealed, "waiting": waiting}
            )
        )
