"""Ingestion: scoring in chunks, idempotence, resume, cancellation, bad input, registry flags."""

import json
from unittest import mock

from django.core.exceptions import ValidationError
from django.db import connection

from rihai.audit.models import AuditLog
from rihai.screening import actions, tasks
from rihai.screening.models import Ad, AdBatch, AdBatchChunk
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

    def queued(self, records, name="r.jsonl", chunk_size=2):
        """A batch uploaded and split into chunks, none of them scored (no task ran)."""
        with self.captureOnCommitCallbacks(execute=False):  # the task never starts
            batch, _ = actions.do_upload_ad_batch(
                acting_user=self.fia_investigator, content=jsonl(records), file_name=name
            )
        return actions.do_split_ad_batch(
            batch=batch, acting_user=self.fia_investigator, chunk_size=chunk_size
        )

    def test_a_batch_is_split_once_into_chunks_that_cover_every_line(self):
        records = [{"id": f"r{i}", "text": f"ad number {i}"} for i in range(7)]
        batch = self.queued(records, chunk_size=3)
        again = actions.do_split_ad_batch(batch=batch, acting_user=self.fia_investigator)
        self.assertEqual(again.chunks_total, 3)
        chunks = list(batch.chunks.all())
        self.assertEqual([(c.start_line, c.end_line) for c in chunks], [(0, 3), (3, 6), (6, 7)])
        self.assertEqual(AdBatchChunk.objects.count(), 3)
        self.assertEqual(AuditLog.objects.filter(event="ad-batch-split").count(), 1)
        # The records are stored encrypted, like the file.
        with connection.cursor() as cursor:
            cursor.execute("SELECT records FROM screening_adbatchchunk")
            self.assertNotIn("ad number", " ".join(row[0] for row in cursor.fetchall()))

    def test_a_chunk_already_stored_changes_nothing(self):
        # A retried task sends a chunk the batch already stored: the chunk says so.
        batch = self.queued(ADS)
        first = batch.chunks.first()
        for _attempt in range(2):
            batch = actions.do_score_ad_chunk(chunk=first, acting_user=self.fia_investigator)
        self.assertEqual((batch.ads_new, batch.ads_seen_before, batch.cursor), (2, 0, 2))
        self.assertEqual(AuditLog.objects.filter(event="ad-batch-chunk-scored").count(), 1)

    def test_chunks_finish_in_any_order_and_the_last_one_finishes_the_batch(self):
        records = [{"id": f"r{i}", "text": f"Job {i} in Dubai, azad visa"} for i in range(5)]
        records.append({"id": "r5", "text": ""})  # a reject in the middle chunk... line 6
        batch = self.queued(records)
        chunks = list(batch.chunks.order_by("-end_line"))  # the last chunk first
        for n, chunk in enumerate(chunks):
            with self.captureOnCommitCallbacks(execute=True):
                with mock.patch.object(tasks.link_networks, "delay") as linked:
                    tasks.score_batch_chunk(chunk.pk)
            batch.refresh_from_db()
            last = n == len(chunks) - 1
            self.assertEqual(batch.status, "done" if last else "running")
            self.assertEqual(linked.called, last)  # the networks once, after the last chunk
        self.assertEqual((batch.ads_new, batch.cursor, batch.total_lines), (5, 6, 6))
        self.assertEqual([r["line"] for r in batch.rejects], [6])

    def test_a_crashed_batch_resumes_where_it_stopped(self):
        records = [{"id": f"r{i}", "text": f"Job {i} in Dubai, azad visa"} for i in range(5)]
        batch = self.queued(records)
        actions.do_score_ad_chunk(chunk=batch.chunks.first(), acting_user=self.fia_investigator)
        answer = score_batch(batch.pk, chunk_size=2)
        batch.refresh_from_db()
        self.assertEqual((answer["status"], answer["chunks"]), ("done", 2))  # two were left
        self.assertEqual((batch.ads_new, batch.cursor), (5, 5))
        self.assertEqual(Ad.objects.count(), 5)

    def test_a_worker_gets_one_task_per_chunk_not_yet_stored(self):
        records = [{"id": f"r{i}", "text": f"Job {i} in Dubai"} for i in range(5)]
        batch = self.queued(records)
        actions.do_score_ad_chunk(chunk=batch.chunks.first(), acting_user=self.fia_investigator)
        with (
            mock.patch.object(tasks, "runs_eagerly", return_value=False),
            mock.patch.object(tasks.score_batch_chunk, "delay") as queued,
        ):
            score_batch(batch.pk)
        pending = list(batch.chunks.filter(done=False).values_list("pk", flat=True))
        self.assertEqual([c.args[0] for c in queued.call_args_list], pending)
        self.assertEqual(len(pending), 2)

    def test_cancellation_is_honoured_between_chunks(self):
        records = [{"id": f"r{i}", "text": f"Job {i} in Dubai"} for i in range(6)]
        batch = self.queued(records)
        actions.do_score_ad_chunk(chunk=batch.chunks.first(), acting_user=self.fia_investigator)
        actions.do_cancel_ad_batch(batch=batch, acting_user=self.fia_investigator)
        answer = score_batch(batch.pk, chunk_size=2)
        self.assertEqual(answer["status"], "cancelled")
        # A chunk task still in the queue stores nothing either.
        tasks.score_batch_chunk(batch.chunks.filter(done=False).last().pk)
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
