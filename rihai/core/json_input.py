"""JSON from users, with a depth limit.

``json.loads`` raises ``RecursionError`` near a thousand nested brackets, and code that walks
a parsed document (schema validation, importers) can run out of stack far sooner. Neither
may turn a bad upload into a server error, so every JSON that reaches Rihai from outside is
read here: too deep is a clear validation error, decided the same way wherever it runs.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

#: Deeper than any document Rihai exchanges (an HTCDS record nests about six levels).
MAX_DEPTH = 32

TOO_DEEP = _("The JSON is nested more than %(limit)d levels deep.")


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when lists/objects in ``value`` nest deeper than ``limit`` (walked without
    recursion, so any parsed document can be checked)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def loads(text: str | bytes) -> Any:
    """``json.loads`` that raises ``ValueError`` for malformed JSON (as ``json.loads`` does)
    and ``ValidationError`` for JSON nested deeper than :data:`MAX_DEPTH`."""
    try:
        value = json.loads(text)
    except RecursionError:
        value = None
        deep = True
    else:
        deep = too_deep(value)
    if deep:
        raise ValidationError(TOO_DEEP, code="too_deep", params={"limit": MAX_DEPTH})
    return value


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with the same depth limit: a 400, never a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            value = super().parse(stream, media_type, parser_context)
        except RecursionError:
            value, deep = None, True
        else:
            deep = too_deep(value)
        if deep:
            raise ParseError(TOO_DEEP % {"limit": MAX_DEPTH})
        return value
