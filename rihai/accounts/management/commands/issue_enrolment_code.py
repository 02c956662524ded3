"""Issues a two-factor enrolment code from the server (audited, interface "cli")."""

from django.core.management.base import BaseCommand, CommandError

from rihai.accounts.actions import do_issue_enrolment_code
from rihai.accounts.models import User
from rihai.core.request_context import acting_through

from ._server import refusals_as_errors


class Command(BaseCommand):
    help = "Prints a one-time two-factor enrolment code for a user."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        with acting_through("cli"), refusals_as_errors():
            _record, code = do_issue_enrolment_code(user=user, acting_user=None)
        self.stdout.write(f"two-factor enrolment code for {user.username}: {code}")
