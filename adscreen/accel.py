"""An optional compiled pre-filter: which of many regexes can match an ad, in one C scan.

Running ~200 red-flag patterns one by one costs the interpreter a call per pattern per ad,
even with a literal gate in front. Hyperscan (Intel's multi-regex engine, via the
``hyperscan`` package) scans the text once for all of them. It is used **only to choose
candidates**: every candidate is confirmed, and its span taken, by the same Python regex
the pure-Python path uses, so results are identical with or without it (tested on every
fixture and a generated corpus).

For that to hold, the set Hyperscan reports must contain every pattern Python would match.
So each pattern is compiled in Hyperscan's *prefilter* mode (constructs it does not support,
such as look-behind, are widened, never narrowed), after :func:`loosen` has widened it
further: word boundaries dropped, ``\\w`` replaced by ``\\S`` and long bounded repeats
(``.{0,80}?``) made unbounded. That keeps compiling at about 1.5–2.5 s, and the compiled
database is cached on disk (``$ADSCREEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/adscreen`` or
``~/.cache/adscreen``), so a process pays it once per rules version and machine. The few
texts where Python's case-insensitive matching knows equivalences Hyperscan's folding does
not (dotless ı, long ſ, Greek and Cyrillic letters with extra case forms), or that are not
valid UTF-8 (lone surrogates), make :meth:`Prefilter.candidates` return None, and the caller
uses its pure-Python path for that ad.

Set ``ADSCREEN_HYPERSCAN=0`` to switch the accelerator off.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

try:
    import hyperscan as _hs
except ImportError:  # pragma: no cover - the pure-Python path is used and tested instead
    _hs = None

__all__ = ["Prefilter", "Literals", "available", "loosen", "cache_dir"]

_FLAGS = (
    0
    if _hs is None
    else (
        _hs.HS_FLAG_UTF8
        | _hs.HS_FLAG_UCP
        | _hs.HS_FLAG_CASELESS
        | _hs.HS_FLAG_SINGLEMATCH
        | _hs.HS_FLAG_PREFILTER
        | _hs.HS_FLAG_ALLOWEMPTY
    )
)
# Bump when loosen() or the flags change, so stale cached databases are not reused.
_SCHEME = 1
_MAGIC = b"adscreen-hs2\n"

# Characters for which Python's IGNORECASE knows extra equivalents (ı ~ i, ſ ~ s, µ ~ μ,
# Greek and Cyrillic variants): a text holding one is screened by the pure-Python path.
try:
    from re import _casefix  # type: ignore[attr-defined]

    _EXTRA_CASES = "".join(chr(c) for c in sorted(_casefix._EXTRA_CASES) if c > 0x7F)
except ImportError:  # pragma: no cover - the table as of CPython 3.11-3.13
    _EXTRA_CASES = "µıſͅΐΰβεθικμπρςσφϐϑϕϖϰϱϵвдостъѣᲀᲁᲂᲃᲄᲅᲆᲇᲈṡẛιΐΰꙋﬅﬆ"
# ...and so is a text holding \x1c-\x1f, which Python's \s matches and Hyperscan's does not.
_UNSAFE_CASES = re.compile("[" + re.escape(_EXTRA_CASES) + "\x1c-\x1f]")
_BOUNDED_REPEAT = re.compile(r"(?<!\\)\{(\d+),(\d+)\}\??")
_UPTO_REPEAT = re.compile(r"(?<!\\)\{,(\d+)\}")
_UNICODE_ESCAPE = re.compile(r"(?<!\\)\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")


def _unsafe(text: str) -> bool:
    """``_UNSAFE_CASES.search(text) is not None``; an ASCII text (most long ads) can only
    hold the four separators, and four substring tests are quicker than the class scan."""
    if text.isascii():
        return "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text
    return _UNSAFE_CASES.search(text) is not None


# Repeats longer than this become * or +: bounded ones cost Hyperscan seconds to compile.
_MAX_KEPT_REPEAT = 8


def available() -> bool:
    """True when Hyperscan is installed and not switched off by ``ADSCREEN_HYPERSCAN=0``."""
    return _hs is not None and os.environ.get("ADSCREEN_HYPERSCAN", "1") != "0"


def loosen(pattern: str) -> str:
    r"""A pattern that matches wherever ``pattern`` matches (and possibly more).

    Examples
    --------
    >>> loosen(r"\bsend\s\w+.{0,80}?fee{1,2}")
    'send\\s\\S+.*?fee{1,2}'
    """

    def widen(m: re.Match[str]) -> str:
        low, high = int(m.group(1)), int(m.group(2))
        if high <= _MAX_KEPT_REPEAT:
            return m.group(0)
        lazy = "?" if m.group(0).endswith("?") else ""
        return ("*" if low == 0 else "+") + lazy

    if "[^" in pattern or "\\\\" in pattern:
        # Inside a negated class \w -> \S would narrow ([^\w] is not [^\S]), and "\\b" is
        # an escaped backslash, not a boundary: leave such patterns to the prefilter mode.
        return pattern
    # Python syntax that PCRE reads differently: {,n} is {0,n} to Python but literal text
    # to PCRE, and \uXXXX / \UXXXXXXXX escapes are \x{...} in PCRE.
    pattern = _UPTO_REPEAT.sub(r"{0,\1}", pattern)
    pattern = _UNICODE_ESCAPE.sub(lambda m: "\\x{" + (m.group(1) or m.group(2)) + "}", pattern)
    # \w never matches whitespace, so \S is wider; an empty string is wider than \b.
    widened = pattern.replace(r"\b", "").replace(r"\w", r"\S")
    return _BOUNDED_REPEAT.sub(widen, widened)


def cache_dir() -> Path:
    """Where compiled databases are kept between runs."""
    explicit = os.environ.get("ADSCREEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "adscreen"


class _Scanner:
    """A compiled Hyperscan database and per-thread scratch space (scans may run in threads)."""

    def __init__(self, database: Any, always: Sequence[int] = ()):
        self._database = database
        self._always = list(always)  # patterns Hyperscan cannot compile: always candidates
        self._local = threading.local()

    def _scan(self, data: bytes, handler: Any, hits: list) -> None:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = _hs.Scratch(self._database)
        self._database.scan(data, match_event_handler=handler, context=hits, scratch=scratch)


class Prefilter(_Scanner):
    """Which of ``patterns`` may match a text, found in one Hyperscan scan.

    Patterns are Python regexes matched case-insensitively; the answer is a list of their
    indexes, in ascending order, that contains every pattern Python would match, or None
    when the text needs the pure-Python path. Build one with :meth:`build`, which returns
    None when Hyperscan is unavailable.
    """

    @classmethod
    def build(cls, patterns: Sequence[str]) -> Prefilter | None:
        if not available() or not patterns:
            return None
        loose = [loosen(p).encode("utf-8") for p in patterns]
        key = _cache_key(_SCHEME, _FLAGS, [p.decode() for p in loose])
        cached = _load_cached(key)
        if cached is not None:
            return cls(*cached)
        ids = list(range(len(loose)))
        try:
            database, always = _new_database(loose, ids, _FLAGS), []
        except _hs.error:
            # Python syntax Hyperscan does not accept (a custom rules file may hold some)
            # must not stop screening: such patterns are left out of the scan and always run.
            always = [i for i in ids if not _compiles(loose[i])]
            kept = [i for i in ids if i not in set(always)]
            if not kept:
                return None
            database = _new_database([loose[i] for i in kept], kept, _FLAGS)
        _store_cached(key, database, always)
        return cls(database, always)

    def candidates(self, text: str) -> list[int] | None:
        if _unsafe(text):
            return None
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: Hyperscan needs valid UTF-8
            return None
        hits: list[int] = []
        self._scan(data, _collect, hits)
        if self._always:
            hits += self._always
        hits.sort()
        return hits


def _new_database(patterns: Sequence[bytes], ids: Sequence[int], flags: int) -> Any:
    database = _hs.Database(mode=_hs.HS_MODE_BLOCK)
    database.compile(
        expressions=list(patterns), ids=list(ids), elements=len(ids), flags=[flags] * len(ids)
    )
    return database


def _compiles(pattern: bytes) -> bool:
    """Whether Hyperscan accepts ``pattern`` on its own."""
    try:
        _new_database([pattern], [0], _FLAGS)
    except _hs.error:
        return False
    return True


def _cache_key(*parts: Any) -> str:
    """Names a compiled database by what it was built from, and with what, and for what."""
    described = [*parts, _hs_version(), platform.machine()]
    return hashlib.sha256(json.dumps(described, ensure_ascii=False).encode()).hexdigest()[:32]


def _collect(pattern_id: int, start: int, end: int, flags: int, hits: list[int]) -> None:
    hits.append(pattern_id)


def _hs_version() -> str:
    return str(getattr(_hs, "__version__", "?"))


def _cache_file(key: str) -> Path:
    return cache_dir() / f"prefilter-{key}.hsdb"


def _load_cached(key: str) -> tuple[Any, list[int]] | None:
    """The cached database for ``key`` and its always-run pattern indexes, or None
    (missing, unreadable, corrupt, or built for another CPU)."""
    try:
        blob = _cache_file(key).read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + 32
    if len(blob) <= header or not blob.startswith(_MAGIC):
        return None
    digest, payload = blob[len(_MAGIC) : header], blob[header:]
    if hashlib.sha256(payload).digest() != digest:
        return None
    # payload: a JSON line with the always-run indexes, then the serialised database
    line_end = payload.find(b"\n")
    try:
        always = [int(i) for i in json.loads(payload[:line_end])]
        database = _hs.loadb(payload[line_end + 1 :], _hs.HS_MODE_BLOCK)
        _hs.Scratch(database)  # refuses a database built for another CPU
    except (ValueError, TypeError, _hs.error):
        return None
    return database, always


def _store_cached(key: str, database: Any, always: Sequence[int] = ()) -> None:
    """Write the database atomically; a cache that cannot be written is only slower."""
    payload = json.dumps(list(always)).encode() + b"\n" + bytes(_hs.dumpb(database))
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".prefilter-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, _cache_file(key))
    except OSError:
        Path(tmp).unlink(missing_ok=True)


class Literals(_Scanner):
    """Every occurrence of a set of literal strings in a text, in one Hyperscan scan.

    The answer is what an Aho-Corasick automaton gives: ``(index of the literal, index of
    its last character)`` for every occurrence, overlapping ones included, ordered by end
    and then by index. None when the text needs another path (not valid UTF-8).
    """

    @classmethod
    def build(cls, literals: Sequence[str]) -> Literals | None:
        if not available() or not literals:
            return None
        flags = _hs.HS_FLAG_UTF8
        key = _cache_key("literals", _SCHEME, flags, list(literals))
        cached = _load_cached(key)
        if cached is not None:
            return cls(cached[0])
        patterns = [re.escape(lit).encode("utf-8") for lit in literals]
        database = _new_database(patterns, range(len(patterns)), flags)
        _store_cached(key, database)
        return cls(database)

    def find(self, text: str) -> list[tuple[int, int]] | None:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return None
        hits: list[tuple[int, int]] = []
        self._scan(data, _collect_end, hits)
        if len(data) != len(text):  # byte offsets to character offsets
            hits = [(i, len(data[:end].decode("utf-8")) - 1) for i, end in hits]
        else:
            hits = [(i, end - 1) for i, end in hits]
        hits.sort(key=_by_end_then_index)
        return hits


def _collect_end(
    pattern_id: int, start: int, end: int, flags: int, hits: list[tuple[int, int]]
) -> None:
    hits.append((pattern_id, end))


def _by_end_then_index(hit: tuple[int, int]) -> tuple[int, int]:
    return hit[1], hit[0]
