"""Reloads the offences catalogue from rihai/justice/data/offences.toml (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from rihai.audit.actions import record_audit
from rihai.justice.catalogue import load_offences
from rihai.justice.models import Offence, OffenceVersion


class Command(BaseCommand):
    help = "Creates or updates the offences catalogue from its data file."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = load_offences(Offence, OffenceVersion)
            record_audit(event="offences-loaded", object_type="justice.offence", extra=counts)
        self.stdout.write(f"{counts['offences']} offences, {counts['versions']} versions")
