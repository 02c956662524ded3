"""The offences catalogue: loaded from data, versioned, marks carried, pending never chargeable."""

from datetime import date
from io import StringIO

from django.core.management import call_command

from rihai.justice.catalogue import load_offences, read_offences
from rihai.justice.models import Offence, OffenceVersion
from tests.base import RihaiTestCase


class OffenceCatalogueTest(RihaiTestCase):
    def test_the_migration_loaded_every_law_named_in_the_brief(self):
        codes = set(Offence.objects.values_list("code", flat=True))
        for code in (
            "ptpa-3-1",
            "ptpa-3-2",
            "ptpa-4",
            "ptpa-5",
            "psma-smuggling",
            "eo-17",
            "eo-18",
            "eo-22",
            "ppc-365b",
            "ppc-366a",
            "ppc-370",
            "ppc-371a",
            "ppc-371b",
            "ppc-374",
            "ppc-420",
            "blsa-11",
            "blsa-12",
        ):
            self.assertIn(code, codes)

    def test_every_version_carries_a_source_and_a_mark(self):
        for version in OffenceVersion.objects.all():
            self.assertTrue(version.source)
            self.assertIn(version.verification, {"V", "S", "U"})

    def test_trafficking_and_smuggling_keep_their_own_urdu_terms(self):
        self.assertIn("انسانی ٹریفکنگ", Offence.objects.get(code="ptpa-3-1").title_ur)
        self.assertEqual(
            Offence.objects.get(code="psma-smuggling").title_ur, "تارکینِ وطن کی اسمگلنگ"
        )
        self.assertNotIn("ٹریفکنگ", Offence.objects.get(code="psma-smuggling").title_ur)

    def test_an_unverified_amendment_is_pending_and_never_in_force(self):
        pending = OffenceVersion.objects.filter(offence__code="ptpa-3-1", in_force_from=None)
        self.assertEqual(pending.count(), 1)
        self.assertEqual(pending.get().verification, "U")
        in_force_today = OffenceVersion.objects.in_force_on(date(2030, 1, 1)).filter(
            offence__code="ptpa-3-1"
        )
        self.assertEqual([v.in_force_from for v in in_force_today], [date(2018, 5, 30)])

    def test_nothing_is_in_force_before_the_act(self):
        self.assertFalse(
            OffenceVersion.objects.in_force_on(date(2018, 5, 1)).filter(offence__code="ptpa-3-1")
        )

    def test_a_new_dated_version_ends_the_previous_one_and_reloading_is_idempotent(self):
        data = read_offences()
        entry = next(e for e in data["offence"] if e["code"] == "ptpa-3-1")
        entry["version"][1]["in_force_from"] = "2025-03-01"  # as if the Gazette were verified
        load_offences(Offence, OffenceVersion, data)
        load_offences(Offence, OffenceVersion, data)
        old, new = OffenceVersion.objects.filter(offence__code="ptpa-3-1").order_by("position")
        self.assertEqual(old.in_force_to, date(2025, 2, 28))
        self.assertEqual(new.in_force_from, date(2025, 3, 1))
        self.assertEqual(OffenceVersion.objects.filter(offence__code="ptpa-3-1").count(), 2)
        on_fir = OffenceVersion.objects.in_force_on(date(2025, 2, 28)).get(offence__code="ptpa-3-1")
        self.assertEqual(on_fir.pk, old.pk)

    def test_the_command_reloads_and_audits(self):
        out = StringIO()
        call_command("load_offences", stdout=out)
        self.assertIn("17 offences", out.getvalue())
        from rihai.audit.models import AuditLog

        self.assertTrue(AuditLog.objects.filter(event="offences-loaded").exists())
