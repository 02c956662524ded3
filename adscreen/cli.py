"""Command line: ``adscreen screen|train|eval|cluster``.

Why one module of this size: each sub-command is a thin argument parser over the library;
keeping them together keeps one ``--help`` surface and one exit-code convention.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import zlib
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from adscreen import cluster_cli
from adscreen.classify import AdClassifier, ModelFormatError, load_model
from adscreen.io import (
    InputUnreadable,
    Record,
    RecordWriter,
    RejectsWriter,
    read_blocks,
    read_records,
)
from adscreen.pipeline import (
    BANDS,
    OUTPUT_COLUMNS,
    csv_row,
    map_ordered,
    screen_block,
    screen_records,
)
from adscreen.rules import RulesError

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_REJECTS", "EXIT_USAGE", "EXIT_UNREADABLE"]

EXIT_OK = 0
EXIT_REJECTS = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3
EXIT_BAD_MODEL = 4
EXIT_INTERRUPTED = 130

EPILOG = """\
exit codes:
  0    every input line was read and written
  1    some lines were rejected (reported on stderr and in --rejects); the good ones were written
  2    usage error (bad option or combination)
  3    input unreadable (missing file, no permission, CSV without an id/text header, corrupt
       .gz) or output unwritable
  4    model or rules file unreadable or of an unknown format
  130  interrupted

