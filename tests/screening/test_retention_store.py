"""Purging an ad or a batch also purges what the network store and the chunks derived from it."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from rihai.screening.models import Ad, AdBand, AdBatchChunk, AdDecision, ContactKey

from .helpers import ScreeningTestCase

SHARED = "call 0300-0000041"
ADS = [
    {"id": "old", "text": f"Driver for Dubai, azad visa, {SHARED}, WhatsApp 0300-0000077"},
    {"id": "kept", "text": f"Cook wanted in Doha, no interview, {SHARED}"},
]


def ago(days: int):
    return timezone.now() - timedelta(days=days)


class NetworkStorePurgeTest(ScreeningTestCase):
    def test_a_purged_ad_leaves_no_band_keys_and_no_contact_only_it_used(self):
        self.upload(ADS)
        old, kept = self.ad("old"), self.ad("kept")
        only_old = set(old.contact_keys) - set(kept.contact_keys)
        shared = set(old.contact_keys) & set(kept.contact_keys)
        self.assertTrue(only_old and shared)
        self.assertTrue(AdBand.objects.filter(ad=old).exists())
        AdDecision.objects.create(
            ad=old,
            decision="dismiss",
            agency=self.fia,
            decided_by=self.fia_investigator,
            decided_on=ago(400),
        )
        Ad.objects.filter(pk=old.pk).update(review_status="dismiss", created_on=ago(401))
        call_command("purge", "--ids", stdout=StringIO())
        self.assertEqual(Ad.objects.get(pk=old.pk).contact_keys, [])
        self.assertFalse(AdBand.objects.filter(ad=old).exists())
        self.assertTrue(AdBand.objects.filter(ad=kept).exists())
        self.assertFalse(ContactKey.objects.filter(key__in=only_old).exists())
        self.assertEqual(
            set(ContactKey.objects.filter(key__in=shared).values_list("uses", flat=True)), {1}
        )

    def test_a_blanked_batch_blanks_its_chunks_records(self):
        batch, _created = self.upload(ADS)

        def records():
            return set(AdBatchChunk.objects.filter(batch=batch).values_list("records", flat=True))

        self.assertNotIn("", records())
        type(batch).objects.filter(pk=batch.pk).update(finished_on=ago(100))
        call_command("purge", "--ids", stdout=StringIO())
        self.assertEqual(records(), {""})
