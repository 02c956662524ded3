"""Splitting an ad's text into plain and flagged pieces by the flags' spans.

The template prints every piece with autoescaping and wraps the flagged ones in <mark>, so
an ad's own markup can never reach the page as HTML: highlighting never builds HTML strings.
"""

from dataclasses import dataclass, field


@dataclass
class Piece:
    text: str
    rules: list[str] = field(default_factory=list)  # flag rule ids covering this piece


def pieces(text: str, flags: list[dict]) -> list[Piece]:
    """``text`` cut at every flag boundary; spans outside the text are clipped or ignored."""
    cuts = {0, len(text)}
    spans = []
    for flag in flags:
        try:
            start, end = (int(x) for x in flag.get("span", ())[:2])
        except (TypeError, ValueError):
            continue
        start, end = max(0, start), min(len(text), end)
        if start < end:
            spans.append((start, end, str(flag.get("rule_id", ""))))
            cuts.update((start, end))
    ordered = sorted(cuts)
    out = []
    for start, end in zip(ordered, ordered[1:], strict=False):
        rules = [rule for s, e, rule in spans if s <= start and end <= e]
        out.append(Piece(text[start:end], list(dict.fromkeys(rules))))
    return out
