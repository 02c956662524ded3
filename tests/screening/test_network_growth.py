"""Networks grow batch by batch and end where clustering the whole store would.

Synthetic ads (templates with slot fills, shared and private contacts, lone ads) are stored
in a random order, cut into random batches, and linked batch by batch; the networks are then
compared with adscreen's ``AdNetworkIndex`` run over the whole store (``networks.cluster``).
No bucket holds more than 32 ads here, where the two definitions agree exactly.
"""

import random

from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext

from rihai.screening import actions, networks
from rihai.screening.models import Ad, AdBand, AdBatch, ContactKey, Network
from rihai.screening.network_links import BANDS

from .helpers import ScreeningTestCase, jsonl

TEMPLATES = [
    "driver required in {city} salary {n} riyal free visa call agent today no interview",
    "ghar ka kaam karne wali chahiye {city} mein tankhwah {n} hazar rehaish muft",
    "security guard jobs {city} company visa ticket free medical {n} dirham apply now",
    "nurses wanted for hospital in {city} experience {n} years good package send cv",
    "factory helper needed {city} duty 8 hours overtime {n} contact for details",
    "کام کے لیے {city} میں ڈرائیور کی ضرورت ہے تنخواہ {n} ویزا مفت",
]
CITIES = ["dubai", "riyadh", "doha", "muscat", "jeddah", "kuwait", "sharjah", "dammam"]


def synthetic_ads(seed: int) -> list[dict]:
    rng = random.Random(seed)
    contacts = [f"contact-{seed}-{i}" for i in range(40)]
    ads = []
    for template in TEMPLATES:
        for _ in range(rng.randint(3, 18)):
            text = template.format(city=rng.choice(CITIES), n=rng.randint(10, 99999))
            if rng.random() < 0.3:  # a drifted copy: some stay near duplicates, some do not
                words = text.split()
                words[rng.randrange(len(words))] = rng.choice(["urgent", "jaldi", "fori"])
                text = " ".join(words)
            ads.append({"text": text, "keys": rng.sample(contacts, rng.choice([0, 0, 1, 1, 2]))})
    for i in range(60):  # lone ads, a few with a contact another ad has
        words = [rng.choice("abcdefghijklmnopqrstuvwxyz") * rng.randint(2, 6) for _ in range(9)]
        keys = rng.sample(contacts, 1) if rng.random() < 0.3 else []
        ads.append({"text": f"{i} " + " ".join(words), "keys": keys})
    rng.shuffle(ads)
    return ads


