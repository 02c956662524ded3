"""Refused requests leave a trace, for every page and API view alike, without each view
having to remember: a signed-in user's request answered 403 or 404 on a URL that names
records by id (its kwargs, e.g. ``case_id=19``) is counted in ``denials``.

It runs after the view has answered, outside the view's transaction, so a view that rolled
back still leaves its denial. A refused write whose URL names no record (``POST /api/referrals/``
with another agency's ``case_id``) is counted too, with the ids its body named (``case_id=19``):
someone trying ids one after another in a body must leave the same trace as in a URL. Reads
without an id in the URL (a list, a menu page) and 404s for URLs that match nothing are not
counted: there is no record that was asked for.
"""

import logging
import re

from .denials import record_denial

logger = logging.getLogger(__name__)

DENIED_STATUSES = frozenset({403, 404})
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_MAX_ID_LENGTH = 40
FORM = "application/x-www-form-urlencoded"
_ID_VALUE = re.compile(r"[A-Za-z0-9_.:-]{1,40}")


def record_ids(kwargs: dict) -> list[str]:
    """The values of the URL's id kwargs (``*_id``, ``id``, ``pk``), in URL order."""
    ids = []
    for name, value in kwargs.items():
        if _is_id_name(name):
            ids.append(str(value)[:_MAX_ID_LENGTH])
    return ids


def _is_id_name(name: str) -> bool:
    return name in ("id", "pk") or name.endswith("_id")


def body_ids(request) -> list[str]:
    """``name=value`` for each id a refused write named in its body: a page's form, or an API
    request's parsed body (kept by ``rihai.core.api_errors`` when it refused the request)."""
    data = getattr(request, "refused_request_data", None)
    if data is None and request.method == "POST":
        # A form already parsed, or a small one parsed now; never an unread upload.
        if hasattr(request, "_post") or request.content_type == FORM:
            data = request.POST
    if not hasattr(data, "items"):
        return []
    items = data.lists() if hasattr(data, "lists") else data.items()
    ids = []
    for name, values in items:
        if not isinstance(name, str) or not _is_id_name(name):
            continue
        for value in values if isinstance(values, list | tuple) else [values]:
            if isinstance(value, int | str) and not isinstance(value, bool):
                # Typed text is not an id: kept only if it looks like one (and an audit row
                # takes no free text: a newline would stop the bucket from ever being written).
                value = value if _ID_VALUE.fullmatch(str(value)) else "?"
                ids.append(f"{name[:_MAX_ID_LENGTH]}={value}"[:_MAX_ID_LENGTH])
    return ids


class DenialAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in DENIED_STATUSES:
            self._record(request)
        return response

    def _record(self, request) -> None:
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if user is None or not user.is_authenticated or match is None:
            return
        access = "read" if request.method in READ_METHODS else "write"
        ids = record_ids(match.kwargs)
        if not ids and access == "write":
            ids = body_ids(request)  # may stay empty: a refused write is counted all the same
        elif not ids:
            return
        try:
            record_denial(user=user, kind=match.view_name, access=access, record_ids=ids)
        except Exception:  # noqa: BLE001 - the refusal stands; the failure is logged loudly
            logger.exception("could not record a refused request for %s", match.view_name)
