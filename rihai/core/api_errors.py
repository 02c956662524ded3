"""Domain errors from actions become clear API answers: field errors 400, refusal 403/404."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .idempotency import KeyReused

REFUSALS = (
    Http404,
    DjangoPermissionDenied,
    drf_exceptions.NotFound,
    drf_exceptions.PermissionDenied,
)


def _keep_refused_data(context) -> None:
    """A refused API request: its parsed body stays on the Django request, where the
    refusal audit (``rihai.audit.middleware``) finds the ids it named (``case_id`` in a POST);
    the middleware cannot read a body DRF has already consumed."""
    request = context.get("request")
    if request is None:
        return
    try:
        data = request.data
    except Exception:  # noqa: BLE001 - an unparsable body names no id; the refusal stands
        data = None
    request._request.refused_request_data = data


def rihai_exception_handler(exc, context):
    if isinstance(exc, REFUSALS):
        _keep_refused_data(context)
    if isinstance(exc, KeyReused):  # a conflict with the user's earlier request, not bad input
        return Response(
            {"detail": exc.messages[0], "errors": exc.message_dict},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = serializers.ValidationError(detail=detail)
    return exception_handler(exc, context)
