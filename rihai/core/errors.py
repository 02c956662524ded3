"""Error answers: JSON on the API, bilingual pages with the site's navigation elsewhere.

The API's own errors (validation, refusal) are DRF's (rihai/core/api_errors.py). These
handle what reaches Django: an unknown URL, a refusal raised outside DRF, a body over the
size cap and a server error. A server error's answer never carries the exception's text.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

logger = logging.getLogger("rihai.errors")

API_PREFIX = "/api/"


def _bilingual(message_id: str) -> dict:
    """The message in English and Urdu, so an API client can show either."""
    with override("en"):
        english = _(message_id)
    with override("ur"):
        urdu = _(message_id)
    return {"detail": english, "detail_ur": urdu}


# Marked for extraction here, translated when answered (in both languages at once).
MESSAGES = {
    400: gettext_noop("The request could not be read."),
    403: gettext_noop("You do not have permission to do this."),
    404: gettext_noop("Not found."),
    413: gettext_noop("The request is too large."),
    500: gettext_noop(
        "Something went wrong on our side. The error was recorded; please try again."
    ),
}


def json_error(status: int) -> JsonResponse:
    return JsonResponse(_bilingual(MESSAGES[status]), status=status)


def _page(request, status: int) -> object:
    if request.path.startswith(API_PREFIX):
        return json_error(status)
    return render(request, "errors/error.html", {"status": status}, status=status)


def bad_request(request, exception=None):
    return _page(request, 400)


def permission_denied(request, exception=None):
    return _page(request, 403)


def page_not_found(request, exception=None):
    return _page(request, 404)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return json_error(500)
    try:
        return render(request, "errors/error.html", {"status": 500}, status=500)
    except Exception:  # the page itself failed: answer plainly rather than not at all
        logger.exception("the error page could not be rendered")
        return JsonResponse(_bilingual(MESSAGES[500]), status=500)


class RequestSizeLimitMiddleware:
    """Refuses a body over ``RIHAI_MAX_REQUEST_BYTES`` before any of it is read or spooled to
    disk, by its declared length; a body without a declared length is cut off by
    ``LimitedUploadHandler`` at the same size."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _page(request, 400)
        if declared > settings.RIHAI_MAX_REQUEST_BYTES:
            return too_large(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig):
            return too_large(request)
        if isinstance(exception, Http404 | PermissionDenied | SuspiciousOperation):
            return None  # Django answers these through the handlers above
        if request.path.startswith(API_PREFIX):
            logger.exception("server error on %s", request.path.split("?")[0])
            return json_error(500)
        return None


def too_large(request):
    if request.path.startswith(API_PREFIX):
        return json_error(413)
    return render(request, "errors/error.html", {"status": 413}, status=413)
