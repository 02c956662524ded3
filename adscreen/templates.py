"""Recover the template behind a group of near-duplicate ads, with its variable slots.

In the spirit of InfoShield (Lee et al., ICDE 2021): ads in one near-duplicate group are
usually one text with a few spans changed (a name, a salary, a phone, a city). We align
the members at token level against the first member and keep the tokens every sampled
member shares; each run of differing tokens becomes a slot ``{SLOT1}``, ``{SLOT2}``, ...
with example values. Simpler than InfoShield's MDL multiple alignment, but cheap and
easy to explain to a reviewer.

>>> template = extract_template([
...     "Driver needed in Dubai salary 1200 AED call Ali",
...     "Driver needed in Riyadh salary 1500 AED call Bilal",
...     "Driver needed in Doha salary 1500 AED call Sana Khan",
... ])
>>> template.text
'Driver needed in {SLOT1} salary {SLOT2} AED call {SLOT3}'
>>> template.slots[2].examples
('Ali', 'Bilal', 'Sana Khan')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = ["Slot", "Template", "detokenize", "extract_template", "extract_templates", "tokenize"]

# Alignment is quadratic in tokens and linear in members: sample both so that a template
# posted ten thousand times costs the same as one posted twenty times.
DEFAULT_MAX_MEMBERS = 20
DEFAULT_MAX_TOKENS = 200
DEFAULT_MAX_EXAMPLES = 5

# Words keep inner joiners ("0300-1234567", "1,500", "B.Ed"); trailing punctuation is its
# own token, so "Riyadh." and "Jeddah." differ only in the slot, not in the full stop.
_TOKEN = re.compile(r"\w+(?:[-'/.,:@]\w+)*|[^\w\s]")
# Punctuation written against the preceding word, in English and Urdu (۔ ، ؟).
_CLOSING = frozenset(".,;:!?)]}%۔،؟")


def tokenize(text: str) -> list[str]:
    """Split ``text`` into words and punctuation marks.

    >>> tokenize("Salary 1,500 AED. Call 0300-1234567!")
    ['Salary', '1,500', 'AED', '.', 'Call', '0300-1234567', '!']
    """
    return _TOKEN.findall(text)


def detokenize(tokens: Sequence[str]) -> str:
    """Join tokens with spaces, but none before closing punctuation."""
    out = ""
    for token in tokens:
        if out and not (token in _CLOSING or out.endswith(("(", "[", "{"))):
            out += " "
        out += token
    return out


@dataclass(frozen=True)
class Slot:
    """A variable span of a template and some of the values it takes."""

    name: str
    examples: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"name": self.name, "examples": list(self.examples)}


@dataclass(frozen=True)
class Template:
    """Shared text of a near-duplicate group, with ``{SLOTn}`` where members differ."""

    text: str
    slots: tuple[Slot, ...]
    sampled_members: int

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "slots": [slot.as_dict() for slot in self.slots],
            "sampled_members": self.sampled_members,
        }


def extract_template(
    texts: Sequence[str],
    *,
    max_members: int = DEFAULT_MAX_MEMBERS,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
) -> Template:
    """Align ``texts`` and return their shared template.

    Parameters
    ----------
    texts : sequence of str
        Members of one near-duplicate group; the first ``max_members`` are used.
    max_members : int, default=20
    max_tokens : int, default=200
        Tokens per member considered; the rest of a long ad is ignored.
    max_examples : int, default=5
        Distinct example values kept per slot, in order of first appearance.

    Returns
    -------
    Template
    """
    members = [tokenize(text)[:max_tokens] for text in texts[:max_members]]
    if not members:
        return Template(text="", slots=(), sampled_members=0)
    base = members[0]
    # For each member: base token position -> member token position, for matched tokens.
    alignments = [_align(base, member) for member in members]
    shared = sorted(set.intersection(*(set(alignment) for alignment in alignments)))

    pieces: list[str] = []
    slots: list[Slot] = []
    # Sentinels -1 and len(...) bound the gaps before the first and after the last anchor.
    anchors = [-1, *shared, len(base)]
    for left, right in zip(anchors, anchors[1:], strict=False):
        values = []
        for member, alignment in zip(members, alignments, strict=True):
            start = alignment[left] + 1 if left >= 0 else 0
            stop = alignment[right] if right < len(base) else len(member)
            values.append(detokenize(member[start:stop]))
        if any(values):
            examples = tuple(dict.fromkeys(value for value in values if value))[:max_examples]
            slot = Slot(name=f"SLOT{len(slots) + 1}", examples=examples)
            slots.append(slot)
            pieces.append("{" + slot.name + "}")
        if right < len(base):
            pieces.append(base[right])
    return Template(text=detokenize(pieces), slots=tuple(slots), sampled_members=len(members))


def _align(base: list[str], member: list[str]) -> dict[int, int]:
    matcher = SequenceMatcher(None, base, member, autojunk=False)
    mapping: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            mapping[block.a + offset] = block.b + offset
    return mapping


def extract_templates(
    groups: dict[int, Sequence[int]],
    *,
    text_of: Callable[[int], str],
    max_members: int = DEFAULT_MAX_MEMBERS,
    max_tokens: int = DEFAULT_MAX_TOKENS,
) -> dict[int, Template]:
    """Build a template for each near-duplicate group.

    Parameters
    ----------
    groups : dict of int to sequence of int
        Template id -> input positions of its members (e.g.
        :meth:`adscreen.cluster.NetworkResult.template_members`).
    text_of : callable
        Input position -> processed text. Only the first ``max_members`` members of
        each group are looked up, so a caller may fetch texts lazily.

    Returns
    -------
    dict of int to Template
    """
    return {
        template_id: extract_template(
            [text_of(int(ad)) for ad in list(members)[:max_members]],
            max_members=max_members,
            max_tokens=max_tokens,
        )
        for template_id, members in groups.items()
    }
