"""Streaming input and output for ad records (JSONL and CSV, files or stdin/stdout).

Reading never holds more than one record (one physical line for JSONL, one CSV row) in
memory, so a 10 GB export is as safe as a 10-line one. A bad record never stops the stream:
it is handed to ``on_reject`` as a :class:`Reject` (line number, reason, a clipped copy of
the raw line) and reading goes on.

An input record has an ``id`` and either ``text`` or ``title``/``description`` (plus the
optional ``requirements``/``location`` of job-board exports), and may carry ``source``,
``url``, ``posted_at`` and ``contact``; other fields are ignored.

Why one module of this size: JSONL and CSV reading, writing and the reject report share the
record schema and its line-numbered errors; one module keeps them consistent.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, BinaryIO

__all__ = [
    "Record",
    "Reject",
    "InputUnreadable",
    "detect_format",
    "open_input",
    "read_records",
    "read_lines",
    "read_blocks",
    "block_lines",
    "parse_jsonl_line",
    "record_text",
    "make_record",
    "RecordWriter",
    "RejectsWriter",
    "chunked",
    "MAX_LINE_BYTES",
    "PASSTHROUGH_FIELDS",
]

#: A record longer than this is rejected rather than read into memory.
MAX_LINE_BYTES = 1_000_000
#: Records are flat; deeper nesting than this is refused before parsing, so the answer does
#: not depend on how much of Python's stack the caller has left (worker or main process).
MAX_JSON_DEPTH = 100
#: Optional input fields copied unchanged to the output.
PASSTHROUGH_FIELDS = ("source", "url", "posted_at", "contact")
# Job-board exports split an ad over several fields; they are joined in this order.
_TEXT_PARTS = ("title", "location", "description", "requirements")
_RAW_CLIP = 500
# What make_record reads besides the id and the text.
_OPTIONAL_FIELDS = frozenset((*PASSTHROUGH_FIELDS, "label", "fraudulent"))


class InputUnreadable(OSError):
    """The input as a whole cannot be read (missing file, no permission, not a supported format)."""


@dataclass(slots=True)
class Record:
    """One ad ready for screening. ``line`` is where it started in the input (1-based)."""

    id: str
    text: str
    line: int
    source: str | None = None
    url: str | None = None
    posted_at: str | None = None
    contact: str | None = None
    #: 1 deceptive / 0 legitimate when the input is labelled (``label`` or ``fraudulent``).
    label: int | None = None

    def passthrough(self) -> dict[str, str]:
        """The optional input fields that were present, to copy into output rows."""
        return {k: v for k in PASSTHROUGH_FIELDS if (v := getattr(self, k)) is not None}


@dataclass(slots=True)
class Reject:
    """A line that could not be turned into a :class:`Record`, and why."""

    line: int
    reason: str
    raw: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "reason": self.reason, "raw": self.raw}


def record_text(fields: dict[str, Any]) -> str:
    """The ad text: ``text`` if present, else title, location, description, requirements.

    Examples
    --------
    >>> record_text({"title": "Driver", "description": "Dubai, azad visa"})
    'Driver\\nDubai, azad visa'
    """
    text = fields.get("text")
    if isinstance(text, str) and _has_text(text):
        return text
    parts = [fields.get(k) for k in _TEXT_PARTS]
    return "\n".join(p for p in parts if isinstance(p, str) and _has_text(p))


def _has_text(text: str) -> bool:
    """``bool(text.strip())`` without copying the text: strip() and isspace() agree on
    what whitespace is."""
    return bool(text) and not text.isspace()


def detect_format(name: str | None, head: bytes = b"") -> str:
    """Guess ``"jsonl"`` or ``"csv"`` from a file name, else from the first bytes.

    Examples
    --------
    >>> detect_format("ads.csv"), detect_format("ads.jsonl.gz"), detect_format("-", b'{"id": 1}')
    ('csv', 'jsonl', 'jsonl')
    """
    if name and name != "-":
        base = name[:-3] if name.endswith(".gz") else name
        ext = os.path.splitext(base)[1].lower()
        if ext in (".jsonl", ".ndjson", ".json"):
            return "jsonl"
        if ext in (".csv", ".tsv", ".txt"):
            return "csv"
    return "jsonl" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "csv"


def open_input(path: str) -> BinaryIO:
    """Open ``path`` (``-`` for stdin, ``.gz`` transparently) as a binary stream.

    Raises
    ------
    InputUnreadable
        If the file is missing, is a directory or cannot be read.
    """
    if path == "-":
        return sys.stdin.buffer
    try:
        if path.endswith(".gz"):
            return gzip.open(path, "rb")  # type: ignore[return-value]
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise InputUnreadable(f"cannot read {path}: {exc.strerror or exc}") from exc


def _peek(stream: BinaryIO) -> bytes:
    peek = getattr(stream, "peek", None)
    return peek(512)[:512] if peek else b""


def _clip(raw: str | bytes) -> str:
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")  # undo surrogateescape so it can be written
    return raw.decode("utf-8", "replace")[:_RAW_CLIP]


# Bytes that are not UTF-8 survive decoding as lone surrogates (surrogateescape).
_SURROGATE = re.compile("[\udc80-\udcff]")


def _has_surrogates(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield (line number, bytes); bytes is None for a line longer than ``max_bytes``."""
    number = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest without keeping it
                raw = stream.readline(max_bytes)
            yield number, None
            continue
        yield number, raw


