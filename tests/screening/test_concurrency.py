"""Two workers at once on PostgreSQL: chunks of one batch stored side by side, and two network
updates racing. SQLite is one connection, so these run on PostgreSQL only."""

import threading
import time
from unittest import mock, skipUnless

from django.db import connection, connections
from django.test import TransactionTestCase, override_settings

from rihai.screening import actions, actions_batches, networks, tasks
from rihai.screening.models import Ad, AdBatch, Network

from .helpers import jsonl
from .test_celery_worker import _world


def at_once(*calls) -> list:
    """Runs the calls in threads released together; their results or errors, in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(n, call):
        try:
            barrier.wait()
            results[n] = call()
        except Exception as exc:  # noqa: BLE001 - reported by the caller's assertions
            results[n] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@skipUnless(connection.vendor == "postgresql", "needs a server database; SQLite is one connection")
@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
class ChunksAtOnceTest(TransactionTestCase):
    def setUp(self):
        self.user = _world()

    def queued(self, records, chunk_size):
        with mock.patch.object(tasks, "enqueue_scoring"):
            batch, _ = actions.do_upload_ad_batch(acting_user=self.user, content=jsonl(records))
        return actions.do_split_ad_batch(batch=batch, acting_user=self.user, chunk_size=chunk_size)

    def test_two_chunks_stored_at_once_count_every_ad_and_finish_the_batch_once(self):
        records = [{"id": f"r{i}", "text": f"Driver {i} for Dubai {'x' * i}"} for i in range(6)]
        batch = self.queued(records, chunk_size=3)
        first, second = batch.chunks.order_by("end_line")
        real_insert = actions_batches.bulk.insert_ads

        def slow_insert(ads):
            # Both chunks' ads are in before either reads the batch's counters.
            stored = real_insert(ads)
            time.sleep(1)
            return stored

        with (
            mock.patch.object(tasks.link_networks, "delay") as linked,
            mock.patch.object(actions_batches.bulk, "insert_ads", slow_insert),
        ):
            results = at_once(
                lambda: tasks.score_batch_chunk(first.pk),
                lambda: tasks.score_batch_chunk(second.pk),
            )
        self.assertTrue(all(isinstance(r, dict) for r in results), results)
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.cursor), ("done", 6))
        self.assertEqual((batch.ads_new, batch.ads_seen_before), (6, 0))
        self.assertEqual(Ad.objects.count(), 6)
        self.assertEqual(linked.call_count, 1)

    def test_two_network_updates_at_once_give_the_networks_of_one(self):
        phone = "call 0300-0000041"
        records = [{"id": f"a{i}", "text": f"Job {i} {'x' * i} in Doha, {phone}"} for i in range(4)]
        with mock.patch.object(tasks, "link_networks"):
            tasks.score_batch(self.queued(records[:2], chunk_size=10).pk)
            tasks.score_batch(self.queued(records[2:], chunk_size=10).pk)
        self.assertEqual(AdBatch.objects.filter(status="done").count(), 2)
        results = at_once(
            lambda: actions.do_update_networks(acting_user=self.user),
            lambda: actions.do_update_networks(acting_user=self.user),
        )
        self.assertEqual(sorted(r["ads_linked"] for r in results), [0, 4], results)
        rows = Ad.objects.order_by("id").values_list("id", "signature", "contact_keys")
        expected = {frozenset(n["ads"]) for n in networks.cluster(list(rows))}
        stored = {
            frozenset(Ad.objects.filter(network=n).values_list("id", flat=True))
            for n in Network.objects.all()
        }
        self.assertEqual(stored, expected)
        self.assertEqual(Network.objects.get().size, 4)

    def test_an_update_that_need_not_wait_skips_while_another_runs(self):
        from django.db import transaction

        from rihai.screening.models import NetworkState

        NetworkState.objects.get_or_create(pk=1)

        def hold():
            with transaction.atomic():
                NetworkState.objects.select_for_update().get(pk=1)
                time.sleep(1.5)
            return "held"

        def try_later():
            time.sleep(0.5)  # the other holds the lock by now
            return actions.do_update_networks(acting_user=self.user, wait=False)

        held, counts = at_once(hold, try_later)
        self.assertEqual(held, "held")
        # Skipped, not run after the other: waiting would have found the lock free.
        self.assertTrue(counts["skipped"])
