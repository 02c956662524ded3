from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def report(request, exc: ValidationError) -> None:
    """An action's refusal, shown to the user in their language."""
    for message in exc.messages:
        messages.error(request, message)


def form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def decide(request, *, record, run, back: str, form=None):
    """One decision on a referral or a transfer the caller has already reached through its
    access function: the form checked (if the decision has one), the action run on ``record``
    (which re-checks the scope itself), its refusal or "Saved." shown, and back to the
    record's page. Empty optional fields are left to the action's defaults."""
    data = {}
    if form is not None:
        if not form.is_valid():
            form_errors(request, form)
            return redirect(back, record.pk)
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
    keyword = record._meta.model_name  # "referral" or "transfer": the actions' argument
    try:
        run(**{keyword: record}, acting_user=request.user, **data)
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect(back, record.pk)