def _blocks(
    stream: BinaryIO, block_bytes: int, max_bytes: int
) -> Iterator[tuple[int, bytes | None]]:
    """Cut a stream into blocks of whole lines: (number of the first line, bytes).

    Blocks are about ``block_bytes`` long and end with a newline (except at the end of the
    input). A line longer than ``max_bytes`` is never held in memory: it is skipped and
    comes as its own block ``(number, None)``. :func:`block_lines` turns a block back into
    exactly the lines (and line numbers) that reading line by line would give.
    """
    number, carry, pending = 1, b"", b""
    while True:
        data, pending = pending or stream.read(block_bytes), b""
        if not data:
            break
        buf = carry + data if carry else data
        cut = buf.rfind(b"\n") + 1
        if cut:
            yield number, buf[:cut]
            number += buf.count(b"\n", 0, cut)
        carry = buf[cut:]
        if len(carry) > max_bytes:  # a line too long: skip to its end without keeping it
            yield number, None
            number += 1
            carry = b""
            while True:
                data = stream.read(block_bytes)
                if not data:
                    return
                end = data.find(b"\n")
                if end != -1:
                    pending = data[end + 1 :]  # the lines after it, read as if just read
                    break
    if carry:
        yield number, carry


def block_lines(
    first: int, block: bytes | None, max_bytes: int = MAX_LINE_BYTES
) -> list[tuple[int, bytes | None]]:
    """The (line number, raw line) pairs of a block from :func:`read_blocks`.

    Raw lines keep their newline, as ``readline`` gives them; None marks a line longer
    than ``max_bytes``.
    """
    if block is None:
        return [(first, None)]
    pieces = block.split(b"\n")
    last = pieces.pop()  # b"" when the block ends with a newline
    lines = [
        (first + i, None if len(piece) > max_bytes else piece + b"\n")
        for i, piece in enumerate(pieces)
    ]
    if last:
        lines.append((first + len(pieces), None if len(last) > max_bytes else last))
    return lines


def make_record(fields: Any, line: int) -> Record | str:
    """A Record from a parsed record's fields, or the reason they cannot make one."""
    if not isinstance(fields, dict):
        return f"expected an object, got {type(fields).__name__}"
    raw_id = fields.get("id")
    if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
        return "missing 'id'"
    if not isinstance(raw_id, str | int):
        return "'id' must be a string or integer"
    text = record_text(fields)
    if not _has_text(text):
        return "no text: need 'text' or 'title'/'description'"
    if fields.keys().isdisjoint(_OPTIONAL_FIELDS):  # most records: nothing more to read
        return Record(str(raw_id), text, line)
    extras = {}
    for key in PASSTHROUGH_FIELDS:
        value = fields.get(key)
        if value is not None and value != "":
            extras[key] = value if isinstance(value, str) else json.dumps(value)
    return Record(id=str(raw_id), text=text, line=line, label=_label(fields), **extras)


def _label(fields: dict[str, Any]) -> int | None:
    for key in ("label", "fraudulent"):
        value = fields.get(key)
        if value in (0, 1, "0", "1", True, False) and value != "":
            return int(value)
    return None


