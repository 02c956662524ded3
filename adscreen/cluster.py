"""Group recruitment ads into networks: near-duplicate templates and shared contacts.

Two kinds of evidence join ads:

* **Shared contacts** (the same phone, WhatsApp number, e-mail or OEP licence) are strong
  evidence that ads come from one advertiser.
* **Near-duplicate text** (MinHash over character shingles, grouped with LSH) is weak
  evidence on its own: legitimate employers and job boards reuse templates too.

So a network (``cluster_id``) is either *strong* — ads joined by shared contacts — or
*weak* — ads without any shared contact, joined by a shared template. A template shared
across networks never merges them; it is reported as ``related_cluster_ids``.

The surface follows datasketch: build an index, add ads, ask for the clusters.

>>> index = AdNetworkIndex(threshold=0.7, num_perm=64, seed=1)
>>> ad = "Driver required in Dubai, salary {} AED, call 0300-000000{}"
>>> index.add("a1", ad.format(1200, 1), ["phone:+923000000001"])
>>> index.add("a2", ad.format(1500, 2), ["phone:+923000000002"])
>>> index.add("a3", "Cook needed in Lahore hotel", ["phone:+923000000002"])
>>> result = index.clusters()
>>> [(row.cluster_id, row.template_id) for row in result.assignments()]
[(1, 1), (2, 1), (2, None)]
>>> [(network.size, network.strength, network.related_cluster_ids) for network in result.networks()]
[(2, 'strong', (1,))]

Why the LSH banding runs in numpy rather than in ``datasketch.MinHashLSH``: a template
posted ten thousand times puts ten thousand ads in one bucket, and ``MinHashLSH.query``
returns the whole bucket for every one of them, which is quadratic. Sorting band keys
with numpy finds the same buckets in O(n log n) and lets us cap the pairs drawn from a
huge bucket. The band layout (``b`` x ``r``) comes from datasketch's optimiser, the
permutations are datasketch's ``affine32`` scheme, and ``lsh_backend="datasketch"``
keeps ``MinHashLSH`` as the reference implementation the tests compare against.

Memory at scale: each band's candidates are verified as they are found and joined into
the groups at once (a vectorised union-find), so only one band's pairs are ever held;
signatures stay in chunks and ad ids are packed. At a million ads this took the peak from
about 2 GB (all bands' candidates at once) to under 800 MB; see docs/adscreen-networks.md.

Why one module of this size: contact linking, template grouping and the network summary
share one union-find and one definition of strong and weak evidence; splitting them would
let the definitions drift.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = [
    "AdAssignment",
    "AdIds",
    "AdNetworkIndex",
    "Network",
    "NetworkResult",
    "UnionFind",
    "shingle_hash",
    "text_signatures",
]

# Character 3-grams: short enough that "chahiye"/"chahye" or "naukri"/"nokri" still share
# most shingles (a Roman Urdu pair with seven such drifts scores 0.80 with 3-grams but
# 0.73 with 4-grams), long enough that unrelated ads in one language stay below 0.15.
DEFAULT_SHINGLE_SIZE = 3
# (false-positive weight, false-negative weight) for datasketch's band optimiser. Missed
# pairs are lost for good while extra candidates only cost a vectorised check, so favour
# recall: at threshold 0.7 and 64 permutations this picks 12 bands of 5 rows, catching
# 89% of pairs at similarity 0.7 and 99% at 0.8 (equal weights: 38% and 77%).
LSH_WEIGHTS = (0.1, 0.9)
# All pairs are verified inside buckets up to this size; larger buckets (mass-posted
# templates) contribute a chain and a star instead, which connects them just as well.
ALL_PAIRS_BUCKET_LIMIT = 32
# Keeps the (shingles x permutations) scratch matrix near 16 MB at num_perm=64.
_SHINGLES_PER_BLOCK = 1 << 16
# Signatures are stored in chunks of at least this many rows (16 MB at num_perm=64):
# adding ads never copies the whole store, and clustering never needs one contiguous copy.
_SIGNATURE_CHUNK_ROWS = 1 << 16
# Candidate pairs are checked against the signatures this many at a time.
_VERIFY_BATCH = 1 << 16

_MASK64 = (1 << 64) - 1
_SHINGLE_MULTIPLIER = 0x100000001B3  # FNV-1a 64-bit prime: a cheap, well-spread polynomial base
_U64 = np.uint64


def _fmix64_int(h: int) -> int:
    """MurmurHash3's 64-bit finaliser on a Python int (reference for the numpy version)."""
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & _MASK64
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & _MASK64
    return h ^ (h >> 33)


def _fmix64(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> _U64(33))


def _fmix32(h: np.ndarray) -> np.ndarray:
    # Same pre-mix datasketch applies to every input hash in its affine32 scheme.
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def shingle_hash(shingle: str | bytes) -> int:
    """Hash one character shingle to 32 bits.

    This is the scalar reference for the vectorised hashing in :func:`text_signatures`;
    pass it as ``hashfunc`` to ``datasketch.MinHash`` to get identical signatures.

    Parameters
    ----------
    shingle : str or bytes
        A character k-gram (bytes are decoded as UTF-8).

    Returns
    -------
    int
        An unsigned 32-bit hash.
    """
    if isinstance(shingle, bytes):
        shingle = shingle.decode("utf-8")
    h = 0
    for char in shingle:
        h = (h * _SHINGLE_MULTIPLIER + ord(char)) & _MASK64
    return _fmix64_int(h) & 0xFFFFFFFF


