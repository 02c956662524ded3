"""What every case page shares."""

from rihai.core.form_errors import errors_into  # noqa: F401 (shared by every app's pages)

PAGE_SIZE = 50


def focus_first_error(*forms) -> None:
    """Moves the keyboard focus to the first field in error (``autofocus``: no script needed)."""
    for form in forms:
        if not form.is_bound:
            continue
        for name, field in form.fields.items():
            if name in form.errors:
                field.widget.attrs["autofocus"] = True
                return