def parse_jsonl_line(number: int, raw: bytes | None, max_bytes: int = MAX_LINE_BYTES) -> Any:
    """One physical JSONL line → a :class:`Record`, a :class:`Reject`, or None (blank line).

    ``raw`` is None for a line that was longer than ``max_bytes`` (see :func:`read_lines`).
    """
    if raw is None:
        return Reject(number, f"line longer than {max_bytes} bytes", "")
    if raw[:1] != b"{":  # a line starting with "{" (nearly all) is neither blank nor BOM-led
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            return None  # blank lines are not records
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        # Exactly the lines whose surrogateescape decoding holds a lone surrogate (tested),
        # found without searching the decoded text for one.
        return Reject(number, "not valid UTF-8", _clip(raw))
    # A few thousand "[" would make json.loads raise RecursionError and stop the whole run;
    # counting brackets first (in C) keeps the exact depth check off ordinary lines.
    if text.count("[") + text.count("{") > MAX_JSON_DEPTH and _too_deep(text):
        return Reject(number, f"JSON nested deeper than {MAX_JSON_DEPTH} levels", _clip(text))
    try:
        fields = json.loads(text)
    except json.JSONDecodeError as exc:
        return Reject(number, f"invalid JSON: {exc.msg} at column {exc.colno}", _clip(text))
    except ValueError as exc:  # an integer longer than int() reads (4300 digits by default)
        reason = str(exc).partition(";")[0]  # without its advice to raise the limit
        return Reject(number, f"invalid JSON: {reason}", _clip(text))
    made = make_record(fields, number)
    if isinstance(made, str):
        return Reject(number, made, _clip(text))
    # An escaped lone surrogate ("\ud800") decodes to a str that cannot be written as UTF-8,
    # so the whole output would fail on it; only a line with such an escape can hold one.
    if _SURROGATE_ESCAPE.search(raw) is not None and _record_has_surrogates(made):
        return Reject(
            number, "lone surrogate escape (\\ud800-\\udfff): not valid Unicode", _clip(text)
        )
    return made


# An escape of U+D800-U+DFFF in the raw line: most lines have none, and finding that in the
# bytes is cheaper than searching every decoded string.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_ANY_SURROGATE = re.compile("[\ud800-\udfff]")


def _record_has_surrogates(record: Record) -> bool:
    strings = (record.id, record.text, *record.passthrough().values())
    return any(_ANY_SURROGATE.search(s) is not None for s in strings)


# A string, or a bracket outside strings. The closing quote is optional so that an unclosed
# string is consumed once, to the end, instead of being rescanned from every later quote.
_JSON_NESTING_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')


def _too_deep(text: str) -> bool:
    """True when brackets outside JSON strings nest deeper than :data:`MAX_JSON_DEPTH`."""
    depth = 0
    for token in _JSON_NESTING_TOKEN.finditer(text):
        mark = token.group()
        if mark == "[" or mark == "{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif mark == "]" or mark == "}":
            depth -= 1
    return False


def _read_jsonl(
    stream: BinaryIO, on_reject: Callable[[Reject], None], max_bytes: int
) -> Iterator[Record]:
    for number, raw in _lines(stream, max_bytes):
        parsed = parse_jsonl_line(number, raw, max_bytes)
        if isinstance(parsed, Record):
            yield parsed
        elif parsed is not None:
            on_reject(parsed)


def _read_csv(
    stream: BinaryIO, on_reject: Callable[[Reject], None], max_bytes: int
) -> Iterator[Record]:
    too_long: list[int] = []

    def decoded() -> Iterator[str]:
        for number, raw in _lines(stream, max_bytes):
            if raw is None:
                too_long.append(number)
                yield "\n"  # keep csv's line count right; the row is rejected below
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            yield raw.decode("utf-8", "surrogateescape")

    reader = csv.reader(decoded())
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise InputUnreadable(f"cannot parse CSV header: {exc}") from exc
    header = [h.strip() for h in header]
    if "id" not in header or not ({"text", "title", "description"} & set(header)):
        raise InputUnreadable(
            "CSV header must name 'id' and 'text' (or 'title'/'description'); got "
            + ", ".join(header[:10])
        )
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            on_reject(Reject(start, f"invalid CSV: {exc}", ""))
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if too_long and too_long[0] < start:
            while too_long and too_long[0] < start:
                too_long.pop(0)
            on_reject(Reject(line, f"line longer than {max_bytes} bytes", ""))
            continue
        if not row or not any(cell.strip() for cell in row):
            continue
        raw = ",".join(row)
        if _has_surrogates(raw):
            on_reject(Reject(line, "not valid UTF-8", _clip(raw)))
            continue
        if len(row) != len(header):
            on_reject(Reject(line, f"expected {len(header)} fields, got {len(row)}", _clip(raw)))
            continue
        made = make_record(dict(zip(header, row, strict=True)), line)
        if isinstance(made, str):
            on_reject(Reject(line, made, _clip(raw)))
        else:
            yield made