def shingles(text: str, *, size: int = DEFAULT_SHINGLE_SIZE) -> list[str]:
    """Character shingles of ``text``, case-folded; a text shorter than ``size`` is
    padded with NULs.

    Parameters
    ----------
    text : str
        Already normalised text.
    size : int, default=3
        Shingle length in characters.
    """
    padded = text.casefold().ljust(size, "\0")
    return [padded[i : i + size] for i in range(len(padded) - size + 1)]


def minhash_permutations(*, num_perm: int, seed: int) -> np.ndarray:
    """datasketch's affine32 permutation parameters, shape ``(2, num_perm)``."""
    return MinHash(num_perm=num_perm, seed=seed).permutations


def text_signatures(
    texts: Sequence[str],
    *,
    num_perm: int = 64,
    seed: int = 1,
    shingle_size: int = DEFAULT_SHINGLE_SIZE,
    permutations: np.ndarray | None = None,
) -> np.ndarray:
    """MinHash signatures of many texts at once, as one ``uint32`` array.

    Row ``i`` equals the ``hashvalues`` of ``datasketch.MinHash(num_perm, seed=seed,
    hashfunc=shingle_hash)`` updated with ``shingles(texts[i])``, but computed with a
    few numpy operations per block of texts instead of Python work per shingle.
    An empty text gets the all-ones "empty" signature, which matches nothing.

    Parameters
    ----------
    texts : sequence of str
        Normalised texts.
    num_perm : int, default=64
    seed : int, default=1
    shingle_size : int, default=3
    permutations : ndarray, optional
        Precomputed :func:`minhash_permutations`, to save rebuilding them per batch.

    Returns
    -------
    ndarray of shape (len(texts), num_perm), dtype uint32
    """
    if permutations is None:
        permutations = minhash_permutations(num_perm=num_perm, seed=seed)
    a = permutations[0].astype(np.uint32)[None, :]
    b = permutations[1].astype(np.uint32)[None, :]
    signatures = np.full((len(texts), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    start = 0
    while start < len(texts):
        # Take texts until the block holds enough shingles to amortise numpy's overhead.
        stop, budget = start, 0
        while stop < len(texts) and (budget == 0 or budget < _SHINGLES_PER_BLOCK):
            budget += max(len(texts[stop]), shingle_size) - shingle_size + 1
            stop += 1
        _fill_block(texts[start:stop], signatures[start:stop], a, b, shingle_size)
        start = stop
    return signatures


def _fill_block(texts, out, a, b, shingle_size) -> None:
    # Case-folded so that "DRIVER REQUIRED" and "Driver required" are the same shingles.
    padded = [text.casefold().ljust(shingle_size, "\0") for text in texts]
    codepoints = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32)
    codepoints = codepoints.astype(np.uint64)
    lengths = np.fromiter((len(p) for p in padded), dtype=np.int64, count=len(padded))
    text_starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    shingle_counts = lengths - shingle_size + 1

    # Rolling polynomial hash of every k-gram in the concatenation, wrapping at 2^64.
    windows = len(codepoints) - shingle_size + 1
    rolling = np.zeros(windows, dtype=np.uint64)
    multiplier = _U64(_SHINGLE_MULTIPLIER)
    for offset in range(shingle_size):
        rolling = rolling * multiplier + codepoints[offset : offset + windows]

    # Keep only k-grams that start and end inside one text.
    segment_starts = np.concatenate(([0], np.cumsum(shingle_counts)[:-1]))
    within = np.arange(shingle_counts.sum()) - np.repeat(segment_starts, shingle_counts)
    positions = np.repeat(text_starts, shingle_counts) + within
    hashed = _fmix32((_fmix64(rolling[positions]) & _U64(0xFFFFFFFF)).astype(np.uint32))

    permuted = hashed[:, None] * a  # uint32 arithmetic wraps: that is datasketch's mod 2^32
    permuted += b  # in place: one (shingles x permutations) scratch matrix, not two
    out[:] = np.minimum.reduceat(permuted, segment_starts, axis=0)
    empty = np.fromiter((not text for text in texts), dtype=bool, count=len(texts))
    out[empty] = np.iinfo(np.uint32).max


class AdIds(Sequence[str]):
    """Ad ids packed as UTF-8 in one buffer with an array of end offsets.

    A short id costs about ten bytes plus eight for its offset, instead of a ~60-byte
    ``str`` and a list slot (about 50 MB less at a million ads). Reading one decodes it,
    exactly: lone surrogates survive the round trip.
    """

    def __init__(self, ids: Iterable[str] = ()):
        self._data = bytearray()
        self._ends = array("q")
        for ad_id in ids:
            self.append(ad_id)

    def append(self, ad_id: str) -> None:
        self._data += ad_id.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._data))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        position = index + len(self._ends) if index < 0 else index
        if not 0 <= position < len(self._ends):
            raise IndexError("ad index out of range")
        end = self._ends[position]
        start = self._ends[position - 1] if position else 0
        return self._data[start:end].decode("utf-8", "surrogatepass")


