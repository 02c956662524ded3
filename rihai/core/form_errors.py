"""An action's refusal put back on the page's form, for every app's pages."""

from django.core.exceptions import ValidationError


def errors_into(form, exc: ValidationError) -> None:
    """Puts an action's field errors on the form's fields (the rest on the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
