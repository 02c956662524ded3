from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST


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


def decision_view(reach, run, form_class=None, *, back: str, form_kwargs=None):
    """A POST page for one decision: the record read by ``reach(user, record_id)`` (an access
    function answering (record, side)), ``form_class`` bound to the POST (with
    ``form_kwargs(request)`` if the form needs the user), then ``decide``. One shape for every
    answer to a referral and every decision on a transfer."""

    @login_required
    @require_POST
    def view(request, **url_kwargs):
        (record_id,) = url_kwargs.values()  # referral_id or transfer_id
        record, _side = reach(request.user, record_id)
        form = None
        if form_class is not None:
            form = form_class(request.POST, **(form_kwargs(request) if form_kwargs else {}))
        return decide(request, record=record, run=run, back=back, form=form)

    view.__name__ = view.__qualname__ = run.__name__.removeprefix("do_")
    return view