class NetworkGrowthTest(ScreeningTestCase):
    def store(self, ads: list[dict], tag: str) -> None:
        batch = AdBatch.objects.create(
            agency=self.fia,
            uploaded_by=self.fia_investigator,
            file_format="jsonl",
            file_hash=tag,
            payload="",
            status="done",
        )
        signatures = networks.signatures_of([a["text"] for a in ads])
        Ad.objects.bulk_create(
            Ad(
                content_hash=f"{tag}-{i}-{a['text'][:20]}",
                text=a["text"],
                normalized_text=a["text"],
                language="en",
                score=(hash(a["text"]) % 1000) / 1000,
                band="low",
                batch=batch,
                signature=signature,
                contact_keys=a["keys"],
            )
            for i, (a, signature) in enumerate(zip(ads, signatures, strict=True))
        )

    def stored_networks(self) -> set:
        found = set()
        for network in Network.objects.all():
            ads = frozenset(Ad.objects.filter(network=network).values_list("id", flat=True))
            self.assertEqual(network.size, len(ads))
            top = max(Ad.objects.filter(network=network).values_list("score", flat=True))
            self.assertEqual(network.max_score, top)
            found.add((ads, network.strength, network.shared_contacts, network.templates))
        return found

    def full_recomputation(self) -> set:
        rows = Ad.objects.order_by("id").values_list("id", "signature", "contact_keys")
        return {
            (frozenset(n["ads"]), n["strength"], n["shared_contacts"], n["templates"])
            for n in networks.cluster(list(rows))
        }

    def test_batches_in_random_orders_give_the_networks_of_a_full_recomputation(self):
        for seed in range(4):
            with self.subTest(seed=seed):
                Ad.objects.all().delete()
                Network.objects.all().delete()
                ContactKey.objects.all().delete()
                ads = synthetic_ads(seed)
                rng = random.Random(100 + seed)
                cuts = sorted(rng.sample(range(1, len(ads)), rng.randint(1, 7)))
                for n, (start, stop) in enumerate(zip([0, *cuts], [*cuts, len(ads)], strict=True)):
                    self.store(ads[start:stop], tag=f"s{seed}b{n}")
                    actions.do_update_networks(acting_user=self.fia_investigator)
                expected = self.full_recomputation()
                self.assertGreater(len(expected), 5)
                self.assertTrue({s for _a, s, _c, _t in expected} == {"strong", "weak"})
                self.assertEqual(self.stored_networks(), expected)

    def test_an_ad_that_gains_a_contact_link_leaves_its_weak_network(self):
        text = "driver required in dubai salary {} riyal free visa call agent today no interview"
        self.store([{"text": text.format(n), "keys": [f"k{n}"]} for n in (111, 222, 333)], "w")
        actions.do_update_networks(acting_user=self.fia_investigator)
        weak = Network.objects.get()
        self.assertEqual((weak.size, weak.strength), (3, "weak"))
        # A lone ad sharing the first ad's contact: that ad is now linked by contact.
        self.store([{"text": "totally different words here about cooks", "keys": ["k111"]}], "x")
        actions.do_update_networks(acting_user=self.fia_investigator)
        self.assertEqual(self.stored_networks(), self.full_recomputation())
        self.assertEqual(
            sorted((n.size, n.strength) for n in Network.objects.all()),
            [(2, "strong"), (2, "weak")],
        )
        # The old id continues in one of the two (the larger keeps it; here a tie).
        self.assertIn(weak.pk, Network.objects.values_list("pk", flat=True))

    def test_a_mass_posted_template_over_several_batches(self):
        # 45 copies: LSH buckets over 32 ads, checked pair by pair against the stored ones.
        text = "urgent staff for dubai hotel {} salary good visa free call now to apply today"
        ads = [{"text": text.format(n), "keys": []} for n in range(1000, 1045)]
        ads += [{"text": "cook for doha " + "x" * n, "keys": ["shared"]} for n in range(3)]
        for n, start in enumerate(range(0, len(ads), 12)):
            self.store(ads[start : start + 12], f"m{n}")
            actions.do_update_networks(acting_user=self.fia_investigator)
        self.assertEqual(self.stored_networks(), self.full_recomputation())
        self.assertEqual(Network.objects.order_by("-size").first().size, 45)

    def test_a_batch_reads_only_the_stored_ads_it_touches(self):
        self.store(synthetic_ads(7), "big")
        actions.do_update_networks(acting_user=self.fia_investigator)
        self.assertEqual(AdBand.objects.count() % BANDS, 0)
        self.store([{"text": "one new ad nobody has seen", "keys": ["fresh"]}], "small")
        with CaptureQueriesContext(connection) as queries:
            counts = actions.do_update_networks(acting_user=self.fia_investigator)
        self.assertEqual(counts["ads_linked"], 1)
        for query in queries.captured_queries:
            sql = query["sql"]
            if 'FROM "screening_ad"' in sql or 'FROM "screening_adband"' in sql:
                self.assertIn("WHERE", sql)  # never the whole store
        # And nothing new: a second run links nothing and changes nothing.
        before = self.stored_networks()
        counts = actions.do_update_networks(acting_user=self.fia_investigator)
        self.assertEqual(counts["ads_linked"], 0)
        self.assertEqual(self.stored_networks(), before)


class LinkWhileScoringTest(ScreeningTestCase):
    def test_an_update_that_would_wait_for_another_is_skipped_unless_asked_to_wait(self):
        from unittest import mock

        from rihai.screening.models import NetworkState

        # As if another update held the lock: PostgreSQL's SKIP LOCKED finds no row.
        empty = NetworkState.objects.none()
        with mock.patch.object(NetworkState.objects, "select_for_update", return_value=empty):
            counts = actions.do_update_networks(acting_user=self.fia_investigator, wait=False)
        self.assertTrue(counts["skipped"])

    def test_a_worker_links_every_few_chunks_while_the_batch_is_scored(self):
        from unittest import mock

        from rihai.screening import tasks

        records = [{"id": f"r{i}", "text": f"Job {i} in Dubai {'x' * i}"} for i in range(25)]
        with self.captureOnCommitCallbacks(execute=False):
            batch, _ = actions.do_upload_ad_batch(
                acting_user=self.fia_investigator, content=jsonl(records)
            )
        batch = actions.do_split_ad_batch(
            batch=batch, acting_user=self.fia_investigator, chunk_size=1
        )
        with (
            mock.patch.object(tasks, "runs_eagerly", return_value=False),
            mock.patch.object(tasks.link_networks, "delay") as linked,
        ):
            for chunk in batch.chunks.all():
                tasks.score_batch_chunk(chunk.pk)
        # After chunks 10 and 20 without waiting, after the last (25) waiting.
        self.assertEqual(
            [c.kwargs for c in linked.call_args_list], [{"wait": False}, {"wait": False}, {}]
        )


