"""``adscreen cluster``: group ads into networks from the command line.

The expensive per-ad work (normalising, extracting contacts, MinHash signatures) runs in
batches that can go to local worker processes (``--jobs``) or to a Dask distributed
cluster (``--dask``); both call the same :func:`prepare_batch`, so they give the same
clusters. Grouping itself runs in this process on compact arrays.

Exit codes: 0 all good, 1 some lines rejected (the rest were clustered), 2 usage error,
3 input unreadable.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from adscreen.io import InputUnreadable, RecordWriter, RejectsWriter, chunked, read_records

if TYPE_CHECKING:
    import numpy as np

    from adscreen.cluster import NetworkResult
    from adscreen.templates import Template

# numpy, datasketch (via adscreen.cluster) and the template code are imported where they are
# used, so that ``adscreen screen``, which builds the same parser, does not pay ~0.6 s for them.

__all__ = ["PreparedBatch", "main", "prepare_batch", "register", "run"]

EXIT_OK = 0
EXIT_REJECTS = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3

# Contact kinds that link ads. Website domains are left out: a job board's or a
# newspaper's domain appears in thousands of unrelated ads and would glue them together.
LINKING_CONTACT_KINDS = frozenset({"phone", "whatsapp-group", "email", "licence"})
OUTPUT_COLUMNS = ["id", "cluster_id", "template_id", "cluster_size", "strength", "reasons"]
DEFAULT_CHUNK_SIZE = 2000


@dataclass(frozen=True)
class PreparedBatch:
    """What a worker sends back for one batch of ads: small, picklable arrays."""

    ad_ids: list[str]
    signatures: np.ndarray
    contacts: list[list[str]]
    texts: list[str] | None


def prepare_batch(
    ads: Sequence[tuple[str, str, str | None]],
    *,
    num_perm: int,
    seed: int,
    shingle_size: int | None = None,
    keep_text: bool = False,
) -> PreparedBatch:
    """Normalise, extract linking contacts and compute signatures for a batch of ads.

    Parameters
    ----------
    ads : sequence of (id, text, contact field or None)
    num_perm, seed, shingle_size
        Must match the :class:`~adscreen.cluster.AdNetworkIndex` the batch goes into
        (``shingle_size`` None: :data:`adscreen.cluster.DEFAULT_SHINGLE_SIZE`).
    keep_text : bool, default=False
        Send the normalised texts back (needed for templates when the input cannot be
        read a second time, e.g. stdin).
    """
    from adscreen.cluster import DEFAULT_SHINGLE_SIZE, text_signatures
    from adscreen.entities import extract
    from adscreen.normalize import normalize

    if shingle_size is None:
        shingle_size = DEFAULT_SHINGLE_SIZE
    texts = [normalize(text) for _, text, _ in ads]
    contacts = []
    for (_, _, contact_field), text in zip(ads, texts, strict=True):
        # The scraper's separate contact field (if any) counts like text in the ad.
        source = text if not contact_field else text + "\n" + normalize(contact_field)
        keys = extract(source, normalized=True).contacts()
        contacts.append([key for key in keys if key.split(":", 1)[0] in LINKING_CONTACT_KINDS])
    signatures = text_signatures(texts, num_perm=num_perm, seed=seed, shingle_size=shingle_size)
    return PreparedBatch(
        ad_ids=[ad_id for ad_id, _, _ in ads],
        signatures=signatures,
        contacts=contacts,
        texts=texts if keep_text else None,
    )


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``cluster`` subcommand to an ``argparse`` subparsers object.

    The handler is set with ``set_defaults(func=run)``; ``run(args)`` returns the exit code.
    """
    parser = subparsers.add_parser(
        "cluster",
        help="group ads into networks by near-duplicate text and shared contacts",
        description=(
            "Group ads by near-duplicate templates (MinHash-LSH over character shingles) and "
            "shared contacts (phone, WhatsApp, e-mail, licence). Shared contacts are strong "
            "links; a shared template alone is a weak one."
        ),
    )
    parser.add_argument("input", help="JSONL or CSV file of ads ('-' for stdin)")
    parser.add_argument("-o", "--output", default="-", help="per-ad output (default: stdout)")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", dest="out_format")
    parser.add_argument("--networks", metavar="FILE", help="write one JSON line per network")
    parser.add_argument("--graphml", metavar="FILE", help="write the network graph as GraphML")
    parser.add_argument("--graph-json", metavar="FILE", help="write the network graph as JSON")
    parser.add_argument("--threshold", type=_fraction, default=0.7, help="default: 0.7")
    parser.add_argument("--num-perm", type=_positive, default=64, help="default: 64")
    parser.add_argument("--seed", type=int, default=1, help="MinHash seed (default: 1)")
    parser.add_argument("--jobs", type=_positive, default=1, help="local worker processes")
    parser.add_argument("--dask", metavar="ADDRESS", help="Dask scheduler address")
    parser.add_argument(
        "--chunk-size", type=_positive, default=DEFAULT_CHUNK_SIZE, help="ads per unit of work"
    )
    parser.add_argument("--input-format", choices=("auto", "jsonl", "csv"), default="auto")
    parser.add_argument("--rejects", metavar="FILE", help="write rejected lines as JSONL")
    parser.add_argument("--progress", action="store_true", help="show a progress bar")
    parser.set_defaults(func=run)
    return parser


