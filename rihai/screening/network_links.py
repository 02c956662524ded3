"""Networks that grow batch by batch: new ads join the stored groups, the store is not clustered
again.

A network is defined pairwise, so it does not depend on the order ads arrive in:

* two ads are **near duplicates** when they share an LSH band of their MinHash signatures and
  their signatures agree on at least ``THRESHOLD`` of the positions (adscreen's test); their
  connected groups are **templates** (two or more ads);
* two ads are **linked by a contact** when they share a hashed contact; an ad with such a link
  ``shares_contact`` (strong);
* a **strong network** is a connected group of contact links; a **weak network** is the ads of
  one template that share no contact (adscreen's rule: a template never glues strong networks
  together). Networks have two or more ads.

Templates and contact groups only ever grow or merge, so each is a persisted union-find: the
group's smallest ad id is its root (``Ad.template_root``, ``Ad.contact_root``,
``ContactKey.root``), and a new batch only reads the stored ads that share a band key or a
contact with it. A weak network can shrink (an ad of the template gains a contact link and
moves to a strong network), so the networks of every group the batch touched are rebuilt
from their members, and only those.

The one difference from adscreen's ``AdNetworkIndex`` run over the whole store: adscreen
checks every pair only in LSH buckets of up to 32 ads and a chain and a star in larger ones
(mass-posted templates), which depends on the order of the ads; here every pair sharing a band
is checked, so a near duplicate is never missed because of where it sat in a bucket. Where no
bucket holds more than 32 ads the two give the same networks (``tests/screening/
test_network_growth.py`` compares them on random batch orders).
"""

from collections import defaultdict

import numpy as np
from django.db import connections
from django.db.models import Count, F, Max, Q

from adscreen.cluster import AdNetworkIndex, UnionFind

from .models import Ad, AdBand, ContactKey
from .networks import NUM_PERM, SEED, THRESHOLD

_LAYOUT = AdNetworkIndex(threshold=THRESHOLD, num_perm=NUM_PERM, seed=SEED, keep_text=False)
BANDS, ROWS = _LAYOUT.bands, _LAYOUT.rows
EMPTY = np.iinfo(np.uint32).max
SMALL_BUCKET = 32  # all pairs by the vectorised "distance" walk up to this size
PAIR_BLOCK = 1 << 16  # pairs verified at a time
IN_BATCH = 900  # under SQLite's limit of host parameters per statement
_U64 = np.uint64


def _mix(h: np.ndarray) -> np.ndarray:
    # MurmurHash3's 64-bit finaliser: spreads the band values over the key.
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> _U64(33))


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """``(n, BANDS)`` int64 keys: equal keys mean the same band values in the same band (a
    64-bit collision could add a candidate, which the signature check then judges)."""
    keys = np.empty((len(signatures), BANDS), dtype=np.int64)
    for band in range(BANDS):
        h = np.full(len(signatures), 0x9E3779B97F4A7C15 ^ band, dtype=np.uint64)
        for column in signatures[:, band * ROWS : (band + 1) * ROWS].T:
            h = _mix((h ^ column.astype(np.uint64)) * _U64(0x100000001B3))
        keys[:, band] = h.view(np.int64)
    return keys


def _signatures(raw: list) -> np.ndarray:
    empty = np.full(NUM_PERM, EMPTY, dtype=np.uint32).tobytes()
    joined = b"".join(bytes(s) if s else empty for s in raw)
    return np.frombuffer(joined, dtype=np.uint32).reshape(len(raw), NUM_PERM)


def _batch_size() -> int:
    # SQLite takes at most 999 host parameters by default; PostgreSQL 65,535.
    return IN_BATCH if connections[Ad.objects.db].vendor == "sqlite" else 20_000