def all_pairs_templates(ids, signatures) -> set:
    """Templates by brute force: every pair sharing a band, checked; groups of two or more."""
    from adscreen.cluster import UnionFind
    from rihai.screening.network_links import THRESHOLD, band_keys

    keys = band_keys(signatures)
    forest = UnionFind(len(ids))
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if (keys[i] == keys[j]).any() and (
                (signatures[i] == signatures[j]).mean() >= THRESHOLD
            ):
                forest.union(i, j)
    groups: dict = {}
    for i, ad_id in enumerate(ids):
        groups.setdefault(forest.find(i), set()).add(ad_id)
    return {frozenset(g) for g in groups.values() if len(g) > 1}


class LargeBucketTest(ScreeningTestCase):
    store = NetworkGrowthTest.store

    def test_templates_in_buckets_over_32_ads_equal_an_all_pairs_check(self):
        import numpy as np

        rng = random.Random(3)
        base = "urgent staff for dubai hotel salary good visa free call now to apply today".split()
        ads = []
        for _ in range(120):  # variants drifting one to four words: some are near, some not
            words = list(base)
            for _ in range(rng.randint(1, 4)):
                words[rng.randrange(len(words))] = rng.choice(["fori", "jaldi", "kuwait", "doha"])
            ads.append({"text": " ".join(words), "keys": []})
        for n, start in enumerate(range(0, len(ads), 25)):
            self.store(ads[start : start + 25], f"v{n}")
            actions.do_update_networks(acting_user=self.fia_investigator)
        rows = list(Ad.objects.order_by("id").values_list("id", "signature", "template_root"))
        ids = [r[0] for r in rows]
        signatures = np.frombuffer(b"".join(bytes(r[1]) for r in rows), dtype=np.uint32)
        expected = all_pairs_templates(ids, signatures.reshape(len(ids), -1))
        stored: dict = {}
        for ad_id, _sig, root in rows:
            stored.setdefault(root, set()).add(ad_id)
        self.assertEqual({frozenset(g) for g in stored.values() if len(g) > 1}, expected)
        self.assertGreater(max(len(g) for g in expected), 32)  # a large bucket was exercised


class JoinLargeBucketTest(SimpleTestCase):
    """``_join_large_bucket`` against all pairs, on signatures drawn around the threshold."""

    def test_groups_equal_all_pairs_on_random_buckets(self):
        import numpy as np

        from adscreen.cluster import UnionFind
        from rihai.screening.network_links import THRESHOLD, _Forest, _join_large_bucket

        rng = np.random.default_rng(5)
        for trial in range(30):
            m = int(rng.integers(33, 80))
            base = rng.integers(0, 2**32, size=64, dtype=np.uint32)
            signatures = np.tile(base, (m, 1))
            for row in signatures:  # each member drifts 0-30 of its 64 values from the base
                drift = rng.choice(64, size=int(rng.integers(0, 31)), replace=False)
                row[drift] = rng.integers(0, 2**32, size=len(drift), dtype=np.uint32)
            near = (signatures[:, None, :] == signatures[None, :, :]).mean(axis=2) >= THRESHOLD
            members = np.arange(1, m + 1, dtype=np.int64)
            is_new = rng.random(m) < 0.5
            # Stored members start in their groups among themselves, as earlier batches left.
            forest = _Forest(members.tolist())
            stored = np.flatnonzero(~is_new)
            for i in stored:
                for j in stored:
                    if i < j and near[i, j]:
                        forest.union(int(members[i]), int(members[j]))
            _join_large_bucket(members, is_new, signatures, forest, lambda ad: ad)
            truth = UnionFind(m)
            for i in range(m):
                for j in range(i + 1, m):
                    if near[i, j]:
                        truth.union(i, j)
            found = forest.roots()
            with self.subTest(trial=trial):
                for i in range(m):
                    for j in range(i + 1, m):
                        same = found[int(members[i])] == found[int(members[j])]
                        self.assertEqual(same, truth.find(i) == truth.find(j), (i, j))
