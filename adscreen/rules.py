"""Red-flag rules: loaded from a versioned TOML file, matched with regular expressions.

The rules are data (``adscreen/rules/redflags.toml``) so that people who know the patterns
(FIA investigators, BE&OE staff, NGO workers) can review and change them without touching
code. Each rule yields at most one :class:`Flag` per ad, carrying the exact span of its first
match in the normalised text, its weight and a plain explanation in English and Urdu.

Why one module of this size: loading, validating and matching the rule file are one
contract (a rule's schema, its compiled patterns and its spans); splitting it would spread
the schema over files that must change together.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from re import _constants as sre_c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from adscreen.accel import Prefilter

try:  # optional C accelerator for the literal pre-filter; results are identical without it
    import ahocorasick as _ahocorasick
except ImportError:  # pragma: no cover - exercised by forcing the fallback in tests
    _ahocorasick = None

__all__ = ["Rule", "Flag", "RuleSet", "RulesError", "load_rules", "default_rules", "LANGS"]

#: Pattern languages every rule declares (a list may be empty).
LANGS = ("en", "ur", "roman-ur")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class RulesError(ValueError):
    """The rules file is malformed; the message names the rule and the problem."""


@dataclass(frozen=True, slots=True)
class _Check:
    """One compiled pattern with its pre-filter.

    ``gate``: literal groups the lower-cased text must all hit (None: always run).
    ``anchor``: the most selective group; every match contains one of its literals.
    ``width``: the longest possible match, so the regex only scans windows around anchor
    occurrences instead of the whole ad (None: unbounded, scan everything).
    """

    gate: tuple[frozenset[str], ...] | None
    anchor: frozenset[str] | None
    width: int | None
    regex: re.Pattern[str]
    pattern: str  # as written in the rules file


@dataclass(frozen=True, slots=True)
class Rule:
    """One red flag as declared in the rules file."""

    id: str
    version: int
    weight: float
    category: str
    indicator: str
    explanation_en: str
    explanation_ur: str
    patterns: dict[str, tuple[str, ...]]
    regex: re.Pattern[str]
    checks: tuple[_Check, ...]
    # Patterns that, found anywhere in the ad, stop the rule from firing (e.g. a licence
    # number for "recruits abroad without a licence"); None for most rules.
    unless: re.Pattern[str] | None = None
    unless_patterns: tuple[str, ...] = ()  # as written, for the Hyperscan pre-filter

    def fires(self, text: str) -> bool:
        """The plain definition of the rule: one of its patterns matches ``text`` and none
        of its ``unless`` patterns does (the fast paths must agree with this; tested)."""
        if self.regex.search(text) is None:
            return False
        return self.unless is None or self.unless.search(text) is None


@dataclass(frozen=True, slots=True)
class Flag:
    """A rule that fired. ``span`` indexes the normalised text; ``text`` is what matched."""

    rule_id: str
    weight: float
    category: str
    span: tuple[int, int]
    text: str
    explanation_en: str
    explanation_ur: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "weight": self.weight,
            "category": self.category,
            "span": list(self.span),
            "text": self.text,
            "explanation_en": self.explanation_en,
            "explanation_ur": self.explanation_ur,
        }


def _bounded(pattern: str) -> str:
    # Word boundaries at both ends so "visa" never fires inside "visas-r-us.example".
    return r"(?<!\w)(?:" + pattern + r")(?!\w)"


def _best(groups: list[list[str]]) -> list[str] | None:
    # The most selective group: longest shortest-alternative, then fewest alternatives.
    return max(groups, key=lambda alts: (min(map(len, alts)), -len(alts)), default=None)


def _required_groups(items: Any) -> list[list[str]]:
    """Groups of strings such that every match contains at least one string of each group.

    Scanning a text with a regex costs ~50 µs per pattern on a 2 kB ad, whatever the
    pattern; finding all literals at once costs a few µs. So each pattern only runs when
    every group it cannot match without is present. The extraction is conservative: what
    it does not understand (classes, optional parts) adds no condition.
    """
    groups: list[list[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            groups.append(["".join(run)])
            run.clear()

    for op, av in items:
        if op is sre_c.LITERAL:
            run.append(chr(av))
        elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue  # zero-width: the literal run goes on across it
        elif op is sre_c.SUBPATTERN:
            flush()
            groups += _required_groups(av[-1])
        elif op is sre_c.BRANCH:
            if run:
                # The parser factors a common prefix out of alternatives ("umar|umr" becomes
                # "um" + ("ar"|"r")): put it back, so the group is selective enough to use.
                prefix = "".join(run)
                groups.append([prefix + _leading_literals(branch) for branch in av[1]])
            flush()
            alternatives: list[str] = []
            for branch in av[1]:
                best = _best(_required_groups(branch))
                if best is None:
                    alternatives = []
                    break
                alternatives += best
            if alternatives:
                groups.append(alternatives)
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            flush()
            if av[0] >= 1:
                groups += _required_groups(av[2])
        else:
            flush()
    flush()
    return groups


def _leading_literals(items: Any) -> str:
    """The literal characters a parsed branch starts with ("" if it starts otherwise)."""
    out = []
    for op, av in items:
        if op is not sre_c.LITERAL:
            break
        out.append(chr(av))
    return "".join(out)


# Windows longer than this are not worth the bookkeeping: scan the whole text instead.
_MAX_WINDOW = 400


def _check(pattern: str) -> _Check:
    parsed = sre_parse.parse(pattern)
    groups = [
        frozenset(lit.lower() for lit in group)
        for group in _required_groups(parsed)
        if min(map(len, group)) >= 3  # shorter literals are too common to filter anything
    ]
    anchor = max(groups, key=lambda g: (min(map(len, g)), -len(g)), default=None)
    width = parsed.getwidth()[1]
    return _Check(
        gate=tuple(groups) or None,
        anchor=anchor,
        width=width if anchor is not None and width <= _MAX_WINDOW else None,
        regex=re.compile(_bounded(pattern), re.IGNORECASE),
        pattern=pattern,
    )


def _compile(
    rule_id: str, patterns: dict[str, tuple[str, ...]]
) -> tuple[re.Pattern[str], tuple[_Check, ...]]:
    alternatives = [p for lang in LANGS for p in patterns[lang]]
    checks = []
    # The re module raises RecursionError on thousands of nested groups and OverflowError on
    # a repeat count it cannot hold; both are bad patterns like any other.
    for pattern in alternatives:
        try:
            checks.append(_check(pattern))
        except (re.error, RecursionError, OverflowError) as exc:
            raise RulesError(f"rule {rule_id}: bad pattern {pattern!r}: {exc}") from exc
    try:  # patterns that compile alone can clash when joined (a group name used twice)
        combined = re.compile(_bounded("|".join(alternatives)), re.IGNORECASE)
    except re.error as exc:
        raise RulesError(f"rule {rule_id}: bad pattern {'|'.join(alternatives)!r}: {exc}") from exc
    return combined, tuple(checks)


def _parse_rule(raw: dict[str, Any], seen: set[str]) -> Rule:
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise RulesError(f"rule id {rule_id!r} must be kebab-case")
    if rule_id in seen:
        raise RulesError(f"rule {rule_id}: duplicate id")
    seen.add(rule_id)
    for key, kind in (("version", int), ("weight", float | int), ("category", str)):
        if not isinstance(raw.get(key), kind) or isinstance(raw.get(key), bool):
            raise RulesError(f"rule {rule_id}: '{key}' missing or of the wrong type")
    if not 0 < raw["weight"] <= 1:
        raise RulesError(f"rule {rule_id}: weight must be in (0, 1]")
    for key in ("explanation_en", "explanation_ur"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise RulesError(f"rule {rule_id}: '{key}' is required (people read it)")
    raw_patterns = raw.get("patterns")
    if not isinstance(raw_patterns, dict) or set(raw_patterns) != set(LANGS):
        raise RulesError(f"rule {rule_id}: 'patterns' must have exactly {', '.join(LANGS)}")
    patterns = {}
    for lang in LANGS:
        items = raw_patterns[lang]
        if not isinstance(items, list) or not all(isinstance(p, str) and p for p in items):
            raise RulesError(f"rule {rule_id}: patterns.{lang} must be a list of strings")
        patterns[lang] = tuple(items)
    if not any(patterns.values()):
        raise RulesError(f"rule {rule_id}: no patterns at all")
    regex, checks = _compile(rule_id, patterns)
    unless = None
    alternatives: list[str] = []
    if "unless" in raw:
        raw_unless = raw["unless"]
        if not isinstance(raw_unless, dict) or set(raw_unless) != set(LANGS):
            raise RulesError(f"rule {rule_id}: 'unless' must have exactly {', '.join(LANGS)}")
        for lang in LANGS:
            items = raw_unless[lang]
            if not isinstance(items, list) or not all(isinstance(p, str) and p for p in items):
                raise RulesError(f"rule {rule_id}: unless.{lang} must be a list of strings")
            alternatives += items
        if not alternatives:
            raise RulesError(f"rule {rule_id}: 'unless' has no patterns")
        try:
            unless = re.compile(_bounded("|".join(alternatives)), re.IGNORECASE)
        except (re.error, RecursionError, OverflowError) as exc:
            raise RulesError(f"rule {rule_id}: bad unless pattern: {exc}") from exc
    return Rule(
        id=rule_id,
        version=raw["version"],
        weight=float(raw["weight"]),
        category=raw["category"],
        indicator=str(raw.get("indicator", "")),
        explanation_en=raw["explanation_en"].strip(),
        explanation_ur=raw["explanation_ur"].strip(),
        patterns=patterns,
        regex=regex,
        checks=checks,
        unless=unless,
        unless_patterns=tuple(alternatives) if unless is not None else (),
    )


class RuleSet:
    """A loaded, validated rules file.

    Examples
    --------
    >>> rules = default_rules()
    >>> [f.rule_id for f in rules.match("Azad visa for Dubai, send your passport")]
    ['azad-visa', 'passport-handover', 'abroad-no-licence']
    >>> rules.match("Azad visa")[0].span
    (0, 9)
    """

    def __init__(self, *, version: int, rules: list[Rule], source: str):
        self.version = version
        self.rules = rules
        self.source = source
        self.by_id = {r.id: r for r in rules}
        literals = {lit for r in rules for c in r.checks if c.gate for g in c.gate for lit in g}
        self._literals = tuple(sorted(literals))
        self._automaton = _build_automaton(self._literals)
        # Index checks by their anchor literals, so matching looks only at the few checks
        # whose anchor occurs in the ad instead of testing every gate.
        self._checks = [(i, c) for i, r in enumerate(rules) for c in r.checks]
        self._by_anchor: dict[str, list[int]] = {}
        self._unanchored: list[int] = []
        for n, (_, check) in enumerate(self._checks):
            if check.anchor is None:
                self._unanchored.append(n)
            for lit in check.anchor or ():
                self._by_anchor.setdefault(lit, []).append(n)
        # The pre-filter also scans for the "unless" patterns (ids after the checks'): a
        # rule's unless regex then runs only when its pattern may occur.
        self._unless_ids = [
            (i, p) for i, r in enumerate(rules) for p in r.unless_patterns if r.unless is not None
        ]
        # Built on first use: compiling (or loading from the cache) is not free, and a rule
        # set that is only validated or listed never needs it.
        self._prefilter: Prefilter | None = None
        self._prefilter_ready = False

    def __getstate__(self) -> dict[str, Any]:
        # A compiled Hyperscan database cannot be pickled (rule sets sent to worker
        # processes, or deep-copied): leave it out, and let the copy build its own.
        state = self.__dict__.copy()
        state["_prefilter"] = None
        state["_prefilter_ready"] = False
        return state

    def _get_prefilter(self) -> Prefilter | None:
        if not self._prefilter_ready:
            self._prefilter = Prefilter.build(
                [check.pattern for _, check in self._checks] + [p for _, p in self._unless_ids]
            )
            self._prefilter_ready = True
        return self._prefilter

    @classmethod
    def from_toml(cls, data: bytes | str, *, source: str = "<string>") -> RuleSet:
        try:
            doc = tomllib.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
        except UnicodeDecodeError as exc:
            raise RulesError(f"{source}: not UTF-8 (byte {exc.start}: {exc.reason})") from exc
        except tomllib.TOMLDecodeError as exc:
            raise RulesError(f"{source}: not valid TOML: {exc}") from exc
        except RecursionError as exc:  # tomllib recurses once per level of nesting
            raise RulesError(f"{source}: not valid TOML: nested too deeply") from exc
        version = doc.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise RulesError(f"{source}: top-level integer 'version' is required")
        raw_rules = doc.get("rule")
        if not isinstance(raw_rules, list) or not raw_rules:
            raise RulesError(f"{source}: no [[rule]] entries")
        if not all(isinstance(raw, dict) for raw in raw_rules):  # e.g. rule = [1, 2]
            raise RulesError(f"{source}: every 'rule' must be a [[rule]] table")
        seen: set[str] = set()
        return cls(version=version, rules=[_parse_rule(r, seen) for r in raw_rules], source=source)

    def match(self, text: str) -> list[Flag]:
        """Flags raised by ``text`` (normalised), in rules-file order, one per rule.

        The span of a flag is its earliest match among the rule's patterns; of matches
        starting at the same place, the one of the pattern listed first.
        """
        return self._match_lowered(text, text.lower())

    def _match_lowered(self, text: str, lowered: str) -> list[Flag]:
        """:meth:`match` given ``lowered == text.lower()`` (the pipeline lowers once)."""
        prefilter = self._prefilter if self._prefilter_ready else self._get_prefilter()
        if prefilter is not None and len(lowered) == len(text):
            candidates = prefilter.candidates(lowered)
            if candidates is not None:
                return self._confirm(text, lowered, candidates)
        return self._match_gated(text, lowered)

    def _confirm(self, text: str, lowered: str, candidates: list[int]) -> list[Flag]:
        """Flags from the checks Hyperscan chose, each confirmed by its Python regex."""
        best: dict[int, re.Match[str]] = {}
        checks = self._checks
        n_checks = len(checks)
        unless_possible = set()
        for n in candidates:  # ascending, i.e. file order: ties go to the first pattern
            if n >= n_checks:  # an unless pattern that may occur
                unless_possible.add(self._unless_ids[n - n_checks][0])
                continue
            rule_index, check = checks[n]
            hit = check.regex.search(lowered)
            if hit is not None:
                previous = best.get(rule_index)
                if previous is None or hit.start() < previous.start():
                    best[rule_index] = hit
        return self._flags(text, best, unless_possible)

    def _match_gated(self, text: str, lowered: str) -> list[Flag]:
        """The pure-Python path: a literal gate in front of each regex."""
        found = self.literals_in(lowered)
        # Lower-casing can change the length of a few characters (İ); then spans would
        # drift, so search the original text (the regexes ignore case anyway).
        haystack = lowered if len(lowered) == len(text) else text
        candidates = set(self._unanchored)
        for lit in found:
            candidates.update(self._by_anchor.get(lit, ()))
        best: dict[int, re.Match[str]] = {}
        present = found.keys()
        for n in sorted(candidates):  # file order, so ties go to the rule's first pattern
            rule_index, check = self._checks[n]
            if check.gate is not None:
                # Every group of the gate needs one of its literals (a loop, not any() over
                # a generator: this runs ~16 times per ad).
                blocked = False
                for group in check.gate:
                    if present.isdisjoint(group):
                        blocked = True
                        break
                if blocked:
                    continue
            if check.width is None or haystack is text:
                hit = check.regex.search(haystack)
            else:
                hit = _search_windows(check, haystack, found)
            if hit is not None:
                previous = best.get(rule_index)
                if previous is None or hit.start() < previous.start():
                    best[rule_index] = hit
        return self._flags(text, best)

    def _flags(
        self, text: str, best: dict[int, re.Match[str]], unless_possible: set[int] | None = None
    ) -> list[Flag]:
        """Flags of the rules that matched, minus those whose ``unless`` pattern occurs
        (looked for only in the rules of ``unless_possible`` when given: the pre-filter
        found no trace of the others')."""
        flags = []
        for rule_index in sorted(best):
            rule, m = self.rules[rule_index], best[rule_index]
            if (
                rule.unless is not None
                and (unless_possible is None or rule_index in unless_possible)
                and rule.unless.search(m.string) is not None
            ):
                continue
            flags.append(
                Flag(
                    rule_id=rule.id,
                    weight=rule.weight,
                    category=rule.category,
                    span=(m.start(), m.end()),
                    text=text[m.start() : m.end()],
                    explanation_en=rule.explanation_en,
                    explanation_ur=rule.explanation_ur,
                )
            )
        return flags

    def literals_in(self, lowered: str) -> dict[str, list[int]]:
        """Gate literals found in ``lowered`` → end offsets (exclusive) of each occurrence.

        One Aho-Corasick pass when pyahocorasick is installed; a loop of ``str.find``
        otherwise. Both give the same answer (tested).
        """
        found: dict[str, list[int]] = {}
        if self._automaton is None:
            for lit in self._literals:
                at = lowered.find(lit)
                while at != -1:
                    found.setdefault(lit, []).append(at + len(lit))
                    at = lowered.find(lit, at + 1)
            return found
        for last, lit in self._automaton.iter(lowered):
            found.setdefault(lit, []).append(last + 1)
        return found

    def __len__(self) -> int:
        return len(self.rules)

    def __repr__(self) -> str:
        return f"RuleSet(version={self.version}, rules={len(self.rules)}, source={self.source!r})"


def _search_windows(
    check: _Check, haystack: str, found: dict[str, list[int]]
) -> re.Match[str] | None:
    """Search only around occurrences of the check's anchor literals."""
    width = check.width
    assert width is not None and check.anchor is not None
    ends = sorted(end for lit in check.anchor if lit in found for end in found[lit])
    size = len(haystack)
    window_start = window_end = -1
    for end in ends:
        start, stop = max(0, end - width), min(size, end + width)
        if start <= window_end:  # overlaps the window already pending: widen it
            window_end = stop
            continue
        if window_end >= 0:
            hit = _search_window(check.regex, haystack, window_start, window_end)
            if hit is not None:
                return hit
        window_start, window_end = start, stop
    if window_end >= 0:
        return _search_window(check.regex, haystack, window_start, window_end)
    return None


def _search_window(
    regex: re.Pattern[str], text: str, start: int, stop: int
) -> re.Match[str] | None:
    hit = regex.search(text, start, stop)
    if hit is not None and hit.end() == stop < len(text):
        # endpos makes the text look as if it ended there, so a trailing (?!\w) may have
        # passed wrongly: confirm on the whole text.
        hit = regex.match(text, hit.start())
    return hit


def _build_automaton(literals: tuple[str, ...]) -> Any:
    """An Aho-Corasick automaton over ``literals``, or None without pyahocorasick.

    The pure-Python fallback (one substring test per literal) gives the same answer, only
    slower; a test checks that the two agree.
    """
    if not literals or _ahocorasick is None:
        return None
    automaton = _ahocorasick.Automaton()
    for lit in literals:
        automaton.add_word(lit, lit)
    automaton.make_automaton()
    return automaton


def load_rules(path: str | Path) -> RuleSet:
    """Load and validate a rules file from ``path``.

    Raises
    ------
    RulesError
        With the offending rule's id when the file is malformed.
    """
    path = Path(path)
    return RuleSet.from_toml(path.read_bytes(), source=path.name)


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The rules shipped with adscreen (``adscreen/rules/redflags.toml``), loaded once."""
    data = resources.files("adscreen").joinpath("rules/redflags.toml").read_bytes()
    return RuleSet.from_toml(data, source="redflags.toml")
