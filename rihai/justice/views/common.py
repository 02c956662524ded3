"""What every justice page shares: turning an action's errors into messages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def run_and_return(request, investigation, form, run, success):
    """Runs one action with a valid form's data; errors become messages; back to the detail."""
    if not form.is_valid():
        form_errors(request, form)
    else:
        try:
            run(form.cleaned_data)
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, str(success))  # a lazy message, in this request's language
    return redirect("justice:detail", investigation_id=investigation.pk)
