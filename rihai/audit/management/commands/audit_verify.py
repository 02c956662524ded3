from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rihai.audit.chain import verify_chain
from rihai.audit.models import AuditLog


class Command(BaseCommand):
    help = "Checks the audit log's hash chain and names the first changed, inserted or removed row."

    def handle(self, *args, **options):
        problem = verify_chain()
        if problem is not None:
            raise CommandError(_("Audit chain broken at %(where)s") % {"where": problem})
        count = AuditLog.objects.count()
        self.stdout.write(
            self.style.SUCCESS(_("Audit chain intact: %(count)d rows.") % {"count": count})
        )
