"""Shared by the server operators' commands: a fresh password, and errors as CommandError."""

import secrets
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.http import Http404


def new_password() -> str:
    return secrets.token_urlsafe(15)


@contextmanager
def refusals_as_errors():
    try:
        yield
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from error
    except (PermissionDenied, Http404) as error:
        raise CommandError("refused: not found or not allowed") from error