def _fraction(value: str) -> float:
    number = float(value)
    if not 0.0 < number <= 1.0:
        raise argparse.ArgumentTypeError("must be in (0, 1]")
    return number


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def run(args: argparse.Namespace) -> int:
    """Run ``adscreen cluster`` with parsed arguments; return the exit code."""
    from adscreen.cluster import AdNetworkIndex
    from adscreen.templates import extract_templates

    if args.jobs > 1 and args.dask:
        print("adscreen cluster: use --jobs or --dask, not both", file=sys.stderr)
        return EXIT_USAGE
    rereadable = args.input != "-"
    index = AdNetworkIndex(
        threshold=args.threshold,
        num_perm=args.num_perm,
        seed=args.seed,
        keep_text=not rereadable,
    )
    try:
        with RejectsWriter(args.rejects) as rejects:
            records = read_records(args.input, fmt=args.input_format, on_reject=rejects)
            batches = (
                [(r.id, r.text, r.contact) for r in chunk]
                for chunk in chunked(_with_progress(records, args.progress), args.chunk_size)
            )
            options = {
                "num_perm": args.num_perm,
                "seed": args.seed,
                "keep_text": not rereadable,
            }
            for batch in _prepared(batches, options, jobs=args.jobs, dask_address=args.dask):
                index.insert_batch(
                    batch.ad_ids, batch.signatures, batch.contacts, texts=batch.texts
                )
            rejected = rejects.count
    except InputUnreadable as exc:
        print(f"adscreen cluster: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE

    # ``release``: the signatures and the contact map are dropped as soon as they are used.
    result = index.clusters(release=True)
    text_of = (
        index.texts.__getitem__
        if not rereadable
        else _reread_texts(args.input, result, fmt=args.input_format)
    )
    del index
    templates = extract_templates(result.template_members(), text_of=text_of)
    networks = result.networks()
    _write_outputs(args, result, templates, networks)
    strong = sum(network.strength == "strong" for network in networks)
    print(
        f"adscreen cluster: {len(result)} ads, {len(networks)} networks ({strong} strong, "
        f"{len(networks) - strong} weak), {len(templates)} templates, {rejected} rejected",
        file=sys.stderr,
    )
    return EXIT_REJECTS if rejected else EXIT_OK


def _with_progress(records: Iterable, enabled: bool) -> Iterator:
    if not enabled:
        yield from records
        return
    from tqdm import tqdm

    with tqdm(records, unit=" ads", file=sys.stderr, desc="signatures") as bar:
        yield from bar


def _prepared(
    batches: Iterable[list], options: dict, *, jobs: int, dask_address: str | None
) -> Iterator[PreparedBatch]:
    """Prepare batches in order, in-process, in local processes or on Dask."""
    if dask_address:
        from distributed import Client

        with Client(dask_address) as client:
            yield from _in_order(
                batches, lambda batch: client.submit(prepare_batch, batch, pure=False, **options)
            )
    elif jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from _in_order(
                batches, lambda batch: pool.submit(prepare_batch, batch, **options)
            )
    else:
        for batch in batches:
            yield prepare_batch(batch, **options)


def _in_order(batches: Iterable[list], submit: Callable[[list], Future], window: int = 8):
    # A bounded window of batches in flight keeps memory flat however large the input,
    # and taking results in submission order keeps ad numbering (and so ids) stable.
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _reread_texts(path: str, result: NetworkResult, *, fmt: str) -> Callable[[int], str]:
    """Fetch the normalised texts that templates need with a second pass over the input.

    Keeping every text of a million-ad corpus in memory would cost more than all the
    signatures; templates only need up to 20 sampled members per group.
    """
    from adscreen.normalize import normalize
    from adscreen.templates import DEFAULT_MAX_MEMBERS

    wanted = set()
    for members in result.template_members().values():
        wanted.update(members[:DEFAULT_MAX_MEMBERS].tolist())
    texts: dict[int, str] = {}
    if wanted:
        for position, record in enumerate(read_records(path, fmt=fmt)):
            if position in wanted:
                texts[position] = normalize(record.text)
    return texts.__getitem__


def _write_outputs(args, result: NetworkResult, templates: dict[int, Template], networks) -> None:
    import numpy as np

    strength = {network.cluster_id: network.strength for network in networks}
    sizes = np.bincount(result.cluster_of)
    with RecordWriter(args.output, fmt=args.out_format, columns=OUTPUT_COLUMNS) as writer:
        for row in result.assignments():
            writer.write(
                {
                    **row.as_dict(),
                    "cluster_size": int(sizes[row.cluster_id]),
                    "strength": strength.get(row.cluster_id, "none"),
                }
            )
    if args.networks:
        with open(args.networks, "w", encoding="utf-8") as file:
            for network in networks:
                record = network.as_dict()
                record["templates"] = [
                    {"template_id": t, **templates[t].as_dict()} for t in network.template_ids
                ]
                file.write(json.dumps(record, ensure_ascii=False) + "\n")
    # Written straight from the result: a networkx graph of every network would cost about
    # a kilobyte per ad (the bytes are the same as build_graph + write_graphml/json).
    if args.graphml:
        from adscreen.graph import write_network_graphml

        write_network_graphml(result, args.graphml, templates=templates)
    if args.graph_json:
        from adscreen.graph import write_network_json

        with open(args.graph_json, "w", encoding="utf-8") as file:
            write_network_json(result, file, templates=templates)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``cluster`` on its own: ``python -m adscreen.cluster_cli INPUT [options]``."""
    parser = argparse.ArgumentParser(prog="adscreen")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["cluster", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
