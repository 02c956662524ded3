"""The MinHash signature each ad stores, and adscreen's clustering of a set of stored ads.

The app links ads batch by batch (``network_links.py``); ``cluster`` is adscreen's
``AdNetworkIndex`` over a whole set, from the stored signatures and hashed contacts (no ad is
decrypted): the full recomputation the incremental networks are tested against."""

import numpy as np

from adscreen.cluster import AdNetworkIndex, text_signatures

NUM_PERM, SEED, THRESHOLD = 64, 1, 0.7


def signatures_of(normalized_texts: list[str]) -> list[bytes]:
    """What ``Ad.signature`` holds: adscreen's MinHash of each normalised text."""
    block = text_signatures(normalized_texts, num_perm=NUM_PERM, seed=SEED)
    return [row.tobytes() for row in block]


def cluster(ads: list[tuple[int, bytes | None, list[str]]]) -> list[dict]:
    """[(ad id, signature, contact keys)] → networks of two or more ads:
    [{"ads": [ids], "strength", "shared_contacts", "templates"}]."""
    if not ads:
        return []
    index = AdNetworkIndex(threshold=THRESHOLD, num_perm=NUM_PERM, seed=SEED, keep_text=False)
    empty = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32).tobytes()
    signatures = np.frombuffer(
        b"".join(bytes(sig) if sig else empty for _id, sig, _c in ads), dtype=np.uint32
    ).reshape(len(ads), NUM_PERM)
    index.insert_batch([str(i) for i, _s, _c in ads], signatures, [c for _i, _s, c in ads])
    result = index.clusters()
    ids = [ad_id for ad_id, _s, _c in ads]
    members = result.cluster_members(min_size=2)
    found = []
    for network in result.networks(min_size=2):
        found.append(
            {
                "ads": [ids[p] for p in members[network.cluster_id].tolist()],
                "strength": network.strength,
                "shared_contacts": len(network.contacts),
                "templates": len(network.template_ids),
            }
        )
    return found
