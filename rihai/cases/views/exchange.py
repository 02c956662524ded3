"""HTCDS exchange: export one case, import a file of cases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from rihai.accounts.access import require
from rihai.core import json_input

from .. import actions, htcds_import, queries
from ..forms import ExportForm, HtcdsImportForm
from ..packages import export_response
from ..resources import Resource
from ._common import errors_into

EXPORT_BASIS_FIELDS = ("purpose", "recipient", "legal_basis", "legal_reference", "override_reason")


@login_required
def case_htcds_export(request, case_id):
    """Exports the case as HTCDS 2.0 for a purpose: the consent gate decides, the purpose limits
    the fields, and a passphrase seals the file in an encrypted package (export grant).

    Two steps on the server: the basis first, then a page that says what will leave Rihai
    and to whom, where the passphrase is given and the export confirmed."""

    case = queries.access_case(request.user, case_id, "export")
    confirming = request.POST.get("confirmed") == "1"
    form = ExportForm(request.POST or None)
    if not confirming:
        del form.fields["passphrase"]  # asked on the confirmation page, never carried back
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        if not confirming:
            return render(request, "cases/confirm.html", _export_confirmation(case, form, values))
        passphrase = values.pop("passphrase", "")
        try:
            document = actions.do_export_htcds_case(case=case, acting_user=request.user, **values)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            return export_response(case, document, passphrase)
    return render(
        request,
        "cases/form_page.html",
        {
            "title": _("Export %(ref)s (HTCDS 2.0)") % {"ref": case.reference},
            "forms": [form],
            "submit": _("Continue"),
            "back": reverse("cases:detail", args=[case.pk]),
        },
    )


def _export_confirmation(case, form, values) -> dict:
    passphrase_form = ExportForm()
    passphrase_form.fields = {"passphrase": passphrase_form.fields["passphrase"]}
    recipient = values.get("recipient")
    said = [
        _("A file with the personal data of the people in %(ref)s will leave Rihai.")
        % {"ref": case.reference},
        _("Purpose: %(purpose)s; only the fields this purpose allows are in it.")
        % {"purpose": dict(form.fields["purpose"].choices).get(values["purpose"])},
        _("Recipient: %(agency)s.") % {"agency": recipient or _("not named")},
        _(
            "The export is checked against consent or the legal basis and written to the "
            "disclosure register. Without a passphrase the file is not encrypted."
        ),
    ]
    hidden = {name: form.data.get(name, "") for name in EXPORT_BASIS_FIELDS}
    return {
        "case": case,
        "title": _("Export %(ref)s (HTCDS 2.0)?") % {"ref": case.reference},
        "consequences": said,
        "hidden": {**hidden, "confirmed": "1"},
        "form": passphrase_form,
        "submit": _("Yes, export the file"),
        "back": reverse("cases:detail", args=[case.pk]),
    }


@login_required
def case_import(request):
    """Opens a case from an HTCDS 2.0 JSON file; all or nothing, errors listed by field path."""
    require(request.user, Resource.CASE, "create")
    form = HtcdsImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            document = json_input.loads(form.cleaned_data["file"].read().decode("utf-8"))
        except ValueError:  # not UTF-8, or not JSON
            form.add_error("file", _("This file is not JSON."))
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            try:
                case = htcds_import.import_case(document, acting_user=request.user)
            except ValidationError as exc:
                errors = sorted(
                    (path, " ".join(msgs))
                    for path, msgs in getattr(exc, "message_dict", {"": exc.messages}).items()
                )
            else:
                messages.success(
                    request, _("Case %(ref)s opened from the file.") % {"ref": case.reference}
                )
                return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/import.html", {"form": form, "errors": errors})
