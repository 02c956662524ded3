import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rihai.core.plugins import demo_seeders
from rihai.core.request_context import acting_through


class Command(BaseCommand):
    help = "Loads synthetic demo data from every installed app that has some, in dependency order."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Allow seeding when DEBUG is off (never on a live system).",
        )
        parser.add_argument("--seed", type=int, default=2018, help="Random seed (default 2018).")
        parser.add_argument(
            "--size",
            choices=["small", "full"],
            default="full",
            help="How much demo data each app makes (tests use small).",
        )
        parser.add_argument(
            "--only",
            nargs="*",
            default=None,
            help="Seed only these apps (and what they depend on is expected to exist).",
        )

    def handle(self, *args, force=False, seed=2018, size="full", only=None, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "Refusing to load demo data with DEBUG off; pass --force if this "
                    "really is a throwaway system."
                )
            )
        rng = random.Random(seed)
        with acting_through("cli"):
            for label, seed_app in demo_seeders():
                if only is not None and label not in only:
                    continue
                counts = seed_app(stdout=self.stdout, rng=rng, size=size)
                summary = ", ".join(f"{k}: {v}" for k, v in (counts or {}).items())
                self.stdout.write(f"{label}: {summary}")
        from rihai.accounts.demo import DEMO_PASSWORD, DEMO_USERS

        self.stdout.write(
            self.style.SUCCESS(_("Demo logins (password for all: %(pw)s)") % {"pw": DEMO_PASSWORD})
        )
        for username, role, agency, *_rest in DEMO_USERS:
            self.stdout.write(f"  {role:<18} {username:<20} ({agency})")
