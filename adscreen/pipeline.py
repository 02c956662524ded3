"""The screening pipeline: one ad → :class:`ScreenResult`; a stream of ads → a stream of rows.

``screen_records`` runs the same chunk function (:func:`screen_chunk`) in three ways:
in-process, on local worker processes (``jobs > 1``) or on a Dask distributed cluster
(``dask=ADDRESS``). Output order always equals input order, and only a bounded number of
chunks is in flight, so memory stays flat however long the input is.

Why one module of this size: the three ways of running the same chunk function (in-process,
local processes, Dask) share the ordering and back-pressure logic, which must stay in one
place to keep output order and memory identical across them.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from adscreen.classify import BASIS_WORDS, AdClassifier, Prepared, default_model, load_model
from adscreen.entities import Entities, _extract
from adscreen.features import dense_features, text_features
from adscreen.io import (
    PASSTHROUGH_FIELDS,
    Record,
    Reject,
    block_lines,
    chunked,
    make_record,
    parse_jsonl_line,
)
from adscreen.langid import detect_language
from adscreen.normalize import normalize
from adscreen.rules import Flag, RuleSet, default_rules

__all__ = [
    "ScreenResult",
    "screen_text",
    "screen_records",
    "screen_chunk",
    "screen_lines",
    "screen_block",
    "map_ordered",
    "row_json",
    "OUTPUT_COLUMNS",
    "BANDS",
]

#: Bands in increasing order of risk.
BANDS = ("low", "medium", "high")

#: Columns of CSV output, in order.
OUTPUT_COLUMNS = [
    "id",
    "score",
    "band",
    "language",
    "basis",
    "flags",
    "contacts",
    "phones",
    "emails",
    "domains",
    "licences",
    "destinations",
    "visa_types",
    "source",
    "url",
    "posted_at",
]


# Content signals (dense features) in words, for the reasons of a high score.
SIGNAL_TEXT = {
    "content:chat-app-contact": "contact through a chat app (WhatsApp/Telegram)",
    "content:webmail": "recruiter uses a free webmail address",
    "content:pay-per-short-period": "pay quoted per day, week or hour",
    "content:destination-abroad": "work abroad",
    "content:personal-contact-only": "only a personal number or chat app, no company address",
    "entity:whatsapp-link": "a WhatsApp link as contact",
    "entity:foreign-phone": "a foreign phone number",
}
# Below this (log-odds, before calibration) a word or signal is not named as a reason.
_REASON_MIN = 0.02
_LICENCE_NOTE = {
    "id": "check-licence",
    "en": "The ad gives an OEP licence number ({numbers}). Check it, and the promoter's name "
    "and address, on the Bureau of Emigration's list of licensed promoters (beoe.gov.pk) or "
    "at a Protector of Emigrants office: a number printed in an ad is not proof of a licence.",
    "ur": "اشتہار میں او ای پی لائسنس نمبر ({numbers}) دیا گیا ہے۔ اسے، اور پروموٹر کا نام اور "
    "پتہ، بیورو آف امیگریشن کی لائسنس یافتہ پروموٹرز کی فہرست (beoe.gov.pk) یا پروٹیکٹر آف "
    "ایمیگرنٹس کے دفتر سے تصدیق کریں: اشتہار میں چھپا نمبر لائسنس کا ثبوت نہیں۔",
}


@dataclass(slots=True)
class ScreenResult:
    """The screening of one ad: a calibrated risk score, its band, and the evidence.

    ``basis`` says what scored it: ``"words+flags"``, or ``"flags-only"`` for a language
    the model's words were not trained on. ``reasons`` (high band only, else None) names
    what made it high: flags with the text they matched, the words that raised the score
    most, and content signals; a high score always has at least one. ``notes`` are advice
    that does not change the score (a licence number to check).
    """

    score: float
    band: str
    language: str
    flags: list[Flag]
    entities: Entities
    model_version: str = ""
    rules_version: int = 0
    explanation: dict[str, Any] | None = field(default=None)
    basis: str = BASIS_WORDS
    reasons: dict[str, Any] | None = None
    notes: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (what ``adscreen screen`` writes per ad)."""
        data: dict[str, Any] = {
            "score": round(self.score, 4),
            "band": self.band,
            "language": self.language,
            "basis": self.basis,
            "flags": [f.to_dict() for f in self.flags],
            "entities": self.entities.to_dict(),
            "model_version": self.model_version,
            "rules_version": self.rules_version,
            "reasons": self.reasons,
            "notes": self.notes,
        }
        if self.explanation is not None:
            data["explanation"] = self.explanation
        return data


