"""The API's answers to a write that lost a race: 409 (conflict) and 412 (stale version).

``answer_conflicts`` wraps a view method: an edit against an older version (``If-Match``)
answers 412 with the fields changed since and the current ETag; an unacknowledged CNIC already
registered, or an ``Idempotency-Key`` reused for another request, answers 409 (429 when the
user's hourly duplicate checks, which that CNIC check counts against, are spent). The response
shapes and headers are declared here once for the OpenAPI schema.
"""

import functools

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status
from rest_framework.response import Response

from rihai.core.idempotency import KeyReused

from ..duplicates import DuplicateCnic, TooManyCnicChecks
from ..versions import StaleVersion


class ConflictOutput(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class StaleOutput(serializers.Serializer):
    detail = serializers.CharField()
    changed = serializers.ListField(child=serializers.CharField())
    version = serializers.IntegerField(help_text="The current version; its ETag is in the header.")


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description='The ETag read with the record (e.g. "3"): the edit is refused (412) if the '
    "record changed since.",
)
CONFLICT_RESPONSES = {
    409: OpenApiResponse(ConflictOutput, description="CNIC already registered, or key reused"),
}
EDIT_RESPONSES = {
    **CONFLICT_RESPONSES,
    412: OpenApiResponse(StaleOutput, description="The record changed since the ETag sent"),
}


def answer_conflicts(view_method):
    @functools.wraps(view_method)
    def wrapped(view, request, *args, **kwargs):
        try:
            return view_method(view, request, *args, **kwargs)
        except StaleVersion as exc:
            return Response(
                {"detail": exc.messages[0], "changed": exc.changed, "version": exc.current},
                status=status.HTTP_412_PRECONDITION_FAILED,
                headers={"ETag": f'"{exc.current}"'},
            )
        except TooManyCnicChecks as exc:  # the hourly budget of duplicate checks is spent
            return Response(
                {"detail": exc.messages[0], "errors": exc.message_dict},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        except (DuplicateCnic, KeyReused) as exc:
            return Response(
                {"detail": exc.messages[0], "errors": exc.message_dict},
                status=status.HTTP_409_CONFLICT,
            )

    return wrapped