Spans in flags index the normalised text (adscreen.normalize.normalize).
"""


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input-format", choices=("auto", "jsonl", "csv"), default="auto")
    parser.add_argument("--rejects", metavar="FILE", help="write rejected lines as JSONL")
    parser.add_argument("--progress", action="store_true", help="show a progress bar on stderr")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="adscreen",
        description="Screen online recruitment ads (English, Urdu, Roman Urdu) for deception.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    screen = sub.add_parser(
        "screen",
        help="score ads, list red flags and contacts",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    screen.add_argument("input", help="JSONL or CSV file of ads ('-' for stdin; .gz ok)")
    screen.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    screen.add_argument(
        "--format",
        choices=("jsonl", "csv"),
        default=None,
        dest="out_format",
        help="output format (default: csv when --output ends in .csv, else jsonl)",
    )
    screen.add_argument("--model", metavar="PATH", help="model JSON (default: the shipped model)")
    screen.add_argument("--jobs", type=_positive, default=1, help="local worker processes")
    screen.add_argument(
        "--dask", metavar="ADDRESS", help="run on a Dask scheduler (tcp://host:8786)"
    )
    screen.add_argument(
        "--chunk-size",
        type=_positive,
        default=500,
        help="ads per unit of work (JSONL input: blocks of CHUNK_SIZE × 512 bytes)",
    )
    screen.add_argument("--explain", action="store_true", help="add the words behind each score")
    screen.add_argument(
        "--min-band",
        choices=("low", "medium", "high"),
        default="low",
        help="only write ads in or above this band",
    )
    _add_common(screen)
    screen.set_defaults(func=run_screen)

    train = sub.add_parser("train", help="train a model on labelled ads (label 1 = deceptive)")
    train.add_argument(
        "inputs", nargs="+", help="labelled JSONL/CSV files ('label' or 'fraudulent')"
    )
    train.add_argument("-o", "--output", required=True, help="where to write the model JSON")
    train.add_argument("--synthetic", type=int, default=0, help="add N synthetic Pakistani ads")
    train.add_argument("--seed", type=int, default=0, help="seed for synthetic ads")
    train.add_argument("--min-df", type=_positive, default=2)
    train.add_argument("--max-features", type=_positive, default=40000)
    train.add_argument(
        "--min-terms",
        type=_positive,
        default=1,
        help="scale words by 1/sqrt(max(n, MIN_TERMS)): short posts' words count for less",
    )
    train.add_argument(
        "--alpha",
        type=float,
        nargs="+",
        default=[1e-4],
        help="L2 strength; given several, the one with the best grouped-CV ROC-AUC on the "
        "input ads (not the synthetic ones) is kept",
    )
    train.add_argument("--model-version", default="custom", help="name recorded in the model")
    train.add_argument(
        "--source-note",
        action="append",
        default=[],
        metavar="TEXT",
        help="provenance/licence note for the inputs, in order (repeatable)",
    )
    train.add_argument("--report", metavar="FILE", help="also write the grouped-CV report as JSON")
    train.add_argument(
        "--background",
        action="append",
        default=[],
        metavar="FILE",
        help="text that is not a job ad (label ignored), trained on as legitimate (repeatable)",
    )
    train.add_argument(
        "--background-sample",
        type=_positive,
        default=1500,
        help="at most this many lines of each --background file (seeded sample)",
    )
    train.add_argument(
        "--source-power",
        type=float,
        default=1.0,
        help="each source (input file, or a record's 'source') weighs n**P in its class: "
        "1 = every ad the same, 0.5 = large sources count less, 0 = every source the same",
    )
    train.add_argument(
        "--validate",
        action="store_true",
        help="also score every source with a model trained without it (leave-one-source-out), "
        "report per source, and set the high threshold from those scores",
    )
    train.add_argument(
        "--stop-words",
        action="store_true",
        help="give function words and training-set artefacts no weight (features.STOP_WORDS)",
    )
    train.add_argument("--max-source-fpr", type=float, default=0.05, metavar="RATE")
    train.add_argument("--max-pooled-fpr", type=float, default=0.03, metavar="RATE")
    _add_common(train)
    train.set_defaults(func=run_train)

    evaluate = sub.add_parser("eval", help="evaluate a model on labelled ads")
    evaluate.add_argument("inputs", nargs="+", help="labelled JSONL/CSV files")
    evaluate.add_argument("--model", metavar="PATH", help="model JSON (default: the shipped model)")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    _add_common(evaluate)
    evaluate.set_defaults(func=run_eval)

    cluster_cli.register(sub)
    return parser


def _progress(args: argparse.Namespace, iterable: Any, desc: str) -> Any:
    """``iterable`` wrapped in a progress bar when wanted; with None, a bar (or None)."""
    if not (args.progress or sys.stderr.isatty()):
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, desc=desc, unit=" ads", file=sys.stderr, mininterval=0.5)


def run_screen(args: argparse.Namespace) -> int:
    if args.jobs > 1 and args.dask:
        print("adscreen screen: use --jobs or --dask, not both", file=sys.stderr)
        return EXIT_USAGE
    if args.model:
        _load_model_option(args.model)  # fail early, in this process, on a bad model file
    if args.out_format is None:
        csv_name = str(args.output or "").lower().endswith(".csv")
        args.out_format = "csv" if csv_name else "jsonl"
    columns = OUTPUT_COLUMNS if args.out_format == "csv" else None
    with (
        RejectsWriter(args.rejects) as rejects,
        RecordWriter(args.output, fmt=args.out_format, columns=columns) as out,
    ):
        fmt, blocks = (
            (None, None)
            if args.dask
            else read_blocks(args.input, fmt=args.input_format, block_bytes=args.chunk_size * 512)
        )
        if fmt == "jsonl":
            _screen_jsonl_blocks(args, blocks, out, rejects)
        else:
            _screen_rows(args, out, rejects)
    return EXIT_REJECTS if rejects.count else EXIT_OK


def _screen_jsonl_blocks(
    args: argparse.Namespace, blocks: Any, out: RecordWriter, rejects: RejectsWriter
) -> None:
    """JSONL input: this process only cuts the input into blocks of whole lines (about
    chunk-size × 512 bytes); workers split, parse, screen and serialise them."""
    work = partial(
        screen_block,
        model_path=args.model,
        explain=args.explain,
        min_band=args.min_band,
        out_format=args.out_format,
    )
    bar = _progress(args, None, "screen")
    for text, rows, chunk_rejects, n_lines in map_ordered(work, blocks, jobs=args.jobs):
        for reject in chunk_rejects:
            rejects(reject)
        out.write_text(text, rows)
        if bar is not None:
            bar.update(n_lines - len(chunk_rejects))
    if bar is not None:
        bar.close()


def _screen_rows(args: argparse.Namespace, out: RecordWriter, rejects: RejectsWriter) -> None:
    """CSV input, or a Dask cluster: records are read here and rows come back as dicts."""
    lowest = BANDS.index(args.min_band)
    columns = OUTPUT_COLUMNS if args.out_format == "csv" else None
    records = read_records(args.input, fmt=args.input_format, on_reject=rejects)
    rows = screen_records(
        records,
        model_path=args.model,
        jobs=args.jobs,
        dask=args.dask,
        chunk_size=args.chunk_size,
        explain=args.explain,
    )
    for row in _progress(args, rows, "screen"):
        if BANDS.index(row["band"]) >= lowest:
            out.write(csv_row(row) if columns else row)


def _labelled(args: argparse.Namespace, rejects: RejectsWriter) -> list[Record]:
    records = []
    for path in args.inputs:
        records += _labelled_file(path, args, rejects)
    return records


def _labelled_file(path: str, args: argparse.Namespace, rejects: RejectsWriter) -> list[Record]:
    """The labelled records of one file; ``source`` defaults to the file's name."""
    records = []
    default_source = Path(path).name.split(".")[0]
    for record in read_records(path, fmt=args.input_format, on_reject=rejects):
        if record.label is None:
            rejects(_no_label(record))
        else:
            if record.source is None:
                record.source = default_source
            records.append(record)
    return records


