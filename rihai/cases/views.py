"""Web pages for cases: thin views over queries (reads) and actions (writes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rihai.accounts.access import RecordNotFound, require

from . import actions, duplicates, htcds_import, queries, workflow
from .api import case_detail_queryset
from .choices import CaseStatus, Jurisdiction
from .countries import country_name
from .duplicates import TooManyChecks, check_duplicates
from .forms import CaseFilterForm, ConsentForm, NewCaseForm, PersonForm, StatusForm
from .models import Consent, StatusChange
from .resources import Resource
from .routing import describe as describe_jurisdiction
from .routing import suggest_jurisdictions
from .screening import CURRENT_VERSION, load_ruleset
from .screening.explain import describe

PAGE_SIZE = 50


def _errors_into(form, exc: ValidationError) -> None:
    """Puts an action's field errors on the form's fields (the rest on the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def case_list(request):
    require(request.user, Resource.CASE, "view")
    form = CaseFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)}
        # Reference, CNIC/B-Form/passport/phone (blind index) or a name (phonetic key).
        filters.update(duplicates.search_filters(request.user, filters.pop("q", "")))
    page = Paginator(queries.case_list(request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    actions.log_personal_data_view(request.user, "cases.case", listed_ids=[c.pk for c in page])
    rows = [{"case": c, "person": queries.primary_person(c)} for c in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_create": request.user.can(Resource.CASE, "create"),
        },
    )


@login_required
def case_new(request):
    require(request.user, Resource.CASE, "create")
    person_form = PersonForm(request.POST or None, prefix="person")
    case_form = NewCaseForm(request.POST or None, prefix="case")
    report = None
    if request.method == "POST" and person_form.is_valid() and case_form.is_valid():
        person_data = person_form.action_kwargs()
        try:
            report = check_duplicates(request.user, person_data)
        except TooManyChecks:
            messages.error(
                request,
                _(
                    "Too many duplicate checks this hour. Try again later; registering waits "
                    "for the check."
                ),
            )
            report = None
            found = True
        else:
            found = bool(report.matches) or report.elsewhere
        if found and (report is None or not case_form.cleaned_data["confirm_new_person"]):
            if report is not None:
                messages.warning(
                    request,
                    _(
                        "Possible existing records were found. Check them before registering a new person."
                    ),
                )
        else:
            facts = {k: v for k, v in case_form.cleaned_data.items() if k != "confirm_new_person"}
            try:
                # One action: a case that fails to open leaves no orphan person behind.
                case = actions.do_register_person_and_open_case(
                    acting_user=request.user, person_fields=person_data, **facts
                )
            except ValidationError as exc:
                _errors_into(
                    person_form
                    if set(getattr(exc, "message_dict", {})) & set(person_form.fields)
                    else case_form,
                    exc,
                )
            else:
                messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
                return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/new.html",
        {
            "person_form": person_form,
            "case_form": case_form,
            "duplicates": report.to_dict() if report else None,
        },
    )


@login_required
def case_detail(request, case_id):
    queries.access_case(request.user, case_id)
    case = case_detail_queryset(request.user).get(pk=case_id)
    actions.log_personal_data_view(request.user, case)
    members = list(case.members.all())
    people = [m.person for m in members]
    jurisdictions = suggest_jurisdictions(
        is_transnational=case.is_transnational,
        exploitation_types=[e.exploitation_type for e in case.exploitations.all()],
        any_child=any(p.is_child for p in people),
        age_unknown=any(p.age is None for p in people),
    )
    assessments = [
        {
            "assessment": a,
            "reasons": [describe(r, version=a.rules_version) for r in a.result.get("reasons", [])],
        }
        for a in case.assessments.all()
    ]
    allowed = sorted(workflow.targets(case.status))
    status_form = StatusForm()
    status_form.fields["to_status"].choices = [(s, CaseStatus(s).label) for s in allowed]
    pending = next((c for c in case.status_changes.all() if c.decision == "pending"), None)
    consents = (
        Consent.objects.filter(case=case)
        .select_related("recipient", "person")
        .order_by("-given_on")
    )
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "members": members,
            "assessments": assessments,
            "pending": pending,
            "jurisdictions": [
                {
                    "code": j.jurisdiction,
                    "label": Jurisdiction(j.jurisdiction).label,
                    "reason": describe_jurisdiction(j),
                }
                for j in jurisdictions
            ],
            "destination": country_name(case.destination_country),
            "route": [country_name(code) for code in case.route or []],
            "status_form": status_form if allowed else None,
            "consent_form": ConsentForm(members=members),
            "consents": consents,
            "can_change": request.user.can(Resource.CASE, "change"),
            "can_approve": request.user.can(Resource.CASE, "approve"),
            "can_export": request.user.can(Resource.CASE, "export"),
        },
    )


