"""Structured logs: one JSON object per line, with the request id, without personal data.

What a line holds is chosen here, not by whoever logs: time, level, logger, message, request
id and interface (from ``rihai.core.request_context``), and an exception's type and traceback.
Extra attributes (Django attaches the whole request to some records) are never written. Query
strings are cut from anything that looks like a URL or path, because search terms carry
phone numbers and CNICs.
"""

import json
import logging
import re
from datetime import UTC, datetime

from rihai.core import request_context

_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


def without_query_strings(text: str) -> str:
    """'GET /cases/?q=0300…' -> 'GET /cases/?…'"""
    return _QUERY.sub(r"\1?…", text)


class RequestIdMiddleware:
    """Keeps the request's context on the request and answers its id in ``X-Request-ID``.

    Django logs 4xx answers after every middleware has returned, when the context the core
    middleware set is gone; the record still carries the request, so the filter finds the id
    here. The header lets someone reporting a problem quote the id an operator can search for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        context = request_context.current()
        request.rihai_context = context
        response = self.get_response(request)
        response["X-Request-ID"] = context.request_id
        return response


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` and ``interface`` to every record (for the plain format too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        context = getattr(request, "rihai_context", None) or request_context.current()
        record.request_id = context.request_id
        record.interface = context.interface
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        context = request_context.current()
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": without_query_strings(record.getMessage()),
            "request_id": getattr(record, "request_id", None) or context.request_id,
            "interface": getattr(record, "interface", None) or context.interface,
        }
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            line["status"] = status
        if record.exc_info:
            line["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            line["traceback"] = without_query_strings(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)