class UnionFind:
    """Disjoint sets over the integers ``0..n-1``, growing on demand.

    Path halving and union by size keep every operation close to constant time, and
    the parents live in a compact ``array`` rather than a dict of Python objects.
    """

    def __init__(self, size: int = 0):
        self._parent = array("q", range(size))
        self._size = array("q", [1]) * size

    def __len__(self) -> int:
        return len(self._parent)

    def grow(self, size: int) -> None:
        """Make sure elements ``0..size-1`` exist."""
        old = len(self._parent)
        if size > old:
            self._parent.extend(range(old, size))
            self._size.extend([1] * (size - old))

    def find(self, item: int) -> int:
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, first: int, second: int) -> int:
        """Join the sets of ``first`` and ``second``; return the new root."""
        root_a, root_b = self.find(first), self.find(second)
        if root_a == root_b:
            return root_a
        if self._size[root_a] < self._size[root_b]:
            root_a, root_b = root_b, root_a
        self._parent[root_b] = root_a
        self._size[root_a] += self._size[root_b]
        return root_a

    def labels(self) -> np.ndarray:
        """Component number of every element, numbered by first appearance (0, 1, ...)."""
        roots = np.fromiter((self.find(i) for i in range(len(self))), dtype=np.int64)
        _, first_seen, inverse = np.unique(roots, return_index=True, return_inverse=True)
        rank = np.empty(len(first_seen), dtype=np.int64)
        rank[np.argsort(first_seen, kind="stable")] = np.arange(len(first_seen))
        return rank[inverse]


