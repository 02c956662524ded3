"""Creates an agency's administrator from the server, where no administrator exists yet.

Prints a random first password and a two-factor enrolment code, once: hand both to the
person. Audited with interface "cli" (the server operator is the second person).
"""

from django.core.management.base import BaseCommand, CommandError

from rihai.accounts.actions import do_create_user, do_issue_enrolment_code
from rihai.accounts.models import Agency, Role
from rihai.core.request_context import acting_through

from ._server import new_password, refusals_as_errors


class Command(BaseCommand):
    help = "Creates an administrator for an agency; prints a first password and enrolment code."

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="the agency's short code")
        parser.add_argument("--username", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, agency, username, first_name, last_name, **options):
        found = Agency.objects.filter(code__iexact=agency).first()
        if found is None:
            raise CommandError(f"no agency with code {agency!r}")
        password = new_password()
        with acting_through("cli"), refusals_as_errors():
            user = do_create_user(
                acting_user=None,
                username=username,
                password=password,
                agency=found,
                role=Role.objects.get(code="administrator"),
                first_name=first_name,
                last_name=last_name,
            )
            _record, code = do_issue_enrolment_code(user=user, acting_user=None)
        self.stdout.write(f"administrator: {user.username} ({found.code})")
        self.stdout.write(f"first password: {password}")
        self.stdout.write(f"two-factor enrolment code: {code}")
        self.stdout.write("Hand both to the person in private; they are not shown again.")
