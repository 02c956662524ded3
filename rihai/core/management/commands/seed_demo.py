import importlib
import importlib.util
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rihai.core.request_context import acting_through

# Each app that has demo data provides demo.seed(stdout=, rng=); order matters (agencies first).
DEMO_MODULES = ["rihai.accounts.demo", "rihai.cases.demo"]


class Command(BaseCommand):
    help = "Loads synthetic demo data (agencies in every province, a user per role, cases...)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Allow seeding when DEBUG is off (never on a live system).",
        )
        parser.add_argument("--seed", type=int, default=2018, help="Random seed (default 2018).")

    def handle(self, *args, force=False, seed=2018, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "Refusing to load demo data with DEBUG off; pass --force if this "
                    "really is a throwaway system."
                )
            )
        rng = random.Random(seed)
        with acting_through("cli"):
            for module_name in DEMO_MODULES:
                if importlib.util.find_spec(module_name) is None:
                    continue  # that app has no demo data yet
                module = importlib.import_module(module_name)
                counts = module.seed(stdout=self.stdout, rng=rng)
                summary = ", ".join(f"{k}: {v}" for k, v in (counts or {}).items())
                self.stdout.write(f"{module_name}: {summary}")
        from rihai.accounts.demo import DEMO_PASSWORD, DEMO_USERS

        self.stdout.write(
            self.style.SUCCESS(_("Demo logins (password for all: %(pw)s)") % {"pw": DEMO_PASSWORD})
        )
        for username, role, agency, *_rest in DEMO_USERS:
            self.stdout.write(f"  {role:<18} {username:<20} ({agency})")
