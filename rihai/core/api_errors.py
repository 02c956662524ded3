"""Domain errors from actions become clear API answers: field errors 400, refusal 403/404."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .idempotency import KeyReused


def rihai_exception_handler(exc, context):
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
