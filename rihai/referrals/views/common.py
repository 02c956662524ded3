from django.contrib import messages
from django.core.exceptions import ValidationError


def report(request, exc: ValidationError) -> None:
    """An action's refusal, shown to the user in their language."""
    for message in exc.messages:
        messages.error(request, message)


def form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
