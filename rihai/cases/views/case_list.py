"""The case list: filters, sorting, the user's columns, saved searches, and exporting it."""

import csv
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rihai.accounts.access import RecordNotFound, require

from .. import actions, duplicates, queries
from ..actions import lists as list_actions
from ..forms import CaseFilterForm, ExportForm
from ..models import CaseListSettings, SavedSearch
from ..resources import Resource
from ._common import PAGE_SIZE, errors_into

# Sortable columns: the code in ?sort= (a leading "-" for descending) and its ordering.
SORTS = {
    "reference": ("reference",),
    "status": ("status",),
    "case_worker": ("assigned_to__first_name", "assigned_to__last_name"),
    "opened": ("created_on",),
    "where": ("province__name_en",),
}
DEFAULT_SORT = "-opened"
COLUMN_LABELS = {
    "person": gettext_lazy("Person"),
    "status": gettext_lazy("Status"),
    "exploitation": gettext_lazy("Exploitation"),
    "case_worker": gettext_lazy("Case worker"),
    "opened": gettext_lazy("Opened"),
    "where": gettext_lazy("Where identified"),
    "age": gettext_lazy("Age"),
}


def _filtered(request):
    form = CaseFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)}
        # Reference, CNIC/B-Form/passport/phone (blind index) or a name (phonetic key).
        filters.update(duplicates.search_filters(request.user, filters.pop("q", "")))
    sort = request.GET.get("sort", DEFAULT_SORT)
    if sort.lstrip("-") not in SORTS:
        sort = DEFAULT_SORT
    order = [("-" if sort.startswith("-") else "") + f for f in SORTS[sort.lstrip("-")]]
    cases = queries.case_list(request.user, filters=filters).order_by(*order, "-id")
    return form, cases, sort


def columns_of(user) -> list[str]:
    chosen = CaseListSettings.objects.filter(user=user).values_list("columns", flat=True).first()
    return list(chosen) if chosen is not None else list(list_actions.DEFAULT_COLUMNS)


@login_required
def case_list(request):
    require(request.user, Resource.CASE, "view")
    form, cases, sort = _filtered(request)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    actions.log_personal_data_view(request.user, "cases.case", listed_ids=[c.pk for c in page])
    rows = [{"case": c, "person": queries.primary_person(c)} for c in page]
    query = request.GET.copy()
    query.pop("page", None)
    without_sort = query.copy()
    without_sort.pop("sort", None)
    columns = columns_of(request.user)
    headers = [
        {
            "code": code,
            "label": COLUMN_LABELS[code],
            "sort": code if code in SORTS else None,
            "current": sort.lstrip("-") == code,
            "descending": sort == f"-{code}",
        }
        for code in columns
    ]
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "base_query": without_sort.urlencode(),
            "sort": sort,
            "columns": columns,
            "headers": headers,
            "all_columns": [(c, COLUMN_LABELS[c]) for c in list_actions.LIST_COLUMNS],
            "searches": SavedSearch.objects.filter(user=request.user),
            "filters_active": any(
                request.GET.get(k) for k in list_actions.SEARCH_FIELDS if k not in ("q", "sort")
            ),
            "can_create": request.user.can(Resource.CASE, "create"),
            "can_export": request.user.can(Resource.CASE, "export"),
        },
    )


@login_required
@require_POST
def list_columns(request):
    actions.do_save_list_columns(acting_user=request.user, columns=request.POST.getlist("col"))
    messages.success(request, _("Your columns were saved."))
    return redirect("cases:list")


@login_required
@require_POST
def search_save(request):
    query = request.POST.copy()
    try:
        actions.do_save_search(
            acting_user=request.user, name=request.POST.get("name", ""), query=query
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The search was saved."))
    return redirect(reverse("cases:list") + "?" + _search_query(query))


def _search_query(query) -> str:
    return urlencode(
        [(k, v) for k in list_actions.SEARCH_FIELDS for v in query.getlist(k) if v not in ("",)]
    )


@login_required
def search_open(request, search_id):
    search = SavedSearch.objects.filter(pk=search_id, user=request.user).first()
    if search is None:
        raise RecordNotFound
    return redirect(reverse("cases:list") + "?" + search.query)


@login_required
@require_POST
def search_delete(request, search_id):
    search = SavedSearch.objects.filter(pk=search_id, user=request.user).first()
    if search is None:
        raise RecordNotFound
    actions.do_delete_search(acting_user=request.user, search=search)
    messages.success(request, _("The saved search was deleted."))
    return redirect("cases:list")


@login_required
def list_export(request):
    """The filtered list as a CSV file, through the consent gate, after a confirmation."""
    require(request.user, Resource.CASE, "export")
    _form, cases, _sort = _filtered(request)
    case_ids = list(cases.values_list("pk", flat=True)[: list_actions.EXPORT_LIMIT + 1])
    form = ExportForm(request.POST or None)
    for name in ("recipient", "passphrase"):
        del form.fields[name]  # a file: no recipient agency to name, no package here
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        if request.POST.get("confirmed") != "1":
            return render(request, "cases/confirm.html", _confirmation(request, form, case_ids))
        try:
            rows = actions.do_export_case_list(
                acting_user=request.user, case_ids=case_ids, **values
            )
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            return _csv(rows)
    return render(
        request,
        "cases/form_page.html",
        {
            "title": _("Export the list (%(n)s cases)") % {"n": len(case_ids)},
            "forms": [form],
            "submit": _("Continue"),
            "back": reverse("cases:list") + "?" + request.GET.urlencode(),
        },
    )


def _confirmation(request, form, case_ids) -> dict:
    purpose = form.cleaned_data["purpose"]
    return {
        "title": _("Export %(n)s cases?") % {"n": len(case_ids)},
        "consequences": [
            _("A file listing %(n)s cases will leave Rihai.") % {"n": len(case_ids)},
            _("Purpose: %(purpose)s; only the columns this purpose allows are in it.")
            % {"purpose": dict(form.fields["purpose"].choices).get(purpose)},
            _(
                "Every person passes the consent gate (a legal basis or a supervisor's override; "
                "statistics carry no personal data) and each case is written to the register."
            ),
        ],
        "hidden": {
            **{
                name: form.data.get(name, "")
                for name in ("purpose", "legal_basis", "legal_reference", "override_reason")
            },
            "confirmed": "1",
        },
        "action": request.get_full_path(),
        "submit": _("Yes, export the list"),
        "back": reverse("cases:list") + "?" + request.GET.urlencode(),
    }


def _csv(rows) -> HttpResponse:
    out = io.StringIO()
    names = ["reference", "status", "exploitation", "opened", "province", "child"]
    if any("name_roman" in r for r in rows):
        names += ["name_roman", "name_ur"]
    writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="rihai-cases-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
