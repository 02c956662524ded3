"""Keeps searches for people out of the logs.

A search for a phone number or CNIC travels in the query string (``/cases/?q=03001234567``),
and access logs print the request line. This filter replaces the whole query string of any
logged request line that carries a search parameter (even inside ``next=``, percent-encoded)
with ``?[query removed]``. It is attached to Django's runserver and request loggers and to
gunicorn's access and error loggers (``CoreConfig.ready``); for gunicorn, also log the path
without its query string (``access_log_format`` with ``%(U)s``, see ``docs/security.md``).
"""

import logging
import re
from urllib.parse import unquote

# Parameters that may carry a person's name, phone, CNIC, passport or free-text search.
SEARCH_PARAMETERS = ("q", "search", "query", "term", "name", "phone", "cnic", "passport")
REMOVED = "?[query removed]"

_QUERY = re.compile(r"\?[^\s\"']*")
_SEARCH_KEY = re.compile(rf"(?:^|[?&;])(?:{'|'.join(SEARCH_PARAMETERS)})=", re.IGNORECASE)
LOGGERS = ("django.server", "django.request", "gunicorn.access", "gunicorn.error")


def _has_search(query: str) -> bool:
    # Unquote a few times: "next=%2Fcases%2F%3Fq%3D0300..." hides a search one level down.
    for _ in range(3):
        if _SEARCH_KEY.search(query):
            return True
        unquoted = unquote(query)
        if unquoted == query:
            return False
        query = unquoted
    return bool(_SEARCH_KEY.search(query))


def scrub(text: str) -> str:
    """``text`` with each query string that holds a search parameter replaced."""
    return _QUERY.sub(lambda m: REMOVED if _has_search(m.group(0)) else m.group(0), text)


def _scrub_value(value):
    return scrub(value) if isinstance(value, str) else value


class StripSearchQueries(logging.Filter):
    """Rewrites the message and its arguments (a tuple, or gunicorn's dict of atoms)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = scrub(record.msg)
        if isinstance(record.args, dict):
            record.args = {k: _scrub_value(v) for k, v in record.args.items()}
            if "q" in record.args and _has_search("?" + str(record.args["q"])):
                record.args["q"] = REMOVED[1:]
        elif isinstance(record.args, tuple):
            record.args = tuple(_scrub_value(a) for a in record.args)
        return True


def install() -> None:
    """Attaches the filter to every logger that prints request lines (once)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, StripSearchQueries) for f in logger.filters):
            logger.addFilter(StripSearchQueries())
