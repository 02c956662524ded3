"""Refused requests leave a trace, for every page and API view alike, without each view
having to remember: a signed-in user's request answered 403 or 404 on a URL that names
records by id (its kwargs, e.g. ``case_id=19``) is counted in ``denials``.

It runs after the view has answered, outside the view's transaction, so a view that rolled
back still leaves its denial. Requests without an id in the URL (a list, a menu page) and
404s for URLs that match nothing are not counted: there is no record that was asked for.
"""

import logging

from .denials import record_denial

logger = logging.getLogger(__name__)

DENIED_STATUSES = frozenset({403, 404})
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_MAX_ID_LENGTH = 40


def record_ids(kwargs: dict) -> list[str]:
    """The values of the URL's id kwargs (``*_id``, ``id``, ``pk``), in URL order."""
    ids = []
    for name, value in kwargs.items():
        if name in ("id", "pk") or name.endswith("_id"):
            ids.append(str(value)[:_MAX_ID_LENGTH])
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
        ids = record_ids(match.kwargs)
        if not ids:
            return
        access = "read" if request.method in READ_METHODS else "write"
        try:
            record_denial(user=user, kind=match.view_name, access=access, record_ids=ids)
        except Exception:  # noqa: BLE001 - the refusal stands; the failure is logged loudly
            logger.exception("could not record a refused request for %s", match.view_name)