def _in_batches(values: list, size: int = 0):
    size = size or _batch_size()
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _assign(column: str, values: dict[int, int]) -> None:
    """Sets ``Ad.<column>`` of many ads to their own values, a few statements in all
    (``UPDATE ... FROM (VALUES ...)``, SQLite 3.33 and PostgreSQL; one UPDATE per ad was most of a batch's linking time)."""
    if column not in ("template_root", "contact_root"):
        raise ValueError(column)
    connection = connections[Ad.objects.db]
    table = connection.ops.quote_name(Ad._meta.db_table)
    pairs = list(values.items())
    with connection.cursor() as cursor:
        for part in _in_batches(pairs, _batch_size() // 2):
            rows = ", ".join(["(%s, %s)"] * len(part))
            # Identifiers from the model and the check above; every value is a parameter.
            sql = (
                f"UPDATE {table} SET {column} = v.column2 "  # noqa: S608
                f"FROM (VALUES {rows}) AS v WHERE {table}.id = v.column1"
            )
            cursor.execute(sql, [n for pair in part for n in pair])


# ---------------------------------------------------------------- candidate pairs


def bucket_pairs(
    keys: np.ndarray, members: np.ndarray, is_new: np.ndarray
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """Candidates among ``members`` with an equal key: every pair with at least one new
    member in buckets of up to ``SMALL_BUCKET`` ads, as an ``(m, 2)`` array (pairs of two
    stored ads were checked before), and the larger buckets as (members, is_new), ascending,
    for ``_join_large_bucket``."""
    if len(keys) < 2:
        return np.zeros((0, 2), dtype=np.int64), []
    order = np.lexsort((members, keys))
    keys, members, is_new = keys[order], members[order], is_new[order]
    starts = np.ones(len(keys), dtype=bool)
    starts[1:] = keys[1:] != keys[:-1]
    bucket = np.cumsum(starts) - 1
    sizes = np.bincount(bucket)
    size_of = sizes[bucket]
    found = []
    small = (size_of > 1) & (size_of <= SMALL_BUCKET)
    for distance in range(1, int(size_of[small].max()) if small.any() else 0):
        same = (bucket[distance:] == bucket[:-distance]) & small[distance:]
        same &= is_new[distance:] | is_new[:-distance]
        if same.any():
            found.append(np.stack((members[:-distance][same], members[distance:][same]), 1))
    first = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    large = []
    for b in np.flatnonzero(sizes > SMALL_BUCKET).tolist():
        span = slice(first[b], first[b] + sizes[b])
        if is_new[span].any():
            large.append((members[span], is_new[span]))
    if not found:
        return np.zeros((0, 2), dtype=np.int64), large
    pairs = np.sort(np.concatenate(found), axis=1)
    return np.unique(pairs, axis=0), large  # a pair sharing several bands is checked once


class _Forest:
    """Union-find over node ids (ad ids, stored group roots); a group's root is reported
    as its smallest node."""

    def __init__(self, nodes: list[int]):
        self.index = {node: i for i, node in enumerate(nodes)}
        self.forest = UnionFind(len(nodes))

    def find(self, node: int) -> int:
        return self.forest.find(self.index[node])

    def union(self, first: int, second: int) -> int:
        return self.forest.union(self.index[first], self.index[second])

    def join_root(self, node: int, root: int) -> None:
        """Joins ``node``'s group and the group whose internal root is ``root``."""
        self.forest.union(self.index[node], root)

    def roots(self) -> dict[int, int]:
        smallest: dict[int, int] = {}
        for node, i in self.index.items():
            root = self.forest.find(i)
            smallest[root] = min(smallest.get(root, node), node)
        return {node: smallest[self.forest.find(i)] for node, i in self.index.items()}


def _join_large_bucket(members, is_new, signatures: np.ndarray, forest: _Forest, node) -> None:
    """Joins the new ads of one large bucket (a mass-posted template) to the groups they
    have a near duplicate in, exactly, without checking every pair.

    Every edge with a new end is judged, except where it could change nothing: a new ad
    checks each other group of the bucket against the group's first ad, and only when that
    fails against the group's other ads, stopping at the first near duplicate. New ads go in
    id order and join the groups as they do, so a mass-posted template costs about one
    check per ad instead of one per pair.
    """
    groups: dict[int, list[int]] = defaultdict(list)  # forest root → positions in the bucket
    for position in np.flatnonzero(~is_new).tolist():
        groups[forest.find(node(int(members[position])))].append(position)
    for position in np.flatnonzero(is_new).tolist():
        me = node(int(members[position]))
        own = forest.find(me)
        others = [root for root in groups if root != own]
        matched = []
        if others:
            firsts = signatures[[groups[root][0] for root in others]]
            near = (firsts == signatures[position]).mean(axis=1) >= THRESHOLD
            for root, hit in zip(others, near.tolist(), strict=True):
                rest = groups[root][1:]
                if hit or (
                    rest
                    and ((signatures[rest] == signatures[position]).mean(axis=1) >= THRESHOLD).any()
                ):
                    matched.append(root)
        joined = groups.pop(own, [])
        for root in matched:
            joined += groups.pop(root)
            forest.join_root(me, root)
        groups[forest.find(me)] = [*joined, position]


def _verified(pairs: np.ndarray, ids: np.ndarray, signatures: np.ndarray) -> np.ndarray:
    """The pairs (of ad ids; ``ids`` sorted, rows of ``signatures``) that are near duplicates."""
    keep = np.zeros(len(pairs), dtype=bool)
    for start in range(0, len(pairs), PAIR_BLOCK):
        chunk = pairs[start : start + PAIR_BLOCK]
        a = signatures[np.searchsorted(ids, chunk[:, 0])]
        b = signatures[np.searchsorted(ids, chunk[:, 1])]
        keep[start : start + PAIR_BLOCK] = (a == b).mean(axis=1) >= THRESHOLD
    return pairs[keep]


# ---------------------------------------------------------------- union-find over groups


def _groups(nodes: list[int], edges) -> dict[int, int]:
    """node → its group's root (the smallest node of the group)."""
    forest = _Forest(nodes)
    for a, b in edges:
        forest.union(a, b)
    return forest.roots()


def _rename(model, column: str, renamed: dict[int, int]) -> None:
    """Points every row whose ``column`` is an old root at its group's new root."""
    by_new = defaultdict(list)
    for old, new in renamed.items():
        if old != new:
            by_new[new].append(old)
    for new, olds in by_new.items():
        for part in _in_batches(olds):
            model.objects.filter(**{f"{column}__in": part}).update(**{column: new})


# ---------------------------------------------------------------- the two kinds of group


def link_templates(new: list[tuple[int, bytes | None]]) -> set[int]:
    """Joins the new ads to the stored templates; returns the template roots they are in."""
    ids = np.array([i for i, _s in new], dtype=np.int64)
    signatures = _signatures([s for _i, s in new])
    usable = ~(signatures == EMPTY).all(axis=1)
    keys = band_keys(signatures[usable])
    owners = np.repeat(ids[usable], BANDS)
    flat = keys.ravel()
    stored_keys, stored_ads = _stored_bands(np.unique(flat).tolist())
    members = np.concatenate((owners, stored_ads))
    is_new = np.concatenate((np.ones(len(owners), bool), np.zeros(len(stored_ads), bool)))
    pairs, large = bucket_pairs(np.concatenate((flat, stored_keys)), members, is_new)
    # The stored candidates' signatures and template roots, for the check and the union.
    stored = sorted(set(stored_ads.tolist()))
    stored_root: dict[int, int] = {}
    stored_sig: dict[int, bytes] = {}
    for part in _in_batches(stored):
        for ad_id, sig, root in Ad.objects.filter(pk__in=part).values_list(
            "id", "signature", "template_root"
        ):
            stored_sig[ad_id], stored_root[ad_id] = sig, root
    all_ids = np.concatenate((ids, np.array(stored, dtype=np.int64)))
    order = np.argsort(all_ids)
    all_ids = all_ids[order]
    all_sigs = np.concatenate((signatures, _signatures([stored_sig[i] for i in stored])))[order]
    edges = _verified(pairs, all_ids, all_sigs)

    # Nodes: the new ads and the roots of the stored templates they touch.
    def node(ad_id: int) -> int:
        return stored_root.get(ad_id, ad_id)

    forest = _Forest(sorted({*ids.tolist(), *(stored_root[a] for a in stored)}))
    for a, b in edges.tolist():
        forest.union(node(a), node(b))
    for bucket_members, bucket_new in large:
        rows = all_sigs[np.searchsorted(all_ids, bucket_members)]
        _join_large_bucket(bucket_members, bucket_new, rows, forest, node)
    root_of = forest.roots()
    _rename(Ad, "template_root", {old: root_of[old] for old in set(stored_root.values())})
    _assign("template_root", {ad_id: root_of[ad_id] for ad_id in ids.tolist()})
    _store_bands(keys, ids[usable])
    return {root_of[ad_id] for ad_id in ids.tolist()}


def _stored_bands(keys: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The stored (key, ad) rows with these keys."""
    found: list[tuple[int, int]] = []
    connection = connections[AdBand.objects.db]
    if connection.vendor == "postgresql":
        # One array parameter: PostgreSQL plans ``= ANY(array)`` much faster than IN (...)
        # with tens of thousands of parameters.
        table = connection.ops.quote_name(AdBand._meta.db_table)
        with connection.cursor() as cursor:
            for part in _in_batches(keys, 100_000):
                cursor.execute(f"SELECT key, ad_id FROM {table} WHERE key = ANY(%s)", [part])  # noqa: S608
                found.extend(cursor.fetchall())
    else:
        for part in _in_batches(keys):
            found.extend(AdBand.objects.filter(key__in=part).values_list("key", "ad_id"))
    pairs = np.array(found, dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def _store_bands(keys: np.ndarray, ads: np.ndarray) -> None:
    rows = list(zip(keys.ravel().tolist(), np.repeat(ads, BANDS).tolist(), strict=True))
    connection = connections[AdBand.objects.db]
    table = connection.ops.quote_name(AdBand._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: a batch of 100,000 ads is 1.2 million rows.
            with cursor.cursor.copy(f"COPY {table} (key, ad_id) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} (key, ad_id) VALUES (%s, %s)", rows)  # noqa: S608


def link_contacts(new: list[tuple[int, list[str]]]) -> tuple[set[int], set[int]]:
    """Joins the new ads to the stored contact groups. Returns the roots of the groups of two
    or more ads the batch touched, and the template roots of stored ads that gained their
    first contact link (they leave their weak network)."""
    uses_in_batch: dict[str, list[int]] = defaultdict(list)
    for ad_id, keys in new:
        for key in dict.fromkeys(keys):
            uses_in_batch[key].append(ad_id)
    stored = {}
    for part in _in_batches(list(uses_in_batch)):
        stored.update(ContactKey.objects.filter(key__in=part).in_bulk(field_name="key"))
    edges = []
    for key, ads in uses_in_batch.items():
        anchor = stored[key].root if key in stored else ads[0]
        edges.extend((anchor, ad) for ad in ads if ad != anchor)
    old_roots = {c.root for c in stored.values()}
    nodes = sorted({*old_roots, *(ad for ad, _k in new)})
    root_of = _groups(nodes, edges)
    _rename(Ad, "contact_root", {r: root_of[r] for r in old_roots})
    _rename(ContactKey, "root", {r: root_of[r] for r in old_roots})
    _assign("contact_root", {ad_id: root_of[ad_id] for ad_id, _keys in new})
    fresh = [
        ContactKey(key=k, root=root_of[ads[0]], uses=len(ads))
        for k, ads in uses_in_batch.items()
        if k not in stored
    ]
    ContactKey.objects.bulk_create(fresh, batch_size=_batch_size() // 4)
    by_increase = defaultdict(list)
    for key, contact in stored.items():
        by_increase[len(uses_in_batch[key])].append(contact.pk)
    for increase, pks in by_increase.items():
        for part in _in_batches(pks):
            ContactKey.objects.filter(pk__in=part).update(uses=F("uses") + increase)
    touched = sorted({root_of[ad_id] for ad_id, _keys in new})
    linked = set()
    for part in _in_batches(touched):
        sizes = (
            Ad.objects.filter(contact_root__in=part)
            .values("contact_root")
            .annotate(n=Count("id"))
            .filter(n__gte=2)
        )
        linked.update(row["contact_root"] for row in sizes)
    left_weak = set()
    for part in _in_batches(sorted(linked)):
        gaining = Ad.objects.filter(contact_root__in=part, shares_contact=False)
        left_weak.update(
            gaining.exclude(template_root=None).values_list("template_root", flat=True)
        )
        gaining.update(shares_contact=True)
    return linked, left_weak


# ---------------------------------------------------------------- networks from groups


def _mark_templates(roots: set[int]) -> None:
    """``Ad.in_template`` for the ads of these template groups that now have two or more."""
    for part in _in_batches(sorted(roots)):
        grown = (
            Ad.objects.filter(template_root__in=part)
            .order_by()
            .values("template_root")
            .annotate(n=Count("id"))
            .filter(n__gte=2)
            .values_list("template_root", flat=True)
        )
        Ad.objects.filter(template_root__in=list(grown), in_template=False).update(in_template=True)


def _group_figures(column: str, roots: set[int], shares_contact: bool) -> dict:
    """Per group (``column`` = its root): size, top score, templates, previous network ids,
    from aggregates: a network of thousands of ads is never read row by row."""
    figures: dict[int, dict] = {}
    for part in _in_batches(sorted(roots)):
        rows = Ad.objects.filter(**{f"{column}__in": part, "shares_contact": shares_contact})
        for row in (
            rows.order_by()
            .values(column)
            .annotate(
                size=Count("id"),
                top=Max("score"),
                templates=Count("template_root", distinct=True, filter=Q(in_template=True)),
            )
        ):
            figures[row[column]] = {**row, "previous": set()}
        previous = rows.exclude(network=None).order_by().values_list(column, "network_id")
        for root, network_id in previous.distinct():
            figures[root]["previous"].add(network_id)
    return figures


def rebuild_networks(strong_roots: set[int], template_roots: set[int], *, now) -> dict:
    """Rebuilds the networks of the given contact groups and weak template groups."""
    from .models import Network

    groups = {
        ("contact", root): f
        for root, f in _group_figures("contact_root", strong_roots, True).items()
    }
    groups.update(
        {
            ("template", root): f
            for root, f in _group_figures("template_root", template_roots, False).items()
        }
    )
    shared = defaultdict(int)
    for part in _in_batches(sorted(r for kind, r in groups if kind == "contact")):
        for row in (
            ContactKey.objects.filter(root__in=part, uses__gte=2)
            .order_by()
            .values("root")
            .annotate(n=Count("id"))
        ):
            shared[row["root"]] = row["n"]
    # Stable ids: the largest network keeps the lowest id among its ads' networks.
    claimed: set[int] = set()
    kept: set[int] = set()
    previous_ids = set()
    for (kind, root), f in sorted(groups.items(), key=lambda kv: (-kv[1]["size"], kv[0])):
        previous_ids |= f["previous"]
        of_group = (
            Ad.objects.filter(contact_root=root, shares_contact=True)
            if kind == "contact"
            else Ad.objects.filter(template_root=root, shares_contact=False)
        )
        if f["size"] < 2:  # a lone ad is in no network (most new ads: nothing to clear)
            if f["previous"]:
                of_group.exclude(network=None).update(network=None)
            continue
        values = {
            "size": f["size"],
            "strength": "strong" if kind == "contact" else "weak",
            "shared_contacts": shared[root] if kind == "contact" else 0,
            "templates": f["templates"],
            "max_score": f["top"],
            "updated_on": now,
        }
        free = sorted(f["previous"] - claimed)
        if free:
            network_id = free[0]
            Network.objects.filter(pk=network_id).update(**values)
        else:
            network_id = Network.objects.create(**values).pk
        claimed.add(network_id)
        kept.add(network_id)
        of_group.exclude(network_id=network_id).update(network_id=network_id)
    removed = 0
    for part in _in_batches(sorted(previous_ids - kept)):
        removed += Network.objects.filter(pk__in=part).delete()[0]
    return {"networks_touched": len(kept), "removed": removed}


def link_new_ads(*, now) -> dict:
    """Joins every ad not linked yet to the stored groups and rebuilds the networks touched."""
    new = list(
        Ad.objects.filter(template_root=None)
        .order_by("id")
        .values_list("id", "signature", "contact_keys")
    )
    if not new:
        return {"ads_linked": 0, "networks_touched": 0, "removed": 0}
    templates = link_templates([(i, s) for i, s, _c in new])
    _mark_templates(templates)
    strong, left_weak = link_contacts([(i, c) for i, _s, c in new])
    # A template that grew or merged changes the template count of the strong networks its
    # ads are in, even where no contact changed.
    for part in _in_batches(sorted(templates)):
        rows = Ad.objects.filter(template_root__in=part, shares_contact=True)
        strong.update(rows.order_by().values_list("contact_root", flat=True).distinct())
    counts = rebuild_networks(strong, templates | left_weak, now=now)
    return {"ads_linked": len(new), **counts}