def _ignore(_reject: Reject) -> None:
    pass


def read_records(
    source: str | BinaryIO,
    *,
    fmt: str = "auto",
    on_reject: Callable[[Reject], None] | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[Record]:
    """Stream :class:`Record` objects from a JSONL or CSV file, path or binary stream.

    Parameters
    ----------
    source : str or binary file object
        A path (``-`` for stdin; ``.gz`` is decompressed) or an open binary stream.
    fmt : {"auto", "jsonl", "csv"}, default="auto"
        ``auto`` uses the file extension, then the first bytes (``{`` means JSONL).
    on_reject : callable, optional
        Called with a :class:`Reject` for every record that cannot be read. Default: ignore.
    max_line_bytes : int, default=MAX_LINE_BYTES
        Longer lines are rejected without being held in memory.

    Raises
    ------
    InputUnreadable
        When the input as a whole cannot be read (missing file, CSV without usable header).

    Examples
    --------
    >>> data = io.BytesIO(b'{"id": "a1", "text": "Azad visa"}\\nnot json\\n')
    >>> rejects = []
    >>> [r.id for r in read_records(data, on_reject=rejects.append)]
    ['a1']
    >>> rejects[0].line, rejects[0].reason.split(":")[0]
    (2, 'invalid JSON')
    """
    stream, fmt, owned = _open_detected(source, fmt)
    try:
        reader = _read_jsonl if fmt == "jsonl" else _read_csv
        yield from reader(stream, on_reject or _ignore, max_line_bytes)
    finally:
        if owned:
            stream.close()


def _open_detected(source: str | BinaryIO, fmt: str) -> tuple[BinaryIO, str, bool]:
    if fmt not in ("auto", "jsonl", "csv"):
        raise ValueError(f"fmt must be 'auto', 'jsonl' or 'csv', not {fmt!r}")
    if isinstance(source, str):
        stream, name, owned = open_input(source), source, source != "-"
    else:
        stream, name, owned = source, getattr(source, "name", None), False
    if fmt == "auto":
        if not hasattr(stream, "peek"):
            stream = io.BufferedReader(stream)  # type: ignore[arg-type]  # to sniff
        try:
            fmt = detect_format(name if isinstance(name, str) else None, _peek(stream))
        except BaseException:
            if owned:
                stream.close()
            raise
    return stream, fmt, owned


def read_blocks(
    source: str | BinaryIO,
    *,
    fmt: str = "auto",
    block_bytes: int = 1 << 19,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> tuple[str, Iterator[tuple[int, bytes | None]]]:
    """The input's format and, for JSONL, its lines in blocks of about ``block_bytes``.

    What ``adscreen screen`` reads: the reading process only cuts the input at newlines
    (in C) and workers split, parse and screen the lines (:func:`block_lines`). For CSV the
    iterator is empty, as for :func:`read_lines`.

    Examples
    --------
    >>> fmt, blocks = read_blocks(io.BytesIO(b'{"id": 1}\\n{"id": 2}\\n'), block_bytes=12)
    >>> fmt, list(blocks)
    ('jsonl', [(1, b'{"id": 1}\\n'), (2, b'{"id": 2}\\n')])
    """
    stream, fmt, owned = _open_detected(source, fmt)
    if fmt != "jsonl":
        if owned:
            stream.close()
        return fmt, iter(())

    def blocks() -> Iterator[tuple[int, bytes | None]]:
        try:
            yield from _blocks(stream, block_bytes, max_line_bytes)
        finally:
            if owned:
                stream.close()

    return fmt, blocks()


def read_lines(
    source: str | BinaryIO, *, fmt: str = "auto", max_line_bytes: int = MAX_LINE_BYTES
) -> tuple[str, Iterator[tuple[int, bytes | None]]]:
    """The input's format and, for JSONL, its raw lines as (line number, bytes) pairs.

    For the parallel screen: lines are parsed by :func:`parse_jsonl_line` where they are
    screened (worker processes), so the reading process only reads. Bytes are None for a
    line longer than ``max_line_bytes`` (never held in memory). For CSV the iterator is
    empty: CSV records can span lines and are read with :func:`read_records`.

    Examples
    --------
    >>> fmt, lines = read_lines(io.BytesIO(b'{"id": 1, "text": "a"}\\n\\n'))
    >>> fmt, list(lines)
    ('jsonl', [(1, b'{"id": 1, "text": "a"}\\n'), (2, b'\\n')])
    """
    stream, fmt, owned = _open_detected(source, fmt)
    if fmt != "jsonl":
        if owned:
            stream.close()
        return fmt, iter(())

    def lines() -> Iterator[tuple[int, bytes | None]]:
        try:
            yield from _lines(stream, max_line_bytes)
        finally:
            if owned:
                stream.close()

    return fmt, lines()


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Group an iterable into lists of ``size`` (the last may be shorter), lazily.

    Examples
    --------
    >>> list(chunked(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    if size < 1:
        raise ValueError("size must be at least 1")
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# Ads are written by the people they screen, and analysts open CSV output in spreadsheets,
# which run a cell starting with "=", "@", "+" or "-" as a formula (CSV injection). Such a
# cell gets a leading apostrophe, which spreadsheets show as text. Numbers and lists of
# phone numbers ("+92 300 1234567; +971501234567", "-0.5") hold no name a formula could
# call, so they stay as they are.
_FORMULA_START = re.compile(r"[=@\t\r]|[+-](?![\d\s().,;+-]*$)")


def _csv_cell(value: Any) -> str:
    text = _cell_text(value)
    return "'" + text if _FORMULA_START.match(text) else text


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell_text(v) if not isinstance(v, dict) else json.dumps(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class RecordWriter:
    """Write result rows (dicts) as JSONL or CSV to a path or text stream.

    CSV has one column per key of ``columns``; lists are joined with ``"; "`` and nested
    objects written as JSON, so a spreadsheet can still filter on flags and contacts.

    Examples
    --------
    >>> out = io.StringIO()
    >>> with RecordWriter(out, fmt="csv", columns=["id", "flags"]) as w:
    ...     w.write({"id": "a1", "flags": ["azad-visa", "fee"], "extra": 1})
    >>> out.getvalue().splitlines()
    ['id,flags', 'a1,azad-visa; fee']
    """

    def __init__(
        self, target: str | IO[str], *, fmt: str = "jsonl", columns: list[str] | None = None
    ):
        if fmt not in ("jsonl", "csv"):
            raise ValueError(f"fmt must be 'jsonl' or 'csv', not {fmt!r}")
        if fmt == "csv" and not columns:
            raise ValueError("CSV output needs columns")
        self.fmt = fmt
        self.columns = columns
        if isinstance(target, str) and target != "-":
            self._stream: IO[str] = open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115
            self._owned = True
        else:
            self._stream = sys.stdout if target == "-" else target  # type: ignore[assignment]
            self._owned = False
        self._csv = None
        if fmt == "csv":
            self._csv = csv.writer(self._stream, lineterminator="\n")
            self._csv.writerow(columns)
        self.count = 0

    def write(self, row: dict[str, Any]) -> None:
        if self._csv is not None:
            self._csv.writerow([_csv_cell(row.get(c)) for c in self.columns or ()])
        else:
            self._stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.count += 1

    def write_text(self, text: str, count: int) -> None:
        """Write ``count`` rows already serialised in this writer's format (whole lines)."""
        self._stream.write(text)
        self.count += count

    def close(self) -> None:
        if self._owned:
            self._stream.close()
        else:
            self._stream.flush()

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class RejectsWriter:
    """Report rejected lines on stderr (``line N: reason``) and, optionally, to a JSONL file."""

    def __init__(
        self, path: str | None = None, *, stderr: IO[str] | None = None, quiet: bool = False
    ):
        self.count = 0
        self._stderr = stderr if stderr is not None else sys.stderr
        self._quiet = quiet
        self._file = open(path, "w", encoding="utf-8") if path else None  # noqa: SIM115

    def __call__(self, reject: Reject) -> None:
        self.count += 1
        if not self._quiet:
            self._stderr.write(f"line {reject.line}: {reject.reason}\n")
        if self._file is not None:
            self._file.write(json.dumps(reject.to_dict(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def __enter__(self) -> RejectsWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
