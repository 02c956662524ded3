"""JSON from users, with a depth limit and text that is text.

``json.loads`` raises ``RecursionError`` near a thousand nested brackets, and code that walks
a parsed document (schema validation, importers) can run out of stack far sooner. It also
accepts an escape such as ``"\\ud800"``: half of a UTF-16 pair, which Python keeps as a lone
surrogate that no UTF-8 encoder accepts, so the request failed later, wherever the value was
encrypted, stored or echoed back in an error message. Neither may turn a bad upload into a
server error, so every JSON that reaches Rihai from outside is read here: too deep or not text
is a clear validation error, decided the same way wherever it runs.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

#: Deeper than any document Rihai exchanges (an HTCDS record nests about six levels).
MAX_DEPTH = 32

TOO_DEEP = _("The JSON is nested more than %(limit)d levels deep.")
NOT_TEXT = _("The JSON contains a \\u escape that is not a character (half of a surrogate pair).")

# After json.loads a proper pair is one code point, so any surrogate left is a lone half.
_SURROGATE = re.compile("[\ud800-\udfff]")


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


def lone_surrogate(value: Any) -> bool:
    """True when a string or key anywhere in ``value`` holds a lone UTF-16 surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _too_deep_error() -> ValidationError:
    return ValidationError(TOO_DEEP, code="too_deep", params={"limit": MAX_DEPTH})


def check(value: Any) -> Any:
    """``value`` (parsed JSON) unchanged, or ``ValidationError`` when it is nested deeper
    than :data:`MAX_DEPTH` or holds a lone surrogate."""
    if too_deep(value):
        raise _too_deep_error()
    if lone_surrogate(value):
        raise ValidationError(NOT_TEXT, code="lone_surrogate")
    return value


def loads(text: str | bytes) -> Any:
    """``json.loads`` that raises ``ValueError`` for malformed JSON (as ``json.loads`` does)
    and ``ValidationError`` for JSON that :func:`check` refuses."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise _too_deep_error() from None
    return check(value)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with the same checks: a 400, never a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            value = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_too_deep_error().messages[0]) from None
        try:
            return check(value)
        except ValidationError as exc:
            raise ParseError(exc.messages[0]) from None
