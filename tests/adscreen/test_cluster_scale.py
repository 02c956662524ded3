"""The lean large-corpus paths of adscreen.cluster give exactly the old results.

Clustering keeps signatures in chunks, checks LSH candidates band by band and joins sets
with a vectorised union-find; none of that may change a cluster id, template or network.
The digest below was recorded with the straightforward implementation (one signature
array, all candidates at once, ``UnionFind``) before those changes. Synthetic ads only.
"""

import hashlib
import json
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adscreen import cluster
from adscreen.cluster import AdIds, AdNetworkIndex, UnionFind, text_signatures
from adscreen.templates import extract_templates

TEMPLATES = [
    "Urgent: {job} required for a construction company in {city}. Salary {salary} AED per "
    "month, free accommodation and food, visa and ticket provided. Contact {name} {phone}.",
    "{city} mein {job} ki naukri, fori zaroorat hai. Tankhwah {salary} mahana, rehaish aur "
    "khana company ki taraf se. Visa aur ticket free. Rabta karein {name} {phone}",
    "{city} میں {job} کی فوری ضرورت ہے۔ تنخواہ {salary} ماہانہ، رہائش اور کھانا کمپنی کی "
    "طرف سے۔ ویزا اور ٹکٹ مفت۔ رابطہ کریں {name} {phone}",
]
WORDS = "driver cook welder nurse Dubai Riyadh Doha Lahore salary visa ticket free call".split()
# Recorded with the implementation before the memory work (see the module docstring).
GOLDEN_DIGEST = "b42858c62b88d2e9ae723e618e36a77425e6192557fe9c923ff0ec5fab059130"


def corpus(count=2500, seed=5):
    """Template ads with drift, free-form ads, a mass-posted copy and shared contacts."""
    rng = random.Random(seed)
    ads = []
    for number in range(count):
        roll = rng.random()
        if roll < 0.2:
            text = " ".join(rng.choices(WORDS, k=rng.randint(4, 12)))
        elif roll < 0.3:
            text = TEMPLATES[0].format(
                job="driver", city="Dubai", salary=1500, name="Ali", phone=""
            )
        else:
            text = rng.choice(TEMPLATES).format(
                job=rng.choice(["driver", "cook", "welder", "nurse"]),
                city=rng.choice(["Dubai", "Riyadh", "Doha", "Muscat"]),
                salary=rng.randrange(800, 6000, 50),
                name=rng.choice(["Adeel", "Hina", "Sana", "Bilal"]),
                phone=f"0300-{number:07d}",
            )
            if rng.random() < 0.3:
                text = text.replace("naukri", "nokri").replace("zaroorat", "zarurat")
        contacts = []
        if rng.random() < 0.3:
            contacts.append(f"phone:+92300{rng.randrange(40):07d}")
        if rng.random() < 0.1:
            contacts.append(f"email:hr{rng.randrange(400)}@example.com")
        ads.append((f"ad-{number}", text, contacts))
    return ads


def collapse(text):
    return " ".join(text.split())


def build(ads):
    # A fixed processor, so that the digest does not move with adscreen.normalize.
    index = AdNetworkIndex(threshold=0.7, num_perm=64, seed=1, processor=collapse)
    for ad_id, text, contacts in ads:
        index.add(ad_id, text, contacts)
    return index


def digest(index, result):
    templates = extract_templates(result.template_members(), text_of=index.texts.__getitem__)
    document = {
        "assignments": [row.as_dict() for row in result.assignments()],
        "networks": [network.as_dict() for network in result.networks()],
        "templates": {t: template.as_dict() for t, template in templates.items()},
        "shared_contacts": {k: v.tolist() for k, v in result.shared_contacts().items()},
    }
    encoded = json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


@pytest.mark.parametrize("chunk_rows", [None, 64, 1000])
@pytest.mark.parametrize("release", [False, True])
def test_results_match_the_recorded_digest(monkeypatch, chunk_rows, release):
    if chunk_rows:
        monkeypatch.setattr(cluster, "_SIGNATURE_CHUNK_ROWS", chunk_rows)
    index = build(corpus())
    result = index.clusters(release=release)

    assert digest(index, result) == GOLDEN_DIGEST


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 40).flatmap(
        lambda n: st.tuples(
            st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)))
        )
    )
)
def test_vectorised_union_find_matches_union_find(case):
    count, pairs = case
    reference = UnionFind(count)
    for first, second in pairs:
        reference.union(first, second)
    parent = np.arange(count, dtype=np.int64)
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    # In two batches, as the clustering joins one LSH band after another.
    cluster._join(parent, edges[: len(edges) // 2])
    cluster._join(parent, edges[len(edges) // 2 :])

    assert cluster._component_labels(parent).tolist() == reference.labels().tolist()


def test_signatures_are_stored_in_chunks_and_read_back_whole(monkeypatch):
    monkeypatch.setattr(cluster, "_SIGNATURE_CHUNK_ROWS", 100)
    texts = [collapse(text) for _, text, _ in corpus(count=450)]
    whole = text_signatures(texts, num_perm=64, seed=1)
    index = AdNetworkIndex(threshold=0.7, num_perm=64, seed=1, processor=collapse)
    for start in range(0, 450, 30):  # batches of 30 are merged into chunks of 100 or more
        ids = [str(n) for n in range(start, start + 30)]
        index.insert_batch(ids, whole[start : start + 30], [[]] * 30)
    store = index._signature_store()

    assert [len(chunk) for chunk in store.chunks] == [120, 120, 120, 90]
    assert np.array_equal(index.signatures(), whole)
    rows = np.array([449, 0, 119, 120, 250, 250], dtype=np.int64)
    assert np.array_equal(store.take(rows), whole[rows])
    usable = np.array([1, 5, 119, 120, 121, 399, 449], dtype=np.int64)
    assert np.array_equal(store.columns(5, 10, usable), whole[usable, 5:10])


def test_release_drops_signatures_and_contacts_but_keeps_texts():
    index = build(corpus(count=200))
    result = index.clusters(release=True)

    assert index._signature_chunks == [] and index._contact_number == {}
    assert len(index.texts) == len(result) == 200


def test_packed_ad_ids_read_back_exactly():
    ids = ["ad-1", "", "اشتہار-۲", "emoji-🙂", "lone-\ud800", "tab\tnew\nline", "ad-1"]
    packed = AdIds(ids)

    assert len(packed) == len(ids)
    assert list(packed) == ids
    assert [packed[i] for i in range(-len(ids), 0)] == ids
    assert packed[1:4] == ids[1:4]
    assert packed[np.int64(2)] == ids[2]
    with pytest.raises(IndexError):
        packed[len(ids)]
    with pytest.raises(IndexError):
        packed[-len(ids) - 1]