def _model_version(model: AdClassifier) -> str:
    return str(model.training_.get("model_version", "custom"))


def screen_text(
    text: str,
    *,
    model: AdClassifier | None = None,
    rules: RuleSet | None = None,
    explain: bool = False,
) -> ScreenResult:
    """Screen one ad.

    Parameters
    ----------
    text : str
        The ad, in English, Urdu script or Roman Urdu.
    model : AdClassifier, optional
        Default: the model shipped with adscreen.
    rules : RuleSet, optional
        Default: the shipped red-flag rules.
    explain : bool, default=False
        Also report the words and flag summaries that moved the score most.

    Examples
    --------
    >>> r = screen_text("Azad visa for Dubai, no interview. Pay advance fee. 0300-0000012")
    >>> r.band, [f.rule_id for f in r.flags][:2], r.entities.phones
    ('high', ['azad-visa', 'no-interview'], ['+923000000012'])
    """
    model = model or default_model()
    rules = rules or default_rules()
    norm = normalize(text)
    lowered = norm.lower()  # lowered once for rules, entities and word features
    flags = rules._match_lowered(norm, lowered)
    entities = _extract(norm, lowered)
    dense = dense_features(flags, entities, lowered)
    language = detect_language(norm, lowered)
    prepared = None
    if explain:
        prepared = Prepared(text_features(lowered), dense)
        score = model.score_prepared(prepared, language)
    else:  # the features themselves are only needed to explain
        score = model.score_lowered(lowered, dense, language)
    band = model.band(score)
    reasons = None
    if band == "high":  # only a high score needs its reasons (they cost a second word pass)
        reasons = _reasons(model, lowered, prepared, dense, flags, language)
        if not reasons:  # a high score must say why; with nothing to show it is not high
            band, reasons = "medium", None
    return ScreenResult(
        score=score,
        band=band,
        language=language,
        flags=flags,
        entities=entities,
        model_version=_model_version(model),
        rules_version=rules.version,
        explanation=model.contributions(prepared) if explain else None,
        basis=model.basis(language),
        reasons=reasons,
        notes=_notes(entities),
    )


def _reasons(
    model: AdClassifier,
    lowered: str,
    prepared: Prepared | None,
    dense: list[float],
    flags: list[Flag],
    language: str,
) -> dict[str, Any]:
    """What made a high score: flags (with what they matched), the words that raised it
    most, and content signals. Empty when nothing raised it (then it is not high).

    The words are the top 20 terms by absolute contribution that raised the score by at
    least ``_REASON_MIN``, at most five. Terms weaker than that can neither be named nor
    push a named one out of the top 20, so the compiled scorer returns only the stronger
    ones (``strongest_terms``); the reference builds every feature (``contributions``).
    """
    out: dict[str, Any] = {}
    if flags:
        out["flags"] = [[f.rule_id, f.text] for f in flags]
    if model.reads_words(language):
        terms = None
        if prepared is None:  # a small margin below _REASON_MIN: rounding decides the edge
            terms = model.strongest_terms(lowered, top=20, cutoff=_REASON_MIN * 0.99)
        if terms is None:
            if prepared is None:
                prepared = Prepared(text_features(lowered), dense)
            terms = model.contributions(prepared, top=20)["terms"]
        words = [[t, c] for t, c in terms if c >= _REASON_MIN][:5]
        if words:
            out["words"] = words
        names, weights = model.dense_names_, model.dense_weights_
    else:
        names, weights = model.dense_names_, model.flags_only_["dense_weights"]
    signals = [
        SIGNAL_TEXT[name]
        for name, w, v in zip(names, weights, dense, strict=False)
        if name in SIGNAL_TEXT and w * v >= _REASON_MIN
    ]
    if signals:
        out["signals"] = signals
    return out


