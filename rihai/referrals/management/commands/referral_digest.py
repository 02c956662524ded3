"""manage.py referral_digest: mail each agency's supervisors the day's referral counts."""

from django.core.management.base import BaseCommand

from rihai.core.request_context import acting_through


class Command(BaseCommand):
    help = "Mail each agency's supervisors how many referrals wait for an answer and how many are late."

    def handle(self, *args, **options):
        from rihai.referrals.tasks import daily_digest

        with acting_through("cli"):
            result = daily_digest()
        self.stdout.write(f"digest: {result['agencies']} agencies, {result['messages']} messages")