@login_required
@require_POST
def case_status(request, case_id):
    case = queries.access_case(request.user, case_id, "change")
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            change = actions.do_request_status_change(
                case=case, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            if change.decision == "pending":
                messages.info(
                    request, _("Sent for approval: someone other than you must approve it.")
                )
            else:
                messages.success(request, _("Status changed."))
    else:
        messages.error(request, _("Choose a valid new status."))
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def status_decide(request, case_id, change_id):
    case = queries.access_case(request.user, case_id, "approve")
    change = queries.record_of_case(StatusChange, case, change_id)
    try:
        actions.do_decide_status_change(
            change=change, approve=request.POST.get("approve") == "1", acting_user=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def consent_add(request, case_id):
    case = queries.access_case(request.user, case_id, "change")
    members = list(case.members.select_related("person"))
    form = ConsentForm(request.POST, members=members)
    if form.is_valid():
        data = dict(form.cleaned_data)
        person = next(m.person for m in members if m.person.pk == data.pop("person"))
        try:
            actions.do_record_consent(case=case, person=person, acting_user=request.user, **data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Consent recorded."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def consent_revoke(request, case_id, consent_id):
    case = queries.access_case(request.user, case_id, "change")
    consent = queries.record_of_case(Consent, case, consent_id)
    try:
        actions.do_revoke_consent(consent=consent, acting_user=request.user)
    except (ValidationError, PermissionDenied):
        messages.error(request, _("This consent cannot be revoked."))
    return redirect("cases:detail", case_id=case.pk)


@login_required
def case_screening(request, case_id):
    """The guided interview: the ILO indicators by dimension, then the PTPA and PSMA questions."""
    case = queries.access_case(request.user, case_id, "change")
    require(request.user, Resource.SCREENING, "create")
    members = list(case.members.select_related("person"))
    try:
        person = next(
            m.person
            for m in members
            if str(m.person.pk)
            == (
                request.POST.get("person") or request.GET.get("person") or str(members[0].person.pk)
            )
        )
    except StopIteration:
        raise RecordNotFound from None
    ruleset = load_ruleset(CURRENT_VERSION)
    is_child = person.age is None or person.is_child
    error = None
    if request.method == "POST":
        answers = {key: request.POST.get(key) == "yes" for key in ruleset.all_question_ids}
        try:
            actions.do_record_screening(
                case=case, person=person, answers=answers, acting_user=request.user
            )
        except ValidationError as exc:
            error = exc.messages
        else:
            messages.success(
                request,
                _(
                    "Screening recorded. Read the recommendation and its reasons, then record your decision."
                ),
            )
            return redirect("cases:detail", case_id=case.pk)
    weight = "child" if is_child else "adult"
    dimensions = [
        {
            "dimension": d,
            "indicators": [(i, getattr(i, weight)) for i in d.indicators if getattr(i, weight)],
        }
        for d in ruleset.dimensions
    ]
    return render(
        request,
        "cases/screening.html",
        {
            "case": case,
            "person": person,
            "members": members,
            "dimensions": dimensions,
            "ruleset": ruleset,
            "is_child": is_child,
            "error": error,
        },
    )


@login_required
def case_htcds_export(request, case_id):
    """Exports the case as HTCDS 2.0 for a purpose: the consent gate decides, the purpose limits
    the fields, and a passphrase seals the file in an encrypted package (export grant)."""
    from .api import export_response
    from .forms import ExportForm

    case = queries.access_case(request.user, case_id, "export")
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        passphrase = values.pop("passphrase", "")
        try:
            document = actions.do_export_htcds_case(case=case, acting_user=request.user, **values)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            return export_response(case, document, passphrase)
    return render(
        request,
        "cases/form_page.html",
        {
            "title": _("Export %(ref)s (HTCDS 2.0)") % {"ref": case.reference},
            "forms": [form],
            "submit": _("Export"),
            "back": reverse("cases:detail", args=[case.pk]),
        },
    )


@login_required
def case_import(request):
    """Opens a case from an HTCDS 2.0 JSON file; all or nothing, errors listed by field path."""
    from rihai.core import json_input

    from .forms import HtcdsImportForm

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