def _notes(entities: Entities) -> list[dict[str, str]]:
    if not entities.licences:
        return []
    numbers = ", ".join(entities.licences)
    return [{k: v.format(numbers=numbers) for k, v in _LICENCE_NOTE.items()}]


def _row(record: Record, result: ScreenResult) -> dict[str, Any]:
    row = {"id": record.id, **result.to_dict()}
    row["contacts"] = row["entities"].pop("contacts")
    row.update(record.passthrough())
    return row


# -- fast JSON output -----------------------------------------------------------------------
# json.dumps of a whole row costs more than screening a short ad. Most of a row is constant
# per rule (weight, category, two explanations) or a list of strings, so rows are assembled
# from cached fragments and the C string encoder; a test checks that the result is exactly
# json.dumps(row, ensure_ascii=False).
_enc = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False
_FLAG_PARTS: dict[tuple[str, float, str, str, str], tuple[str, str]] = {}


def _flag_parts(flag: Flag) -> tuple[str, str]:
    key = (flag.rule_id, flag.weight, flag.category, flag.explanation_en, flag.explanation_ur)
    parts = _FLAG_PARTS.get(key)
    if parts is None:
        if len(_FLAG_PARTS) > 4096:  # custom rule sets come and go: stay bounded
            _FLAG_PARTS.clear()
        parts = (
            f'{{"rule_id": {_enc(flag.rule_id)}, "weight": {flag.weight!r}, '
            f'"category": {_enc(flag.category)}, "span": [',
            f', "explanation_en": {_enc(flag.explanation_en)}, '
            f'"explanation_ur": {_enc(flag.explanation_ur)}}}',
        )
        _FLAG_PARTS[key] = parts
    return parts


def _str_list(items: list[str]) -> str:
    return "[" + ", ".join(map(_enc, items)) + "]" if items else "[]"


def _entities_json(e: Entities) -> str:
    salaries = (
        ", ".join(
            f'{{"amount": {s.amount!r}, "currency": {_enc(s.currency)}, "period": '
            f'{"null" if s.period is None else _enc(s.period)}, "text": {_enc(s.text)}}}'
            for s in e.salaries
        )
        if e.salaries  # most ads have none: no generator to build and run
        else ""
    )
    return (
        f'{{"phones": {_str_list(e.phones)}, "whatsapp": {_str_list(e.whatsapp)}, '
        f'"emails": {_str_list(e.emails)}, "urls": {_str_list(e.urls)}, '
        f'"domains": {_str_list(e.domains)}, "licences": {_str_list(e.licences)}, '
        f'"salaries": [{salaries}], "destinations": {_str_list(e.destinations)}, '
        f'"visa_types": {_str_list(e.visa_types)}}}'
    )


def _reasons_json(reasons: dict[str, Any]) -> str:
    """``json.dumps(reasons, ensure_ascii=False)`` for what :func:`_reasons` builds."""
    parts = []
    for key, items in reasons.items():
        if key == "flags":
            inner = ", ".join(f"[{_enc(rule)}, {_enc(text)}]" for rule, text in items)
        elif key == "words":
            inner = ", ".join(f"[{_enc(term)}, {value!r}]" for term, value in items)
        else:
            inner = ", ".join(map(_enc, items))
        parts.append(f"{_enc(key)}: [{inner}]")
    return "{" + ", ".join(parts) + "}"


def row_json(record: Record, result: ScreenResult) -> str:
    """The output row of one ad as a JSON line (no newline): exactly
    ``json.dumps(row, ensure_ascii=False)`` of the row :func:`screen_records` yields, faster.
    """
    flags = []
    for f in result.flags:
        head, tail = _flag_parts(f)
        flags.append(f'{head}{f.span[0]}, {f.span[1]}], "text": {_enc(f.text)}{tail}')
    parts = [
        f'{{"id": {_enc(record.id)}, "score": {round(result.score, 4)!r}, '
        f'"band": {_enc(result.band)}, "language": {_enc(result.language)}, '
        f'"basis": {_enc(result.basis)}, '
        f'"flags": [{", ".join(flags)}], '
        f'"entities": {_entities_json(result.entities)}, '
        f'"model_version": {_enc(result.model_version)}, "rules_version": {result.rules_version!r}'
    ]
    # Every high ad has reasons (half of some inputs): built by hand like the flags.
    parts.append(
        ', "reasons": null'
        if result.reasons is None
        else f', "reasons": {_reasons_json(result.reasons)}'
    )
    # Rare (a licence number): json.dumps is fine for these.
    parts.append(
        f', "notes": {json.dumps(result.notes, ensure_ascii=False)}'
        if result.notes
        else ', "notes": []'
    )
    if result.explanation is not None:
        parts.append(f', "explanation": {json.dumps(result.explanation, ensure_ascii=False)}')
    parts.append(f', "contacts": {_str_list(result.entities.contacts())}')
    for key in PASSTHROUGH_FIELDS:  # Record.passthrough(), without its dict
        value = getattr(record, key)
        if value is not None:
            parts.append(f", {_enc(key)}: {_enc(value)}")
    parts.append("}")
    return "".join(parts)


