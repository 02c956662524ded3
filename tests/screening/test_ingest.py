"""Ingestion: scoring in chunks, idempotence, resume, cancellation, bad input, registry flags."""

import json

from django.core.exceptions import ValidationError

from rihai.audit.models import AuditLog
from rihai.screening import actions
from rihai.screening.ingest import chunks_from
from rihai.screening.models import Ad, AdBatch
from rihai.screening.tasks import score_batch

from .helpers import ADS, ScreeningTestCase, jsonl


class IngestTest(ScreeningTestCase):
    def test_a_batch_is_scored_and_stored_with_its_evidence(self):
        batch, created = self.upload()
        self.assertTrue(created)
        self.assertEqual((batch.status, batch.ads_new, batch.cursor), ("done", 3, 3))
        ad = self.ad("a1")
        self.assertEqual(ad.band, "high")
        self.assertIn("|azad-visa|", ad.flag_codes)
        self.assertEqual(ad.source, "facebook")
        self.assertEqual(ad.url, "https://facebook.example/post/1")
        self.assertIn("+923000000077", json.loads(ad.entities)["phones"])
        self.assertIn("AE", Ad.split(ad.destinations))
        flag = next(f for f in ad.flags if f["rule_id"] == "azad-visa")
        start, end = flag["span"]
        self.assertEqual(ad.normalized_text[start:end].lower(), "azad visa")
        self.assertTrue(AuditLog.objects.filter(event="ad-batch-uploaded").exists())
        self.assertTrue(AuditLog.objects.filter(event="ad-batch-chunk-scored").exists())

    def test_text_url_and_entities_are_encrypted_at_rest(self):
        self.upload()
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT text, url, entities, normalized_text FROM screening_ad")
            raw = " ".join(" ".join(row) for row in cursor.fetchall())
            cursor.execute("SELECT payload FROM screening_adbatch")
            raw += " ".join(row[0] for row in cursor.fetchall())
        for secret in ("0300-0000077", "+923000000077", "facebook.example", "Azad visa"):
            self.assertNotIn(secret, raw)

    def test_the_same_file_twice_is_one_batch(self):
        first, _ = self.upload()
        second, created = self.upload()
        self.assertFalse(created)
        self.assertEqual(first.pk, second.pk)
        self.assertEqual(AdBatch.objects.count(), 1)
        self.assertEqual(Ad.objects.count(), 3)

    def test_the_same_ad_in_another_file_is_one_ad(self):
        self.upload()
        again = [
            {**ADS[0], "id": "x1"},  # same text and URL
            {**ADS[1], "id": "x2", "text": ADS[1]["text"].upper()},  # same text, other case
            {
                "id": "x3",
                "text": "A different ad",
                **{"source": "facebook"},
                "url": ADS[0]["url"],
            },  # same source and URL
            {"id": "x4", "text": "Cleaner wanted in Lahore, salary Rs 30000"},
            {"id": "x5", "text": "Cleaner wanted in Lahore, salary Rs 30000"},  # repeated
        ]
        batch, _ = self.upload(again)
        self.assertEqual((batch.ads_new, batch.ads_seen_before), (1, 4))
        self.assertEqual(Ad.objects.count(), 4)

    def test_malformed_rows_are_reported_and_the_good_ones_kept(self):
        content = (
            jsonl(ADS[:1])
            + b'{"id": "b1", "text": ""}\n'
            + b"not json at all\n"
            + b'{"text": "no id here"}\n'
            + jsonl(ADS[1:2])
        )
        batch, _ = self.upload(content=content)
        self.assertEqual(batch.ads_new, 2)
        self.assertEqual(
            batch.rejects,
            [
                {"line": 2, "reason": "no-text"},
                {"line": 3, "reason": "bad-json"},
                {"line": 4, "reason": "no-id"},
            ],
        )

    def test_csv_is_read_too(self):
        content = (
            b"id,text,source\n"
            b'c1,"Azad visa, no interview, pay fee",olx\n'
            b"c2,,olx\n"
            b'c3,"Nurse job in Doha via licensed OEP",rozee\n'
        )
        batch, _ = self.upload(content=content)
        self.assertEqual(batch.file_format, "csv")
        self.assertEqual(batch.ads_new, 2)
        self.assertEqual(batch.rejects, [{"line": 3, "reason": "no-text"}])

    def test_a_file_that_is_neither_jsonl_nor_csv_is_refused_whole(self):
        for content in (b"\x89PNG\r\n\x1a\n\x00\x00", b"just some words\nand more\n", b"  \n"):
            with self.subTest(content=content), self.assertRaises(ValidationError) as raised:
                actions.do_upload_ad_batch(
                    acting_user=self.fia_investigator, content=content, file_name="x.bin"
                )
            self.assertTrue(raised.exception.messages[0])
        self.assertFalse(AdBatch.objects.exists())

    def test_chunks_cover_every_line_once_and_resume_after_the_cursor(self):
        content = jsonl([{"id": f"r{i}", "text": f"ad number {i}"} for i in range(7)])
        chunks = list(chunks_from(content, "jsonl", size=3))
        self.assertEqual([c.end_line for c in chunks], [3, 6, 7])
        self.assertEqual(sum(len(c.records) for c in chunks), 7)
        resumed = list(chunks_from(content, "jsonl", after_line=3, size=3))
        self.assertEqual([r.id for c in resumed for r in c.records], ["r3", "r4", "r5", "r6"])

    def test_a_chunk_already_stored_changes_nothing(self):
        # A retried task sends a chunk the batch already stored: the cursor says so.
        with self.captureOnCommitCallbacks(execute=False):
            batch, _ = actions.do_upload_ad_batch(
                acting_user=self.fia_investigator, content=jsonl(ADS), file_name="r.jsonl"
            )
        first = next(chunks_from(jsonl(ADS), "jsonl", size=2))
        for _attempt in range(2):
            batch = actions.do_score_ad_chunk(
                batch=batch,
                records=first.records,
                rejects=[],
                end_line=first.end_line,
                acting_user=self.fia_investigator,
            )
        self.assertEqual((batch.ads_new, batch.ads_seen_before, batch.cursor), (2, 0, 2))
        self.assertEqual(AuditLog.objects.filter(event="ad-batch-chunk-scored").count(), 1)

    def test_a_crashed_batch_resumes_where_it_stopped(self):
        records = [{"id": f"r{i}", "text": f"Job {i} in Dubai, azad visa"} for i in range(5)]
        with self.captureOnCommitCallbacks(execute=False):  # the task never starts
            batch, _ = actions.do_upload_ad_batch(
                acting_user=self.fia_investigator, content=jsonl(records), file_name="r.jsonl"
            )
        first = next(chunks_from(jsonl(records), "jsonl", size=2))
        actions.do_score_ad_chunk(
            batch=batch,
            records=first.records,
            rejects=[],
            end_line=first.end_line,
            acting_user=self.fia_investigator,
        )
        answer = score_batch(batch.pk, chunk_size=2)
        batch.refresh_from_db()
        self.assertEqual((answer["status"], batch.ads_new, batch.cursor), ("done", 5, 5))
        self.assertEqual(Ad.objects.count(), 5)

    def test_cancellation_is_honoured_between_chunks(self):
        records = [{"id": f"r{i}", "text": f"Job {i} in Dubai"} for i in range(6)]
        with self.captureOnCommitCallbacks(execute=False):
            batch, _ = actions.do_upload_ad_batch(
                acting_user=self.fia_investigator, content=jsonl(records), file_name="r.jsonl"
            )
        first = next(chunks_from(jsonl(records), "jsonl", size=2))
        actions.do_score_ad_chunk(
            batch=batch,
            records=first.records,
            rejects=[],
            end_line=first.end_line,
            acting_user=self.fia_investigator,
        )
        actions.do_cancel_ad_batch(batch=batch, acting_user=self.fia_investigator)
        answer = score_batch(batch.pk, chunk_size=2)
        self.assertEqual(answer["status"], "cancelled")
        self.assertEqual(Ad.objects.count(), 2)
        self.assertTrue(AuditLog.objects.filter(event="ad-batch-cancelled").exists())

    def test_a_finished_batch_cannot_be_cancelled(self):
        batch, _ = self.upload()
        with self.assertRaises(ValidationError):
            actions.do_cancel_ad_batch(batch=batch, acting_user=self.fia_investigator)


class RegistryFlagsTest(ScreeningTestCase):
    def test_ads_citing_bad_licences_or_unregistered_phones_are_flagged(self):
        self.apply_registry()
        self.upload(
            [
                {"id": "ok", "text": "Driver for Riyadh, OEP licence 0848/LHR, call 0300-0000012"},
                {
                    "id": "phone",
                    "text": "Driver for Riyadh, OEP licence 0848/LHR, call 0300-0000055",
                },
                {"id": "expired", "text": "Cook for Doha, licence 0696/RWP, call 0300-0000012"},
                {"id": "cancelled", "text": "Maid for Dubai, licence 2671/LHR"},
                {"id": "unknown", "text": "Guard for Muscat, licence 4321/KHI"},
            ]
        )
        flags = {a.external_id: Ad.split(a.app_flags) for a in Ad.objects.all()}
        self.assertEqual(flags["ok"], [])
        self.assertEqual(flags["phone"], ["phone-not-on-record"])
        self.assertEqual(flags["expired"], ["licence-expired"])
        self.assertEqual(flags["cancelled"], ["licence-cancelled"])
        self.assertEqual(flags["unknown"], ["licence-unknown"])
