"""Creates a superuser (with the administrator role) from the server, audited.

Superusers cannot be made in the web admin. Django's own ``createsuperuser`` writes no
audit row: use this command instead.
"""

from django.core.management.base import BaseCommand, CommandError

from rihai.accounts.actions import do_create_superuser, do_issue_enrolment_code
from rihai.accounts.models import Agency
from rihai.core.request_context import acting_through

from ._server import new_password, refusals_as_errors


class Command(BaseCommand):
    help = "Creates an audited superuser; prints a first password and enrolment code."

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="the agency's short code")
        parser.add_argument("--username", required=True)

    def handle(self, *args, agency, username, **options):
        found = Agency.objects.filter(code__iexact=agency).first()
        if found is None:
            raise CommandError(f"no agency with code {agency!r}")
        password = new_password()
        with acting_through("cli"), refusals_as_errors():
            user = do_create_superuser(
                acting_user=None, username=username, password=password, agency=found
            )
            _record, code = do_issue_enrolment_code(user=user, acting_user=None)
        self.stdout.write(f"superuser: {user.username} ({found.code})")
        self.stdout.write(f"first password: {password}")
        self.stdout.write(f"two-factor enrolment code: {code}")