def screen_lines(
    lines: list[tuple[int, bytes | None]],
    model_path: str | None = None,
    explain: bool = False,
    min_band: str = "low",
    out_format: str = "jsonl",
) -> tuple[str, int, list[Reject], int]:
    """Parse, screen and serialise raw JSONL lines (``adscreen screen`` gives workers blocks
    of lines, see :func:`screen_block`).

    Workers do all the per-ad work, parsing included, and hand back text ready to write,
    so the reading process has almost nothing to do and ``--jobs N`` scales.

    Returns
    -------
    (text, rows, rejects, lines)
        Output lines (JSONL, or CSV rows under :data:`OUTPUT_COLUMNS` without a header)
        of the ads in or above ``min_band``, their number, the lines that were rejected,
        and the number of lines read.
    """
    model = _model_for(model_path)
    rules = default_rules()
    lowest = BANDS.index(min_band)
    rejects: list[Reject] = []
    out: list[str] = []
    records: list[Record] = []
    results: list[ScreenResult] = []
    for number, raw in lines:
        parsed = parse_jsonl_line(number, raw)
        if parsed is None:
            continue
        if isinstance(parsed, Reject):
            rejects.append(parsed)
            continue
        result = screen_text(parsed.text, model=model, rules=rules, explain=explain)
        if lowest and BANDS.index(result.band) < lowest:
            continue
        if out_format == "jsonl":
            out.append(row_json(parsed, result))
        else:
            records.append(parsed)
            results.append(result)
    if out_format == "jsonl":
        return ("\n".join(out) + "\n" if out else ""), len(out), rejects, len(lines)
    from adscreen.io import _csv_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for record, result in zip(records, results, strict=True):
        row = csv_row(_row(record, result))
        writer.writerow([_csv_cell(row.get(c)) for c in OUTPUT_COLUMNS])
    return buffer.getvalue(), len(records), rejects, len(lines)


def screen_block(
    block: tuple[int, bytes | None],
    model_path: str | None = None,
    explain: bool = False,
    min_band: str = "low",
    out_format: str = "jsonl",
) -> tuple[str, int, list[Reject], int]:
    """:func:`screen_lines` for a block of lines from :func:`adscreen.io.read_blocks`."""
    return screen_lines(block_lines(*block), model_path, explain, min_band, out_format)


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    """Flatten a result row for CSV: flag ids, contacts and main entities as lists."""
    entities = row.get("entities", {})
    flat = {
        k: row.get(k)
        for k in ("id", "score", "band", "language", "basis", "source", "url", "posted_at")
    }
    flat["flags"] = [f["rule_id"] for f in row.get("flags", [])]
    flat["contacts"] = row.get("contacts", [])
    for key in ("phones", "emails", "domains", "licences", "destinations", "visa_types"):
        flat[key] = entities.get(key, [])
    return flat


# Per-process model cache: a worker loads the model once, not once per chunk.
_MODELS: dict[str | None, AdClassifier] = {}


def _model_for(path: str | None) -> AdClassifier:
    model = _MODELS.get(path)
    if model is None:
        model = default_model() if path is None else load_model(path)
        _MODELS[path] = model
    return model


