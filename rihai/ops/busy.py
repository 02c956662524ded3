"""A lock wait or statement cut off by the database's timeout becomes a clear, retryable 503.

``lock_timeout`` and ``statement_timeout`` (config/settings/base.py) bound every wait, so a
slow transaction holding a row cannot hang every worker behind it. What they raise is not a
server fault: the transaction was rolled back, nothing was saved, and the same request will
likely succeed in a moment. The API answers JSON with ``Retry-After``; a page answers in both
languages (it renders without the database, which is what is busy).
"""

import logging

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

logger = logging.getLogger("rihai.ops.busy")

API_PREFIX = "/api/"
# PostgreSQL's codes for a wait or statement that ran out of time, and for the conflicts a
# retry resolves (a deadlock victim, a serialisation failure) once the action's own retries
# are spent.
RETRYABLE_SQLSTATES = {
    "55P03": "lock_timeout",  # lock_not_available
    "57014": "statement_timeout",  # query_canceled
    "40P01": "deadlock",
    "40001": "serialization",
}
BUSY = gettext_noop(
    "The system is busy and could not finish in time. Nothing was saved; "
    "please try again in a few seconds."
)
TITLE = gettext_noop("Busy")
AGAIN = gettext_noop("Try again")


def retryable_reason(exc: BaseException) -> str | None:
    """Why the database gave up, if a retry may succeed; None for any other error."""
    if not isinstance(exc, OperationalError):
        return None
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if sqlstate in RETRYABLE_SQLSTATES:
        return RETRYABLE_SQLSTATES[sqlstate]
    if "database is locked" in str(exc):  # SQLite's busy timeout
        return "lock_timeout"
    return None


def _both(message_id: str) -> tuple[str, str]:
    with override("en"):
        english = _(message_id)
    with override("ur"):
        urdu = _(message_id)
    return english, urdu


def busy_response(request) -> HttpResponse:
    retry_after = str(settings.RIHAI_BUSY_RETRY_AFTER_SECONDS)
    detail_en, detail_ur = _both(BUSY)
    if request.path.startswith(API_PREFIX):
        response = JsonResponse(
            {"detail": detail_en, "detail_ur": detail_ur, "retryable": True}, status=503
        )
    else:
        title_en, title_ur = _both(TITLE)
        again_en, again_ur = _both(AGAIN)
        context = {
            "detail_en": detail_en,
            "detail_ur": detail_ur,
            "title_en": title_en,
            "title_ur": title_ur,
            "again_en": again_en,
            "again_ur": again_ur,
            "request": request,
        }
        response = HttpResponse(render_to_string("ops/busy.html", context), status=503)
    response["Retry-After"] = retry_after
    return response


class DatabaseBusyMiddleware:
    """Last in the list, so it sees a view's exception before the generic 500 handlers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        reason = retryable_reason(exception)
        if reason is None:
            return None
        logger.warning("database %s on %s: answered 503", reason, request.path.split("?")[0])
        return busy_response(request)
