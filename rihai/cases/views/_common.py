"""What every case page shares."""

from django.core.exceptions import ValidationError

PAGE_SIZE = 50


def errors_into(form, exc: ValidationError) -> None:
    """Puts an action's field errors on the form's fields (the rest on the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def focus_first_error(*forms) -> None:
    """Moves the keyboard focus to the first field in error (``autofocus``: no script needed)."""
    for form in forms:
        if not form.is_bound:
            continue
        for name, field in form.fields.items():
            if name in form.errors:
                field.widget.attrs["autofocus"] = True
                return
