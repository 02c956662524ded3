"""Clustering stored ads into networks with adscreen, from stored signatures and hashed
contacts (no ad is decrypted), and keeping network ids stable between runs."""

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


def stable_ids(found: list[dict], current: dict[int, int | None]) -> list[tuple[int | None, dict]]:
    """Pairs each found network with the existing network id it continues (the lowest id
    among its ads' current networks), or None for a new one. ``current``: ad id → network id.
    Two found networks never continue the same id: the larger keeps it."""
    claimed: set[int] = set()
    paired = []
    for network in sorted(found, key=lambda n: -len(n["ads"])):
        previous = sorted({current[a] for a in network["ads"] if current.get(a)} - claimed)
        keep = previous[0] if previous else None
        if keep is not None:
            claimed.add(keep)
        paired.append((keep, network))
    return paired