def _no_label(record: Record) -> Any:
    from adscreen.io import Reject

    return Reject(record.line, "missing or invalid 'label' (need 0 or 1)", record.id)


_PLACEHOLDER = re.compile(r"(?<![^\W\d_])(?:X{2,}|x{3,})(?![^\W\d_])")
_EMSCAD_MASK = re.compile(r"#(?:URL|PHONE|EMAIL)_[0-9a-f]+#")


def mask_placeholders(text: str) -> str:
    """Numbers masked upstream as ``XXXX`` (one scam source does this) become digits, as
    in every other source, and EMSCAD's ``#URL_…#``/``#PHONE_…#``/``#EMAIL_…#`` masks are
    dropped: otherwise a model learns a source's masks as signs of a class.

    Examples
    --------
    >>> mask_placeholders("Salary Rs XXXXX daily, call XX, Xerox operator #URL_0a1b#")
    'Salary Rs 00000 daily, call 00, Xerox operator '
    """
    return _EMSCAD_MASK.sub("", _PLACEHOLDER.sub(lambda m: "0" * len(m.group(0)), text))


def run_train(args: argparse.Namespace) -> int:
    import random

    from adscreen.evaluate import (
        binary_metrics,
        format_source_table,
        near_duplicate_groups,
        operating_points,
        pick_threshold,
        source_table,
        source_weights,
    )
    from adscreen.langid import detect_language
    from adscreen.normalize import normalize
    from adscreen.synthetic import SOURCE_NOTE, generate

    texts: list[str] = []
    labels: list[int] = []
    origin: list[str] = []  # input / synthetic / background
    sources: list[str] = []
    with RejectsWriter(args.rejects) as rejects:
        for path in args.inputs:
            for record in _labelled_file(path, args, rejects):
                texts.append(mask_placeholders(record.text))
                labels.append(record.label)
                origin.append("input")
                sources.append(record.source or Path(path).name.split(".")[0])
        for path in args.background:
            lines = list(read_records(path, fmt=args.input_format, on_reject=rejects))
            random.Random(0).shuffle(lines)
            for record in lines[: args.background_sample]:
                texts.append(mask_placeholders(record.text))
                labels.append(0)
                origin.append("background")
                sources.append(Path(path).name.split(".")[0])
    n_real = len(texts)
    groups: list[Any] = [f"in-{g}" for g in near_duplicate_groups(texts)]
    for ad in generate(args.synthetic, seed=args.seed) if args.synthetic else ():
        texts.append(ad["text"])
        labels.append(ad["label"])
        groups.append(ad["group"])
        origin.append("synthetic")
        sources.append("synthetic")
    if len(set(labels)) != 2:
        print("adscreen train: need labelled ads of both classes", file=sys.stderr)
        return EXIT_USAGE
    notes = args.source_note + [""] * len(args.inputs)
    source_notes = [
        {"file": Path(p).name, **({"note": n} if n else {})}
        for p, n in zip(args.inputs, notes, strict=False)
    ]
    for path in args.background:
        source_notes.append({"file": Path(path).name, "role": "background (not ads), label 0"})
    if args.synthetic:
        source_notes.append({"synthetic": args.synthetic, "seed": args.seed, "note": SOURCE_NOTE})
    if any(alpha < 0 for alpha in args.alpha) or args.source_power < 0:
        print("adscreen train: --alpha and --source-power must be >= 0", file=sys.stderr)
        return EXIT_USAGE
    from collections import Counter

    from adscreen.classify import prepare

    prepared = [prepare(t)[0] for t in texts]  # once, shared by every alpha tried
    languages = [detect_language(normalize(t)) for t in texts]
    print(f"adscreen train: {len(texts)} ads from {len(set(sources))} sources", file=sys.stderr)
    weights = source_weights(sources, labels, power=args.source_power)
    counts = Counter(zip(sources, labels, strict=True))
    per_source = {
        s: {"legitimate": counts[(s, 0)], "deceptive": counts[(s, 1)]} for s in sorted(set(sources))
    }
    selection_idx = [i for i, o in enumerate(origin) if o == "input"]
    if len({labels[i] for i in selection_idx}) != 2:
        selection_idx = list(range(len(labels)))
    search, clf = [], None
    for alpha in args.alpha:
        candidate = AdClassifier(
            min_df=args.min_df,
            max_features=args.max_features,
            alpha=alpha,
            min_terms=args.min_terms,
            stop_words=args.stop_words,
        ).fit(
            texts,
            labels,
            groups=groups,
            prepared=prepared,
            sample_weight=weights,
            languages=languages,
            metadata={
                "model_version": args.model_version,
                "sources": source_notes,
                "ads_per_source": per_source,
                "source_power": args.source_power,
                "masked_placeholders": "runs of 3+ X masked as digits in every training text",
            },
        )
        read = [i for i in selection_idx if candidate.reads_words(languages[i])]
        position = {
            i: k
            for k, i in enumerate(
                j for j in range(len(texts)) if candidate.reads_words(languages[j])
            )
        }
        metrics = binary_metrics(
            [labels[i] for i in read],
            [candidate.oof_proba_[position[i]] for i in read],
            threshold=candidate.threshold,
        )
        search.append({"alpha": alpha, "roc_auc": metrics["roc_auc"], "f1": metrics["f1"]})
        print(f"adscreen train: alpha {alpha}: grouped-CV {metrics}", file=sys.stderr)
        if clf is None or metrics["roc_auc"] > max(s["roc_auc"] for s in search[:-1]):
            clf = candidate
    assert clf is not None
    read_idx = [j for j in range(len(texts)) if clf.reads_words(languages[j])]
    oof = dict(zip(read_idx, clf.oof_proba_, strict=True))
    report: dict[str, Any] = {
        "grouped_cv": {
            "all": binary_metrics(
                [labels[i] for i in read_idx], clf.oof_proba_, threshold=clf.threshold
            )
        }
    }
    if len(search) > 1:
        # The same out-of-fold scores pick alpha and are reported: slightly optimistic.
        report["alpha_search"] = search
    for name in ("input", "synthetic"):
        idx = [i for i, o in enumerate(origin) if o == name and i in oof]
        if idx and len({labels[i] for i in idx}) == 2:
            subset_labels = [labels[i] for i in idx]
            subset_scores = [oof[i] for i in idx]
            report["grouped_cv"][name] = {
                **binary_metrics(subset_labels, subset_scores, threshold=clf.threshold),
                "operating_points": operating_points(subset_labels, subset_scores),
            }
    report["near_duplicate_groups"] = len(set(groups))
    if args.validate:
        loso = clf.leave_one_source_out(
            prepared, labels, sources, sample_weight=weights, languages=languages
        )
        legit_only = [s for s, c in per_source.items() if c["deceptive"] == 0]
        threshold, hopeless = pick_threshold(
            sources,
            labels,
            loso,
            max_source_fpr=args.max_source_fpr,
            max_pooled_fpr=args.max_pooled_fpr,
            legit_sources=legit_only,
        )
        clf.set_params(threshold=threshold, medium=round(max(0.3, threshold - 0.25), 3))
        idx = sorted(oof)
        report["threshold_choice"] = {
            "threshold": threshold,
            "max_source_fpr": args.max_source_fpr,
            "max_pooled_fpr": args.max_pooled_fpr,
            "legitimate_sources": legit_only,
            "beyond_any_threshold": hopeless,
            "how": "lowest threshold keeping every legitimate-only source within "
            "max_source_fpr and all of them within max_pooled_fpr, on leave-one-source-out "
            "scores; sources in beyond_any_threshold exceed max_source_fpr even at 0.995 and "
            "only count in the pooled rate",
        }
        report["validation_scores"] = {
            "columns": ["source", "label", "leave_one_source_out", "grouped_cv"],
            "rows": [
                [
                    sources[i],
                    labels[i],
                    round(float(loso[i]), 4),
                    round(float(oof[i]), 4) if i in oof else None,
                ]
                for i in range(len(texts))
            ],
        }
        report["leave_one_source_out"] = source_table(sources, labels, loso, threshold=threshold)
        report["grouped_cv_by_source"] = source_table(
            [sources[i] for i in idx],
            [labels[i] for i in idx],
            [oof[i] for i in idx],
            threshold=threshold,
        )
        print(
            "leave-one-source-out (each source scored by a model trained without it), "
            f"threshold {threshold}:",
            file=sys.stderr,
        )
        print(format_source_table(report["leave_one_source_out"]), file=sys.stderr)
        print("grouped CV by near-duplicate group (ads the word model reads):", file=sys.stderr)
        print(format_source_table(report["grouped_cv_by_source"]), file=sys.stderr)
    del n_real
    clf.training_.update({k: v for k, v in report.items() if k != "validation_scores"})
    clf.save(args.output)
    text = json.dumps(report, indent=2)
    if args.report:
        Path(args.report).write_text(text + "\n", encoding="utf-8")
    print(text, file=sys.stderr)
    return EXIT_REJECTS if rejects.count else EXIT_OK