def screen_chunk(
    records: list[Record], model_path: str | None = None, explain: bool = False
) -> list[dict[str, Any]]:
    """Screen a list of records into output rows. The unit of work for every executor.

    A top-level function with picklable arguments so that worker processes and Dask
    workers can run it; the model travels as a path and is loaded once per worker.
    """
    model = _model_for(model_path)
    rules = default_rules()
    return [
        _row(r, screen_text(r.text, model=model, rules=rules, explain=explain)) for r in records
    ]


def _ordered(
    submit: Callable[[list[Record]], Future], chunks: Iterator[list[Record]], in_flight: int
) -> Iterator[list[dict[str, Any]]]:
    """Submit chunks keeping at most ``in_flight`` pending; yield results in input order."""
    pending: deque[Future] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def map_ordered(
    function: Callable[[Any], Any], chunks: Iterable[Any], *, jobs: int = 1
) -> Iterator[Any]:
    """``map(function, chunks)`` on ``jobs`` local processes, in order, 2 × jobs in flight.

    ``function`` must be picklable (a top-level function or a ``functools.partial`` of one).
    """
    if jobs == 1:
        yield from map(function, chunks)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        try:
            yield from _ordered(lambda c: pool.submit(function, c), iter(chunks), 2 * jobs)
        finally:
            pool.shutdown(cancel_futures=True)


def screen_records(
    records: Iterable[Record | dict[str, Any]],
    *,
    model_path: str | None = None,
    jobs: int = 1,
    dask: str | Any | None = None,
    chunk_size: int = 500,
    explain: bool = False,
    executor: Executor | None = None,
) -> Iterator[dict[str, Any]]:
    """Screen a stream of ads lazily, yielding one JSON-ready row per ad in input order.

    Parameters
    ----------
    records : iterable of Record or dict
        Records from :func:`adscreen.io.read_records`, or dicts with ``id`` and ``text``.
    model_path : str, optional
        A saved model; default: the shipped model.
    jobs : int, default=1
        Local worker processes. 1 runs in this process.
    dask : str or distributed.Client, optional
        Scheduler address (``tcp://host:8786``) or a Client: run chunks on that cluster.
    chunk_size : int, default=500
        Ads per unit of work.
    explain : bool, default=False
        Add the words and flag summaries behind each score.
    executor : concurrent.futures.Executor, optional
        Bring your own executor (takes precedence over ``jobs``).

    Examples
    --------
    >>> rows = list(screen_records([{"id": "a", "text": "Azad visa, pay advance fee"}]))
    >>> rows[0]["id"], rows[0]["flags"][0]["rule_id"]
    ('a', 'azad-visa')
    """
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    as_records = (
        r if isinstance(r, Record) else _from_dict(r, i) for i, r in enumerate(records, 1)
    )
    chunks = chunked(as_records, chunk_size)

    if dask is not None:
        yield from _screen_on_dask(chunks, dask, model_path=model_path, explain=explain, jobs=jobs)
        return
    if executor is None and jobs == 1:
        for chunk in chunks:
            yield from screen_chunk(chunk, model_path, explain)
        return
    own = executor is None
    pool = executor or ProcessPoolExecutor(max_workers=jobs)
    try:
        workers = getattr(pool, "_max_workers", jobs) or jobs
        for rows in _ordered(
            lambda c: pool.submit(screen_chunk, c, model_path, explain),
            chunks,
            in_flight=2 * workers,
        ):
            yield from rows
    finally:
        if own:
            pool.shutdown(cancel_futures=True)


def _screen_on_dask(
    chunks: Iterator[list[Record]],
    dask: str | Any,
    *,
    model_path: str | None,
    explain: bool,
    jobs: int,
) -> Iterator[dict[str, Any]]:
    from distributed import Client

    client = dask if isinstance(dask, Client) else Client(dask)
    try:
        workers = max(1, sum(client.nthreads().values()))
        in_flight = 2 * max(workers, jobs)
        yield from (
            row
            for rows in _ordered(
                lambda c: client.submit(screen_chunk, c, model_path, explain, pure=False),
                chunks,
                in_flight=in_flight,
            )
            for row in rows
        )
    finally:
        if client is not dask:
            client.close()


def _from_dict(data: dict[str, Any], index: int) -> Record:
    made = make_record(data, index)
    if isinstance(made, str):
        raise ValueError(f"record {index}: {made}")
    return made


def default_jobs() -> int:
    """A sensible ``--jobs`` default: the CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
