"""Lists, approves or rejects pending access requests from the server.

For deployments with a single administrator: the server operator acts as the second person.
Each decision is audited with interface "cli".
"""

from django.core.management.base import BaseCommand, CommandError

from rihai.accounts.actions import do_approve_request, do_reject_request
from rihai.accounts.models import AccessRequest
from rihai.accounts.queries import pending_requests
from rihai.core.request_context import acting_through

from ._server import refusals_as_errors


class Command(BaseCommand):
    help = "Without an id, lists pending requests; with one, approves it (or --reject)."

    def add_arguments(self, parser):
        parser.add_argument("request_id", nargs="?", type=int)
        parser.add_argument("--reject", action="store_true")

    def handle(self, *args, request_id=None, reject=False, **options):
        if request_id is None:
            for pending in pending_requests().order_by("id"):
                self.stdout.write(
                    f"#{pending.pk} {pending.kind} user={pending.target_user_id or '-'} "
                    f"role={pending.target_role_id or '-'} by={pending.requested_by_id or 'cli'} "
                    f"expires={pending.expires_on:%Y-%m-%d %H:%M}"
                )
            return
        request = AccessRequest.objects.filter(pk=request_id).first()
        if request is None:
            raise CommandError(f"no request #{request_id}")
        with acting_through("cli"), refusals_as_errors():
            if reject:
                do_reject_request(request=request, acting_user=None)
                self.stdout.write(f"#{request_id} rejected")
                return
            approval = do_approve_request(request=request, acting_user=None)
        self.stdout.write(f"#{request_id} approved")
        if approval.temporary_password:
            self.stdout.write(f"one-time password: {approval.temporary_password}")
        for member, password in approval.member_passwords.items():
            self.stdout.write(f"one-time password for {member.get_username()}: {password}")