def run_eval(args: argparse.Namespace) -> int:
    from adscreen.evaluate import (
        binary_metrics,
        flag_report,
        format_source_table,
        operating_points,
    )
    from adscreen.pipeline import screen_text

    model = _load_model_option(args.model) if args.model else None
    if model is None:
        from adscreen.classify import default_model

        model = default_model()
    with RejectsWriter(args.rejects) as rejects:
        records = _labelled(args, rejects)
    if not records:
        print("adscreen eval: no labelled ads to evaluate", file=sys.stderr)
        return EXIT_UNREADABLE
    labels, scores, flag_ids, contribs, highs = [], [], [], [], []
    for record in _progress(args, records, "eval"):
        result = screen_text(record.text, model=model)
        labels.append(record.label)
        scores.append(result.score)
        # the band, not the score: a high score with nothing to show is not high
        highs.append(1.0 if result.band == "high" else 0.0)
        flag_ids.append([f.rule_id for f in result.flags])
        contribs.append(model.flag_contributions(result.flags))
    report = {
        "metrics": binary_metrics(labels, scores, threshold=model.threshold),
        "operating_points": operating_points(labels, scores),
        "flags": flag_report(flag_ids, labels, contribs),
        "sources": _eval_sources([r.source or "" for r in records], labels, scores, highs),
        "model_version": model.training_.get("model_version"),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        m = report["metrics"]
        print(f"ads {m['n']} (deceptive {m['positives']}), threshold {m['threshold']}")
        for key in ("precision", "recall", "f1", "roc_auc", "pr_auc", "false_positive_rate"):
            print(f"  {key:20s} {m[key]}")
        print(f"  confusion matrix     {m['confusion_matrix']}")
        if report["operating_points"]:
            print("thresholds for a false-positive budget (legitimate ads flagged at most):")
        for point in report["operating_points"]:
            print(
                f"  <= {point['max_fpr']:.0%}: threshold {point['threshold']:.4f}"
                f"  recall {point['recall']:.4f}  precision {point['precision']}"
                f"  false-positive rate {point['false_positive_rate']:.4f}"
            )
        print(
            "per source (FPR: legitimate ads in the high band; recall: deceptive ads in it;"
            " AUC of the scores):"
        )
        table = report["sources"]
        print(format_source_table(table))
        print("per-flag (fired on deceptive / legitimate, precision, mean log-odds added):")
        for f in report["flags"]:
            print(
                f"  {f['rule_id']:26s} {f['fired_deceptive']:5d} / {f['fired_legitimate']:<5d}"
                f" {f['precision']:.2f}  {f['mean_logodds_contribution']:+.3f}"
            )
    return EXIT_REJECTS if rejects.count else EXIT_OK


def _eval_sources(
    sources: list[str], labels: list[int], scores: list[float], highs: list[float]
) -> list[dict[str, Any]]:
    """Per-source table: FPR and recall of the high band, ROC-AUC of the scores."""
    from adscreen.evaluate import source_table

    table = source_table(sources, labels, highs, threshold=0.5)
    by_scores = source_table(sources, labels, scores, threshold=0.5)
    for row, other in zip(table, by_scores, strict=True):
        row["roc_auc"] = other["roc_auc"]
    return table


def _load_model_option(path: str) -> AdClassifier:
    """The --model file; one that cannot be read (a directory, no permission) is a bad model."""
    try:
        return load_model(path)
    except OSError as exc:
        raise ModelFormatError(f"cannot read model {path}: {exc.strerror or exc}") from exc


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InputUnreadable as exc:
        print(f"adscreen: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except (ModelFormatError, RulesError) as exc:
        print(f"adscreen: {exc}", file=sys.stderr)
        return EXIT_BAD_MODEL
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK  # e.g. `adscreen screen ads.jsonl | head`
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        # A .gz input that is not gzip, corrupt or cut short; what was read before is written.
        print(f"adscreen: cannot read the compressed input: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as exc:  # an output that is a directory, no permission, a full disk
        print(f"adscreen: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