@dataclass(frozen=True)
class AdAssignment:
    """Where one ad landed and why."""

    ad_id: str
    cluster_id: int
    template_id: int | None
    reasons: tuple[dict, ...]

    def as_dict(self) -> dict:
        return {
            "id": self.ad_id,
            "cluster_id": self.cluster_id,
            "template_id": self.template_id,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Network:
    """A group of two or more linked ads."""

    cluster_id: int
    size: int
    contacts: tuple[str, ...]
    template_ids: tuple[int, ...]
    strength: str
    explanation: dict[str, str] = field(compare=False)
    related_cluster_ids: tuple[int, ...] = ()

    def as_dict(self) -> dict:
        return {
            "cluster_id": self.cluster_id,
            "size": self.size,
            "contacts": list(self.contacts),
            "template_ids": list(self.template_ids),
            "related_cluster_ids": list(self.related_cluster_ids),
            "strength": self.strength,
            "explanation": dict(self.explanation),
        }


STRONG = "strong"
# Related networks listed per network (lowest cluster ids first, per shared template).
MAX_RELATED = 10
WEAK = "weak"


def explain(*, size: int, contacts: Sequence[str], template_count: int) -> dict[str, str]:
    """Plain-language explanation of a network, in English and Urdu."""
    if contacts:
        shown = ", ".join(contacts[:3]) + (" …" if len(contacts) > 3 else "")
        return {
            "en": (
                f"{size} ads share {len(contacts)} contact(s) ({shown}). A shared phone, "
                "WhatsApp, e-mail or licence is strong evidence of one advertiser."
            ),
            "ur": (
                f"{size} اشتہارات {len(contacts)} مشترکہ رابطوں ({shown}) سے جڑے ہیں۔ "
                "مشترکہ فون، واٹس ایپ، ای میل یا لائسنس اس بات کا مضبوط ثبوت ہے کہ یہ "
                "اشتہارات ایک ہی مشتہر کے ہیں۔"
            ),
        }
    return {
        "en": (
            f"{size} ads are linked only by {template_count} near-identical text template(s). "
            "Legitimate employers reuse templates too, so this is a weak signal: look for "
            "other evidence before acting."
        ),
        "ur": (
            f"{size} اشتہارات صرف {template_count} ملتے جلتے متن کے سانچے سے جڑے ہیں۔ "
            "جائز آجر بھی ایک جیسے سانچے استعمال کرتے ہیں، اس لیے یہ کمزور اشارہ ہے؛ "
            "کارروائی سے پہلے مزید ثبوت دیکھیں۔"
        ),
    }


class NetworkResult:
    """The outcome of :meth:`AdNetworkIndex.clusters`, held as compact arrays.

    Attributes
    ----------
    ad_ids : sequence of str
        Packed (see :class:`AdIds`); index it or iterate over it like a list.
    cluster_of : ndarray of int64
        1-based network number of each ad, numbered by the ad's first appearance.
    template_of : ndarray of int64
        1-based near-duplicate group of each ad, 0 when the ad has no near duplicate.
    """

    def __init__(self, *, ad_ids, cluster_of, template_of, ad_contacts, contact_keys):
        self.ad_ids = ad_ids
        self.cluster_of = cluster_of
        self.template_of = template_of
        self._ad_contacts = ad_contacts  # (ad index, contact number) pairs, sorted by ad
        self._contact_keys = contact_keys
        contact_numbers = ad_contacts[:, 1] if len(ad_contacts) else np.zeros(0, np.int64)
        self._contact_uses = np.bincount(contact_numbers, minlength=len(contact_keys))
        self._template_sizes = np.bincount(template_of)
        self._cluster_sizes = np.bincount(cluster_of)
        self._contacts_start = np.searchsorted(ad_contacts[:, 0], np.arange(len(ad_ids) + 1))

    def __len__(self) -> int:
        return len(self.ad_ids)

    def shared_contacts_of(self, ad: int) -> list[str]:
        """Contacts of the ad at input position ``ad`` that other ads use too, sorted."""
        rows = self._ad_contacts[self._contacts_start[ad] : self._contacts_start[ad + 1], 1]
        return sorted(
            self._contact_keys[c] for c in set(rows.tolist()) if self._contact_uses[c] > 1
        )

    def assignment(self, ad: int) -> AdAssignment:
        """The :class:`AdAssignment` of the ad at input position ``ad``."""
        reasons = [
            {"link": "contact", "contact": key, "strength": STRONG}
            for key in self.shared_contacts_of(ad)
        ]
        template = int(self.template_of[ad])
        if template:
            reasons.append(
                {
                    "link": "template",
                    "template_id": template,
                    "shared_with": int(self._template_sizes[template]) - 1,
                    "strength": WEAK,
                }
            )
        return AdAssignment(
            ad_id=self.ad_ids[ad],
            cluster_id=int(self.cluster_of[ad]),
            template_id=template or None,
            reasons=tuple(reasons),
        )

    def assignments(self) -> Iterator[AdAssignment]:
        """One :class:`AdAssignment` per ad, in input order (generated lazily)."""
        for ad in range(len(self.ad_ids)):
            yield self.assignment(ad)

    def template_members(self) -> dict[int, np.ndarray]:
        """Input positions of the members of each near-duplicate group, in input order."""
        order = np.argsort(self.template_of, kind="stable")
        bounds = np.searchsorted(self.template_of[order], np.arange(len(self._template_sizes) + 1))
        return {t: order[bounds[t] : bounds[t + 1]] for t in range(1, len(self._template_sizes))}

    def cluster_members(self, *, min_size: int = 2) -> dict[int, np.ndarray]:
        """Input positions of the members of each network with at least ``min_size`` ads."""
        order = np.argsort(self.cluster_of, kind="stable")
        bounds = np.searchsorted(self.cluster_of[order], np.arange(len(self._cluster_sizes) + 1))
        return {
            c: order[bounds[c] : bounds[c + 1]]
            for c in range(1, len(self._cluster_sizes))
            if self._cluster_sizes[c] >= min_size
        }

    def networks(self, *, min_size: int = 2) -> list[Network]:
        """Summaries of networks with at least ``min_size`` ads, by cluster id."""
        # Which networks each template appears in, to report networks related by template.
        # Only the first few per template are kept: a template reused across thousands of
        # networks relates them all, and listing thousands of ids helps no reviewer.
        template_clusters: dict[int, list[int]] = {}
        pairs = np.unique(np.stack((self.template_of, self.cluster_of), axis=1), axis=0)
        for template, cluster in pairs[pairs[:, 0] > 0].tolist():
            listed = template_clusters.setdefault(template, [])
            if len(listed) <= MAX_RELATED:
                listed.append(cluster)
        networks = []
        for cluster_id, members in self.cluster_members(min_size=min_size).items():
            contacts = sorted(
                {key for ad in members.tolist() for key in self.shared_contacts_of(ad)}
            )
            templates = sorted(set(self.template_of[members].tolist()) - {0})
            related = set().union(*(template_clusters[t] for t in templates)) - {cluster_id}
            related = sorted(related)[:MAX_RELATED]
            networks.append(
                Network(
                    cluster_id=cluster_id,
                    size=len(members),
                    contacts=tuple(contacts),
                    template_ids=tuple(templates),
                    strength=STRONG if contacts else WEAK,
                    explanation=explain(
                        size=len(members), contacts=contacts, template_count=len(templates)
                    ),
                    related_cluster_ids=tuple(related),
                )
            )
        return networks

    def shared_contact_keys(self, ads: np.ndarray | None = None) -> list[str]:
        """Contacts used by two or more ads, in contact order; with ``ads`` (a boolean
        mask over input positions), only those that one of the masked ads uses."""
        rows = self._ad_contacts
        if ads is not None and len(rows):
            rows = rows[ads[rows[:, 0]]]
        numbers = np.unique(rows[:, 1]) if len(rows) else np.zeros(0, dtype=np.int64)
        return [self._contact_keys[c] for c in numbers[self._contact_uses[numbers] > 1].tolist()]

    def shared_contacts(self) -> dict[str, np.ndarray]:
        """Each contact used by two or more ads, with the input positions of those ads."""
        shared = np.flatnonzero(self._contact_uses > 1)
        if not len(shared):
            return {}
        rows = self._ad_contacts[np.isin(self._ad_contacts[:, 1], shared)]
        rows = rows[np.lexsort((rows[:, 0], rows[:, 1]))]
        split = np.flatnonzero(np.diff(rows[:, 1])) + 1
        return {
            self._contact_keys[int(group[0, 1])]: np.unique(group[:, 0])
            for group in np.split(rows, split)
        }


class AdNetworkIndex:
    """Index of ads that groups them by near-duplicate text and shared contacts.

    Parameters
    ----------
    threshold : float, default=0.7
        Estimated Jaccard similarity of character shingles above which two ads count as
        near duplicates.
    num_perm : int, default=64
        MinHash permutations per signature (more is more precise and slower).
    seed : int, default=1
        Seed of the MinHash permutations; the same seed always gives the same clusters.
    shingle_size : int, default=3
        Characters per shingle.
    processor : callable, optional
        Applied to each text before shingling (shingles are case-folded anyway);
        defaults to ``adscreen.normalize.normalize``.
    keep_text : bool, default=True
        Keep processed texts so that templates can be built without re-reading the input.
        Turn off for very large corpora and pass ``text_of`` to the template builder.
    lsh_backend : {"numpy", "datasketch"}, default="numpy"
        ``"datasketch"`` runs ``MinHashLSH`` insert/query per ad: the reference
        implementation, fine for small corpora, quadratic on mass-posted templates.
    """

    def __init__(
        self,
        *,
        threshold: float = 0.7,
        num_perm: int = 64,
        seed: int = 1,
        shingle_size: int = DEFAULT_SHINGLE_SIZE,
        processor: Callable[[str], str] | None = None,
        keep_text: bool = True,
        lsh_backend: str = "numpy",
    ):
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        if lsh_backend not in ("numpy", "datasketch"):
            raise ValueError("lsh_backend must be 'numpy' or 'datasketch'")
        self.threshold = threshold
        self.num_perm = num_perm
        self.seed = seed
        self.shingle_size = shingle_size
        self.processor = processor if processor is not None else default_processor()
        self.keep_text = keep_text
        self.lsh_backend = lsh_backend
        # datasketch picks the band layout (b bands of r rows) for the threshold.
        reference = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
        self.bands, self.rows = reference.b, reference.r
        self._permutations = minhash_permutations(num_perm=num_perm, seed=seed)
        self._ad_ids = AdIds()
        self._texts: list[str] = []
        self._pending_texts: list[str] = []
        self._signature_blocks: list[np.ndarray] = []  # recent batches, not yet a chunk
        self._block_rows = 0
        self._signature_chunks: list[np.ndarray] = []
        self._contact_number: dict[str, int] = {}
        self._contact_pairs = array("q")  # flattened (ad index, contact number)

    def __len__(self) -> int:
        return len(self._ad_ids)

    def add(self, ad_id: str, text: str, contacts: Iterable[str] = ()) -> None:
        """Add one ad. Signatures are computed in blocks, so adding is cheap.

        Parameters
        ----------
        ad_id : str
        text : str
            Raw ad text; the index applies ``processor``.
        contacts : iterable of str
            Contact keys such as ``"phone:+923001234567"`` or ``"licence:1234/LHR"``.
        """
        processed = self.processor(text)
        self._register(ad_id, contacts)
        self._pending_texts.append(processed)
        if self.keep_text:
            self._texts.append(processed)
        if len(self._pending_texts) >= 4096:
            self._flush()

    def insert_batch(
        self,
        ad_ids: Sequence[str],
        signatures: np.ndarray,
        contacts: Sequence[Iterable[str]],
        *,
        texts: Sequence[str] | None = None,
    ) -> None:
        """Add ads whose signatures were computed elsewhere (worker processes, Dask).

        Parameters
        ----------
        ad_ids : sequence of str
        signatures : ndarray of shape (n, num_perm), dtype uint32
            From :func:`text_signatures` with this index's ``num_perm``, ``seed`` and
            ``shingle_size``.
        contacts : sequence of iterables of str
        texts : sequence of str, optional
            Processed texts, kept for templates when ``keep_text`` is on.
        """
        if signatures.shape != (len(ad_ids), self.num_perm):
            raise ValueError(f"expected signatures of shape ({len(ad_ids)}, {self.num_perm})")
        if len(contacts) != len(ad_ids):
            raise ValueError("one contacts list per ad is required")
        self._flush()
        for ad_id, ad_contacts in zip(ad_ids, contacts, strict=True):
            self._register(ad_id, ad_contacts)
        self._append_signatures(np.asarray(signatures, dtype=np.uint32))
        if self.keep_text and texts is not None:
            self._texts.extend(texts)

    def _register(self, ad_id: str, contacts: Iterable[str]) -> None:
        ad = len(self._ad_ids)
        self._ad_ids.append(str(ad_id))
        for key in contacts:
            number = self._contact_number.setdefault(key, len(self._contact_number))
            self._contact_pairs.extend((ad, number))

    def _flush(self) -> None:
        if self._pending_texts:
            self._append_signatures(
                text_signatures(
                    self._pending_texts,
                    num_perm=self.num_perm,
                    seed=self.seed,
                    shingle_size=self.shingle_size,
                    permutations=self._permutations,
                )
            )
            self._pending_texts = []

    def _append_signatures(self, block: np.ndarray) -> None:
        # Small blocks (one per batch) are merged into chunks of _SIGNATURE_CHUNK_ROWS, so
        # at most one chunk's worth is ever copied; the whole store never is.
        self._signature_blocks.append(block)
        self._block_rows += len(block)
        if self._block_rows >= _SIGNATURE_CHUNK_ROWS:
            self._merge_blocks()

    def _merge_blocks(self) -> None:
        blocks, self._signature_blocks, self._block_rows = self._signature_blocks, [], 0
        if len(blocks) == 1:
            self._signature_chunks.append(blocks[0])
        elif blocks:
            self._signature_chunks.append(np.concatenate(blocks))

    def _signature_store(self) -> _SignatureStore:
        self._flush()
        self._merge_blocks()
        return _SignatureStore(self._signature_chunks, self.num_perm)

    def signatures(self) -> np.ndarray:
        """All signatures so far, shape ``(len(self), num_perm)``.

        The index keeps them in chunks; with more than one chunk (over 65,536 ads) this
        returns a concatenated copy. Clustering itself never needs it.
        """
        return self._signature_store().concatenated()

    @property
    def texts(self) -> list[str]:
        """Processed texts (empty unless ``keep_text``)."""
        return self._texts

    def near_duplicate_pairs(self) -> np.ndarray:
        """Verified near-duplicate pairs ``(i, j)``, ``i < j``, as an ``(m, 2)`` array."""
        store = self._signature_store()
        count = np.int64(len(store))
        # One int64 per pair (first * count + second) makes the cross-band
        # de-duplication a flat sort.
        keys = [np.zeros(0, dtype=np.int64)]
        for pairs in self._verified_pair_batches(store):
            keys.append(pairs.min(axis=1) * count + pairs.max(axis=1))
        unique = _sorted_unique(np.concatenate(keys))
        return np.stack((unique // count, unique % count), axis=1)

    def _verified_pair_batches(self, store: _SignatureStore) -> Iterator[np.ndarray]:
        """Verified near-duplicate pairs, a batch at a time (one per LSH band).

        Pairs may repeat across batches (two ads can share several bands). Each batch is
        checked as soon as it is found, so only verified pairs of one band are ever held,
        never every band's candidates at once.
        """
        if self.lsh_backend == "datasketch":
            yield self._verified(store, self._candidates_datasketch(store.concatenated()))
            return
        usable = np.flatnonzero(~store.empty_rows())
        for band in range(self.bands):
            block = store.columns(band * self.rows, (band + 1) * self.rows, usable)
            found = [self._verified(store, usable[pairs]) for pairs in _bucket_pair_chunks(block)]
            del block
            yield np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)

    def _candidates_numpy(self, signatures: np.ndarray) -> np.ndarray:
        """All LSH candidate pairs, unverified (for tests; clustering streams by band)."""
        usable = np.flatnonzero(~_is_empty(signatures))
        count = np.int64(len(signatures))
        keys = [np.zeros(0, dtype=np.int64)]
        for band in range(self.bands):
            block = signatures[usable, band * self.rows : (band + 1) * self.rows]
            pairs = usable[_bucket_pairs(block)]
            keys.append(pairs.min(axis=1) * count + pairs.max(axis=1))
        unique = _sorted_unique(np.concatenate(keys))
        return np.stack((unique // count, unique % count), axis=1)

    def _candidates_datasketch(self, signatures: np.ndarray) -> np.ndarray:
        lsh = MinHashLSH(num_perm=self.num_perm, params=(self.bands, self.rows))
        pairs = []
        for ad in np.flatnonzero(~_is_empty(signatures)).tolist():
            minhash = MinHash(
                seed=self.seed,
                hashvalues=signatures[ad],
                permutations=self._permutations,
                scheme="affine32",
            )
            pairs.extend((other, ad) for other in lsh.query(minhash))
            lsh.insert(ad, minhash, check_duplication=False)
        return _unique_pairs(np.array(pairs, dtype=np.int64).reshape(-1, 2))

    def _verified(self, store: _SignatureStore, candidates: np.ndarray) -> np.ndarray:
        # LSH only promises "probably similar": keep the pairs whose signature agreement
        # (an unbiased Jaccard estimate) actually reaches the threshold.
        keep = np.zeros(len(candidates), dtype=bool)
        for start in range(0, len(candidates), _VERIFY_BATCH):
            chunk = candidates[start : start + _VERIFY_BATCH]
            agreement = (store.take(chunk[:, 0]) == store.take(chunk[:, 1])).mean(axis=1)
            keep[start : start + _VERIFY_BATCH] = agreement >= self.threshold
        return candidates[keep]

    def clusters(self, *, release: bool = False) -> NetworkResult:
        """Group the ads added so far.

        Parameters
        ----------
        release : bool, default=False
            Drop the signatures and the contact map as soon as each is used, so that
            later phases (templates, outputs) run without them. The index cannot be
            clustered again or added to afterwards; ``texts`` are kept.

        Returns
        -------
        NetworkResult
            Per-ad cluster and template ids with reasons, and per-network summaries.
        """
        count = len(self._ad_ids)
        # Contacts first, so that with ``release`` the contact map is gone before the
        # LSH phase allocates its working arrays.
        ad_contacts = np.frombuffer(self._contact_pairs, dtype=np.int64).reshape(-1, 2).copy()
        uses = np.bincount(ad_contacts[:, 1], minlength=len(self._contact_number))
        # Only contacts of two or more ads are ever reported: keep just their keys.
        contact_keys = [""] * len(self._contact_number)
        for key, number in self._contact_number.items():
            if uses[number] > 1:
                contact_keys[number] = key
        if release:
            self._contact_number, self._contact_pairs = {}, array("q")
        contact_edges, has_shared_contact = _first_user_edges(ad_contacts, count)

        # Near-duplicate groups: join verified pairs band by band.
        store = self._signature_store()
        if release:
            self._signature_chunks, self._pending_texts = [], []
        templates = np.arange(count, dtype=np.int64)
        for pairs in self._verified_pair_batches(store):
            _join(templates, pairs)
        del store
        template_labels = _component_labels(templates)
        del templates
        template_sizes = np.bincount(template_labels)
        # Only groups with two or more ads are templates; renumber them 1.. in input order.
        template_of = np.zeros(count, dtype=np.int64)
        grouped = template_sizes[template_labels] > 1
        _, first_seen, inverse = np.unique(
            template_labels[grouped], return_index=True, return_inverse=True
        )
        rank = np.empty(len(first_seen), dtype=np.int64)
        rank[np.argsort(first_seen, kind="stable")] = np.arange(1, len(first_seen) + 1)
        template_of[grouped] = rank[inverse]
        del template_labels, grouped, inverse

        # Strong networks: every ad joined to the first ad that used each of its contacts.
        networks = np.arange(count, dtype=np.int64)
        _join(networks, contact_edges)
        del contact_edges
        # Weak networks: ads with no shared contact, grouped by template. A template never
        # merges networks: job boards and honest employers reuse templates, and one popular
        # template would otherwise glue every agent's network into a single blob. Networks
        # that share a template are reported as related instead.
        weak = np.flatnonzero((template_of > 0) & ~has_shared_contact)
        _join(networks, _first_user_edges(np.stack((weak, template_of[weak]), axis=1), count)[0])
        cluster_of = _component_labels(networks) + 1

        return NetworkResult(
            ad_ids=self._ad_ids,
            cluster_of=cluster_of,
            template_of=template_of,
            ad_contacts=ad_contacts,
            contact_keys=contact_keys,
        )


class _SignatureStore:
    """Read access to signature chunks as if they were one ``(n, num_perm)`` array."""

    def __init__(self, chunks: list[np.ndarray], num_perm: int):
        self.chunks = list(chunks)
        self.num_perm = num_perm
        self.starts = np.cumsum([0, *(len(chunk) for chunk in self.chunks)])

    def __len__(self) -> int:
        return int(self.starts[-1])

    def concatenated(self) -> np.ndarray:
        if not self.chunks:
            return np.zeros((0, self.num_perm), dtype=np.uint32)
        return self.chunks[0] if len(self.chunks) == 1 else np.concatenate(self.chunks)

    def empty_rows(self) -> np.ndarray:
        if not self.chunks:
            return np.zeros(0, dtype=bool)
        return np.concatenate([_is_empty(chunk) for chunk in self.chunks])

    def columns(self, start: int, stop: int, rows: np.ndarray) -> np.ndarray:
        """Columns ``start:stop`` of the given rows (sorted row numbers)."""
        if not self.chunks:  # no ads at all (an empty input): no rows to take
            return np.zeros((0, stop - start), dtype=np.uint32)
        if len(self.chunks) == 1:
            return self.chunks[0][rows, start:stop]
        bounds = np.searchsorted(rows, self.starts)
        return np.concatenate(
            [
                chunk[rows[bounds[n] : bounds[n + 1]] - self.starts[n], start:stop]
                for n, chunk in enumerate(self.chunks)
            ]
        )

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The signatures of ``rows`` (any order)."""
        if len(self.chunks) == 1:
            return self.chunks[0][rows]
        out = np.empty((len(rows), self.num_perm), dtype=np.uint32)
        which = np.searchsorted(self.starts, rows, side="right") - 1
        for n in np.unique(which).tolist():
            mask = which == n
            out[mask] = self.chunks[n][rows[mask] - self.starts[n]]
        return out


def _first_user_edges(pairs: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Edges joining each ad to the first ad with the same key.

    ``pairs`` holds ``(ad, key)`` rows in ascending ad order. Returns the ``(first ad,
    ad)`` edges for every later use of a key, and a mask of the ads on any such edge.
    """
    order = np.argsort(pairs[:, 1], kind="stable")  # stable: ads stay ascending per key
    ads, keys = pairs[order, 0], pairs[order, 1]
    starts = np.ones(len(keys), dtype=bool)
    starts[1:] = keys[1:] != keys[:-1]
    first = ads[np.maximum.accumulate(np.where(starts, np.arange(len(keys)), 0))]
    later = first != ads
    edges = np.stack((first[later], ads[later]), axis=1)
    linked = np.zeros(count, dtype=bool)
    linked[edges.ravel()] = True
    return edges, linked


def _join(parent: np.ndarray, pairs: np.ndarray) -> None:
    """Merge the sets of every pair in a fully compressed parent forest (in place).

    Vectorised union-find: each round hooks the larger root of every pair that still
    crosses two sets onto the smaller root, then compresses paths. Pointers only ever go
    to smaller numbers, so each set's root is its smallest member, and the partition
    reached does not depend on the order of the pairs.
    """
    first, second = pairs[:, 0], pairs[:, 1]
    while len(first):
        root_a, root_b = parent[first], parent[second]
        crossing = root_a != root_b
        if not crossing.any():
            return
        first, second = first[crossing], second[crossing]
        root_a, root_b = root_a[crossing], root_b[crossing]
        parent[np.maximum(root_a, root_b)] = np.minimum(root_a, root_b)
        _compress(parent)


def _compress(parent: np.ndarray) -> None:
    while True:
        grandparent = parent[parent]
        if np.array_equal(grandparent, parent):
            return
        parent[:] = grandparent


def _component_labels(parent: np.ndarray) -> np.ndarray:
    """Set number of every element, by first appearance (0, 1, ...), as
    :meth:`UnionFind.labels` numbers them: roots are the smallest members, so sorting
    roots orders sets by their first member."""
    _compress(parent)
    return np.unique(parent, return_inverse=True)[1].astype(np.int64, copy=False)


def default_processor() -> Callable[[str], str]:
    """``adscreen.normalize.normalize`` when available, else whitespace collapsing."""
    try:
        from adscreen.normalize import normalize
    except ImportError:
        return _collapse_whitespace
    return normalize


def _collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def _rows(pairs: np.ndarray, chunk: int = 1 << 16) -> Iterator[list[int]]:
    """Iterate over the rows of an (m, 2) array as Python ints, a chunk at a time.

    ``pairs.tolist()`` in one go would build millions of small lists at once (over a
    gigabyte at a million ads); chunks keep that to a few megabytes.
    """
    for start in range(0, len(pairs), chunk):
        yield from pairs[start : start + chunk].tolist()


def _is_empty(signatures: np.ndarray) -> np.ndarray:
    return (signatures == np.iinfo(np.uint32).max).all(axis=1)


def _unique_pairs(pairs: np.ndarray) -> np.ndarray:
    if not len(pairs):
        return pairs.reshape(0, 2).astype(np.int64)
    pairs = np.sort(pairs, axis=1)
    return np.unique(pairs, axis=0)


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    # Sort and drop repeats by hand: np.unique's hash path is ~10x slower here.
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.ones(len(values), dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def _bucket_pairs(block: np.ndarray) -> np.ndarray:
    """Candidate pairs (row numbers into ``block``) among rows with identical bands.

    Every pair in a bucket of up to ``ALL_PAIRS_BUCKET_LIMIT`` rows — exactly what
    ``MinHashLSH.query`` would return — and for larger buckets each row paired with its
    predecessor and with the bucket's first row, which keeps the work linear.
    """
    found = list(_bucket_pair_chunks(block))
    return np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)


def _bucket_pair_chunks(block: np.ndarray) -> Iterator[np.ndarray]:
    """:func:`_bucket_pairs` a piece at a time (int64 ``(m, 2)`` arrays), so that a caller
    can check and drop each piece before the next is built."""
    n = len(block)
    if n < 2:
        return
    key = np.full(n, 0x9E3779B97F4A7C15, dtype=np.uint64)
    for column in range(block.shape[1]):
        key = _fmix64((key ^ block[:, column].astype(np.uint64)) * _U64(0x100000001B3))
    order = np.argsort(key, kind="stable")  # stable: rows in a bucket stay in input order
    sorted_key = key[order]
    del key
    same_as_previous = sorted_key[1:] == sorted_key[:-1]
    del sorted_key
    # Rows with equal keys are compared in full (a 64-bit key collision must not pair them).
    maybe = np.flatnonzero(same_as_previous)
    same_as_previous[maybe] = (block[order[maybe + 1]] == block[order[maybe]]).all(axis=1)
    bucket = np.zeros(n, dtype=np.int64)
    np.cumsum(~same_as_previous, out=bucket[1:])
    del same_as_previous, maybe
    sizes = np.bincount(bucket)
    small = sizes[bucket] <= ALL_PAIRS_BUCKET_LIMIT

    largest_small = int(sizes[bucket[small]].max()) if small.any() else 0
    for distance in range(1, largest_small):
        together = (bucket[distance:] == bucket[:-distance]) & small[distance:]
        if together.any():
            yield np.stack((order[:-distance][together], order[distance:][together]), axis=1)
    large = ~small
    if large.any():
        chain = (bucket[1:] == bucket[:-1]) & large[1:]
        if chain.any():
            yield np.stack((order[:-1][chain], order[1:][chain]), axis=1)
        first_position = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        members = np.flatnonzero(large)
        leaders = order[first_position[bucket[members]]]
        star = np.stack((leaders, order[members]), axis=1)
        yield star[star[:, 0] != star[:, 1]]
